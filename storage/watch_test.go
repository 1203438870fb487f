package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/postgres"
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
// back, it does not, and neither what the other saves herself. When the network between the second and the server
// goes, the watch says the plan is offline, and once it is back it has
// a new version, since what changed meanwhile went unheard.
func TestAWatchOnATeamPlanHearsAnotherCoordinatorAndTheLineGoingDown(t *testing.T) {
	ctx := context.Background()
	mine, theirs, watch, proxy := twoWatching(t)
	before, err := watch.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// What this coordinator saves herself, her window already shows: her
	// watch does not hear it, only the other's change after it.
	if err := addForum(ctx, mine, "EuroDIG 2025"); err != nil {
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
	if err != nil || after != before+1 {
		t.Fatalf("after her own change and another's: version %d (was %d), %v; want one change heard", after, before, err)
	}
	if _, c, err := watch.Changes(ctx); err != nil || c.Parts != Forums|Sessions {
		t.Fatalf("after her own change and another's the watch says %+v, %v", c, err)
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

// A coordinator's window needs to read again only what another
// coordinator changed: the watch names the kinds of record, and of
// sessions, people and action items the very records, so that one edited
// session of thousands is read again alone. A change that touches more
// records than a notification names (an import) names the kind, to be
// read whole; a change to what no view shows (the invitations sent)
// names nothing; and a line lost and back names everything, since what
// changed meanwhile went unheard.
func TestAWatchOnATeamPlanSaysWhatAnotherCoordinatorChanged(t *testing.T) {
	ctx := context.Background()
	_, theirs, watch, proxy := twoWatching(t)
	// look makes the other's change and returns what the watch says of
	// it. A change of several tables is heard a notification at a time,
	// so it looks until the watch says what is wanted, or nothing more
	// comes for a while, as a window that looks again at each does.
	look := func(what string, change func(tx *Tx) error, wanted func(Changes) bool) Changes {
		t.Helper()
		changed := watch.Changed()
		if err := theirs.Update(ctx, change); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		waitForChange(t, changed)
		var c Changes
		for {
			changed = watch.Changed()
			_, more, err := watch.Changes(ctx)
			if err != nil {
				t.Fatalf("after %s the watch fails: %v", what, err)
			}
			if c = c.And(more); wanted(c) {
				return c
			}
			select {
			case <-changed:
			case <-time.After(5 * time.Second):
				return c
			}
		}
	}
	if _, c, err := watch.Changes(ctx); err != nil || c.Parts != 0 {
		t.Fatalf("before any change the watch says %+v, %v", c, err)
	}

	a := model.ActionItem{Title: "Send the agenda", Status: model.ActionOpen, Due: model.Date{Year: 2026, Month: 6, Day: 1}}
	onlyAction := func(c Changes) bool { return c.Parts == Actions && slices.Equal(c.Records[Actions], []int64{a.ID}) }
	if c := look("another added an action item", func(tx *Tx) error { return tx.CreateAction(ctx, &a) }, onlyAction); !onlyAction(c) {
		t.Errorf("after another added an action item the watch says %+v; want action item %d alone", c, a.ID)
	}

	everySession := func(c Changes) bool { return c.Parts == Forums|Sessions && c.Records == nil }
	if c := look("another added a forum", func(tx *Tx) error {
		zone, _ := model.LoadZone("Europe/Oslo")
		return tx.CreateForum(ctx, &model.Forum{Name: "IGF 2026", Kind: model.KindGlobal, Format: model.Hybrid, Zone: zone,
			FirstDay: model.Date{Year: 2026, Month: 6, Day: 22}, LastDay: model.Date{Year: 2026, Month: 6, Day: 26}})
	}, everySession); !everySession(c) {
		t.Errorf("after another added a forum the watch says %+v; want the forums and every session, as sessions stand in their forums' order", c)
	}
	var forums []model.Forum
	if err := theirs.View(ctx, func(tx *Tx) (err error) {
		forums, err = tx.Forums(ctx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var sessions []model.Session
	wholeSessions := func(c Changes) bool { return c.Parts == Sessions && c.Records == nil }
	if c := look("another imported sessions", func(tx *Tx) error {
		for i := range postgres.MaxNamedRecords + 1 {
			sessions = append(sessions, model.Session{ForumID: forums[0].ID, Title: fmt.Sprintf("Session %d", i),
				Format: model.FormatWorkshop, Status: model.StatusProposed})
		}
		return tx.CreateSessions(ctx, sessions)
	}, wholeSessions); !wholeSessions(c) {
		t.Errorf("after another added %d sessions the watch says %+v; want every session read again", len(sessions), c)
	}

	// Saved one by one in one change, as an import of a calendar saves
	// its sessions: past as many as a notification names, the table.
	if c := look("another saved every session one by one", func(tx *Tx) error {
		for i := range sessions {
			sessions[i].Description = "Saved one by one"
			if err := tx.UpdateSession(ctx, &sessions[i]); err != nil {
				return err
			}
		}
		return nil
	}, wholeSessions); !wholeSessions(c) {
		t.Errorf("after another saved %d sessions one by one the watch says %+v; want every session read again", len(sessions), c)
	}

	// Anyone who may connect may notify: a word that names no record
	// reads the table whole, and the reading does not fail.
	if c := look("someone notified by hand", func(tx *Tx) error {
		_, err := tx.q.ExecContext(ctx, `NOTIFY convene, 'by-hand session '`)
		return err
	}, wholeSessions); !wholeSessions(c) {
		t.Errorf("after a notification naming no session the watch says %+v; want every session read again", c)
	} else if err := watch.store.View(ctx, func(tx *Tx) error {
		_, err := tx.PlanChanges(ctx, &model.Plan{}, c)
		return err
	}); err != nil {
		t.Errorf("reading what a notification naming no session says: %v", err)
	}

	edited := sessions[7]
	edited.Title = "Renamed"
	onlyEdited := func(c Changes) bool {
		return c.Parts == Sessions && slices.Equal(c.Records[Sessions], []int64{edited.ID})
	}
	c := look("another renamed a session", func(tx *Tx) error { return tx.UpdateSession(ctx, &edited) }, onlyEdited)
	if !onlyEdited(c) {
		t.Errorf("after another renamed session %d the watch says %+v; want it alone", edited.ID, c)
	}
	var fresh model.Plan
	var got Records
	if err := watch.store.View(ctx, func(tx *Tx) (err error) {
		got, err = tx.PlanChanges(ctx, &fresh, c)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(got.Sessions) != 1 || got.Sessions[0].Title != "Renamed" || fresh.Sessions != nil {
		t.Errorf("reading what changed reads %d sessions by ID and %d whole; want the renamed one alone", len(got.Sessions), len(fresh.Sessions))
	}

	// A session's report goes with it, and reports are few: read whole.
	onlyDeleted := func(c Changes) bool {
		return c.Parts == Sessions|Reports && slices.Equal(c.Records[Sessions], []int64{sessions[3].ID})
	}
	if c := look("another deleted a session", func(tx *Tx) error { return tx.DeleteSession(ctx, sessions[3].ID, sessions[3].Version) },
		onlyDeleted); !onlyDeleted(c) {
		t.Errorf("after another deleted session %d the watch says %+v; want it alone, and the reports", sessions[3].ID, c)
	}

	nothing := func(c Changes) bool { return c.Parts == 0 }
	if c := look("another changed the invitations sent", func(tx *Tx) error {
		_, err := tx.q.ExecContext(ctx, `DELETE FROM invitation`)
		return err
	}, nothing); !nothing(c) {
		t.Errorf("after another changed the invitations sent the watch says %+v; want nothing to read", c)
	}

	changed := watch.Changed()
	proxy.Cut()
	waitForChange(t, changed)
	changed = watch.Changed()
	proxy.Mend(t)
	for {
		waitForChange(t, changed)
		changed = watch.Changed()
		if _, c, err := watch.Changes(ctx); err == nil {
			if c.Parts != AllParts || c.Records != nil {
				t.Errorf("back online the watch says %+v; want everything (%b)", c, AllParts)
			}
			break
		}
	}
}

// A hosting admin puts PgBouncer in front of the server: a team plan
// opens through it as directly, a coordinator's changes through it are
// saved, and her watch, listening through it too, hears another's change
// and not her own.
func TestATeamPlanOpensThroughPgBouncerAndItsWatchHearsOnlyOthers(t *testing.T) {
	ctx := context.Background()
	d := pgtest.Shared(t).NewDatabase(t)
	through := d.Bouncer(t, d.Owner)
	mine, err := Open(ctx, through, Options{Create: true})
	if err != nil {
		t.Fatalf("open a team plan through PgBouncer: %v", err)
	}
	defer mine.Close()
	theirs, err := Open(ctx, d.URL(d.Owner), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()
	watch, err := mine.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	before, err := watch.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}

	if err := addForum(ctx, mine, "EuroDIG 2026"); err != nil {
		t.Fatalf("a save through PgBouncer: %v", err)
	}
	changed := watch.Changed()
	if err := addForum(ctx, theirs, "IGF 2026"); err != nil {
		t.Fatal(err)
	}
	waitForChange(t, changed)
	if v, err := watch.Version(ctx); err != nil || v != before+1 {
		t.Errorf("after her own change and another's the watch is at %d (was %d), %v; want one change heard", v, before, err)
	}
	var forums []model.Forum
	if err := theirs.View(ctx, func(tx *Tx) (err error) {
		forums, err = tx.Forums(ctx)
		return err
	}); err != nil || len(forums) != 2 {
		t.Errorf("the plan holds %d forums (%v); want hers and the other's", len(forums), err)
	}
}
