package ical

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// ProductID names Convene as the producer of the calendars it writes.
const ProductID = "-//Convene//Convene planner//EN"

// detailsMarker starts the part of an event's DESCRIPTION that Convene
// writes from the session's other fields, after the session's own
// description. Reading a calendar back, what follows it is not description.
const detailsMarker = "Details from Convene:"

// Options say what a calendar holds.
type Options struct {
	// PlanName names the calendar of a whole plan (X-WR-CALNAME); a forum's
	// or a person's calendar is named after them.
	PlanName string
	// ForumID, when not 0, keeps that forum's sessions and action items.
	ForumID int64
	// PersonID, when not 0, keeps the sessions that person takes part in
	// (not those they declined) and the action items they own.
	PersonID int64
	// Todos adds the action items as VTODOs.
	Todos bool
	// WithContacts adds emails and ATTENDEE lines, which are personal data
	// and leave the plan only when the user asks.
	WithContacts bool
	// ViewerZone, when set, is the zone of the one the calendar is for (a
	// person's own feed): X-WR-TIMEZONE names it, so a client that follows
	// it shows the times in that person's terms. Events keep their forum's
	// TZID either way.
	ViewerZone *time.Location
	// Stamp is every component's DTSTAMP, the moment the calendar was made;
	// the zero time means now. Nothing else in the file depends on when it
	// is written, so two exports of one plan differ only here.
	Stamp time.Time
}

// Source is what a calendar is written from. Its sessions come one at a
// time, so a plan of any size can be written straight from its file
// (storage's EachSession) as well as from memory (Export).
type Source struct {
	Forums  []model.Forum
	People  []model.Person     // names, and emails with contacts
	Actions []model.ActionItem // VTODOs, with Options.Todos
	// Spans holds, by forum ID, when the sessions with times take place:
	// the zones and years the VTIMEZONEs describe, written before the
	// first event.
	Spans map[int64]storage.Span
	// Sessions calls yield with each session, ordered by ID, so a calendar
	// is the same byte for byte whichever way it was read, and returns the
	// first error yield returns. Write calls it on a goroutine of its own,
	// while it writes the sessions already read; the sessions yielded must
	// stay as they are until Write returns.
	Sessions func(yield func(*model.Session) error) error
}

// Export writes the plan's calendar to out: see Write.
func Export(out io.Writer, p *model.Plan, opts Options) error {
	return Write(out, planSource(p, opts), opts)
}

// planSource gives the plan's sessions that the options keep, in the order
// a Source promises, with their spans.
func planSource(p *model.Plan, opts Options) Source {
	var sessions []*model.Session
	spans := map[int64]storage.Span{}
	for i := range p.Sessions {
		s := &p.Sessions[i]
		if !keepSession(s, opts) {
			continue
		}
		sessions = append(sessions, s)
		if s.Scheduled() {
			sp, ok := spans[s.ForumID]
			for _, t := range []time.Time{s.Start, s.End} {
				if !ok || t.Before(sp.First) {
					sp.First = t
				}
				if !ok || t.After(sp.Last) {
					sp.Last = t
				}
				ok = true
			}
			spans[s.ForumID] = sp
		}
	}
	slices.SortFunc(sessions, func(a, b *model.Session) int { return cmp.Compare(a.ID, b.ID) })
	return Source{Forums: p.Forums, People: p.People, Actions: p.Actions, Spans: spans,
		Sessions: func(yield func(*model.Session) error) error {
			for _, s := range sessions {
				if err := yield(s); err != nil {
					return err
				}
			}
			return nil
		}}
}

// sessionRef is what a VTODO says of the session its action item is about.
type sessionRef struct {
	uid, title string
	forumID    int64
}

