package imip_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/imip"
	"github.com/convene-planner/convene/storage/imip/imiptest"
)

var coordinator = ical.Address{Name: "DC-IoT coordination", Email: "coordination@dc-iot.example.org"}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// igfPlan is a forum in Katowice with two sessions: a workshop Kenji (in
// Tokyo) speaks at and reports on, Zofia moderates and Li declined, and a
// lightning talk by Zofia and Ana, who has no email.
func igfPlan(t *testing.T) *model.Plan {
	t.Helper()
	warsaw := zone(t, "Europe/Warsaw")
	at := func(day, hour, min int) time.Time { return time.Date(2021, 12, day, hour, min, 0, 0, warsaw) }
	return &model.Plan{
		Forums: []model.Forum{{ID: 1, Name: "IGF 2021", City: "Katowice", Zone: warsaw}},
		People: []model.Person{
			{ID: 1, Name: "Kenji Watanabe", Email: "kenji.watanabe@example.com", Zone: zone(t, "Asia/Tokyo")},
			{ID: 2, Name: "Zofia Wróblewska", Email: "zofia.wroblewska@example.org", Zone: warsaw},
			{ID: 3, Name: "Li Ming", Email: "li.ming@example.com", Zone: zone(t, "Asia/Shanghai")},
			{ID: 4, Name: "Ana Silva", Zone: zone(t, "America/Sao_Paulo")},
		},
		Sessions: []model.Session{
			{ID: 1, UID: "workshop@convene", ForumID: 1, Title: "Vulnerability disclosure, from research to repair",
				Format: model.FormatWorkshop, Start: at(8, 11, 0), End: at(8, 12, 30), Room: "Room 2",
				Status: model.StatusScheduled, Organisers: []string{"DC-IoT"}, Sequence: 3,
				Participants: []model.Participation{
					{PersonID: 2, Role: model.RoleModerator, Status: model.Confirmed},
					{PersonID: 1, Role: model.RoleSpeaker, Status: model.Invited},
					{PersonID: 1, Role: model.RoleRapporteur, Status: model.Invited},
					{PersonID: 3, Role: model.RoleSpeaker, Status: model.Declined},
				}},
			{ID: 2, UID: "talk@convene", ForumID: 1, Title: "Software update in practice",
				Format: model.FormatLightningTalk, Start: at(9, 14, 0), End: at(9, 14, 30), Room: "Stage",
				Status: model.StatusAccepted, Organisers: []string{"DC-IoT"},
				Participants: []model.Participation{
					{PersonID: 2, Role: model.RoleSpeaker, Status: model.Confirmed},
					{PersonID: 4, Role: model.RoleSpeaker, Status: model.Invited},
				}},
		},
	}
}

