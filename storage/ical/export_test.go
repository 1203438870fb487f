package ical_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/ical"
)

// The sessions of testPlan that a calendar shows.
const (
	romeUID     = "rome-summer@test"
	warsawUID   = "warsaw-winter@test"
	aucklandUID = "auckland-nzdt@test"
	romeTitle   = `IoT security, in Rome; a \ test` + "\nsecond line"
)

var stamp = time.Date(2021, 5, 1, 8, 0, 0, 0, time.UTC)

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := model.LoadZone(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func wall(t testing.TB, loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
	t.Helper()
	at, err := model.WallClock(y, m, d, h, min, loc)
	if err != nil {
		t.Fatal(err)
	}
	return at.UTC()
}

// testPlan is a plan with a session in Rome in summer (CEST), one in Warsaw
// in winter (CET) and one in Auckland in NZDT, an unscheduled idea, and
// action items; its people include one with a comma and an apostrophe in
// their name and one without an email.
func testPlan(t testing.TB) *model.Plan {
	rome, warsaw, auckland := zone(t, "Europe/Rome"), zone(t, "Europe/Warsaw"), zone(t, "Pacific/Auckland")
	d := func(y int, m time.Month, day int) model.Date { return model.Date{Year: y, Month: m, Day: day} }
	return &model.Plan{
		Coalitions: []model.Coalition{
			{ID: 1, Name: "Dynamic Coalition on the Internet of Things", ShortName: "DC-IoT", Own: true},
			{ID: 2, Name: "Dynamic Coalition on Core Internet Values", ShortName: "DC-CIV"},
		},
		Forums: []model.Forum{
			{ID: 1, Name: "EuroDIG 2021", Kind: model.KindRegional, Format: model.Hybrid,
				FirstDay: d(2021, 6, 28), LastDay: d(2021, 6, 30), Zone: rome},
			{ID: 3, Name: "NZ IGF 2021", Kind: model.KindNational, Format: model.Online,
				FirstDay: d(2021, 11, 30), LastDay: d(2021, 12, 1), Zone: auckland},
			{ID: 2, Name: "IGF 2021", Kind: model.KindGlobal, Format: model.Hybrid,
				FirstDay: d(2021, 12, 6), LastDay: d(2021, 12, 10), Zone: warsaw},
		},
		People: []model.Person{
			{ID: 3, Name: "Aroha Ngata", Group: model.GroupCivilSociety, Zone: auckland},
			{ID: 1, Name: "O'Brien, Sam", Email: "sam@example.org", Group: model.GroupGovernment, Zone: rome},
			{ID: 2, Name: "Zofia Wróblewska", Email: "zofia@example.pl", Group: model.GroupAcademia, Zone: warsaw},
		},
		Sessions: []model.Session{
			{ID: 1, UID: romeUID, ForumID: 1, Title: romeTitle, Format: model.FormatWorkshop,
				Start: wall(t, rome, 2021, 6, 29, 14, 0), End: wall(t, rome, 2021, 6, 29, 15, 30),
				Room: "Sala Verde", Status: model.StatusCancelled, Organisers: []string{"DC-IoT"},
				Topics: []string{"data protection", "enforcement, waivers"}, Sequence: 3,
				Description:  "Why devices need updates.\nTwo lines.",
				Participants: []model.Participation{{PersonID: 1, Role: model.RoleModerator, Status: model.Confirmed}}},
			{ID: 2, UID: aucklandUID, ForumID: 3, Title: "Device security in Aotearoa", Format: model.FormatOpenForum,
				Start: wall(t, auckland, 2021, 12, 1, 9, 0), End: wall(t, auckland, 2021, 12, 1, 10, 0),
				Room: "https://meet.example.org/nz", Status: model.StatusScheduled, Organisers: []string{"DC-IoT"},
				Participants: []model.Participation{{PersonID: 2, Role: model.RoleModerator, Status: model.Invited}}},
			{ID: 3, UID: warsawUID, ForumID: 2, Title: "Core values of an Internet of Things", Format: model.FormatDCSession,
				Start: wall(t, warsaw, 2021, 12, 8, 10, 0), End: wall(t, warsaw, 2021, 12, 8, 11, 30),
				Room: "Room 3", Status: model.StatusAccepted, Organisers: []string{"DC-CIV", "DC-IoT"},
				Topics: []string{"software update"},
				Participants: []model.Participation{
					{PersonID: 2, Role: model.RoleSpeaker, Status: model.Confirmed},
					{PersonID: 1, Role: model.RoleSpeaker, Status: model.Declined},
					{PersonID: 3, Role: model.RoleRapporteur, Status: model.Invited},
				}},
			{ID: 4, UID: "idea@test", ForumID: 2, Title: "An idea without a time", Format: model.FormatOther,
				Status: model.StatusIdea},
		},
		Actions: []model.ActionItem{
			{ID: 1, Title: "Send the report; with figures, \\ all", OwnerID: 2, Due: d(2021, 12, 20),
				Status: model.ActionOpen, ForumID: 2, SessionID: 3},
			{ID: 2, Title: "Book Sala Verde", OwnerID: 1, Due: d(2021, 6, 1), Status: model.ActionDone, ForumID: 1},
			{ID: 3, Title: "Find a rapporteur", Status: model.ActionInProgress, ForumID: 1},
		},
	}
}

// export writes the plan's calendar to a file and returns its path and bytes.
func export(t *testing.T, p *model.Plan, opts ical.Options) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := ical.Export(&b, p, opts); err != nil {
		t.Fatalf("export: %v", err)
	}
	return writeTemp(t, b.Bytes()), b.Bytes()
}

