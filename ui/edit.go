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
	before, existed := mw.index.Sessions[s.ID], s.ID != 0
	var was model.Session
	if before != nil {
		was = *before
	}
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		if s.ID == 0 {
			return tx.CreateSession(ctx, &s)
		}
		return tx.UpdateSession(ctx, &s)
	}, func() {
		upsert(&mw.plan.Sessions, s, func(x model.Session) int64 { return x.ID })
		mw.plan.SortSessions()
		mw.check.UpdateSession(s)
		if existed {
			mw.didEdit("changes to "+quoted(was.Title), func(ctx context.Context, tx *storage.Tx) error {
				return tx.UpdateSession(ctx, &was)
			})
		} else {
			id := s.ID
			mw.didEdit("adding "+quoted(s.Title), func(ctx context.Context, tx *storage.Tx) error {
				return tx.DeleteSession(ctx, id)
			})
		}
	})
}

// deleteSession removes a session; actions about it stay, no longer tied to it.
func (mw *Window) deleteSession(id int64) {
	gone := *mw.index.Sessions[id]
	tied := actionsWhere(mw.plan, func(a *model.ActionItem) bool { return a.SessionID == id })
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
		mw.didEdit("deleting "+quoted(gone.Title), func(ctx context.Context, tx *storage.Tx) error {
			ids, err := recreate(ctx, tx, []model.Session{gone})
			if err != nil {
				return err
			}
			return relink(ctx, tx, tied, nil, ids)
		})
	})
}

// savePerson adds a new person (ID 0) or saves a changed one.
func (mw *Window) savePerson(p model.Person) {
	var was model.Person
	if before := mw.index.People[p.ID]; before != nil {
		was = *before
	}
	existed := p.ID != 0
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		if p.ID == 0 {
			return tx.CreatePerson(ctx, &p)
		}
		return tx.UpdatePerson(ctx, &p)
	}, func() {
		upsert(&mw.plan.People, p, func(x model.Person) int64 { return x.ID })
		slices.SortStableFunc(mw.plan.People, func(a, b model.Person) int { return strings.Compare(a.Name, b.Name) })
		mw.check.UpdatePerson(p)
		if existed {
			mw.didEdit("changes to "+was.Name, func(ctx context.Context, tx *storage.Tx) error {
				return tx.UpdatePerson(ctx, &was)
			})
		} else {
			id := p.ID
			mw.didEdit("adding "+p.Name, func(ctx context.Context, tx *storage.Tx) error {
				return tx.DeletePerson(ctx, id)
			})
		}
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
		mw.didEdit("deleting "+gone.Name, func(ctx context.Context, tx *storage.Tx) error {
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
	})
}

// saveAction adds a new action item (ID 0) or saves a changed one.
func (mw *Window) saveAction(a model.ActionItem) {
	var was model.ActionItem
	if i := slices.IndexFunc(mw.plan.Actions, func(x model.ActionItem) bool { return x.ID == a.ID }); i >= 0 {
		was = mw.plan.Actions[i]
	}
	existed := a.ID != 0
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		if a.ID == 0 {
			return tx.CreateAction(ctx, &a)
		}
		return tx.UpdateAction(ctx, &a)
	}, func() {
		upsert(&mw.plan.Actions, a, func(x model.ActionItem) int64 { return x.ID })
		slices.SortStableFunc(mw.plan.Actions, compareActions)
		mw.check.UpdateAction(a)
		if existed {
			mw.didEdit("changes to "+quoted(was.Title), func(ctx context.Context, tx *storage.Tx) error {
				return tx.UpdateAction(ctx, &was)
			})
		} else {
			id := a.ID
			mw.didEdit("adding "+quoted(a.Title), func(ctx context.Context, tx *storage.Tx) error {
				return tx.DeleteAction(ctx, id)
			})
		}
	})
}

// deleteAction removes an action item.
func (mw *Window) deleteAction(id int64) {
	gone := actionsWhere(mw.plan, func(a *model.ActionItem) bool { return a.ID == id })
	mw.write(func(ctx context.Context, tx *storage.Tx) error {
		return tx.DeleteAction(ctx, id)
	}, func() {
		remove(&mw.plan.Actions, id, func(x model.ActionItem) int64 { return x.ID })
		mw.check.RemoveAction(id)
		if len(gone) == 1 {
			mw.didEdit("deleting "+quoted(gone[0].Title), func(ctx context.Context, tx *storage.Tx) error {
				back := gone[0]
				back.ID = 0
				return tx.CreateAction(ctx, &back)
			})
		}
	})
}

// saveForum adds a new forum (ID 0) or saves a changed one; the checker
// re-checks the sessions there against its days.
func (mw *Window) saveForum(f model.Forum) {
	var was model.Forum
	if before := mw.index.Forums[f.ID]; before != nil {
		was = *before
	}
	existed := f.ID != 0
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
		if existed {
			mw.didEdit("changes to "+was.Name, func(ctx context.Context, tx *storage.Tx) error {
				return tx.UpdateForum(ctx, &was)
			})
		} else {
			id := f.ID
			mw.didEdit("adding "+f.Name, func(ctx context.Context, tx *storage.Tx) error {
				return tx.DeleteForum(ctx, id)
			})
		}
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
		mw.didEdit("deleting "+forum.Name, func(ctx context.Context, tx *storage.Tx) error {
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