// Write writes the source's sessions that have times, whatever their
// status, as one VEVENT each (and action items as VTODOs when asked) to
// out, as one RFC 5545 calendar. It writes as the sessions come, holding
// neither them nor the file.
func Write(out io.Writer, src Source, opts Options) error {
	ix := (&model.Plan{Forums: src.Forums, People: src.People}).Index()
	stamp := opts.Stamp
	if stamp.IsZero() {
		stamp = time.Now()
	}
	stamp = stamp.UTC().Truncate(time.Second)
	zones, spanOf, err := zonesOf(src.Spans, ix, opts)
	if err != nil {
		return err
	}

	bw := bufio.NewWriterSize(out, 64<<10)
	w := newWriter(bw)
	w.calendar(ics.MethodPublish)
	// X- properties are of unknown type to a reader unless it is given:
	// without VALUE=TEXT, ical.js shows the escapes of a name like
	// "O'Brien, Sam" as written.
	w.name(ics.PropertyXWRCalName)
	w.param(ics.ParameterValue, string(ics.ValueDataTypeText))
	w.text(calendarName(ix, opts))
	// Google Calendar shows a subscribed calendar in this zone.
	if viewer := cmp.Or(opts.ViewerZone, oneZone(zones)); viewer != nil {
		w.name(ics.PropertyXWRTimezone)
		w.param(ics.ParameterValue, string(ics.ValueDataTypeText))
		w.text(viewer.String())
	}
	for _, z := range zones {
		w.timezone(z)
	}
	var (
		details []byte // reused from one event to the next
		refs    = map[int64]sessionRef{}
	)
	err = alongside(src.Sessions, func(s *model.Session) error {
		if opts.Todos {
			refs[s.ID] = sessionRef{s.UID, s.Title, s.ForumID}
		}
		if !s.Scheduled() || !keepSession(s, opts) {
			return nil
		}
		if z := spanOf[s.ForumID]; z == nil || !z.holds(s.Start) || !z.holds(s.End) {
			return fmt.Errorf("write the calendar: session %q is not within the times its zone was written for", s.Title)
		}
		details = w.event(s, ix, opts, stamp, details)
		return nil
	})
	if err != nil {
		return err
	}
	if opts.Todos {
		for i := range src.Actions {
			if a := &src.Actions[i]; keepAction(a, refs, opts) {
				w.todo(a, ix, refs, opts, stamp)
			}
		}
	}
	w.end(ics.ComponentVCalendar)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write the calendar: %w", err)
	}
	return nil
}

// oneZone is the zone of a calendar whose events all use one, else nil.
func oneZone(zones []zoneSpan) *time.Location {
	if len(zones) == 1 {
		return zones[0].loc
	}
	return nil
}

// alongside calls each with every session that sessions yields, in order.
// The sessions are read on a goroutine of their own, in batches, so that
// reading a plan file and writing the calendar use two cores at once. The
// first error, from either side, stops both and is returned.
func alongside(sessions func(yield func(*model.Session) error) error, each func(*model.Session) error) error {
	const batchSize = 256
	var (
		batches = make(chan []*model.Session, 4)
		stop    = make(chan struct{})
		read    = make(chan error, 1)
	)
	go func() {
		defer close(batches)
		send := func(b []*model.Session) error {
			select {
			case batches <- b:
				return nil
			case <-stop:
				return errStopped
			}
		}
		batch := make([]*model.Session, 0, batchSize)
		err := sessions(func(s *model.Session) error {
			if batch = append(batch, s); len(batch) < batchSize {
				return nil
			}
			b := batch
			batch = make([]*model.Session, 0, batchSize)
			return send(b)
		})
		if err == nil && len(batch) > 0 {
			err = send(batch)
		}
		read <- err
	}()
	for b := range batches {
		for _, s := range b {
			if err := each(s); err != nil {
				close(stop)
				for range batches {
				}
				<-read
				return err
			}
		}
	}
	return <-read
}

// errStopped ends the reading of sessions once writing them has failed.
var errStopped = errors.New("stopped")

// keepSession reports whether the options keep the session.
func keepSession(s *model.Session, opts Options) bool {
	return (opts.ForumID == 0 || s.ForumID == opts.ForumID) && (opts.PersonID == 0 || takesPart(s, opts.PersonID))
}

// zonesOf returns the zones the spans' forums use, by name, each covering
// every span in it, and the zone of each forum.
func zonesOf(spans map[int64]storage.Span, ix model.Index, opts Options) ([]zoneSpan, map[int64]*zoneSpan, error) {
	byZone := map[string]*zoneSpan{}
	byForum := map[int64]*zoneSpan{}
	for id, sp := range spans {
		if opts.ForumID != 0 && id != opts.ForumID {
			continue
		}
		f := ix.Forums[id]
		if f == nil {
			return nil, nil, fmt.Errorf("write the calendar: forum %d of a session is not in the plan", id)
		}
		z := byZone[f.Zone.String()]
		if z == nil {
			z = &zoneSpan{loc: f.Zone}
			byZone[f.Zone.String()] = z
		}
		z.widen(sp.First, sp.Last)
		byForum[id] = z
	}
	zones := make([]zoneSpan, 0, len(byZone))
	for _, z := range byZone {
		zones = append(zones, *z)
	}
	slices.SortFunc(zones, func(a, b zoneSpan) int { return cmp.Compare(a.loc.String(), b.loc.String()) })
	return zones, byForum, nil
}

// takesPart reports whether the person has a part in the session that they
// have not declined.
func takesPart(s *model.Session, personID int64) bool {
	for _, pt := range s.Participants {
		if pt.PersonID == personID && pt.Status != model.Declined {
			return true
		}
	}
	return false
}

