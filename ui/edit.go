package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// The edits every view makes: each writes to the plan file off the UI
// goroutine (Window.write), then patches the plan in memory the way the
// store would read it back, and tells the checker about exactly that change.

// records says how the window keeps one kind of record: how it is written,
// where the plan in memory holds it and in which order, how the checker
// learns of it, and how the Edit menu names it.
type records[T any] struct {
	list   func(*model.Plan) *[]T
	id     func(T) int64
	name   func(T) string
	create func(*storage.Tx, context.Context, *T) error
	update func(*storage.Tx, context.Context, *T) error
	remove func(*storage.Tx, context.Context, T) error
	// order puts the plan's list of them in the order the store reads
	// it, and tell tells the checker of one saved.
	order func(*model.Plan)
	tell  func(*Window, T)
	// For the records that keep their last change (not forums): read
	// reads one as the plan now has it, and revision finds its revision;
	// a save refused as stale offers to reload it.
	read     func(*storage.Tx, context.Context, int64) (T, error)
	revision func(*T) *model.Revision
}

var (
	sessionRecords = records[model.Session]{
		list:   func(p *model.Plan) *[]model.Session { return &p.Sessions },
		id:     func(s model.Session) int64 { return s.ID },
		name:   func(s model.Session) string { return quoted(s.Title) },
		create: (*storage.Tx).CreateSession,
		update: (*storage.Tx).UpdateSession,
		remove: func(tx *storage.Tx, ctx context.Context, s model.Session) error {
			return tx.DeleteSession(ctx, s.ID, s.Version)
		},
		order:    (*model.Plan).SortSessions,
		tell:     func(mw *Window, s model.Session) { mw.check.UpdateSession(s) },
		read:     (*storage.Tx).Session,
		revision: func(s *model.Session) *model.Revision { return &s.Revision },
	}
	personRecords = records[model.Person]{
		list:   func(p *model.Plan) *[]model.Person { return &p.People },
		id:     func(p model.Person) int64 { return p.ID },
		name:   func(p model.Person) string { return p.Name },
		create: (*storage.Tx).CreatePerson,
		update: (*storage.Tx).UpdatePerson,
		remove: func(tx *storage.Tx, ctx context.Context, p model.Person) error {
			return tx.DeletePerson(ctx, p.ID, p.Version)
		},
		order: func(p *model.Plan) {
			// As the store reads them: by name, then by ID.
			slices.SortFunc(p.People, func(a, b model.Person) int {
				return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
			})
		},
		tell:     func(mw *Window, p model.Person) { mw.check.UpdatePerson(p) },
		read:     (*storage.Tx).Person,
		revision: func(p *model.Person) *model.Revision { return &p.Revision },
	}
	actionRecords = records[model.ActionItem]{
		list:   func(p *model.Plan) *[]model.ActionItem { return &p.Actions },
		id:     func(a model.ActionItem) int64 { return a.ID },
		name:   func(a model.ActionItem) string { return quoted(a.Title) },
		create: (*storage.Tx).CreateAction,
		update: (*storage.Tx).UpdateAction,
		remove: func(tx *storage.Tx, ctx context.Context, a model.ActionItem) error {
			return tx.DeleteAction(ctx, a.ID, a.Version)
		},
		order:    func(p *model.Plan) { slices.SortFunc(p.Actions, compareActions) },
		tell:     func(mw *Window, a model.ActionItem) { mw.check.UpdateAction(a) },
		read:     (*storage.Tx).Action,
		revision: func(a *model.ActionItem) *model.Revision { return &a.Revision },
	}
	// A forum's days decide where its sessions stand and what the checker
	// says of them.
	forumRecords = records[model.Forum]{
		list:   func(p *model.Plan) *[]model.Forum { return &p.Forums },
		id:     func(f model.Forum) int64 { return f.ID },
		name:   func(f model.Forum) string { return f.Name },
		create: (*storage.Tx).CreateForum,
		update: (*storage.Tx).UpdateForum,
		remove: func(tx *storage.Tx, ctx context.Context, f model.Forum) error {
			return tx.DeleteForum(ctx, f.ID)
		},
		order: func(p *model.Plan) {
			slices.SortStableFunc(p.Forums, func(a, b model.Forum) int {
				if c := a.FirstDay.Compare(b.FirstDay); c != 0 {
					return c
				}
				return strings.Compare(a.Name, b.Name)
			})
			p.SortSessions()
		},
		tell: func(mw *Window, f model.Forum) { mw.check.UpdateForum(f) },
	}
)

// keep puts a record saved in its place in the plan on screen and tells
// the checker.
func (r records[T]) keep(mw *Window, v T) {
	upsert(r.list(mw.plan), v, r.id)
	r.order(mw.plan)
	r.tell(mw, v)
}

