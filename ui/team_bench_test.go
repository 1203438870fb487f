package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/plangen"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// generatedTeamPlan makes a team plan holding the generated plan of n
// sessions, and returns its address: on the local server, or, with far,
// through a proxy as slow as a server on another continent (a round
// trip of 100 ms).
func generatedTeamPlan(b *testing.B, n int, far bool) string {
	b.Helper()
	ctx := context.Background()
	d := pgtest.Shared(b).NewDatabase(b)
	s, err := storage.Open(ctx, d.URL(d.Owner), storage.Options{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := plangen.Write(ctx, s, plangen.Plan(n)); err != nil {
		b.Fatal(err)
	}
	if !far {
		return d.URL(d.Owner)
	}
	proxy := d.Proxy(b)
	proxy.Delay(100 * time.Millisecond)
	return proxy.URL(d.Owner)
}

// GeneratedTeamPlan is generatedTeamPlan for the benchmarks outside the
// package.
var GeneratedTeamPlan = generatedTeamPlan

// distances are the servers the team-plan benchmarks run against.
var distances = []struct {
	Name string
	Far  bool
}{{"near", false}, {"far", true}}

// Distances is distances for the benchmarks outside the package.
var Distances = distances

// BenchmarkAnotherCoordinatorsEditShown measures one coordinator's edit
// to a team plan until another's window shows it: the first renames a
// session and commits, the second's watch hears it, and the window reads
// that session again (not the rest of the plan) and draws it. Both
// coordinators are near the server, or both far from it.
func BenchmarkAnotherCoordinatorsEditShown(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		for _, at := range distances {
			b.Run(fmt.Sprintf("sessions=%d/%s", n, at.Name), func(b *testing.B) { anotherCoordinatorsEditShown(b, n, at.Far) })
		}
	}
}

func anotherCoordinatorsEditShown(b *testing.B, n int, far bool) {
	ctx := context.Background()
	address := generatedTeamPlan(b, n, far)
	test.NewTempApp(b)
	win := test.NewTempWindow(b, nil)
	win.Resize(fyne.NewSize(1280, 800))
	mw := Create(win, Plan{Path: address, Today: model.Date{Year: 2022, Month: 1, Day: 1}})
	<-mw.Loaded()
	w, err := newWatcher(mw, mw.store, mw.idle)
	if err != nil {
		b.Fatal(err)
	}
	defer w.watch.Close()
	other, err := storage.Open(ctx, address, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer other.Close()
	i := 0
	for b.Loop() {
		i++
		changed := w.watch.Changed()
		plangen.Rename(b, other, i)
		select {
		case <-changed:
		case <-time.After(time.Minute):
			b.Fatal("the window's watch heard nothing")
		}
		if reloaded, _ := w.check(); !reloaded {
			b.Fatal("the edit was not noticed")
		}
		<-mw.Idle()
		if got := mw.index.Sessions[1].Title; got != "Renamed "+string(rune('a'+i%26)) {
			b.Fatalf("the window shows %q", got)
		}
	}
}
