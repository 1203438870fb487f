package ui

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Bounds of the soft memory limit fitMemory sets.
const (
	minMemoryLimit = 128 << 20 // what a coalition's year never comes near
	minHeadroom    = 48 << 20  // room to work between two collections
)

// fitMemory sets Go's soft memory limit from what the plan now open keeps
// alive: that, half as much again (at least minHeadroom), and never below
// minMemoryLimit. Left to its usual pace, the collector lets the heap grow
// to twice the live data before it runs and keeps the pages it freed; for a
// plan of 20,000 sessions that is a hundred megabytes the window never
// needs. Near the limit it collects sooner and gives pages back to the
// system. It collects once to measure, so it runs off the UI goroutine,
// once a plan is read and checked and before it is shown: the window is
// drawn within the limit. What the views then add, or the plan shown
// before a reread still holds, is well within the headroom. A limit the
// user set (GOMEMLIMIT) stands.
func fitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	live := int64(sample[0].Value.Uint64())
	debug.SetMemoryLimit(max(minMemoryLimit, live+max(minHeadroom, live/2)))
}
