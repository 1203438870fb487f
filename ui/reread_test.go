package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// watchedByAnother opens the sample as a team plan in a window with a
// watcher that the test makes look, and for another coordinator; all is
// closed when the test ends.
func watchedByAnother(t *testing.T) (fyne.Window, *Window, *watcher, *storage.Store) {
	t.Helper()
	d := sampleTeamPlan(t)
	w, mw := openWindow(t, d.URL(d.Owner))
	watch, err := newWatcher(mw, mw.store, mw.idle)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { watch.watch.Close() })
	other, err := storage.Open(context.Background(), d.URL(d.Owner), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return w, mw, watch, other
}

// Another coordinator renames a session and adds a person to the team
// plan: this window shows both. Then they change only an action item:
// the window shows it without reading the sessions or the people again
// (what it holds of them is what it held). Then they rename one session
// and delete another: the window reads those two alone. Then they set
// who sends the invitations, which no view shows: the window reads
// nothing.
func TestAnotherCoordinatorsChangesAreShownReadingOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	w, mw, watch, other := watchedByAnother(t)
	// seen makes the other's change, waits until the window's watch hears
	// it, and lets the window look, until done says the window shows what
	// it should: a change of several tables is heard a table at a time,
	// and a window that looks between two of them shows the first first.
	seen := func(change func(tx *storage.Tx) error, done func() bool) (reloaded bool) {
		t.Helper()
		changed := watch.watch.Changed()
		if err := other.Update(ctx, change); err != nil {
			t.Fatal(err)
		}
		heard(t, changed)
		for {
			// Taken before the look, so nothing heard after it is missed.
			next := watch.watch.Changed()
			r, _ := watch.check()
			<-mw.Idle()
			reloaded = reloaded || r
			if done() {
				return reloaded
			}
			heard(t, next)
		}
	}

	renamed := mw.plan.Sessions[0]
	renamed.Title = "Renamed by a coordinator in Lima"
	newcomer := mw.plan.People[0]
	newcomer.ID, newcomer.UID, newcomer.Name, newcomer.Email = 0, "", "Ana Newcomer", "ana.newcomer@example.org"
	newcomer.Availability = nil
	holds := func() bool {
		p := mw.index.People[newcomer.ID]
		return p != nil && p.Name == newcomer.Name && mw.plan.Sessions[0].Title == renamed.Title
	}
	if !seen(func(tx *storage.Tx) error {
		if err := tx.UpdateSession(ctx, &renamed); err != nil {
			return err
		}
		return tx.CreatePerson(ctx, &newcomer)
	}, holds) {
		t.Fatal("the other coordinator's changes were not noticed")
	}
	if !strings.Contains(everyText(w.Content()), renamed.Title) {
		t.Error("the window does not show the session renamed by the other coordinator")
	}
	if p := mw.index.People[newcomer.ID]; p == nil || p.Name != "Ana Newcomer" {
		t.Error("the window does not hold the person the other coordinator added")
	}
	mw.tabs.SelectIndex(2)
	if !strings.Contains(everyText(w.Content()), "Ana Newcomer") {
		t.Error("the People view does not show the person the other coordinator added")
	}

	sessions, people := &mw.plan.Sessions[0], &mw.plan.People[0]
	action := mw.plan.Actions[0]
	action.Title = "Chase the rapporteur, from Lima"
	if !seen(func(tx *storage.Tx) error { return tx.UpdateAction(ctx, &action) },
		func() bool { return mw.plan.Actions[0].Title == action.Title }) {
		t.Fatal("the other coordinator's change to an action item was not noticed")
	}
	if got := mw.plan.Actions[0].Title; got != action.Title {
		t.Errorf("the window holds the action item as %q", got)
	}
	if &mw.plan.Sessions[0] != sessions || &mw.plan.People[0] != people {
		t.Error("the window read the sessions or the people again after only an action item changed")
	}

	// One session renamed and another deleted: the window reads those
	// two alone, into the list it holds, and the checker forgets the one
	// deleted.
	again := mw.plan.Sessions[1]
	again.Title = "Renamed again, from Lima"
	gone := mw.plan.Sessions[2]
	if !seen(func(tx *storage.Tx) error {
		if err := tx.UpdateSession(ctx, &again); err != nil {
			return err
		}
		return tx.DeleteSession(ctx, gone.ID, gone.Version)
	}, func() bool {
		return mw.index.Sessions[gone.ID] == nil && mw.index.Sessions[again.ID].Title == again.Title
	}) {
		t.Fatal("the other coordinator's session renamed and session deleted were not noticed")
	}
	if &mw.plan.Sessions[0] != sessions || &mw.plan.People[0] != people {
		t.Error("the window read every session or person again after two sessions changed")
	}
	mw.tabs.SelectIndex(1)
	if shown := everyText(w.Content()); !strings.Contains(shown, again.Title) || strings.Contains(shown, gone.Title) {
		t.Errorf("the Sessions view does not show the session renamed, or still shows the one deleted:\n%s", shown)
	}
	if found := mw.check.ForSession(gone.ID); len(found) > 0 {
		t.Errorf("the checks still speak of the deleted session: %+v", found)
	}

	actions := &mw.plan.Actions[0]
	if seen(func(tx *storage.Tx) error { return tx.SetInvitationSender(ctx, "lima@example.org") },
		func() bool { return true }) {
		t.Error("the window read the plan again after a change to nothing it shows")
	}
	if &mw.plan.Sessions[0] != sessions || &mw.plan.Actions[0] != actions {
		t.Error("the window's records were read again after a change to nothing it shows")
	}
}

