package ical

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/model"
)

// Invitation is one iTIP message (RFC 5546) about a session to one of its
// participants: a REQUEST to take part, or a CANCEL when the session is
// cancelled or they are taken off it. Its only ATTENDEE is its recipient,
// so no one's address reaches anyone else.
type Invitation struct {
	Method    ics.Method // ics.MethodRequest or ics.MethodCancel
	Session   *model.Session
	Forum     *model.Forum
	Organizer Address // the coordinator who sends it
	Attendee  Address // its recipient
	// Roles are the recipient's roles in the session; the strongest is
	// their ATTENDEE ROLE. A CANCEL to someone taken off has none.
	Roles    []model.Role
	Sequence int
	Stamp    time.Time // DTSTAMP: when the message is made
}

// Address is a person as iTIP names them: CN and a mailto: address.
type Address struct {
	Name, Email string
}

// WriteInvitation writes the invitation as an iCalendar object with its
// METHOD, the forum's VTIMEZONE and one VEVENT. A session without times can
// only be cancelled.
func WriteInvitation(out io.Writer, inv *Invitation) error {
	s := inv.Session
	if !s.Scheduled() && inv.Method != ics.MethodCancel {
		return fmt.Errorf("invite to %q: the session has no times yet", s.Title)
	}
	bw := bufio.NewWriter(out)
	w := newWriter(bw)
	w.calendar(inv.Method)
	if s.Scheduled() {
		z := zoneSpan{loc: inv.Forum.Zone}
		z.widen(s.Start, s.End)
		w.timezone(z)
	}
	w.invitationEvent(inv, inv.Stamp, inv.Sequence)
	w.end(ics.ComponentVCalendar)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write the invitation to %q: %w", s.Title, err)
	}
	return nil
}

