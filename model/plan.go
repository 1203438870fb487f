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
// actions by due date, session reports by session ID, narratives by year).
type Plan struct {
	Coalitions []Coalition
	Forums     []Forum
	Sessions   []Session
	People     []Person
	Actions    []ActionItem
	Reports    []SessionReport
	Narratives []Narrative
	// Archived are the years put away, in order: the reports and action
	// items of their forums (or, tied to none, due in them) no longer count
	// as overdue.
	Archived []int
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

// SortSessions puts sessions in the order plans show them: by forum, in
// the order of the forum IDs given (the plan's forums by first day and
// name), then by start with unscheduled sessions last, then by title and
// ID. It sorts the sessions' positions and then moves each session once:
// a session is a few hundred bytes, and a plan may hold tens of thousands.
func SortSessions(sessions []Session, forumIDs []int64) {
	rank := make(map[int64]int, len(forumIDs))
	for i, id := range forumIDs {
		rank[id] = i
	}
	type key struct {
		rank, at int
	}
	keys := make([]key, len(sessions))
	for i := range sessions {
		keys[i] = key{rank[sessions[i].ForumID], i}
	}
	slices.SortFunc(keys, func(x, y key) int {
		a, b := &sessions[x.at], &sessions[y.at]
		return cmp.Or(
			cmp.Compare(x.rank, y.rank),
			compareStart(a.Start, b.Start),
			strings.Compare(a.Title, b.Title),
			cmp.Compare(a.ID, b.ID))
	})
	sorted := make([]Session, len(sessions))
	for i, k := range keys {
		sorted[i] = sessions[k.at]
	}
	copy(sessions, sorted)
}

// SortSessions puts the plan's sessions in order after a change (see the
// function SortSessions).
func (p *Plan) SortSessions() {
	ids := make([]int64, len(p.Forums))
	for i, f := range p.Forums {
		ids[i] = f.ID
	}
	SortSessions(p.Sessions, ids)
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
