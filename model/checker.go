package model

import (
	"cmp"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Checker holds a plan's findings and keeps them up to date as the plan is
// edited, re-checking only what an edit touches: the edited session, the
// people in it before and after, the rooms it was and is in, and the action
// items about it. A coordinator's edit is then re-checked in well under a
// frame, whatever the size of the plan.
//
// Clashes are found per person and per room by sorting that person's or
// room's sessions by start and sweeping along them, so the work grows with
// the number of sessions and clashes, never with the number of pairs.
//
// A Checker copies what it keeps of the plan, so the plan may change freely
// afterwards; tell the checker about each change (UpdateSession,
// RemoveSession, UpdatePerson, UpdateForum, UpdateAction, RemoveAction,
// UpdateReport). It is not safe for use by several goroutines at once.
type Checker struct {
	today  Date
	forums map[int64]*Forum
	// forumDays caches each forum's first and last instant.
	forumDays map[int64][2]time.Time
	people    map[int64]*Person
	sessions  map[int64]*Session
	actions   map[int64]*ActionItem
	// filed holds the sessions whose report has gone to the IGF: no
	// longer due, however late.
	filed map[int64]bool
	// archived are the years put away: nothing of theirs is overdue.
	archived map[int]bool

	// Indexes by what an edit touches.
	sessionsOf       map[int64][]int64 // person → sessions naming them
	byPerson         map[int64]timeline
	byRoom           map[roomKey]timeline
	actionsOfSession map[int64][]int64
	actionsOfOwner   map[int64][]int64

	// Findings by the rule run that produced them, so an edit replaces
	// exactly the findings it may have changed.
	ofSession map[int64][]found   // rules about one session on its own
	ofPerson  map[int64][]found   // a person's double bookings
	ofRoom    map[roomKey][]found // a room's clashes
	ofAction  map[int64][]found   // an overdue action item

	conflicts, warnings int

	// Every finding in order is kept between edits: an edit marks the
	// findings it replaces stale (noting in gone those already in order)
	// and adds its new ones to fresh, and the next call for all findings
	// patches the order by binary search rather than sorting the whole
	// plan's findings again.
	ordered []*found
	fresh   []*found
	gone    []*found
	inOrder bool // ordered holds every finding but the fresh ones
	changed bool // since ordered was last brought up to date
}

// slot is a session on a person's or a room's timeline.
type slot struct {
	start, end time.Time
	id         int64
}

// timeline is the sessions of one person or room, by start, then ID.
type timeline []slot

func compareSlot(a, b slot) int {
	if c := a.start.Compare(b.start); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// overlaps calls fn for every pair of sessions on the timeline that overlap.
// Each session is compared only with those starting before it ends, so the
// sweep costs the sorting plus one step per clash.
func (t timeline) overlaps(fn func(a, b slot)) {
	for i, a := range t {
		for _, b := range t[i+1:] {
			if !b.start.Before(a.end) {
				break
			}
			fn(a, b)
		}
	}
}

func (t timeline) without(id int64) timeline {
	return slices.DeleteFunc(t, func(s slot) bool { return s.id == id })
}

// roomKey names a room of a forum; rooms match regardless of case.
type roomKey struct {
	forum int64
	room  string
}

// roomOf returns the room a session occupies, if it is one that can clash.
func roomOf(s *Session) (roomKey, bool) {
	if !s.InARoom() {
		return roomKey{}, false
	}
	return roomKey{forum: s.ForumID, room: strings.ToLower(s.Room)}, true
}

// occupies reports whether the session takes up its people's and room's
// time: it has sensible times and is not cancelled.
func occupies(s *Session) bool {
	return s.Scheduled() && s.Status != StatusCancelled && s.End.After(s.Start)
}

// NewChecker checks the whole plan as of today, which decides what is overdue.
func NewChecker(p *Plan, today Date) *Checker {
	c := &Checker{
		today:            today,
		forums:           make(map[int64]*Forum, len(p.Forums)),
		forumDays:        make(map[int64][2]time.Time, len(p.Forums)),
		people:           make(map[int64]*Person, len(p.People)),
		sessions:         make(map[int64]*Session, len(p.Sessions)),
		actions:          make(map[int64]*ActionItem, len(p.Actions)),
		filed:            make(map[int64]bool, len(p.Reports)),
		archived:         make(map[int]bool, len(p.Archived)),
		sessionsOf:       make(map[int64][]int64, len(p.People)),
		byPerson:         make(map[int64]timeline, len(p.People)),
		byRoom:           map[roomKey]timeline{},
		actionsOfSession: map[int64][]int64{},
		actionsOfOwner:   map[int64][]int64{},
		ofSession:        map[int64][]found{},
		ofPerson:         map[int64][]found{},
		ofRoom:           map[roomKey][]found{},
		ofAction:         map[int64][]found{},
	}
	for _, year := range p.Archived {
		c.archived[year] = true
	}
	forums := slices.Clone(p.Forums)
	for i := range forums {
		c.forums[forums[i].ID] = &forums[i]
	}
	people := slices.Clone(p.People)
	for i := range people {
		c.people[people[i].ID] = &people[i]
	}
	for _, r := range p.Reports {
		if !r.Filed.IsZero() {
			c.filed[r.SessionID] = true
		}
	}
	sessions := slices.Clone(p.Sessions)
	for i := range sessions {
		s := &sessions[i]
		s.Participants, s.Organisers = slices.Clone(s.Participants), slices.Clone(s.Organisers)
		c.sessions[s.ID] = s
		c.index(s)
	}
	actions := slices.Clone(p.Actions)
	for i := range actions {
		c.actions[actions[i].ID] = &actions[i]
		c.indexAction(&actions[i])
	}
	// Timelines were filled in plan order; sort each once.
	for _, t := range c.byPerson {
		slices.SortFunc(t, compareSlot)
	}
	for _, t := range c.byRoom {
		slices.SortFunc(t, compareSlot)
	}
	for i := range forums {
		f := &forums[i]
		c.forumDays[f.ID] = [2]time.Time{f.Start(), f.End()}
	}
	// The rules only read the plan and the indexes, so they run on every
	// core at once; their findings are then filed one by one.
	bySession := inParallel(sessions, func(s *Session) []found { return c.sessionFindings(s) })
	for i := range sessions {
		setFindings(c, c.ofSession, sessions[i].ID, bySession[i])
	}
	persons := slices.Collect(maps.Keys(c.byPerson))
	byPerson := inParallel(persons, func(id *int64) []found { return c.personClashes(*id) })
	for i, id := range persons {
		setFindings(c, c.ofPerson, id, byPerson[i])
	}
	rooms := slices.Collect(maps.Keys(c.byRoom))
	byRoom := inParallel(rooms, func(k *roomKey) []found { return c.roomClashes(*k) })
	for i, k := range rooms {
		setFindings(c, c.ofRoom, k, byRoom[i])
	}
	for i := range actions {
		setFindings(c, c.ofAction, actions[i].ID, c.actionFindings(&actions[i]))
	}
	return c
}

// index adds a session to the person and room timelines (unsorted) and the
// person index, returning the people and room whose clashes may change.
func (c *Checker) index(s *Session) (people []int64, room roomKey, hasRoom bool) {
	for _, pt := range s.Participants {
		if !slices.Contains(c.sessionsOf[pt.PersonID], s.ID) {
			c.sessionsOf[pt.PersonID] = append(c.sessionsOf[pt.PersonID], s.ID)
		}
	}
	if !occupies(s) {
		return nil, roomKey{}, false
	}
	at := slot{start: s.Start, end: s.End, id: s.ID}
	for _, pt := range s.Participants {
		if pt.Status == Declined || slices.Contains(people, pt.PersonID) {
			continue
		}
		people = append(people, pt.PersonID)
		c.byPerson[pt.PersonID] = append(c.byPerson[pt.PersonID], at)
	}
	if room, hasRoom = roomOf(s); hasRoom {
		c.byRoom[room] = append(c.byRoom[room], at)
	}
	return people, room, hasRoom
}

// unindex takes a session out of every index, returning the people and room
// whose clashes may change.
func (c *Checker) unindex(s *Session) (people []int64, room roomKey, hasRoom bool) {
	for _, pt := range s.Participants {
		ids := slices.DeleteFunc(c.sessionsOf[pt.PersonID], func(id int64) bool { return id == s.ID })
		if len(ids) == 0 {
			delete(c.sessionsOf, pt.PersonID)
		} else {
			c.sessionsOf[pt.PersonID] = ids
		}
		if t, ok := c.byPerson[pt.PersonID]; ok && !slices.Contains(people, pt.PersonID) {
			people = append(people, pt.PersonID)
			if t = t.without(s.ID); len(t) == 0 {
				delete(c.byPerson, pt.PersonID)
			} else {
				c.byPerson[pt.PersonID] = t
			}
		}
	}
	if room, hasRoom = roomOf(s); hasRoom {
		if t := c.byRoom[room].without(s.ID); len(t) == 0 {
			delete(c.byRoom, room)
		} else {
			c.byRoom[room] = t
		}
	}
	return people, room, hasRoom
}

func (c *Checker) indexAction(a *ActionItem) {
	if a.SessionID != 0 {
		c.actionsOfSession[a.SessionID] = append(c.actionsOfSession[a.SessionID], a.ID)
	}
	if a.OwnerID != 0 {
		c.actionsOfOwner[a.OwnerID] = append(c.actionsOfOwner[a.OwnerID], a.ID)
	}
}

func (c *Checker) unindexAction(a *ActionItem) {
	drop := func(m map[int64][]int64, key int64) {
		if ids := slices.DeleteFunc(m[key], func(id int64) bool { return id == a.ID }); len(ids) == 0 {
			delete(m, key)
		} else {
			m[key] = ids
		}
	}
	drop(c.actionsOfSession, a.SessionID)
	drop(c.actionsOfOwner, a.OwnerID)
}

// UpdateSession re-checks the plan after a session was added or changed.
func (c *Checker) UpdateSession(s Session) {
	s.Participants, s.Organisers = slices.Clone(s.Participants), slices.Clone(s.Organisers)
	var people []int64
	var rooms []roomKey
	if old, ok := c.sessions[s.ID]; ok {
		ps, room, hasRoom := c.unindex(old)
		people = ps
		if hasRoom {
			rooms = append(rooms, room)
		}
	}
	c.sessions[s.ID] = &s
	ps, room, hasRoom := c.index(&s)
	if hasRoom && !slices.Contains(rooms, room) {
		rooms = append(rooms, room)
	}
	for _, id := range ps {
		if !slices.Contains(people, id) {
			people = append(people, id)
		}
	}
	c.recheckSession(s.ID, people, rooms)
}

// UpdateReport re-checks a session after its report was saved: a filed
// report is no longer due.
func (c *Checker) UpdateReport(r SessionReport) {
	if r.Filed.IsZero() {
		delete(c.filed, r.SessionID)
	} else {
		c.filed[r.SessionID] = true
	}
	if s, ok := c.sessions[r.SessionID]; ok {
		setFindings(c, c.ofSession, s.ID, c.sessionFindings(s))
	}
}

// RemoveSession re-checks the plan after a session was deleted.
func (c *Checker) RemoveSession(id int64) {
	old, ok := c.sessions[id]
	if !ok {
		return
	}
	people, room, hasRoom := c.unindex(old)
	delete(c.sessions, id)
	var rooms []roomKey
	if hasRoom {
		rooms = append(rooms, room)
	}
	c.recheckSession(id, people, rooms)
}

func (c *Checker) recheckSession(id int64, people []int64, rooms []roomKey) {
	for _, p := range people {
		slices.SortFunc(c.byPerson[p], compareSlot)
		setFindings(c, c.ofPerson, p, c.personClashes(p))
	}
	for _, r := range rooms {
		slices.SortFunc(c.byRoom[r], compareSlot)
		setFindings(c, c.ofRoom, r, c.roomClashes(r))
	}
	var fs []found
	if s, ok := c.sessions[id]; ok {
		fs = c.sessionFindings(s)
	}
	setFindings(c, c.ofSession, id, fs)
	for _, a := range c.actionsOfSession[id] {
		setFindings(c, c.ofAction, a, c.actionFindings(c.actions[a]))
	}
}

// UpdatePerson re-checks the plan after a person was added or changed: their
// name, zone, group, gender, region or availability.
func (c *Checker) UpdatePerson(p Person) {
	c.people[p.ID] = &p
	for _, id := range c.sessionsOf[p.ID] {
		setFindings(c, c.ofSession, id, c.sessionFindings(c.sessions[id]))
	}
	setFindings(c, c.ofPerson, p.ID, c.personClashes(p.ID))
	for _, a := range c.actionsOfOwner[p.ID] {
		setFindings(c, c.ofAction, a, c.actionFindings(c.actions[a]))
	}
}

// UpdateForum re-checks the plan after a forum's name, days, zone or place
// changed: every finding about its sessions.
func (c *Checker) UpdateForum(f Forum) {
	c.forums[f.ID] = &f
	c.forumDays[f.ID] = [2]time.Time{f.Start(), f.End()}
	var people []int64
	var rooms []roomKey
	for id, s := range c.sessions {
		if s.ForumID != f.ID {
			continue
		}
		setFindings(c, c.ofSession, id, c.sessionFindings(s))
		for _, pt := range s.Participants {
			if !slices.Contains(people, pt.PersonID) {
				people = append(people, pt.PersonID)
			}
		}
		if room, ok := roomOf(s); ok && !slices.Contains(rooms, room) {
			rooms = append(rooms, room)
		}
	}
	// Double bookings and room clashes name the forum too.
	for _, p := range people {
		setFindings(c, c.ofPerson, p, c.personClashes(p))
	}
	for _, r := range rooms {
		setFindings(c, c.ofRoom, r, c.roomClashes(r))
	}
}

// UpdateAction re-checks an action item after it was added or changed.
func (c *Checker) UpdateAction(a ActionItem) {
	if old, ok := c.actions[a.ID]; ok {
		c.unindexAction(old)
	}
	c.actions[a.ID] = &a
	c.indexAction(&a)
	setFindings(c, c.ofAction, a.ID, c.actionFindings(&a))
}

// RemoveAction forgets an action item that was deleted.
func (c *Checker) RemoveAction(id int64) {
	if old, ok := c.actions[id]; ok {
		c.unindexAction(old)
		delete(c.actions, id)
	}
	setFindings(c, c.ofAction, id, nil)
}

// inParallel runs fn on every item, spreading the items over the machine's
// cores, and returns the results in the items' order.
func inParallel[T any](items []T, fn func(*T) []found) [][]found {
	out := make([][]found, len(items))
	workers := min(runtime.GOMAXPROCS(0), len(items)/256+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(items); i += workers {
				out[i] = fn(&items[i])
			}
		})
	}
	wg.Wait()
	return out
}

