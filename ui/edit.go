package ui

import (
	"context"
	"slices"
	"strings"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// The edits every view makes: each writes to the plan file off the UI
// goroutine (Window.write), then patches the plan in memory the way the
// store would read it back, and tells the checker about exactly that change.

// saveSession adds a new session (ID 0) or saves a changed one.
func (mw *Window) saveSession(s model.Session) {
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		if s.ID == 0 {
			return tx.CreateSession(ctx, &s)
		}
		return tx.UpdateSession(ctx, &s)
	}, func() {
		upsert(&mw.plan.Sessions, s, func(x model.Session) int64 { return x.ID })
		mw.plan.SortSessions()
		mw.check.UpdateSession(s)
	})
}

// deleteSession removes a session; actions about it stay, no longer tied to it.
func (mw *Window) deleteSession(id int64) {
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		return tx.DeleteSession(ctx, id)
	}, func() {
		remove(&mw.plan.Sessions, id, func(x model.Session) int64 { return x.ID })
		mw.check.RemoveSession(id)
		for i := range mw.plan.Actions {
			if a := &mw.plan.Actions[i]; a.SessionID == id {
				a.SessionID = 0
				mw.check.UpdateAction(*a)
			}
		}
	})
}

// savePerson adds a new person (ID 0) or saves a changed one.
func (mw *Window) savePerson(p model.Person) {
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		if p.ID == 0 {
			return tx.CreatePerson(ctx, &p)
		}
		return tx.UpdatePerson(ctx, &p)
	}, func() {
		upsert(&mw.plan.People, p, func(x model.Person) int64 { return x.ID })
		slices.SortStableFunc(mw.plan.People, func(a, b model.Person) int { return strings.Compare(a.Name, b.Name) })
		mw.check.UpdatePerson(p)
	})
}

// deletePerson removes a person with their participations; action items
// they owned stay, without an owner.
func (mw *Window) deletePerson(id int64) {
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		return tx.DeletePerson(ctx, id)
	}, func() {
		remove(&mw.plan.People, id, func(x model.Person) int64 { return x.ID })
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
	})
}

// saveAction adds a new action item (ID 0) or saves a changed one.
func (mw *Window) saveAction(a model.ActionItem) {
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		if a.ID == 0 {
			return tx.CreateAction(ctx, &a)
		}
		return tx.UpdateAction(ctx, &a)
	}, func() {
		upsert(&mw.plan.Actions, a, func(x model.ActionItem) int64 { return x.ID })
		slices.SortStableFunc(mw.plan.Actions, compareActions)
		mw.check.UpdateAction(a)
	})
}

// deleteAction removes an action item.
func (mw *Window) deleteAction(id int64) {
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		return tx.DeleteAction(ctx, id)
	}, func() {
		remove(&mw.plan.Actions, id, func(x model.ActionItem) int64 { return x.ID })
		mw.check.RemoveAction(id)
	})
}

// saveForum adds a new forum (ID 0) or saves a changed one; the checker
// re-checks the sessions there against its days.
func (mw *Window) saveForum(f model.Forum) {
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		if f.ID == 0 {
			return tx.CreateForum(ctx, &f)
		}
		return tx.UpdateForum(ctx, &f)
	}, func() {
		upsert(&mw.plan.Forums, f, func(x model.Forum) int64 { return x.ID })
		slices.SortStableFunc(mw.plan.Forums, func(a, b model.Forum) int {
			if c := a.FirstDay.Compare(b.FirstDay); c != 0 {
				return c
			}
			return strings.Compare(a.Name, b.Name)
		})
		mw.plan.SortSessions()
		mw.check.UpdateForum(f)
	})
}

// deleteForum removes a forum and its sessions; its action items stay.
func (mw *Window) deleteForum(id int64) {
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		return tx.DeleteForum(ctx, id)
	}, func() {
		remove(&mw.plan.Forums, id, func(x model.Forum) int64 { return x.ID })
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
	})
}

// compareActions orders action items as the store does: by due date with
// undated ones last, then by title.
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
	return strings.Compare(a.Title, b.Title)
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
