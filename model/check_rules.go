package model

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// The rules themselves. Each returns the findings of one rule run; describe
// writes a finding's message for a coordinator when it is read: the session
// by title, forum and time, the person by name, times in the zone that
// matters to the reader.

// Local night is any time before dayStarts or from nightFalls, on the clocks
// of the participant's zone.
const (
	dayStarts  = 7
	nightFalls = 22
)

// minGroups and minSpeakers are the IGF's own expectations of a session: three
// stakeholder groups among its speakers and moderators, three confirmed
// speakers on a workshop proposal.
const (
	minGroups   = 3
	minSpeakers = 3
)

// personClashes finds a person's double bookings, across forums too.
func (c *Checker) personClashes(id int64) []found {
	if _, ok := c.people[id]; !ok {
		return nil
	}
	var fs []found
	c.byPerson[id].overlaps(func(a, b slot) {
		fs = append(fs, c.sessionsFinding(DoubleBooked, c.sessions[a.id], c.sessions[b.id], id))
	})
	return fs
}

// roomClashes finds sessions held in one room of a forum at the same time.
func (c *Checker) roomClashes(k roomKey) []found {
	var fs []found
	c.byRoom[k].overlaps(func(a, b slot) {
		sa := c.sessions[a.id]
		x := c.sessionsFinding(RoomClash, sa, c.sessions[b.id], 0)
		x.Room = sa.Room
		fs = append(fs, x)
	})
	return fs
}

// sessionFindings runs every rule that looks at one session on its own.
func (c *Checker) sessionFindings(s *Session) []found {
	if s.Status == StatusCancelled {
		// A cancelled session asks nothing of anyone.
		return nil
	}
	fs := make([]found, 0, 4)
	f := c.forums[s.ForumID]
	add := func(k FindingKind) {
		fs = append(fs, c.sessionsFinding(k, s, nil, 0))
	}
	switch {
	case s.Scheduled() && !s.End.After(s.Start):
		add(EndNotAfterStart)
	case s.Scheduled() && f != nil && c.outsideDays(s, f):
		add(OutsideForumDays)
	}
	if callsItselfJoint(s.Title) && len(s.Organisers) < 2 {
		add(JointOneOrganiser)
	}
	b := SessionBalance(s, c.people)
	if b.People > 0 && nonZero(b.Groups[:]) < minGroups {
		add(FewStakeholderGroups)
	}
	if people, genders := b.givenGenders(); people >= 2 && genders == 1 {
		add(OneGender)
	}
	if b.People-b.NoRegion >= 2 && nonZero(b.Regions[:]) == 1 {
		add(OneRegion)
	}
	if s.Status != StatusIdea && b.Speakers < minSpeakers {
		add(FewSpeakers)
	}
	if s.Status == StatusScheduled {
		if !hasConfirmed(s, RoleModerator, RoleOnlineModerator) {
			add(NoModerator)
		}
		if !hasConfirmed(s, RoleRapporteur) {
			add(NoRapporteur)
		}
	}
	if occupies(s) {
		fs = append(fs, c.peoplesTime(s)...)
	}
	if due := ReportDue(s, f); !due.IsZero() && due.Before(c.today) && !c.filed[s.ID] && !c.archived[yearOf(f, due)] {
		add(ReportOverdue)
	}
	return fs
}

// outsideDays reports whether a session runs outside its forum's days.
func (c *Checker) outsideDays(s *Session, f *Forum) bool {
	days := c.forumDays[f.ID]
	return s.Start.Before(days[0]) || s.End.After(days[1])
}

// peoplesTime finds the participants for whom a session falls in their
// night or outside the times they said they could take part.
func (c *Checker) peoplesTime(s *Session) []found {
	var fs []found
	for i, pt := range s.Participants {
		p, ok := c.people[pt.PersonID]
		if pt.Status == Declined || !ok || slices.ContainsFunc(s.Participants[:i], func(q Participation) bool {
			return q.PersonID == pt.PersonID && q.Status != Declined
		}) {
			continue
		}
		if p.Zone != nil && atNight(s.Start, s.End, p.Zone) {
			fs = append(fs, c.sessionsFinding(LocalNight, s, nil, p.ID))
		}
		if !available(p, s) {
			fs = append(fs, c.sessionsFinding(Unavailable, s, nil, p.ID))
		}
	}
	return fs
}