// setFindings replaces the findings one rule run produced.
func setFindings[K comparable](c *Checker, m map[K][]found, key K, fs []found) {
	old := m[key]
	if len(old) == 0 && len(fs) == 0 {
		return
	}
	for i := range old {
		old[i].stale = true
		c.tally(old[i].Kind, -1)
		if c.inOrder && old[i].placed {
			c.gone = append(c.gone, &old[i])
		}
	}
	for i := range fs {
		c.tally(fs[i].Kind, +1)
		if c.inOrder {
			c.fresh = append(c.fresh, &fs[i])
		}
	}
	if len(c.fresh)+len(c.gone) > len(c.ordered)/4+64 {
		// So many changes since findings were last read that sorting
		// them all afresh is cheaper, and the stale ones go now.
		c.ordered, c.fresh, c.gone, c.inOrder = nil, nil, nil, false
	}
	if len(fs) == 0 {
		delete(m, key)
	} else {
		m[key] = fs
	}
	c.changed = true
}

func (c *Checker) tally(k FindingKind, n int) {
	if k.Severity() == Conflict {
		c.conflicts += n
	} else {
		c.warnings += n
	}
}

// Counts returns how many conflicts and warnings the plan has now.
func (c *Checker) Counts() (conflicts, warnings int) { return c.conflicts, c.warnings }

