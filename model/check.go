package model

import (
	"cmp"
	"slices"
	"time"
)

// Severity says whether a finding blocks a clean check.
type Severity int

// Severities, most serious first.
const (
	// Conflict is something that cannot work as planned: a person or a room
	// in two places at once, times that make no sense.
	Conflict Severity = iota
	// Warning is something a coordinator should look at: balance, a speaker's
	// night, an overdue promise.
	Warning
)

func (s Severity) String() string {
	if s == Conflict {
		return "conflict"
	}
	return "warning"
}

// FindingKind names a planning rule with a stable word that scripts and the
// app may branch on; the Message is for people.
type FindingKind string

// The planning rules, conflicts first, in the order the product lists them.
// Findings sort in this order.
const (
	DoubleBooked      FindingKind = "double-booked"
	RoomClash         FindingKind = "room-clash"
	OutsideForumDays  FindingKind = "outside-forum-days"
	EndNotAfterStart  FindingKind = "end-not-after-start"
	JointOneOrganiser FindingKind = "joint-one-organiser"

	FewStakeholderGroups FindingKind = "few-stakeholder-groups"
	OneGender            FindingKind = "one-gender"
	OneRegion            FindingKind = "one-region"
	FewSpeakers          FindingKind = "few-speakers"
	NoModerator          FindingKind = "no-moderator"
	NoRapporteur         FindingKind = "no-rapporteur"
	LocalNight           FindingKind = "local-night"
	Unavailable          FindingKind = "unavailable"
	ActionOverdue        FindingKind = "action-overdue"
	ReportOverdue        FindingKind = "report-overdue"
)

var findingKinds = []FindingKind{DoubleBooked, RoomClash, OutsideForumDays, EndNotAfterStart, JointOneOrganiser,
	FewStakeholderGroups, OneGender, OneRegion, FewSpeakers, NoModerator, NoRapporteur,
	LocalNight, Unavailable, ActionOverdue, ReportOverdue}

// kindRank is each kind's place in findingKinds, looked up while sorting
// many thousands of findings.
var kindRank = func() map[FindingKind]int {
	m := make(map[FindingKind]int, len(findingKinds))
	for i, k := range findingKinds {
		m[k] = i
	}
	return m
}()

// FindingKinds lists every kind of finding in the order findings sort.
func FindingKinds() []FindingKind { return slices.Clone(findingKinds) }

// Severity says whether findings of this kind are conflicts or warnings.
func (k FindingKind) Severity() Severity {
	if kindRank[k] <= kindRank[JointOneOrganiser] {
		return Conflict
	}
	return Warning
}

// Finding is one problem a planning check found, named so a coordinator can
// act on it and the app can open what it is about.
type Finding struct {
	Kind       FindingKind
	Message    string  // for a person to read; never shows email or gender
	SessionIDs []int64 // the sessions involved, earliest first
	PersonIDs  []int64 // the person involved, if any
	Room       string  // the room of a room clash, as the first session spells it
	ActionID   int64   // the overdue action item, if that is the finding
}

// Severity says whether the finding blocks a clean check.
func (f Finding) Severity() Severity { return f.Kind.Severity() }

// Check runs every planning rule over the plan as of today (which decides
// what is overdue) and returns the findings, conflicts first, then warnings,
// each group by rule and then by when the session or action is.
func Check(p *Plan, today Date) []Finding {
	return NewChecker(p, today).Findings()
}

// found is a finding with the key it sorts by, computed once when the rule
// runs so that sorting needs no lookups. Its message is written only when
// it is read (Checker.describe).
type found struct {
	Finding
	rank          int       // the kind's place in findingKinds
	stale         bool      // replaced by a later run of its rule
	placed        bool      // in the checker's ordered findings
	when          time.Time // the first session's start, or the action's due day; zero sorts last
	first, second int64     // session IDs (or the action ID) breaking ties
	person        int64     // the person named, breaking the last ties
}

func compareFound(a, b *found) int {
	if c := cmp.Compare(a.rank, b.rank); c != 0 {
		return c
	}
	if c := compareTimeZeroLast(a.when, b.when); c != 0 {
		return c
	}
	if c := cmp.Compare(a.first, b.first); c != 0 {
		return c
	}
	if c := cmp.Compare(a.second, b.second); c != 0 {
		return c
	}
	return cmp.Compare(a.person, b.person)
}

func compareTimeZeroLast(a, b time.Time) int {
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
