package model

import (
	"slices"
	"strings"
	"time"
)

// Session is one slot on a forum's programme that the coalition organises or
// takes part in. An unscheduled idea has zero Start and End.
type Session struct {
	ID          int64
	UID         string // given once, never changed; the calendar and CSV key
	ForumID     int64
	Title       string
	Format      SessionFormat
	Start, End  time.Time // instants; zero for an unscheduled idea
	Room        string    // a room, "Online", a meeting link, or empty
	Status      SessionStatus
	Organisers  []string // coalition short names; two or more make it joint
	Topics      []string
	Description string
	ReportDue   Date
	Sequence    int // iCalendar SEQUENCE, raised by the store on visible change

	Participants []Participation
	Revision
}

// Participation is a person's part in a session.
type Participation struct {
	PersonID int64
	Role     Role
	Status   Confirmation
}

// The years a session's times may fall in. A time outside them is a typo
// (2921 for 2021) rather than a plan, and a calendar must describe its
// zone's changes for every year its sessions span.
const (
	FirstYear = 1900
	LastYear  = 2199
)

// Scheduled reports whether the session has times.
func (s *Session) Scheduled() bool { return !s.Start.IsZero() }

// Joint reports whether two or more coalitions organise the session.
func (s *Session) Joint() bool { return len(s.Organisers) >= 2 }

// Clean trims and collapses the session's single-line fields and lists and
// normalises its description.
func (s *Session) Clean() {
	s.UID = CleanLine(s.UID)
	s.Title = CleanLine(s.Title)
	s.Room = CleanLine(s.Room)
	s.Organisers = CleanList(s.Organisers)
	s.Topics = CleanList(s.Topics)
	s.Description = CleanText(s.Description)
}

// Validate returns every problem with the session, each naming its field.
// Whether it fits its forum's days is a planning check, not a validation:
// a coordinator may well save a session before the forum's dates are known.
func (s *Session) Validate() error {
	var p Problems
	limitText(&p, "description", s.Description)
	requireLine(&p, "title", s.Title)
	if s.ForumID == 0 {
		p.Addf("forum", "is empty")
	}
	if _, err := ParseSessionFormat(string(s.Format)); err != nil {
		p.Add("format", err)
	}
	if _, err := ParseSessionStatus(string(s.Status)); err != nil {
		p.Add("status", err)
	}
	switch {
	case s.Start.IsZero() && !s.End.IsZero():
		p.Addf("start", "is empty but the end is given")
	case !s.Start.IsZero() && s.End.IsZero():
		p.Addf("end", "is empty but the start is given")
	}
	for _, t := range []struct {
		field string
		at    time.Time
	}{{"start", s.Start}, {"end", s.End}} {
		if y := t.at.UTC().Year(); !t.at.IsZero() && (y < FirstYear || y > LastYear) {
			p.Addf(t.field, "lies outside the years %d to %d in which a session may take place", FirstYear, LastYear)
		}
	}
	_, badStatus := ParseSessionStatus(string(s.Status))
	if s.Start.IsZero() && badStatus == nil && s.Status != StatusIdea && s.Status != StatusProposed && s.Status != StatusCancelled {
		p.Addf("start", "is empty but the session is %s; only ideas, proposals and cancelled sessions may have no times", s.Status)
	}
	if tooLong(s.Room, maxLine) {
		p.Addf("room", "is longer than %d characters", maxLine)
	}
	if i := duplicateFold(s.Organisers); i >= 0 {
		p.Addf("organisers", "names %s twice", s.Organisers[i])
	}
	seen := map[Participation]bool{}
	for _, pt := range s.Participants {
		key := Participation{PersonID: pt.PersonID, Role: pt.Role}
		if seen[key] {
			p.Addf("participants", "names one person twice as %s", pt.Role)
		}
		seen[key] = true
		if _, err := ParseRole(string(pt.Role)); err != nil {
			p.Add("participants", err)
		}
		if _, err := ParseConfirmation(string(pt.Status)); err != nil {
			p.Add("participants", err)
		}
	}
	return p.Err()
}

// CalendarEqual reports whether a and b look the same in a calendar: title,
// times, room, status, description, people and roles. A change to any of
// these must raise the session's SEQUENCE so subscribers take the update.
func CalendarEqual(a, b *Session) bool {
	return a.Title == b.Title && a.Start.Equal(b.Start) && a.End.Equal(b.End) &&
		a.Room == b.Room && a.Status == b.Status && a.Description == b.Description &&
		a.Format == b.Format && slices.Equal(a.Organisers, b.Organisers) &&
		slices.Equal(a.Topics, b.Topics) && sameParticipants(a.Participants, b.Participants)
}

func sameParticipants(a, b []Participation) bool {
	if len(a) != len(b) {
		return false
	}
	sorted := func(ps []Participation) []Participation {
		c := slices.Clone(ps)
		slices.SortFunc(c, compareParticipation)
		return c
	}
	return slices.Equal(sorted(a), sorted(b))
}

func compareParticipation(x, y Participation) int {
	if x.PersonID != y.PersonID {
		return cmpInt64(x.PersonID, y.PersonID)
	}
	return strings.Compare(string(x.Role), string(y.Role))
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func duplicateFold(list []string) int {
	for i := range list {
		for j := 0; j < i; j++ {
			if strings.EqualFold(list[i], list[j]) {
				return i
			}
		}
	}
	return -1
}

// InARoom reports whether the session takes up a room, one that can hold one
// session at a time: no room, "Online" or a meeting link holds any number.
func (s *Session) InARoom() bool {
	r := strings.ToLower(strings.TrimSpace(s.Room))
	return r != "" && r != "online" && !strings.Contains(r, "://") && !strings.HasPrefix(r, "www.")
}