// Findings returns every finding: conflicts first, then warnings, each by
// rule and then by when the session or action item is.
func (c *Checker) Findings() []Finding {
	c.order()
	list := make([]Finding, len(c.ordered))
	for i, f := range c.ordered {
		list[i] = c.finding(f)
	}
	return list
}

// Worst returns, for everyone a finding names, the most serious severity
// among those findings: what a list of people marks them with.
func (c *Checker) Worst() map[int64]Severity {
	worst := map[int64]Severity{}
	c.eachRun(func(fs []found) {
		for i := range fs {
			for _, id := range fs[i].PersonIDs {
				if s, ok := worst[id]; !ok || fs[i].Severity() < s {
					worst[id] = fs[i].Severity()
				}
			}
		}
	})
	return worst
}

// eachRun calls fn with the findings of every rule run, in no order.
func (c *Checker) eachRun(fn func([]found)) {
	for _, m := range []map[int64][]found{c.ofSession, c.ofPerson, c.ofAction} {
		for _, fs := range m {
			fn(fs)
		}
	}
	for _, fs := range c.ofRoom {
		fn(fs)
	}
}

// ReportsOverdue reports, by session ID, the sessions whose report is past
// due.
func (c *Checker) ReportsOverdue() map[int64]bool {
	overdue := map[int64]bool{}
	for id, fs := range c.ofSession {
		if slices.ContainsFunc(fs, func(f found) bool { return f.Kind == ReportOverdue }) {
			overdue[id] = true
		}
	}
	return overdue
}

