package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"

	"github.com/convene-planner/convene/storage"
)

// watchEvery is how often the window looks for changes made to its plan
// file outside it: a look is a query.
var watchEvery = 2 * time.Second

// teamWatchEvery is how often the window looks at a team plan's watch,
// which hears changes by itself and wakes the window at once: a look
// only reads a counter, so the window may look often, to come back to a
// change it put off while its own work was under way.
var teamWatchEvery = 200 * time.Millisecond

// watchBySelf starts a watcher of its own for each plan a window shows;
// tests, which look themselves, turn it off.
var watchBySelf = true

// watcher notices changes that another program (convene on the command
// line, a second window, another coordinator on a team plan) commits to
// the plan on screen, and reads the plan again when there is one. On a
// team plan it also notices the server going away and coming back.
//
// On a plan file a watch also counts the commits of the window's own
// connections, and reading the whole plan again after each of the
// window's own edits would throw away what the incremental checks save.
// So a change seen there while the window has been writing (or reading)
// itself is taken as its own. The price: a change from outside that
// lands at the same moment as one of the window's own is shown with the
// next change from outside rather than at once. A team plan's watch does
// not hear the window's own changes, so everything it hears is read.
type watcher struct {
	mw    *Window
	store *storage.Store
	watch *storage.Watch
	// Owned by the UI goroutine: the last version seen, and the window's
	// idle channel then, which busy() replaces whenever its own work begins.
	version int64
	idle    chan struct{}
	// missed is set while the server cannot be reached: what others
	// changed then is read once it is back.
	missed bool
	// changed is what others changed since the window last read it,
	// heard while it could not read it yet.
	changed storage.Changes
}

// watch starts a watcher on the store the window shows; it is called on
// the UI goroutine. It stops by itself once the window shows another plan,
// or the store is closed.
func (mw *Window) watch(store *storage.Store) {
	if !watchBySelf {
		return
	}
	idle := mw.idle
	every := watchEvery
	if storage.IsTeamPlan(store.Path()) {
		every = teamWatchEvery
	}
	go func() {
		w, err := newWatcher(mw, store, idle)
		if err != nil {
			return // the window works as before, only without noticing
		}
		defer w.watch.Close()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
			case <-w.watch.Changed():
			}
			if _, running := w.check(); !running {
				return
			}
		}
	}()
}

// newWatcher starts watching from the plan as it is now, and from the
// window's idle channel as the UI goroutine last saw it.
func newWatcher(mw *Window, store *storage.Store, idle chan struct{}) (*watcher, error) {
	ctx := context.Background()
	sw, err := store.Watch(ctx)
	if err != nil {
		return nil, err
	}
	w := &watcher{mw: mw, store: store, watch: sw, idle: idle}
	w.version, err = sw.Version(ctx)
	switch {
	case errors.Is(err, storage.ErrOffline):
		w.missed = true
	case err != nil:
		sw.Close()
		return nil, err
	}
	return w, nil
}

// check looks once, off the UI goroutine, and reads again what was
// changed from outside: on a team plan, only what others changed (the
// kinds of record, and of sessions, people and action items maybe the
// very records; nothing, when what changed is nothing the window shows);
// on a plan file, the whole plan. It reports whether it read, and whether the
// watcher should go on.
func (w *watcher) check() (reloaded, running bool) {
	v, changes, err := w.watch.Changes(context.Background())
	offline := errors.Is(err, storage.ErrOffline)
	if err != nil && !offline {
		return false, false
	}
	fyne.DoAndWait(func() {
		mw := w.mw
		w.changed = w.changed.And(changes)
		switch {
		case mw.store != w.store:
			return
		case offline:
			w.missed = true
			mw.setOffline(true)
		case w.missed && (len(mw.waiting) > 0 || mw.pending > 0):
			// Back: the changes kept meanwhile are saved first; the
			// plan is read again for what others changed at a later
			// look, once the window's own work is done.
			mw.setOffline(false)
		case w.missed:
			w.missed = false
			w.version, w.changed = v, storage.Changes{}
			mw.setOffline(false)
			mw.reload()
			w.idle = mw.idle
			reloaded = true
		case mw.pending > 0:
			// Its own work under way: look again next time.
		case mw.idle != w.idle && !w.store.Team():
			w.version, w.idle, w.changed = v, mw.idle, storage.Changes{}
		case v != w.version && w.changed.Parts == 0:
			w.version = v
		case v != w.version:
			w.version = v
			if w.changed.Parts == storage.AllParts {
				mw.reload()
			} else {
				mw.reread(w.changed)
			}
			w.changed = storage.Changes{}
			// The reading's own busy() is not a change; start from it.
			w.idle = mw.idle
			reloaded = true
		}
		running = true
	})
	return reloaded, running
}