// writeTemp writes a calendar to a file for the readers to read.
func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.ics")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A coordinator exports the whole plan with contacts and action items; a
// subscriber's client shows every session that has a time, at the right
// instant, with its title exactly as typed, and every action item.
func TestEveryClientShowsTheSessionsOfAnExportAsPlanned(t *testing.T) {
	path, _ := export(t, testPlan(t), ical.Options{PlanName: "plan", Todos: true, WithContacts: true, Stamp: stamp})
	for _, r := range readers {
		t.Run(r.name, func(t *testing.T) {
			v := r.read(t, path)
			if v.Calname != "plan" {
				t.Errorf("calendar name %q, want plan", v.Calname)
			}
			if len(v.Events) != 3 {
				t.Fatalf("%d events, want the 3 sessions that have times", len(v.Events))
			}
			zones := slices.Sorted(slices.Values(v.Timezones))
			if want := []string{"Europe/Rome", "Europe/Warsaw", "Pacific/Auckland"}; !slices.Equal(zones, want) {
				t.Errorf("VTIMEZONEs %v, want %v", zones, want)
			}
			want := map[string]struct {
				tzid, start, end, summary, status string
				sequence                          int
				categories                        []string
			}{
				romeUID: {"Europe/Rome", "2021-06-29T12:00:00Z", "2021-06-29T13:30:00Z", romeTitle, "CANCELLED", 3,
					[]string{"data protection", "enforcement, waivers"}},
				warsawUID: {"Europe/Warsaw", "2021-12-08T09:00:00Z", "2021-12-08T10:30:00Z",
					"Core values of an Internet of Things", "TENTATIVE", 0, []string{"software update"}},
				aucklandUID: {"Pacific/Auckland", "2021-11-30T20:00:00Z", "2021-11-30T21:00:00Z",
					"Device security in Aotearoa", "CONFIRMED", 0, nil},
			}
			for _, ev := range v.Events {
				w, ok := want[ev.UID]
				if !ok {
					t.Errorf("unexpected event %q", ev.UID)
					continue
				}
				if ev.TZID != w.tzid || ev.Start != w.start || ev.End != w.end {
					t.Errorf("%s: %s %s–%s, want %s %s–%s", ev.UID, ev.TZID, ev.Start, ev.End, w.tzid, w.start, w.end)
				}
				if ev.Summary != w.summary {
					t.Errorf("%s: title %q, want %q", ev.UID, ev.Summary, w.summary)
				}
				if ev.Status != w.status || ev.Sequence != w.sequence {
					t.Errorf("%s: status %s sequence %d, want %s %d", ev.UID, ev.Status, ev.Sequence, w.status, w.sequence)
				}
				if r.splitsEscapedCommas && len(w.categories) > 0 {
					// It unescapes a list before splitting it, so the escaped
					// comma inside "enforcement, waivers" splits it in two.
					w.categories = strings.Split(strings.Join(w.categories, ","), ",")
				}
				if !slices.Equal(ev.Categories, w.categories) && len(ev.Categories)+len(w.categories) > 0 {
					t.Errorf("%s: categories %q, want %q", ev.UID, ev.Categories, w.categories)
				}
			}
			warsaw := v.event(t, warsawUID)
			for _, line := range []string{
				"Organisers: DC-CIV and DC-IoT (joint session)",
				"Speaker: Zofia Wróblewska <zofia@example.pl> (confirmed)",
				"Speaker: O'Brien, Sam <sam@example.org> (declined)",
				"Rapporteur: Aroha Ngata (invited)",
				"Room: Room 3",
			} {
				if !strings.Contains(warsaw.Description, line+"\n") && !strings.HasSuffix(warsaw.Description, line) {
					t.Errorf("the joint session's description lacks %q:\n%s", line, warsaw.Description)
				}
			}
			var attendees []string
			for _, a := range warsaw.Attendees {
				attendees = append(attendees, strings.Join([]string{strings.ToLower(a.Email), a.CN, a.Role, a.Partstat}, "|"))
			}
			if want := []string{
				"mailto:zofia@example.pl|Zofia Wróblewska|REQ-PARTICIPANT|ACCEPTED",
				"mailto:sam@example.org|O'Brien, Sam|REQ-PARTICIPANT|DECLINED",
			}; !slices.Equal(attendees, want) {
				t.Errorf("attendees %q, want %q (the rapporteur has no email)", attendees, want)
			}
			todos := map[string]string{}
			for _, td := range v.Todos {
				todos[td.Summary] = td.Status + " " + td.Due
			}
			if want := map[string]string{
				"Send the report; with figures, \\ all": "NEEDS-ACTION 2021-12-20",
				"Book Sala Verde":                       "COMPLETED 2021-06-01",
				"Find a rapporteur":                     "IN-PROCESS ",
			}; !mapsEqual(todos, want) {
				t.Errorf("todos %q, want %q", todos, want)
			}
		})
	}
}