// available reports whether the session lies within one of the windows the
// person gave; giving none means any time.
func available(p *Person, s *Session) bool {
	if len(p.Availability) == 0 {
		return true
	}
	for _, w := range p.Availability {
		if w.Contains(s.Start, s.End) {
			return true
		}
	}
	return false
}

// atNight reports whether any part of [start, end) falls before 07:00 or
// after 22:00 on the clocks of loc. A span that starts in the day is at night
// exactly when it runs past 22:00 that same day; the instant of 22:00 is
// worked out on that day's clocks, so a change of clocks is accounted for.
func atNight(start, end time.Time, loc *time.Location) bool {
	local := start.In(loc)
	if h := local.Hour(); h < dayStarts || h >= nightFalls {
		return true
	}
	// Clocks change in the small hours, never at 22:00, so time.Date's
	// reading of 22:00 is the one instant it names.
	y, m, d := local.Date()
	return end.After(time.Date(y, m, d, nightFalls, 0, 0, 0, loc))
}

// yearOf is the year something about a forum belongs to: the forum's, else
// the year of the day given. A report due in January belongs to the year
// of December's forum.
func yearOf(f *Forum, day Date) int {
	if f != nil {
		return f.FirstDay.Year
	}
	return day.Year
}

// actionYear is the year an action item belongs to: its session's or its
// forum's, else the year it is due.
func (c *Checker) actionYear(a *ActionItem) int {
	f := c.forums[a.ForumID]
	if s, ok := c.sessions[a.SessionID]; ok {
		f = c.forums[s.ForumID]
	}
	return yearOf(f, a.Due)
}

// actionFindings says whether an action item is overdue.
func (c *Checker) actionFindings(a *ActionItem) []found {
	if !a.Overdue(c.today) || c.archived[c.actionYear(a)] {
		return nil
	}
	x := found{
		Finding: Finding{Kind: ActionOverdue, ActionID: a.ID},
		rank:    kindRank[ActionOverdue],
		when:    time.Date(a.Due.Year, a.Due.Month, a.Due.Day, 0, 0, 0, 0, time.UTC),
		first:   a.ID,
	}
	if _, ok := c.people[a.OwnerID]; ok {
		x.PersonIDs, x.person = []int64{a.OwnerID}, a.OwnerID
	}
	if _, ok := c.sessions[a.SessionID]; ok {
		x.SessionIDs = []int64{a.SessionID}
	}
	return []found{x}
}

// sessionsFinding makes a finding about one session, or two (b not nil),
// and at most one person (0 for none).
func (c *Checker) sessionsFinding(k FindingKind, a, b *Session, person int64) found {
	x := found{
		Finding: Finding{Kind: k, SessionIDs: []int64{a.ID}},
		rank:    kindRank[k],
		when:    a.Start,
		first:   a.ID,
	}
	if b != nil {
		x.SessionIDs = append(x.SessionIDs, b.ID)
		x.second = b.ID
	}
	if person != 0 {
		x.PersonIDs, x.person = []int64{person}, person
	}
	return x
}

func hasConfirmed(s *Session, roles ...Role) bool {
	return slices.ContainsFunc(s.Participants, func(pt Participation) bool {
		return pt.Status == Confirmed && slices.Contains(roles, pt.Role)
	})
}

// callsItselfJoint reports whether a title says the session is joint: the
// coalition's word for a session run with another coalition, which then
// needs both among its organisers.
func callsItselfJoint(title string) bool {
	for word := range strings.FieldsFuncSeq(title, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if strings.EqualFold(word, "joint") {
			return true
		}
	}
	return false
}

