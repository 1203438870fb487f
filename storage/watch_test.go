package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// waitForChange waits until the watch has something new to say, failing
// the test after a long while.
func waitForChange(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatal("the watch heard nothing")
	}
}

// twoWatching opens one team plan for two coordinators: mine through a
// proxy the test can cut, with a watch on it, and theirs directly. All is
// closed when the test ends.
func twoWatching(t *testing.T) (mine, theirs *Store, watch *Watch, proxy *pgtest.Proxy) {
	t.Helper()
	ctx := context.Background()
	d := pgtest.Shared(t).NewDatabase(t)
	proxy = d.Proxy(t)
	open := func(address string, opts Options) *Store {
		s, err := Open(ctx, address, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	mine = open(proxy.URL(d.Owner), Options{Create: true})
	theirs = open(d.URL(d.Owner), Options{})
	watch, err := mine.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Closed before the stores, whose cleanups run after this one.
	t.Cleanup(func() { watch.Close() })
	return mine, theirs, watch, proxy
}

func addForum(ctx context.Context, s *Store, name string) error {
	zone, _ := model.LoadZone("Europe/Oslo")
	f := model.Forum{Name: name, Kind: model.KindGlobal, Format: model.Hybrid, Zone: zone,
		FirstDay: model.Date{Year: 2026, Month: 6, Day: 22}, LastDay: model.Date{Year: 2026, Month: 6, Day: 26}}
	return s.Update(ctx, func(tx *Tx) error { return tx.CreateForum(ctx, &f) })
}

// Two coordinators have one team plan open. What one saves, the other's
// watch hears as soon as it is committed; what one starts and takes
// back, it does not. When the network between the second and the server
// goes, the watch says the plan is offline, and once it is back it has
// a new version, since what changed meanwhile went unheard.
func TestAWatchOnATeamPlanHearsAnotherCoordinatorAndTheLineGoingDown(t *testing.T) {
	ctx := context.Background()
	mine, theirs, watch, proxy := twoWatching(t)
	before, err := watch.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}

	changed := watch.Changed()
	if err := addForum(ctx, theirs, "IGF 2026"); err != nil {
		t.Fatal(err)
	}
	saved := time.Now()
	waitForChange(t, changed)
	t.Logf("heard %v after the other coordinator's save returned", time.Since(saved))
	after, err := watch.Version(ctx)
	if err != nil || after == before {
		t.Fatalf("after another's change: version %d (was %d), %v", after, before, err)
	}

	// A change given up sends nothing.
	refused := errors.New("given up")
	if err := theirs.Update(ctx, func(tx *Tx) error {
		zone, _ := model.LoadZone("UTC")
		f := model.Forum{Name: "Given up", Kind: model.KindGlobal, Format: model.Online, Zone: zone,
			FirstDay: model.Date{Year: 2026, Month: 1, Day: 1}, LastDay: model.Date{Year: 2026, Month: 1, Day: 1}}
		if err := tx.CreateForum(ctx, &f); err != nil {
			return err
		}
		return refused
	}); !errors.Is(err, refused) {
		t.Fatal(err)
	}
	changed = watch.Changed()
	if err := addForum(ctx, theirs, "EuroDIG 2026"); err != nil {
		t.Fatal(err)
	}
	waitForChange(t, changed)
	if v, _ := watch.Version(ctx); v != after+1 {
		t.Errorf("after one more change the version is %d, want %d: the change given up was heard", v, after+1)
	}

	changed = watch.Changed()
	proxy.Cut()
	waitForChange(t, changed)
	if _, err := watch.Version(ctx); !errors.Is(err, ErrOffline) {
		t.Fatalf("with the line cut, the watch says %v, want offline", err)
	}
	if err := addForum(ctx, mine, "Saved while offline"); !errors.Is(err, ErrOffline) {
		t.Fatalf("a save with the line cut: %v, want offline", err)
	}

	changed = watch.Changed()
	proxy.Mend(t)
	for {
		waitForChange(t, changed)
		changed = watch.Changed()
		if v, err := watch.Version(ctx); err == nil {
			if v <= after+1 {
				t.Errorf("back online at version %d, as before", v)
			}
			break
		}
	}
	if err := addForum(ctx, mine, "Saved once back"); err != nil {
		t.Fatalf("a save once the line is back: %v", err)
	}

	mine.Close()
	if _, err := watch.Version(ctx); err == nil {
		t.Error("the watch goes on after its plan was closed")
	}
}

// A coordinator's window needs to read again only the kinds of record
// another coordinator changed: the watch names them. A change to what no
// view shows (the invitations sent) names none, and a line lost and
// back names everything, since what changed meanwhile went unheard.
func TestAWatchOnATeamPlanSaysWhichPartsAnotherCoordinatorChanged(t *testing.T) {
	ctx := context.Background()
	_, theirs, watch, proxy := twoWatching(t)
	if _, parts, err := watch.Changes(ctx); err != nil || parts != 0 {
		t.Fatalf("before any change the watch says %b, %v", parts, err)
	}

	changed := watch.Changed()
	a := model.ActionItem{Title: "Send the agenda", Status: model.ActionOpen, Due: model.Date{Year: 2026, Month: 6, Day: 1}}
	if err := theirs.Update(ctx, func(tx *Tx) error { return tx.CreateAction(ctx, &a) }); err != nil {
		t.Fatal(err)
	}
	waitForChange(t, changed)
	if _, parts, err := watch.Changes(ctx); err != nil || parts != Actions {
		t.Errorf("after another added an action item the watch says %b, %v; want only the action items (%b)", parts, err, Actions)
	}

	changed = watch.Changed()
	if err := theirs.Update(ctx, func(tx *Tx) error {
		_, err := tx.q.ExecContext(ctx, `DELETE FROM invitation`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	waitForChange(t, changed)
	if _, parts, err := watch.Changes(ctx); err != nil || parts != 0 {
		t.Errorf("after another changed the invitations sent the watch says %b, %v; want nothing to read", parts, err)
	}

	changed = watch.Changed()
	proxy.Cut()
	waitForChange(t, changed)
	changed = watch.Changed()
	proxy.Mend(t)
	for {
		waitForChange(t, changed)
		changed = watch.Changed()
		if _, parts, err := watch.Changes(ctx); err == nil {
			if parts != AllParts {
				t.Errorf("back online the watch says %b; want everything (%b)", parts, AllParts)
			}
			break
		}
	}
}