// Shown identifies what the invitation shows its recipient: everything in
// its VEVENT but when it was made and its SEQUENCE. Two invitations with
// the same Shown look the same in a calendar, so the second need not be sent.
func (inv *Invitation) Shown() string {
	h := sha256.New()
	bw := bufio.NewWriter(h)
	newWriter(bw).invitationEvent(inv, time.Time{}, 0)
	bw.Flush()
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func (w *writer) invitationEvent(inv *Invitation, stamp time.Time, sequence int) {
	s, f := inv.Session, inv.Forum
	w.eventHead(s, f.Zone, stamp, sequence)
	status := EventStatus(s.Status)
	if inv.Method == ics.MethodCancel {
		status = ics.ObjectStatusCancelled
	}
	w.name(ics.PropertyStatus)
	w.raw(string(status))
	w.name(ics.PropertyDescription)
	w.text(invitationDescription(inv))
	w.name(ics.PropertyOrganizer)
	if inv.Organizer.Name != "" {
		w.param(ics.ParameterCn, inv.Organizer.Name)
	}
	w.raw("mailto:", inv.Organizer.Email)
	w.name(ics.PropertyAttendee)
	if inv.Attendee.Name != "" {
		w.param(ics.ParameterCn, inv.Attendee.Name)
	}
	w.param(ics.ParameterCutype, "INDIVIDUAL")
	w.param(ics.ParameterRole, string(strongestRole(inv.Roles)))
	if inv.Method == ics.MethodRequest {
		w.param(ics.ParameterParticipationStatus, string(ics.ParticipationStatusNeedsAction))
		w.param(ics.ParameterRsvp, "TRUE")
	}
	w.raw("mailto:", inv.Attendee.Email)
	w.end(ics.ComponentVEvent)
}

// invitationDescription is the session's own description, then what the
// recipient is asked to do there. Other participants are left out: what a
// message shows must change only when something changes for its recipient.
func invitationDescription(inv *Invitation) string {
	var b strings.Builder
	b.WriteString(inv.Session.Description)
	if b.Len() > 0 {
		b.WriteString("\n\n")
	}
	b.WriteString(detailsMarker)
	b.WriteString("\nForum: ")
	b.WriteString(inv.Forum.Name)
	b.WriteString("\nFormat: ")
	b.WriteString(string(inv.Session.Format))
	if len(inv.Session.Organisers) > 0 {
		b.WriteString("\nOrganisers: ")
		b.WriteString(joinAnd(inv.Session.Organisers))
	}
	if len(inv.Roles) > 0 {
		b.WriteString("\nYour role: ")
		b.WriteString(RoleWords(inv.Roles))
	}
	return b.String()
}

// RoleWords names roles as a person reads them: "Speaker and rapporteur".
func RoleWords(roles []model.Role) string {
	words := make([]string, len(roles))
	for i, r := range roles {
		words[i] = roleLabel(r)
		if i > 0 {
			words[i] = strings.ToLower(words[i])
		}
	}
	return joinAnd(words)
}

func strongestRole(roles []model.Role) ics.ParticipationRole {
	best := ics.ParticipationRoleOptParticipant
	if len(roles) == 0 {
		return ics.ParticipationRoleNonParticipant
	}
	for _, r := range roles {
		if pr := participationRole(r); roleRank(pr) > roleRank(best) {
			best = pr
		}
	}
	return best
}

// Reply is an attendee's answer to an invitation (iTIP METHOD:REPLY), or a
// counter-proposal (METHOD:COUNTER), as a calendar client sends it back.
type Reply struct {
	File     string
	Line     int // of its BEGIN:VEVENT
	Method   ics.Method
	UID      string
	Sequence int
	Attendee Address
	Partstat ics.ParticipationStatus
	// What a COUNTER proposes instead, and what the attendee wrote.
	Start, End time.Time
	Comment    string
}

// ReadReplies reads every VEVENT of an iTIP REPLY or COUNTER calendar.
// Each must name exactly one ATTENDEE, the one who answers (RFC 5546
// §3.2.3); what cannot be read is reported as Errors naming the line, a
// calendar of another METHOD as one error naming it.
func ReadReplies(r io.Reader, file string) ([]Reply, error) {
	roots, errs, err := parse(r, file)
	if err != nil {
		return nil, err
	}
	z := newZones(roots, nil)
	var replies []Reply
	for _, cal := range roots {
		method := ics.Method("")
		if p := cal.first(string(ics.PropertyMethod)); p != nil {
			method = ics.Method(strings.ToUpper(strings.TrimSpace(p.value)))
		}
		if method != ics.MethodReply && method != ics.MethodCounter {
			shown := string(method)
			if shown == "" {
				shown = "none"
			}
			errs.add(file, cal.line, "the calendar is not an answer to an invitation: its METHOD is %s, not REPLY or COUNTER", shown)
			continue
		}
		for _, c := range cal.subs {
			if c.name != string(ics.ComponentVEvent) {
				continue
			}
			if rep, ok := readReply(c, method, z, file, &errs); ok {
				replies = append(replies, rep)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(replies) == 0 {
		return nil, Errors{{File: file, Line: 1, Err: fmt.Errorf("the calendar holds no VEVENT to answer")}}
	}
	return replies, nil
}

func readReply(c *component, method ics.Method, z *zones, file string, errs *Errors) (Reply, bool) {
	rep := Reply{File: file, Line: c.line, Method: method}
	before := len(*errs)
	bad := func(line int, format string, args ...any) { errs.add(file, line, format, args...) }
	attendees := 0
	for _, p := range c.props {
		switch ics.Property(p.name) {
		case ics.PropertyUid:
			rep.UID = strings.TrimSpace(unescapeText(p.value))
		case ics.PropertySequence:
			n, err := strconv.Atoi(strings.TrimSpace(p.value))
			if err != nil || n < 0 {
				bad(p.line, "SEQUENCE %q is not a whole number", p.value)
			}
			rep.Sequence = n
		case ics.PropertyAttendee:
			attendees++
			rep.Attendee = Address{Name: p.param(string(ics.ParameterCn)), Email: mailto(p.value)}
			rep.Partstat = ics.ParticipationStatus(strings.ToUpper(p.param(string(ics.ParameterParticipationStatus))))
			if attendees > 1 {
				bad(p.line, "the answer names a second ATTENDEE; an answer is from one attendee")
			}
		case ics.PropertyComment:
			rep.Comment = unescapeText(p.value)
		case ics.PropertyDtstart, ics.PropertyDtend:
			if method != ics.MethodCounter {
				continue
			}
			t, _, err := z.instant(p)
			if err != nil {
				bad(p.line, "%v", err)
			} else if p.name == string(ics.PropertyDtstart) {
				rep.Start = t.UTC()
			} else {
				rep.End = t.UTC()
			}
		}
	}
	if rep.UID == "" {
		bad(c.line, "the answer has no UID, so it is not known which invitation it answers")
	}
	if attendees == 0 {
		bad(c.line, "the answer has no ATTENDEE, so it is not known who answers")
	}
	return rep, len(*errs) == before
}

// mailto returns the address of a CAL-ADDRESS, without its scheme and in
// the case it was written (clients write MAILTO: as often as mailto:).
func mailto(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		v = v[7:]
	}
	return v
}