// Kenji's invitation reads the same in a mail client and in Thunderbird's
// calendar: a text in words with the time on his clocks and on Katowice's,
// and the session with him as its only attendee, asked to answer.
func TestAnInvitationReadsAlikeInAMailClientAndInThunderbirdsCalendar(t *testing.T) {
	p := igfPlan(t)
	stamp := time.Date(2021, 10, 1, 9, 0, 0, 0, time.UTC)
	out, _ := imip.Decide(p, nil, coordinator, imip.Scope{SessionID: 1, PersonID: 1}, stamp)
	if len(out) != 1 {
		t.Fatalf("%d messages for Kenji on the workshop, want 1", len(out))
	}
	msg, err := imip.Compose(&out[0])
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kenji.eml")
	if err := os.WriteFile(path, msg, 0o600); err != nil {
		t.Fatal(err)
	}
	l := imiptest.ReadLetters(t, path)[0]
	js := l.ICalJS

	if l.ContentType != "multipart/alternative" || !slices.Equal(l.Parts, []string{"text/plain", "text/calendar"}) {
		t.Errorf("the message is %s of %v; want multipart/alternative of text/plain and text/calendar", l.ContentType, l.Parts)
	}
	if l.MethodParam != "REQUEST" || l.Calendar.Method != "REQUEST" || js.Method != "REQUEST" {
		t.Errorf("method %q on the part, %q/%q in the calendar; want REQUEST", l.MethodParam, l.Calendar.Method, js.Method)
	}
	if !slices.Equal(l.To, []string{"kenji.watanabe@example.com"}) || l.Cc != nil || !strings.Contains(l.From, coordinator.Email) {
		t.Errorf("from %q to %v cc %v", l.From, l.To, l.Cc)
	}
	if l.Subject != "Invitation: Vulnerability disclosure, from research to repair" {
		t.Errorf("subject %q", l.Subject)
	}
	for _, words := range []string{
		"Dear Kenji Watanabe", "as speaker and rapporteur", "Vulnerability disclosure, from research to repair",
		"Wed 8 Dec 2021 19:00–20:30 your time (Tokyo)", "Wed 8 Dec 2021 11:00–12:30 the forum's time (Katowice)",
		"Where: Room 2", coordinator.Email,
	} {
		if !strings.Contains(l.Text, words) {
			t.Errorf("the text does not say %q:\n%s", words, l.Text)
		}
	}
	// No one else's address is anywhere in the message.
	// The calendar's lines are unfolded first: a fold may split an address.
	unfolded := strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(l.Calendar.Text)
	for _, other := range []string{"zofia", "li.ming"} {
		if strings.Contains(strings.ToLower(string(msg)+l.Text+unfolded), other) {
			t.Errorf("the message to Kenji holds %s's address", other)
		}
	}
	if len(l.Calendar.Timezones) != 1 || l.Calendar.Timezones[0] != "Europe/Warsaw" {
		t.Errorf("VTIMEZONEs %v, want Europe/Warsaw", l.Calendar.Timezones)
	}
	for reader, ev := range map[string][]imiptest.Event{"python3-icalendar": l.Calendar.Events, "ical.js": js.Events} {
		if len(ev) != 1 {
			t.Fatalf("%s reads %d events, want 1", reader, len(ev))
		}
		e := ev[0]
		if e.UID != "workshop@convene" || e.Sequence != 3 || e.Status != "CONFIRMED" ||
			*e.Start != "2021-12-08T10:00:00Z" || *e.End != "2021-12-08T11:30:00Z" || *e.TZID != "Europe/Warsaw" ||
			e.Organizer != coordinator.Email {
			t.Errorf("%s reads %+v", reader, e)
		}
		want := imiptest.Attendee{Email: "kenji.watanabe@example.com", CN: ptr("Kenji Watanabe"), Role: ptr("REQ-PARTICIPANT"),
			Partstat: ptr("NEEDS-ACTION"), RSVP: ptr("TRUE")}
		if len(e.Attendees) != 1 || !sameAttendee(e.Attendees[0], want) {
			t.Errorf("%s reads the attendees %+v; want Kenji alone, asked to answer", reader, e.Attendees)
		}
	}
}

func ptr(s string) *string { return &s }

func sameAttendee(a, b imiptest.Attendee) bool {
	eq := func(x, y *string) bool { return (x == nil && y == nil) || (x != nil && y != nil && *x == *y) }
	return a.Email == b.Email && eq(a.CN, b.CN) && eq(a.Role, b.Role) && eq(a.Partstat, b.Partstat) && eq(a.RSVP, b.RSVP)
}

// A cancelled session reaches those invited to it as a CANCEL their
// calendar takes the event off with.
func TestACancellationReadsAsOneInThunderbirdsCalendar(t *testing.T) {
	p := igfPlan(t)
	stamp := time.Date(2021, 10, 1, 9, 0, 0, 0, time.UTC)
	first, _ := imip.Decide(p, nil, coordinator, imip.Scope{}, stamp)
	p.Sessions[0].Status, p.Sessions[0].Sequence = model.StatusCancelled, 4
	out, _ := imip.Decide(p, records(first), coordinator, imip.Scope{PersonID: 1}, stamp.Add(time.Hour))
	if len(out) != 1 || out[0].Invitation.Method != ics.MethodCancel {
		t.Fatalf("after cancelling, Kenji gets %+v; want one CANCEL", out)
	}
	msg, err := imip.Compose(&out[0])
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cancel.eml")
	if err := os.WriteFile(path, msg, 0o600); err != nil {
		t.Fatal(err)
	}
	l := imiptest.ReadLetters(t, path)[0]
	js := l.ICalJS
	if l.MethodParam != "CANCEL" || js.Method != "CANCEL" || len(js.Events) != 1 || js.Events[0].Status != "CANCELLED" ||
		js.Events[0].Sequence != 4 || !strings.HasPrefix(l.Subject, "Cancelled: ") || !strings.Contains(l.Text, "This session is cancelled") {
		t.Errorf("the cancellation reads %+v and %+v", l, js)
	}
}