// describe writes a finding's message from the plan as the checker holds it
// now. Every edit that could change a finding's words runs its rule again,
// so the words of a current finding are those it had when found; writing
// them only when they are read keeps a large plan's tens of thousands of
// findings small.
func (c *Checker) describe(x *found) string {
	m := newMessage()
	var (
		s, other *Session
		f        *Forum
		p        *Person
	)
	if len(x.SessionIDs) > 0 {
		s = c.sessions[x.SessionIDs[0]]
	}
	if len(x.SessionIDs) > 1 {
		other = c.sessions[x.SessionIDs[1]]
	}
	if s != nil {
		f = c.forums[s.ForumID]
	}
	if len(x.PersonIDs) > 0 {
		p = c.people[x.PersonIDs[0]]
	}
	if x.Kind == ActionOverdue {
		return c.describeAction(m, x, s, p)
	}
	if s == nil || (len(x.SessionIDs) > 1 && other == nil) || (len(x.PersonIDs) > 0 && p == nil) ||
		(x.Kind == LocalNight && p.Zone == nil) || (x.Kind == OutsideForumDays && f == nil) {
		// Only a finding already replaced can name what is gone.
		return m.text(string(x.Kind)).String()
	}
	// named starts a message with the session's title, forum and time.
	named := func() *message { return m.session(s, f, false) }
	switch x.Kind {
	case DoubleBooked:
		fo := c.forums[other.ForumID]
		// Each session is given in its forum's time; when the two forums keep
		// different clocks, say whose, or the overlap would not show.
		sameClock := zoneOf(f).String() == zoneOf(fo).String()
		m.text(p.Name, " is in two sessions at once: ").session(s, f, !sameClock).text(" and ").session(other, fo, !sameClock)
	case RoomClash:
		m.text(x.Room, " at ", forumName(f), " holds two sessions at once: ").
			quoted(s.Title).text(" (").span(s.Start, s.End, zoneOf(f)).text(") and ").
			quoted(other.Title).text(" (").span(other.Start, other.End, zoneOf(f)).text(")")
	case EndNotAfterStart:
		m.sessionAt(s, f).text(" ends at ").instant(s.End, zoneOf(f)).
			text(", which is not after it starts at ").instant(s.Start, zoneOf(f))
	case OutsideForumDays:
		named().text(" is outside the forum's days, ").day(f.FirstDay).text(" to ").day(f.LastDay)
	case JointOneOrganiser:
		named().text(" is a joint session but ")
		if len(s.Organisers) == 1 {
			m.text("only ", s.Organisers[0], " organises it")
		} else {
			m.text("no coalition organises it")
		}
		m.text("; add the other coalition as an organiser")
	case FewStakeholderGroups:
		b := SessionBalance(s, c.people)
		groups := present(b.Groups[:], balanceGroups)
		named().text(" has speakers and moderators from ").count(len(groups), "stakeholder group").
			text(" (", strings.Join(groups, ", "), "); aim for at least ").number(minGroups)
	case OneGender:
		named().text(": all its speakers and moderators who gave a gender are of one gender")
	case OneRegion:
		named().text(": all its speakers and moderators come from one UN region")
		b := SessionBalance(s, c.people)
		if regions := present(b.Regions[:], balanceRegions); len(regions) == 1 {
			m.text(" (", regions[0], ")")
		}
	case FewSpeakers:
		b := SessionBalance(s, c.people)
		named().text(" is ", string(s.Status), " with ").count(b.Speakers, "confirmed speaker").
			text("; the IGF asks for at least ").number(minSpeakers)
	case NoModerator:
		named().text(" is scheduled but has no confirmed moderator")
	case NoRapporteur:
		named().text(" is scheduled but has no confirmed rapporteur")
	case LocalNight:
		m.text(p.Name, ": ").span(s.Start, s.End, p.Zone).text(" in ", City(p.Zone), " for ").
			quoted(s.Title).text(" (", forumName(f), ", ").clockSpan(s.Start, s.End, zoneOf(f), p.Zone).
			text(" in ", ForumClocks(f), ")")
	case Unavailable:
		m.text(p.Name, " is not available for ").session(s, f, false).text(": it is outside the times they gave")
	case ReportOverdue:
		m.text("The report on ").session(s, f, false).text(" was due on ").day(ReportDue(s, f))
	}
	return m.String()
}

// describeAction writes the message of an overdue action item.
func (c *Checker) describeAction(m *message, x *found, s *Session, owner *Person) string {
	a, ok := c.actions[x.ActionID]
	if !ok {
		return m.text(string(x.Kind)).String()
	}
	if owner != nil {
		m.text(owner.Name, "'s action ")
	}
	m.quoted(a.Title)
	if s != nil {
		m.text(" for ").quoted(s.Title)
	}
	m.text(" was due on ").day(a.Due).text(" and is still ", string(a.Status))
	if owner == nil {
		m.text("; no one owns it")
	}
	return m.String()
}