// ActionsOverdue counts the action items past their due date and still to do.
func (c *Checker) ActionsOverdue() int {
	n := 0
	for _, fs := range c.ofAction {
		if len(fs) > 0 {
			n++
		}
	}
	return n
}

// At returns the finding at index i (from 0 to conflicts+warnings-1) of the
// order Findings returns: what a list view asks for the rows it shows,
// without copying every finding of a large plan after each edit.
func (c *Checker) At(i int) Finding {
	c.order()
	return c.finding(c.ordered[i])
}

// finding is what a caller gets of a finding: it with its message.
func (c *Checker) finding(f *found) Finding {
	out := f.Finding
	out.Message = c.describe(f)
	return out
}

// order brings the ordered findings up to date. After a few edits it finds
// where the gone findings are and where the fresh ones go by binary search,
// and copies the runs between; after many, or the first time, it sorts
// every finding.
func (c *Checker) order() {
	if !c.changed {
		return
	}
	if !c.inOrder {
		c.ordered = make([]*found, 0, c.conflicts+c.warnings)
		c.eachRun(func(fs []found) { c.ordered = appendFound(c.ordered, fs) })
		slices.SortFunc(c.ordered, compareFound)
		for _, f := range c.ordered {
			f.placed = true
		}
	} else {
		c.ordered = c.patched()
	}
	c.fresh, c.gone, c.inOrder, c.changed = nil, nil, true, false
}

