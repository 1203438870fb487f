package model

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Plan is a whole plan in memory: what exports and planning checks read.
// Its slices are in the store's order (forums by first day, sessions by
// forum and start, people by name, the own coalition then the others by short name,
// actions by due date).
type Plan struct {
	Coalitions []Coalition
	Forums     []Forum
	Sessions   []Session
	People     []Person
	Actions    []ActionItem
}

// Index gives constant-time lookups of a plan's records by ID.
type Index struct {
	Forums   map[int64]*Forum
	Sessions map[int64]*Session
	People   map[int64]*Person
}

// Index builds the lookups; it points into the plan's slices, so it is valid
// until they are changed.
func (p *Plan) Index() Index {
	ix := Index{
		Forums:   make(map[int64]*Forum, len(p.Forums)),
		Sessions: make(map[int64]*Session, len(p.Sessions)),
		People:   make(map[int64]*Person, len(p.People)),
	}
	for i := range p.Forums {
		ix.Forums[p.Forums[i].ID] = &p.Forums[i]
	}
	for i := range p.Sessions {
		ix.Sessions[p.Sessions[i].ID] = &p.Sessions[i]
	}
	for i := range p.People {
		ix.People[p.People[i].ID] = &p.People[i]
	}
	return ix
}

// SessionOrder returns how plans order sessions: by forum, in the order of
// the forum IDs given (the plan's forums by first day and name), then by
// start with unscheduled sessions last, then by title and ID.
func SessionOrder(forumIDs []int64) func(a, b Session) int {
	rank := make(map[int64]int, len(forumIDs))
	for i, id := range forumIDs {
		rank[id] = i
	}
	return func(a, b Session) int {
		return cmp.Or(
			cmp.Compare(rank[a.ForumID], rank[b.ForumID]),
			compareStart(a.Start, b.Start),
			strings.Compare(a.Title, b.Title),
			cmp.Compare(a.ID, b.ID))
	}
}

// SortSessions puts the plan's sessions in SessionOrder after a change.
func (p *Plan) SortSessions() {
	ids := make([]int64, len(p.Forums))
	for i, f := range p.Forums {
		ids[i] = f.ID
	}
	slices.SortFunc(p.Sessions, SessionOrder(ids))
}

// compareStart orders scheduled sessions by start and unscheduled ones last.
func compareStart(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}