// save adds a new record (ID 0) or saves a changed one, and lets Edit ›
// Undo take the change back: a change by writing the record as it was, an
// addition by removing it. saved closes the form it was typed in, once it
// is written, and reopen opens it anew on the record as the plan holds it;
// both nil when there is none. A save refused leaves the form open with
// everything typed.
func save[T any](mw *Window, r records[T], v T, saved, reopen func()) {
	var was T
	existed := false
	if r.id(v) != 0 {
		if i := slices.IndexFunc(*r.list(mw.plan), func(x T) bool { return r.id(x) == r.id(v) }); i >= 0 {
			was, existed = (*r.list(mw.plan))[i], true
		}
	}
	mw.writeOr(func(ctx context.Context, tx *storage.Tx) error {
		if r.id(v) == 0 {
			return r.create(tx, ctx, &v)
		}
		return r.update(tx, ctx, &v)
	}, func() {
		if saved != nil {
			saved()
		}
		r.keep(mw, v)
		if existed {
			// Taking a change back is a change too: it is written over
			// the version just saved, and refused should someone have
			// changed the record since.
			back := was
			if r.revision != nil {
				*r.revision(&back) = *r.revision(&v)
			}
			mw.didEdit("changes to "+r.name(was), func(ctx context.Context, tx *storage.Tx) error {
				return r.update(tx, ctx, &back)
			})
			return
		}
		mw.didEdit("adding "+r.name(v), func(ctx context.Context, tx *storage.Tx) error {
			return r.remove(tx, ctx, v)
		})
	}, writeHow{
		failed: func(err error) { refused(mw, r, r.id(v), err, reopen) },
		// Kept for when the server is back, what was typed is safe: the
		// form closes as after a save.
		kept:   saved,
		record: recordKey[T](r.id(v)),
	})
}

// recordKey names a record that exists for the changes kept while offline;
// a new one (ID 0) is named by nothing, as each addition is its own.
func recordKey[T any](id int64) string {
	if id == 0 {
		return ""
	}
	return fmt.Sprintf("%T %d", *new(T), id)
}

// refused says why a save or a deletion was not written. When someone
// changed the record since it was read, it says who and when, and offers
// to reload it: the record is read again and shown in every view and,
// when the change was typed in a form, reopen shows the form again on
// what the plan now holds.
func refused[T any](mw *Window, r records[T], id int64, err error, reopen func()) {
	var stale *storage.StaleError
	if !errors.As(err, &stale) || r.read == nil {
		dialog.ShowError(err, mw.win)
		return
	}
	showStale(mw.win, stale, mw.opts.Zone, func() {
		reload(mw, r, id, func() {
			if reopen != nil {
				reopen()
			}
		})
	})
}

// reload reads one record again off the UI goroutine, puts it in the
// plan in memory, and then runs then.
func reload[T any](mw *Window, r records[T], id int64, then func()) {
	store := mw.store
	mw.busy()
	go func() {
		var v T
		err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
			v, err = r.read(tx, context.Background(), id)
			return err
		})
		fyne.Do(func() {
			defer mw.settle()
			if err != nil {
				dialog.ShowError(err, mw.win)
				return
			}
			r.keep(mw, v)
			mw.refresh()
			then()
		})
	}()
}

// drop deletes a record as it was read (its form's copy); then takes it
// out of the plan in memory, lets cascade do there what the store did to
// what pointed at it, and lets Edit › Undo put it back with back.
func drop[T any](mw *Window, r records[T], gone T, cascade func(), back func(context.Context, *storage.Tx) error) {
	id := r.id(gone)
	mw.writeOr(func(ctx context.Context, tx *storage.Tx) error {
		return r.remove(tx, ctx, gone)
	}, func() {
		remove(r.list(mw.plan), id, r.id)
		cascade()
		mw.didEdit("deleting "+r.name(gone), back)
	}, writeHow{failed: func(err error) { refused(mw, r, id, err, nil) }, record: recordKey[T](id)})
}

// deleteSession removes a session as its form read it; actions about it
// stay, no longer tied to it.
func (mw *Window) deleteSession(gone model.Session) {
	id := gone.ID
	tied := actionsWhere(mw.plan, func(a *model.ActionItem) bool { return a.SessionID == id })
	drop(mw, sessionRecords, gone, func() {
		mw.check.RemoveSession(id)
		for i := range mw.plan.Actions {
			if a := &mw.plan.Actions[i]; a.SessionID == id {
				a.SessionID = 0
				mw.check.UpdateAction(*a)
			}
		}
	}, func(ctx context.Context, tx *storage.Tx) error {
		ids, err := recreate(ctx, tx, []model.Session{gone})
		if err != nil {
			return err
		}
		return relink(ctx, tx, tied, nil, ids)
	})
}