// patched returns the ordered findings without the gone ones and with the
// fresh ones that are still current.
func (c *Checker) patched() []*found {
	fresh := slices.DeleteFunc(c.fresh, func(f *found) bool { return f.stale })
	slices.SortFunc(fresh, compareFound)
	drop := make([]int, 0, len(c.gone))
	for _, g := range c.gone {
		i, _ := slices.BinarySearchFunc(c.ordered, g, compareFound)
		for c.ordered[i] != g { // past findings that sort the same
			i++
		}
		drop = append(drop, i)
	}
	slices.Sort(drop)
	merged := make([]*found, 0, c.conflicts+c.warnings)
	from := 0
	// keep copies ordered[from:to] but the dropped ones.
	keep := func(to int) {
		for len(drop) > 0 && drop[0] < to {
			merged = append(merged, c.ordered[from:drop[0]]...)
			from, drop = drop[0]+1, drop[1:]
		}
		merged = append(merged, c.ordered[from:to]...)
		from = to
	}
	for _, f := range fresh {
		// After any finding that sorts the same, as a merge would put it.
		at, _ := slices.BinarySearchFunc(c.ordered[from:], f, func(o, f *found) int {
			if compareFound(o, f) <= 0 {
				return -1
			}
			return 1
		})
		keep(from + at)
		merged = append(merged, f)
		f.placed = true
	}
	keep(len(c.ordered))
	return merged
}

func appendFound(to []*found, fs []found) []*found {
	for i := range fs {
		to = append(to, &fs[i])
	}
	return to
}

// ForSession returns the findings that name the session, in order.
func (c *Checker) ForSession(id int64) []Finding {
	var mine []*found
	keep := func(fs []found) {
		for i := range fs {
			if slices.Contains(fs[i].SessionIDs, id) && !slices.Contains(mine, &fs[i]) {
				mine = append(mine, &fs[i])
			}
		}
	}
	keep(c.ofSession[id])
	if s, ok := c.sessions[id]; ok {
		for _, pt := range s.Participants {
			keep(c.ofPerson[pt.PersonID])
		}
		if room, ok := roomOf(s); ok {
			keep(c.ofRoom[room])
		}
	}
	for _, a := range c.actionsOfSession[id] {
		keep(c.ofAction[a])
	}
	return c.sorted(mine)
}

// ForPerson returns the findings that name the person, in order: what their
// page in the app shows.
func (c *Checker) ForPerson(id int64) []Finding {
	var mine []*found
	keep := func(fs []found) {
		for i := range fs {
			if slices.Contains(fs[i].PersonIDs, id) {
				mine = append(mine, &fs[i])
			}
		}
	}
	keep(c.ofPerson[id])
	for _, s := range c.sessionsOf[id] {
		keep(c.ofSession[s])
	}
	for _, a := range c.actionsOfOwner[id] {
		keep(c.ofAction[a])
	}
	return c.sorted(mine)
}

func (c *Checker) sorted(fs []*found) []Finding {
	slices.SortFunc(fs, compareFound)
	out := make([]Finding, len(fs))
	for i, f := range fs {
		out[i] = c.finding(f)
	}
	return out
}