func keepAction(a *model.ActionItem, refs map[int64]sessionRef, opts Options) bool {
	if opts.PersonID != 0 && a.OwnerID != opts.PersonID {
		return false
	}
	if opts.ForumID == 0 || a.ForumID == opts.ForumID {
		return true
	}
	s, ok := refs[a.SessionID]
	return ok && s.forumID == opts.ForumID
}

func calendarName(ix model.Index, opts Options) string {
	var parts []string
	if p := ix.People[opts.PersonID]; p != nil {
		parts = append(parts, p.Name)
	}
	if f := ix.Forums[opts.ForumID]; f != nil {
		parts = append(parts, f.Name)
	}
	if len(parts) == 0 {
		return opts.PlanName
	}
	return strings.Join(parts, " — ")
}

// EventStatus is the iCalendar STATUS a session of the given status has.
func EventStatus(s model.SessionStatus) ics.ObjectStatus {
	switch s {
	case model.StatusScheduled, model.StatusHeld:
		return ics.ObjectStatusConfirmed
	case model.StatusCancelled:
		return ics.ObjectStatusCancelled
	}
	return ics.ObjectStatusTentative
}

func (w *writer) event(s *model.Session, ix model.Index, opts Options, stamp time.Time, details []byte) []byte {
	f := ix.Forums[s.ForumID]
	w.eventHead(s, f.Zone, stamp, s.Sequence)
	w.name(ics.PropertyStatus)
	w.raw(string(EventStatus(s.Status)))
	if len(s.Topics) > 0 {
		w.name(ics.PropertyCategories)
		w.list(s.Topics)
	}
	details = describe(details[:0], s, ix, opts)
	w.name(ics.PropertyDescription)
	w.text(string(details))
	if opts.WithContacts {
		w.attendees(s, ix)
	}
	w.end(ics.ComponentVEvent)
	return details
}

// describe appends what a calendar shows of a session beyond its title,
// time and place: its own description, then its format and status, its
// organisers, its people with their roles and confirmation, and its room or
// link. Emails appear only with contacts. It appends to b rather than
// formatting, since it runs once per session of plans of tens of thousands.
func describe(b []byte, s *model.Session, ix model.Index, opts Options) []byte {
	if s.Description != "" {
		// A CR ending the description would make one line break of the
		// CR LF below; the writer takes CR LF, CR and LF each as one.
		if strings.IndexByte(s.Description, '\r') >= 0 {
			b = append(b, lineBreaks.Replace(s.Description)...)
		} else {
			b = append(b, s.Description...)
		}
		b = append(b, "\n\n"...)
	}
	b = append(b, detailsMarker...)
	b = append(b, "\nFormat: "...)
	b = append(b, s.Format...)
	b = append(b, ", "...)
	b = append(b, s.Status...)
	if len(s.Organisers) > 0 {
		b = append(b, "\nOrganisers: "...)
		b = append(b, joinAnd(s.Organisers)...)
		if s.Joint() {
			b = append(b, " (joint session)"...)
		}
	}
	for _, pt := range s.Participants {
		p := ix.People[pt.PersonID]
		if p == nil {
			continue
		}
		b = append(b, '\n')
		b = append(b, roleLabel(pt.Role)...)
		b = append(b, ": "...)
		b = append(b, p.Name...)
		if opts.WithContacts && p.Email != "" {
			b = append(b, " <"...)
			b = append(b, p.Email...)
			b = append(b, '>')
		}
		b = append(b, " ("...)
		b = append(b, pt.Status...)
		b = append(b, ')')
	}
	switch {
	case isLink(s.Room):
		b = append(b, "\nLink: "...)
		b = append(b, s.Room...)
	case s.Room != "":
		b = append(b, "\nRoom: "...)
		b = append(b, s.Room...)
	}
	return b
}

var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// roleLabels are the roles as a description names them.
var roleLabels = map[model.Role]string{
	model.RoleModerator:       "Moderator",
	model.RoleOnlineModerator: "Online moderator",
	model.RoleSpeaker:         "Speaker",
	model.RoleRapporteur:      "Rapporteur",
	model.RoleOrganiser:       "Organiser",
}

func roleLabel(r model.Role) string {
	if label, ok := roleLabels[r]; ok {
		return label
	}
	return string(r)
}

// joinAnd lists names as a person writes them: "A", "A and B", "A, B and C".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func isLink(room string) bool {
	return strings.HasPrefix(room, "https://") || strings.HasPrefix(room, "http://")
}

// attendee is one person's part in a session as ATTENDEE says it.
type attendee struct {
	p        *model.Person
	role     ics.ParticipationRole
	partstat ics.ParticipationStatus
}

