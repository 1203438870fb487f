package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// Another coordinator renames a session and adds a person to the team
// plan: this window shows both. Then they change only an action item:
// the window shows it without reading the sessions or the people again
// (what it holds of them is what it held). Then they rename one session
// and delete another: the window reads those two alone. Then they set
// who sends the invitations, which no view shows: the window reads
// nothing.
func TestAnotherCoordinatorsChangesAreShownReadingOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	d := sampleTeamPlan(t)
	w, mw := openWindow(t, d.URL(d.Owner))
	watch, err := newWatcher(mw, mw.store, mw.idle)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.watch.Close()
	other, err := storage.Open(ctx, d.URL(d.Owner), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
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

// A read of others' changes that began before this window saved a
// session and ends after it, whether it read the session by ID or every
// session, does not put back the session as it was: the window keeps
// what it saved, shows it, and the next save of it is not refused as
// made from an old version.
func TestAReadThatEndsAfterTheWindowsOwnSaveKeepsWhatWasSaved(t *testing.T) {
	path, _ := samplePlanFile(t)
	w, mw := openWindow(t, path)
	before := mw.plan.Sessions[0]
	renamed := before
	renamed.Title = "Renamed here"
	save(mw, sessionRecords, renamed, nil, nil)
	<-mw.Idle()

	// What the reads bring back, read before the save committed.
	mw.takeRecords(storage.Records{Sessions: []model.Session{before}}, map[storage.Parts][]int64{storage.Sessions: {before.ID}})
	whole := slices.Clone(mw.plan.Sessions)
	whole[slices.IndexFunc(whole, func(s model.Session) bool { return s.ID == before.ID })] = before
	if !mw.takeParts(&model.Plan{Sessions: whole}, storage.Sessions) {
		t.Fatal("the read of every session asks for the whole plan")
	}
	mw.refresh()

	held := mw.index.Sessions[before.ID]
	if held.Title != renamed.Title {
		t.Errorf("after the late reads the window holds the session as %q, not as it saved it", held.Title)
	}
	mw.tabs.SelectIndex(1)
	if shown := everyText(w.Content()); !strings.Contains(shown, renamed.Title) {
		t.Errorf("the Sessions view does not show the session as saved:\n%s", shown)
	}
	again := *held
	again.Title = "Renamed twice here"
	save(mw, sessionRecords, again, nil, nil)
	<-mw.Idle()
	if got := mw.index.Sessions[before.ID].Title; got != again.Title {
		t.Errorf("the next save of the session leaves it as %q: refused as made from an old version?", got)
	}
}

// Another coordinator changes an action item while this window saves a
// session of its own: the window shows the other's change at its next
// look, not only after some later change from outside, and its own
// session as saved.
func TestAnotherCoordinatorsChangeMadeWhileTheWindowSavesIsShown(t *testing.T) {
	ctx := context.Background()
	d := sampleTeamPlan(t)
	w, mw := openWindow(t, d.URL(d.Owner))
	watch, err := newWatcher(mw, mw.store, mw.idle)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.watch.Close()
	other, err := storage.Open(ctx, d.URL(d.Owner), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

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