// unfold joins the lines of a calendar that were folded.
func unfold(b []byte) string { return strings.ReplaceAll(string(b), "\r\n ", "") }

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// A speaker exports their own calendar: it is named after them and holds
// the sessions they take part in, not the one they declined.
func TestAPersonsCalendarLeavesOutWhatTheyDeclined(t *testing.T) {
	path, _ := export(t, testPlan(t), ical.Options{PlanName: "plan", PersonID: 1, Todos: true, Stamp: stamp})
	for _, r := range readers {
		t.Run(r.name, func(t *testing.T) {
			v := r.read(t, path)
			if v.Calname != "O'Brien, Sam" {
				t.Errorf("calendar name %q, want the person's", v.Calname)
			}
			if len(v.Events) != 1 || v.Events[0].UID != romeUID {
				t.Errorf("events %+v, want only the Rome session (the Warsaw one was declined)", v.Events)
			}
			if len(v.Todos) != 1 || v.Todos[0].Summary != "Book Sala Verde" {
				t.Errorf("todos %+v, want only the one Sam owns", v.Todos)
			}
			if !slices.Equal(v.Timezones, []string{"Europe/Rome"}) {
				t.Errorf("VTIMEZONEs %v, want only the zone used", v.Timezones)
			}
		})
	}
}

// Emails are personal data: without --with-contacts none leaves the plan.
func TestAnExportWithoutContactsHoldsNoEmail(t *testing.T) {
	_, out := export(t, testPlan(t), ical.Options{Todos: true, Stamp: stamp})
	for _, s := range []string{"sam@example.org", "zofia@example.pl", "ATTENDEE", "mailto:"} {
		if bytes.Contains(out, []byte(s)) {
			t.Errorf("the export holds %q without contacts", s)
		}
	}
	if !strings.Contains(unfold(out), "Speaker: Zofia Wróblewska (confirmed)") {
		t.Errorf("the people should still be named in the description:\n%s", out)
	}
}