// attendees writes one ATTENDEE per person with an email: the person's
// strongest role in the session and how far they have said yes.
func (w *writer) attendees(s *model.Session, ix model.Index) {
	list := w.people[:0]
	for _, pt := range s.Participants {
		p := ix.People[pt.PersonID]
		if p == nil || p.Email == "" {
			continue
		}
		role, partstat := participationRole(pt.Role), participationStatus(pt.Status)
		i := slices.IndexFunc(list, func(a attendee) bool { return a.p == p })
		if i < 0 {
			list = append(list, attendee{p, role, partstat})
			continue
		}
		if roleRank(role) > roleRank(list[i].role) {
			list[i].role = role
		}
		if statusRank(partstat) > statusRank(list[i].partstat) {
			list[i].partstat = partstat
		}
	}
	for _, a := range list {
		w.name(ics.PropertyAttendee)
		w.param(ics.ParameterCn, a.p.Name)
		w.param(ics.ParameterRole, string(a.role))
		w.param(ics.ParameterParticipationStatus, string(a.partstat))
		w.raw("mailto:", a.p.Email)
	}
	w.people = list
}

// participationRole maps a role to RFC 5545's: moderators chair, speakers
// and rapporteurs are required, organisers optional.
func participationRole(r model.Role) ics.ParticipationRole {
	switch r {
	case model.RoleModerator, model.RoleOnlineModerator:
		return ics.ParticipationRoleChair
	case model.RoleSpeaker, model.RoleRapporteur:
		return ics.ParticipationRoleReqParticipant
	}
	return ics.ParticipationRoleOptParticipant
}

func roleRank(r ics.ParticipationRole) int {
	switch r {
	case ics.ParticipationRoleChair:
		return 2
	case ics.ParticipationRoleReqParticipant:
		return 1
	}
	return 0
}

func participationStatus(c model.Confirmation) ics.ParticipationStatus {
	switch c {
	case model.Confirmed:
		return ics.ParticipationStatusAccepted
	case model.Declined:
		return ics.ParticipationStatusDeclined
	}
	return ics.ParticipationStatusNeedsAction
}

func statusRank(s ics.ParticipationStatus) int {
	switch s {
	case ics.ParticipationStatusAccepted:
		return 2
	case ics.ParticipationStatusNeedsAction:
		return 1
	}
	return 0
}

// TodoStatus is the iCalendar STATUS of an action item of the given status.
func TodoStatus(s model.ActionStatus) ics.ObjectStatus {
	switch s {
	case model.ActionInProgress:
		return ics.ObjectStatusInProcess
	case model.ActionDone:
		return ics.ObjectStatusCompleted
	case model.ActionDropped:
		return ics.ObjectStatusCancelled
	}
	return ics.ObjectStatusNeedsAction
}

// todoUID is an action item's UID. Action items have no stored UID; their
// ID never changes while the plan keeps them, so it is what makes the UID
// stable from one export to the next.
func todoUID(a *model.ActionItem) string { return fmt.Sprintf("action-%d@convene", a.ID) }

func (w *writer) todo(a *model.ActionItem, ix model.Index, refs map[int64]sessionRef, opts Options, stamp time.Time) {
	w.begin(ics.ComponentVTodo)
	w.name(ics.PropertyUid)
	w.text(todoUID(a))
	w.name(ics.PropertyDtstamp)
	w.timeValue(stamp, utcLayout)
	if !a.Due.IsZero() {
		w.name(ics.PropertyDue)
		w.param(ics.ParameterValue, string(ics.ValueDataTypeDate))
		w.timeValue(time.Date(a.Due.Year, a.Due.Month, a.Due.Day, 0, 0, 0, 0, time.UTC), dateLayout)
	}
	w.name(ics.PropertyStatus)
	w.raw(string(TodoStatus(a.Status)))
	w.name(ics.PropertySummary)
	w.text(a.Title)
	var b strings.Builder
	b.WriteString(a.Notes)
	if p := ix.People[a.OwnerID]; p != nil {
		line := "Owner: " + p.Name
		if opts.WithContacts && p.Email != "" {
			line += " <" + p.Email + ">"
		}
		addLine(&b, line)
	}
	if s, ok := refs[a.SessionID]; ok {
		addLine(&b, "Session: "+s.title)
	}
	if f := ix.Forums[a.ForumID]; f != nil {
		addLine(&b, "Forum: "+f.Name)
	}
	if b.Len() > 0 {
		w.name(ics.PropertyDescription)
		w.text(b.String())
	}
	if s, ok := refs[a.SessionID]; ok {
		w.name(ics.PropertyRelatedTo)
		w.text(s.uid)
	}
	w.end(ics.ComponentVTodo)
}

func addLine(b *strings.Builder, line string) {
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
	b.WriteString(line)
}
