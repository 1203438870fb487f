package ui

import (
	"context"
	"os"
	"testing"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// TestMain keeps windows' watchers from looking by themselves. Fyne's test
// driver runs fyne.Do on the goroutine that calls it, so a watcher ticking
// on its own would touch a window at the same time as the test does; the
// tests call a watcher's check themselves instead.
func TestMain(m *testing.M) {
	watchBySelf = false
	os.Exit(pgtest.Run(m))
}

// The window shows what convene on the command line changes in its plan,
// and does not read the whole plan again after its own edits.
func TestTheWindowNoticesAChangeMadeOutsideIt(t *testing.T) {
	path, s := samplePlanFile(t)
	s.Close()
	_, mw := openWindow(t, path)
	w, err := newWatcher(mw, mw.store, mw.idle)
	if err != nil {
		t.Fatal(err)
	}
	defer w.watch.Close()
	if reloaded, running := w.check(); reloaded || !running {
		t.Fatalf("with nothing changed: reloaded %v, running %v", reloaded, running)
	}

	// convene import, in another process, adds a forum.
	other, err := storage.Open(context.Background(), path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	addForumNamed(t, other, "Forum added outside")
	other.Close()
	if reloaded, _ := w.check(); !reloaded {
		t.Fatal("the change from outside was not noticed")
	}
	<-mw.Idle()
	if !forumNamed(mw.plan, "Forum added outside") {
		t.Error("the window does not show the forum added outside")
	}

	// The window's own edit is not taken for a change from outside.
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		return tx.DeletePerson(ctx, mw.plan.People[0].ID, mw.plan.People[0].Version)
	}, func() {})
	<-mw.Idle()
	if reloaded, _ := w.check(); reloaded {
		t.Error("the window read the plan again after its own edit")
	}

	// Once its plan is closed, the watcher stops.
	mw.store.Close()
	if _, running := w.check(); running {
		t.Error("the watcher goes on after its plan was closed")
	}
}
