package model

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// The rules themselves. Each returns the findings of one rule run, with
// messages written for a coordinator: the session by title, forum and time,
// the person by name, times in the zone that matters to the reader.

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
	p, ok := c.people[id]
	if !ok {
		return nil
	}
	var fs []found
	c.byPerson[id].overlaps(func(a, b slot) {
		sa, sb := c.sessions[a.id], c.sessions[b.id]
		fa, fb := c.forums[sa.ForumID], c.forums[sb.ForumID]
		// Each session is given in its forum's time; when the two forums keep
		// different clocks, say whose, or the overlap would not show.
		sameClock := zoneOf(fa).String() == zoneOf(fb).String()
		msg := newMessage().text(p.Name, " is in two sessions at once: ").
			session(sa, fa, !sameClock).text(" and ").session(sb, fb, !sameClock)
		fs = append(fs, c.sessionsFinding(DoubleBooked, sa, sb, msg.String(), id))
	})
	return fs
}

// roomClashes finds sessions held in one room of a forum at the same time.
func (c *Checker) roomClashes(k roomKey) []found {
	var fs []found
	c.byRoom[k].overlaps(func(a, b slot) {
		sa, sb := c.sessions[a.id], c.sessions[b.id]
		f := c.forums[k.forum]
		msg := newMessage().text(sa.Room, " at ", forumName(f), " holds two sessions at once: ").
			quoted(sa.Title).text(" (").span(sa.Start, sa.End, zoneOf(f)).text(") and ").
			quoted(sb.Title).text(" (").span(sb.Start, sb.End, zoneOf(f)).text(")")
		x := c.sessionsFinding(RoomClash, sa, sb, msg.String(), 0)
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
	add := func(k FindingKind, m *message) {
		fs = append(fs, c.sessionsFinding(k, s, nil, m.String(), 0))
	}
	// named starts a message with the session's title, forum and time.
	named := func() *message { return newMessage().session(s, f, false) }

	switch {
	case s.Scheduled() && !s.End.After(s.Start):
		add(EndNotAfterStart, newMessage().sessionAt(s, f).text(" ends at ").instant(s.End, zoneOf(f)).
			text(", which is not after it starts at ").instant(s.Start, zoneOf(f)))
	case s.Scheduled() && f != nil && c.outsideDays(s, f):
		add(OutsideForumDays, named().text(" is outside the forum's days, ").
			day(f.FirstDay).text(" to ").day(f.LastDay))
	}
	if callsItselfJoint(s.Title) && len(s.Organisers) < 2 {
		m := named().text(" is a joint session but ")
		if len(s.Organisers) == 1 {
			m.text("only ", s.Organisers[0], " organises it")
		} else {
			m.text("no coalition organises it")
		}
		add(JointOneOrganiser, m.text("; add the other coalition as an organiser"))
	}

	b := SessionBalance(s, c.people)
	if b.People > 0 && nonZero(b.Groups[:]) < minGroups {
		groups := present(b.Groups[:], balanceGroups)
		add(FewStakeholderGroups, named().text(" has speakers and moderators from ").
			count(len(groups), "stakeholder group").text(" (", strings.Join(groups, ", "), "); aim for at least ").
			number(minGroups))
	}
	if people, genders := b.givenGenders(); people >= 2 && genders == 1 {
		add(OneGender, named().text(": all its speakers and moderators who gave a gender are of one gender"))
	}
	if b.People-b.NoRegion >= 2 && nonZero(b.Regions[:]) == 1 {
		add(OneRegion, named().text(": all its speakers and moderators come from one UN region (",
			present(b.Regions[:], balanceRegions)[0], ")"))
	}
	if s.Status != StatusIdea && b.Speakers < minSpeakers {
		add(FewSpeakers, named().text(" is ", string(s.Status), " with ").count(b.Speakers, "confirmed speaker").
			text("; the IGF asks for at least ").number(minSpeakers))
	}
	if s.Status == StatusScheduled {
		if !hasConfirmed(s, RoleModerator, RoleOnlineModerator) {
			add(NoModerator, named().text(" is scheduled but has no confirmed moderator"))
		}
		if !hasConfirmed(s, RoleRapporteur) {
			add(NoRapporteur, named().text(" is scheduled but has no confirmed rapporteur"))
		}
	}
	if occupies(s) {
		fs = append(fs, c.peoplesTime(s, f)...)
	}
	if !s.ReportDue.IsZero() && s.ReportDue.Before(c.today) {
		add(ReportOverdue, newMessage().text("The report on ").session(s, f, false).text(" was due on ").day(s.ReportDue))
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
func (c *Checker) peoplesTime(s *Session, f *Forum) []found {
	var fs []found
	for i, pt := range s.Participants {
		p, ok := c.people[pt.PersonID]
		if pt.Status == Declined || !ok || slices.ContainsFunc(s.Participants[:i], func(q Participation) bool {
			return q.PersonID == pt.PersonID && q.Status != Declined
		}) {
			continue
		}
		if p.Zone != nil && atNight(s.Start, s.End, p.Zone) {
			m := newMessage().text(p.Name, ": ").span(s.Start, s.End, p.Zone).text(" in ", City(p.Zone), " for ").
				quoted(s.Title).text(" (", forumName(f), ", ").clockSpan(s.Start, s.End, zoneOf(f), p.Zone).
				text(" in ", place(f), ")")
			fs = append(fs, c.sessionsFinding(LocalNight, s, nil, m.String(), p.ID))
		}
		if !available(p, s) {
			m := newMessage().text(p.Name, " is not available for ").session(s, f, false).
				text(": it is outside the times they gave")
			fs = append(fs, c.sessionsFinding(Unavailable, s, nil, m.String(), p.ID))
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

// actionFindings says whether an action item is overdue.
func (c *Checker) actionFindings(a *ActionItem) []found {
	if !a.Overdue(c.today) {
		return nil
	}
	x := found{
		Finding: Finding{Kind: ActionOverdue, ActionID: a.ID},
		rank:    kindRank[ActionOverdue],
		when:    time.Date(a.Due.Year, a.Due.Month, a.Due.Day, 0, 0, 0, 0, time.UTC),
		first:   a.ID,
	}
	m := newMessage()
	owner, owned := c.people[a.OwnerID]
	if owned {
		x.PersonIDs = []int64{owner.ID}
		m.text(owner.Name, "'s action ")
	}
	m.quoted(a.Title)
	if s, ok := c.sessions[a.SessionID]; ok {
		m.text(" for ").quoted(s.Title)
		x.SessionIDs = []int64{s.ID}
	}
	m.text(" was due on ").day(a.Due).text(" and is still ", string(a.Status))
	if !owned {
		m.text("; no one owns it")
	}
	x.Message = m.String()
	return []found{x}
}

// sessionsFinding makes a finding about one session, or two (b not nil),
// and at most one person (0 for none).
func (c *Checker) sessionsFinding(k FindingKind, a, b *Session, msg string, person int64) found {
	x := found{
		Finding: Finding{Kind: k, Message: msg, SessionIDs: []int64{a.ID}},
		rank:    kindRank[k],
		when:    a.Start,
		first:   a.ID,
	}
	if b != nil {
		x.SessionIDs = append(x.SessionIDs, b.ID)
		x.second = b.ID
	}
	if person != 0 {
		x.PersonIDs = []int64{person}
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