// Every line ends in CRLF and is at most 75 octets, and no fold splits a
// character, however long and non-ASCII the text.
func TestExportLinesAreCRLFAndFoldedWithinCharacters(t *testing.T) {
	p := testPlan(t)
	p.Sessions[0].Title = strings.Repeat("Żółć gęślą jaźń 😀 — ", 12)
	p.Sessions[0].Description = strings.Repeat("Łódź, Kraków; \\ Gdańsk\n", 20)
	p.People[1].Name = strings.Repeat("Ó'Bríen, Sám ", 10)
	_, out := export(t, p, ical.Options{Todos: true, WithContacts: true, Stamp: stamp})
	if !bytes.HasSuffix(out, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("the file does not end with END:VCALENDAR and CRLF")
	}
	lines := bytes.Split(bytes.TrimSuffix(out, []byte("\r\n")), []byte("\r\n"))
	for i, line := range lines {
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if !utf8.Valid(line) {
			t.Errorf("line %d splits a character: %q", i+1, line)
		}
	}
}

// Two exports of one plan differ only in their DTSTAMP lines.
func TestExportIsTheSameEveryTimeButForDTSTAMP(t *testing.T) {
	_, a := export(t, testPlan(t), ical.Options{Todos: true, WithContacts: true, Stamp: stamp})
	_, b := export(t, testPlan(t), ical.Options{Todos: true, WithContacts: true, Stamp: stamp.Add(time.Hour)})
	la, lb := strings.Split(string(a), "\r\n"), strings.Split(string(b), "\r\n")
	if len(la) != len(lb) {
		t.Fatalf("%d lines then %d", len(la), len(lb))
	}
	for i := range la {
		if la[i] != lb[i] && !strings.HasPrefix(la[i], "DTSTAMP:") {
			t.Errorf("line %d differs: %q then %q", i+1, la[i], lb[i])
		}
	}
}

// A forum's calendar holds its sessions, its zone only, and says that zone
// for clients that show a subscribed calendar in one.
func TestAForumsCalendarHoldsItsSessionsInItsZone(t *testing.T) {
	path, out := export(t, testPlan(t), ical.Options{ForumID: 2, Stamp: stamp})
	if !strings.Contains(unfold(out), "X-WR-TIMEZONE;VALUE=TEXT:Europe/Warsaw\r\n") {
		t.Errorf("no X-WR-TIMEZONE for the forum's zone")
	}
	v := readWithPython(t, path)
	if v.Calname != "IGF 2021" || len(v.Events) != 1 || v.Events[0].UID != warsawUID || len(v.Todos) != 0 {
		t.Errorf("got %q with %d events and %d todos, want IGF 2021 with its one session and no todos",
			v.Calname, len(v.Events), len(v.Todos))
	}
}

// A session typed with its end before its start is stored as typed, for
// Check to name. Its calendar shows it at its start, with no end, rather
// than an end before the start that clients refuse, and the export reads
// back without a problem.
func TestASessionEndingBeforeItStartsIsExportedAsAnInstant(t *testing.T) {
	p := testPlan(t)
	warsaw := zone(t, "Europe/Warsaw")
	s := &p.Sessions[2]
	s.Start, s.End = wall(t, warsaw, 2021, 12, 8, 11, 30), wall(t, warsaw, 2021, 12, 8, 10, 0)
	_, b := export(t, p, ical.Options{Stamp: stamp})
	events, err := ical.Read(bytes.NewReader(b), "plan.ics", time.UTC)
	if err != nil {
		t.Fatalf("the export reads back with problems: %v", err)
	}
	for _, ev := range events {
		if ev.UID != warsawUID {
			continue
		}
		if !ev.Start.Equal(s.Start) || !ev.End.Equal(s.Start) {
			t.Errorf("the session reads back from %v to %v; want an instant at its start %v", ev.Start, ev.End, s.Start)
		}
		return
	}
	t.Fatalf("the session is not in the export:\n%s", b)
}