// deletePerson removes a person with their participations; action items
// they owned stay, without an owner.
func (mw *Window) deletePerson(id int64) {
	gone := *mw.index.People[id]
	var theirs []model.Session
	for _, s := range mw.plan.Sessions {
		if slices.ContainsFunc(s.Participants, func(pt model.Participation) bool { return pt.PersonID == id }) {
			s.Participants = slices.Clone(s.Participants)
			theirs = append(theirs, s)
		}
	}
	owned := actionsWhere(mw.plan, func(a *model.ActionItem) bool { return a.OwnerID == id })
	drop(mw, personRecords, gone, func() {
		for i := range mw.plan.Sessions {
			s := &mw.plan.Sessions[i]
			kept := slices.DeleteFunc(s.Participants, func(p model.Participation) bool { return p.PersonID == id })
			if len(kept) != len(s.Participants) {
				s.Participants = kept
				mw.check.UpdateSession(*s)
			}
		}
		for i := range mw.plan.Actions {
			if a := &mw.plan.Actions[i]; a.OwnerID == id {
				a.OwnerID = 0
				mw.check.UpdateAction(*a)
			}
		}
	}, func(ctx context.Context, tx *storage.Tx) error {
		back := gone
		back.ID = 0
		if err := tx.CreatePerson(ctx, &back); err != nil {
			return err
		}
		for _, s := range theirs {
			for i := range s.Participants {
				if s.Participants[i].PersonID == id {
					s.Participants[i].PersonID = back.ID
				}
			}
			if err := tx.UpdateSession(ctx, &s); err != nil {
				return err
			}
		}
		for _, a := range owned {
			a.OwnerID = back.ID
			if err := tx.UpdateAction(ctx, &a); err != nil {
				return err
			}
		}
		return nil
	})
}

// deleteAction removes an action item as its form read it.
func (mw *Window) deleteAction(gone model.ActionItem) {
	id := gone.ID
	drop(mw, actionRecords, gone, func() { mw.check.RemoveAction(id) }, func(ctx context.Context, tx *storage.Tx) error {
		back := gone
		back.ID = 0
		return tx.CreateAction(ctx, &back)
	})
}

// deleteForum removes a forum and its sessions; its action items stay.
func (mw *Window) deleteForum(id int64) {
	forum := *mw.index.Forums[id]
	var sessions []model.Session
	for _, s := range mw.plan.Sessions {
		if s.ForumID == id {
			s.Participants = slices.Clone(s.Participants)
			sessions = append(sessions, s)
		}
	}
	tied := actionsWhere(mw.plan, func(a *model.ActionItem) bool {
		return a.ForumID == id || slices.ContainsFunc(sessions, func(s model.Session) bool { return s.ID == a.SessionID })
	})
	drop(mw, forumRecords, forum, func() {
		gone := map[int64]bool{}
		mw.plan.Sessions = slices.DeleteFunc(mw.plan.Sessions, func(s model.Session) bool {
			if s.ForumID == id {
				gone[s.ID] = true
				mw.check.RemoveSession(s.ID)
			}
			return gone[s.ID]
		})
		for i := range mw.plan.Actions {
			a := &mw.plan.Actions[i]
			if a.ForumID != id && !gone[a.SessionID] {
				continue
			}
			if a.ForumID == id {
				a.ForumID = 0
			}
			if gone[a.SessionID] {
				a.SessionID = 0
			}
			mw.check.UpdateAction(*a)
		}
	}, func(ctx context.Context, tx *storage.Tx) error {
		back := forum
		back.ID = 0
		if err := tx.CreateForum(ctx, &back); err != nil {
			return err
		}
		for i := range sessions {
			sessions[i].ForumID = back.ID
		}
		ids, err := recreate(ctx, tx, sessions)
		if err != nil {
			return err
		}
		return relink(ctx, tx, tied, map[int64]int64{id: back.ID}, ids)
	})
}

// actionsWhere copies the action items that match.
func actionsWhere(p *model.Plan, match func(*model.ActionItem) bool) []model.ActionItem {
	var out []model.ActionItem
	for i := range p.Actions {
		if match(&p.Actions[i]) {
			out = append(out, p.Actions[i])
		}
	}
	return out
}

// relink ties action items again to the forums and sessions put back
// under new IDs (both by old ID).
func relink(ctx context.Context, tx *storage.Tx, actions []model.ActionItem, forums, sessions map[int64]int64) error {
	for _, a := range actions {
		if id, ok := forums[a.ForumID]; ok {
			a.ForumID = id
		}
		if id, ok := sessions[a.SessionID]; ok {
			a.SessionID = id
		}
		if err := tx.UpdateAction(ctx, &a); err != nil {
			return err
		}
	}
	return nil
}

// compareActions orders action items as the store does: by due date with
// undated ones last, then by title, then by ID.
func compareActions(a, b model.ActionItem) int {
	switch {
	case a.Due.IsZero() != b.Due.IsZero():
		if a.Due.IsZero() {
			return 1
		}
		return -1
	case a.Due != b.Due:
		return a.Due.Compare(b.Due)
	}
	return cmp.Or(strings.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
}

// upsert replaces the element with v's ID, or appends v.
func upsert[T any](list *[]T, v T, id func(T) int64) {
	if i := slices.IndexFunc(*list, func(x T) bool { return id(x) == id(v) }); i >= 0 {
		(*list)[i] = v
		return
	}
	*list = append(*list, v)
}

// remove deletes the element with the given ID.
func remove[T any](list *[]T, target int64, id func(T) int64) {
	*list = slices.DeleteFunc(*list, func(x T) bool { return id(x) == target })
}