// A read of others' changes that began before this window saved changes
// of its own and ends after them, whether it read sessions by ID or every
// session, does not put back the plan as it was: the window reads again,
// and shows the session it renamed as renamed and the one it added; its
// next save is not refused as made from an old version. So with a read
// of the whole plan.
func TestAReadThatEndsAfterTheWindowsOwnChangesKeepsThem(t *testing.T) {
	ctx := context.Background()
	path, _ := samplePlanFile(t)
	w, mw := openWindow(t, path)
	n := 0
	// late reads what c names, then saves a rename and an addition of
	// the window's own, then lets the read land, as a read that took
	// long would.
	late := func(c storage.Changes, land func(since int, fresh *model.Plan, named storage.Records)) {
		t.Helper()
		n++
		store, since := mw.store, mw.ownChanges
		var fresh model.Plan
		var named storage.Records
		if err := store.View(ctx, func(tx *storage.Tx) (err error) {
			named, err = tx.PlanChanges(ctx, &fresh, c)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		renamed := mw.plan.Sessions[0]
		renamed.Title = fmt.Sprintf("Renamed here %d", n)
		save(mw, sessionRecords, renamed, nil, nil)
		<-mw.Idle()
		added := renamed
		added.ID, added.UID, added.Title, added.Version = 0, "", fmt.Sprintf("Added here %d", n), 0
		save(mw, sessionRecords, added, nil, nil)
		<-mw.Idle()

		// On the UI goroutine, as a read's landing is.
		fyne.DoAndWait(func() { land(since, &fresh, named) })
		<-mw.Idle()

		var titles []string
		for _, s := range mw.plan.Sessions {
			titles = append(titles, s.Title)
		}
		if !slices.Contains(titles, renamed.Title) || !slices.Contains(titles, added.Title) {
			t.Errorf("after a late read of %+v the window holds %q; want %q and %q", c, titles, renamed.Title, added.Title)
		}
		again := *mw.index.Sessions[renamed.ID]
		again.Title += ", twice"
		save(mw, sessionRecords, again, nil, nil)
		<-mw.Idle()
		if got := mw.index.Sessions[renamed.ID].Title; got != again.Title {
			t.Errorf("the next save of the session leaves it as %q: refused as made from an old version?", got)
		}
	}
	first := mw.plan.Sessions[0].ID
	for _, c := range []storage.Changes{
		{Parts: storage.Sessions, Records: map[storage.Parts][]int64{storage.Sessions: {first}}},
		{Parts: storage.Sessions},
	} {
		late(c, func(since int, fresh *model.Plan, named storage.Records) {
			mw.takeChanges(mw.store, since, c, fresh, named, nil)
		})
	}
	late(storage.Changes{Parts: storage.AllParts}, func(since int, _ *model.Plan, _ storage.Records) {
		p, err := mw.readPlan(mw.store)
		if err != nil {
			t.Fatal(err)
		}
		// Read as of now, but take it as read before the window's saves.
		for i := range p.plan.Sessions {
			p.plan.Sessions[i].Title = "As read before"
		}
		mw.takePlan(mw.store, since, p, nil)
	})
	mw.tabs.SelectIndex(1)
	if shown := everyText(w.Content()); !strings.Contains(shown, "Renamed here 3, twice") {
		t.Errorf("the Sessions view does not show the session the window renamed:\n%s", shown)
	}
}

// Another coordinator changes an action item while this window saves a
// session of its own: the window shows the other's change at its next
// look, not only after some later change from outside, and its own
// session as saved.
func TestAnotherCoordinatorsChangeMadeWhileTheWindowSavesIsShown(t *testing.T) {
	ctx := context.Background()
	w, mw, watch, other := watchedByAnother(t)

	// One the Actions view shows now.
	mw.tabs.SelectIndex(3)
	shown := everyText(w.Content())
	action := mw.plan.Actions[slices.IndexFunc(mw.plan.Actions, func(a model.ActionItem) bool { return strings.Contains(shown, a.Title) })]
	action.Title = "Chase the rapporteur, from Nairobi"
	changed := watch.watch.Changed()
	if err := other.Update(ctx, func(tx *storage.Tx) error { return tx.UpdateAction(ctx, &action) }); err != nil {
		t.Fatal(err)
	}
	heard(t, changed)
	mine := mw.plan.Sessions[0]
	mine.Title = "Saved here meanwhile"
	save(mw, sessionRecords, mine, nil, nil)
	<-mw.Idle()

	if reloaded, _ := watch.check(); !reloaded {
		t.Fatal("the window's look after its own save reads nothing: the other's change is taken for its own")
	}
	<-mw.Idle()
	if shown := everyText(w.Content()); !strings.Contains(shown, action.Title) {
		t.Errorf("the Actions view does not show the other coordinator's change:\n%s", shown)
	}
	if got := mw.index.Sessions[mine.ID].Title; got != mine.Title {
		t.Errorf("the window holds its own session as %q", got)
	}
}

// A read of the whole plan is under way when the coordinator opens
// another plan: the plan left does not end up on screen under the new
// one's title, where her next edit would be saved into the new plan.
func TestAReloadOfAPlanLeftIsNotShownOverTheNextPlan(t *testing.T) {
	ctx := context.Background()
	first, _ := samplePlanFile(t)
	_, mw := openWindow(t, first)
	second := filepath.Join(t.TempDir(), "empty.convene")
	s, err := storage.Open(ctx, second, storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	// The reload began on the first plan and read it…
	left, since := mw.store, mw.ownChanges
	read, err := mw.readPlan(left)
	if err != nil {
		t.Fatal(err)
	}
	// …meanwhile the second plan was opened and shown…
	store, plan, err := mw.load(ctx, second, false, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mw.show(store, plan)
	// …and then the reload's result came back to the UI goroutine.
	mw.takePlan(left, since, read, nil)
	if len(mw.plan.Sessions) != 0 {
		t.Errorf("the window shows %d sessions of the plan left over the empty plan opened since", len(mw.plan.Sessions))
	}
}
