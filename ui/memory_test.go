package ui_test

import (
	"math"
	"path/filepath"
	"runtime/debug"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/convene-planner/convene/ui"
)

// The app asks Go's collector to keep its memory near what the plan needs
// rather than let the heap grow to twice that: once a plan is open, a soft
// memory limit is set, never below 128 MiB.
func TestOpeningAPlanFitsTheAppsMemoryToIt(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	path := filepath.Join(t.TempDir(), "plan.convene")
	<-ui.Create(w, ui.Plan{Path: path, Sample: true, FitMemory: true}).Loaded()

	limit := debug.SetMemoryLimit(-1)
	if limit == math.MaxInt64 {
		t.Fatal("opening a plan set no memory limit")
	}
	if limit < 128<<20 {
		t.Errorf("the memory limit is %d MiB, below the 128 MiB a plan may always use", limit>>20)
	}
}
