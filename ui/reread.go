package ui

import (
	"context"
	"reflect"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// reread reads again, off the UI goroutine, only what others changed on
// a team plan, and puts it in the plan on screen: the kinds of record to
// read whole, and the records named one by one. The checker hears of
// just the records that differ from what the window held, as after the
// window's own edits, so an edit of one session by another coordinator
// costs reading that session, not the whole plan and all its checks.
// What a form has open is its own copy, and stays as it is.
func (mw *Window) reread(c storage.Changes) {
	store, since := mw.store, mw.ownChanges
	mw.busy()
	go func() {
		var (
			fresh model.Plan
			named storage.Records
		)
		err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
			named, err = tx.PlanChanges(context.Background(), &fresh, c)
			return err
		})
		fyne.Do(func() {
			defer mw.settle()
			mw.takeChanges(store, since, c, &fresh, named, err)
		})
	}()
}

// takeChanges puts what reread read, begun when the window had made
// since changes of its own, in the plan on screen; it reads again if the
// window has saved one since, which the read may lack (a session it
// added, a record it deleted or changed).
func (mw *Window) takeChanges(store *storage.Store, since int, c storage.Changes, fresh *model.Plan, named storage.Records, err error) {
	whole := c.Parts
	for kind := range c.Records {
		whole &^= kind
	}
	switch {
	case mw.store != store:
	case err != nil:
		dialog.ShowError(err, mw.win)
	case mw.ownChanges != since:
		mw.reread(c)
	case !mw.takeParts(fresh, whole) || !mw.takeRecords(named, c.Records):
		// Something went that every check may lean on.
		mw.reload()
	default:
		mw.refresh()
	}
}

// takeRecords puts the records read by ID in place of those the plan on
// screen holds, removes those named but no longer in the plan, and tells
// the checker of each that differs. It reports false, having changed
// the sessions and action items but not the people, when a person went:
// the checker learns of that only by checking the whole plan anew.
func (mw *Window) takeRecords(got storage.Records, named map[storage.Parts][]int64) bool {
	if ids, ok := named[storage.People]; ok && len(got.People) < len(ids) {
		return false
	}
	if ids, ok := named[storage.Sessions]; ok {
		takeNamed(mw, sessionRecords, ids, got.Sessions, mw.check.RemoveSession)
	}
	if ids, ok := named[storage.Actions]; ok {
		takeNamed(mw, actionRecords, ids, got.Actions, mw.check.RemoveAction)
	}
	if _, ok := named[storage.People]; ok {
		takeNamed(mw, personRecords, nil, got.People, nil)
	}
	return true
}

// takeNamed puts each record read in place of the one with its ID, or
// adds it, and removes each of ids that was not read; then puts the list
// in order once, and tells the checker of each record that differs from
// what the window held.
func takeNamed[T any](mw *Window, r records[T], ids []int64, got []T, remove func(int64)) {
	list := r.list(mw.plan)
	read := make(map[int64]bool, len(got))
	var differ []T
	for _, v := range got {
		read[r.id(v)] = true
		if i := slices.IndexFunc(*list, func(x T) bool { return r.id(x) == r.id(v) }); i < 0 || !reflect.DeepEqual((*list)[i], v) {
			upsert(list, v, r.id)
			differ = append(differ, v)
		}
	}
	for _, id := range ids {
		if !read[id] {
			*list = slices.DeleteFunc(*list, func(x T) bool { return r.id(x) == id })
			remove(id)
		}
	}
	r.order(mw.plan)
	for _, v := range differ {
		r.tell(mw, v)
	}
}

// takeParts puts the parts read into the plan on screen and tells the
// checker what differs, forums first, as the sessions' checks lean on
// their forums' days. It reports false, changing nothing, when a forum
// or a person went or the years put away changed: the checker learns
// of those only by checking the whole plan anew.
func (mw *Window) takeParts(fresh *model.Plan, parts storage.Parts) bool {
	p := mw.plan
	if parts&storage.Archive != 0 && !reflect.DeepEqual(p.Archived, fresh.Archived) {
		return false
	}
	forumID := func(f model.Forum) int64 { return f.ID }
	personID := func(x model.Person) int64 { return x.ID }
	if parts&storage.Forums != 0 && anyGone(p.Forums, fresh.Forums, forumID) ||
		parts&storage.People != 0 && anyGone(p.People, fresh.People, personID) {
		return false
	}
	if parts&storage.Coalitions != 0 {
		p.Coalitions = fresh.Coalitions
	}
	if parts&storage.Narratives != 0 {
		p.Narratives = fresh.Narratives
	}
	if parts&storage.Forums != 0 {
		differing(p.Forums, fresh.Forums, forumID, mw.check.UpdateForum, nil)
		p.Forums = fresh.Forums
	}
	if parts&storage.People != 0 {
		differing(p.People, fresh.People, personID, mw.check.UpdatePerson, nil)
		p.People = fresh.People
	}
	if parts&storage.Sessions != 0 {
		differing(p.Sessions, fresh.Sessions, sessionRecords.id, mw.check.UpdateSession, mw.check.RemoveSession)
		p.Sessions = fresh.Sessions
	}
	if parts&storage.Actions != 0 {
		differing(p.Actions, fresh.Actions, actionRecords.id, mw.check.UpdateAction, mw.check.RemoveAction)
		p.Actions = fresh.Actions
	}
	if parts&storage.Reports != 0 {
		differing(p.Reports, fresh.Reports, func(r model.SessionReport) int64 { return r.SessionID }, mw.check.UpdateReport,
			func(session int64) { mw.check.UpdateReport(model.SessionReport{SessionID: session}) })
		p.Reports = fresh.Reports
	}
	return true
}

// anyGone reports whether a record of was is not in now.
func anyGone[T any](was, now []T, id func(T) int64) bool {
	kept := make(map[int64]bool, len(now))
	for _, v := range now {
		kept[id(v)] = true
	}
	for _, v := range was {
		if !kept[id(v)] {
			return true
		}
	}
	return false
}

// differing calls update with each record of now that is new or not as
// it was, and remove with the ID of each record of was that is gone.
func differing[T any](was, now []T, id func(T) int64, update func(T), remove func(int64)) {
	old := make(map[int64]*T, len(was))
	for i := range was {
		old[id(was[i])] = &was[i]
	}
	for _, v := range now {
		w, ok := old[id(v)]
		delete(old, id(v))
		if !ok || !reflect.DeepEqual(*w, v) {
			update(v)
		}
	}
	for gone := range old {
		remove(gone)
	}
}
