package ical_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/storage/ical"
)

func readFile(t *testing.T, name string, floating *time.Location) ([]ical.Event, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "producers", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ical.Read(f, name, floating)
}

func byUID(t *testing.T, events []ical.Event, uid string) ical.Event {
	t.Helper()
	i := slices.IndexFunc(events, func(e ical.Event) bool { return e.UID == uid })
	if i < 0 {
		t.Fatalf("no event with UID %q among %d", uid, len(events))
	}
	return events[i]
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The secretariat downloads IGF's programme from Google Calendar: folded
// lines, escaped text, a zone with its VTIMEZONE, times in UTC, an end given
// as a duration, and a time with no zone at all, which is the forum's.
func TestReadsAGoogleCalendarProgramme(t *testing.T) {
	events, err := readFile(t, "google.ics", zone(t, "Europe/Warsaw"))
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 3 {
		t.Fatalf("%d events, want 3 (the VTODO is not a session)", len(events))
	}
	ws := byUID(t, events, "ws-101@intgovforum.org")
	if want := `WS #101 Securing the Internet of Things, together; a \ backslash`; ws.Summary.Value != want {
		t.Errorf("title %q, want %q", ws.Summary.Value, want)
	}
	if want := "Line one\nLine two, with a comma\nŻółć and a very long line that goes on"; ws.Description.Value != want {
		t.Errorf("description %q, want %q", ws.Description.Value, want)
	}
	if ws.Location.Value != "Hall A, Level 2" || !slices.Equal(ws.Categories.Value, []string{"IoT", "Security"}) {
		t.Errorf("room %q topics %q", ws.Location.Value, ws.Categories.Value)
	}
	if !ws.Start.Equal(utc("2021-12-07T09:30:00Z")) || !ws.End.Equal(utc("2021-12-07T11:00:00Z")) {
		t.Errorf("Warsaw workshop at %s–%s, want 09:30–11:00 UTC (CET)", ws.Start, ws.End)
	}
	if ws.Status.Value != ics.ObjectStatusConfirmed || ws.Sequence != 2 {
		t.Errorf("status %q sequence %d", ws.Status.Value, ws.Sequence)
	}
	of := byUID(t, events, "of-7@intgovforum.org")
	if !of.Start.Equal(utc("2021-12-08T08:00:00Z")) || !of.End.Equal(utc("2021-12-08T09:30:00Z")) {
		t.Errorf("UTC event with DURATION at %s–%s, want 08:00–09:30 UTC", of.Start, of.End)
	}
	if of.Location.Set || of.Description.Set || of.Categories.Set {
		t.Errorf("an event without LOCATION, DESCRIPTION, CATEGORIES should leave them unset: %+v", of)
	}
	fl := byUID(t, events, "floating-1@intgovforum.org")
	if !fl.Start.Equal(utc("2021-12-09T13:00:00Z")) {
		t.Errorf("floating 14:00 read as %s, want 13:00 UTC, the forum's 14:00", fl.Start)
	}
}

// Outlook names zones the Windows way and may define its own: both are
// read, the second from the file's VTIMEZONE alone (Auckland's rules).
func TestReadsOutlooksZones(t *testing.T) {
	events, err := readFile(t, "outlook.ics", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	rome := byUID(t, events, "040000008200E00074C5B7101A82E008")
	if !rome.Start.Equal(utc("2021-06-29T12:00:00Z")) || rome.Summary.Value != "Rome workshop in summer" {
		t.Errorf("Windows zone: %q at %s, want 12:00 UTC (CEST)", rome.Summary.Value, rome.Start)
	}
	nz := byUID(t, events, "auckland-nzdt@outlook")
	if !nz.Start.Equal(utc("2021-11-30T20:00:00Z")) || !nz.End.Equal(utc("2021-11-30T21:00:00Z")) {
		t.Errorf("custom zone: %s–%s, want 20:00–21:00 UTC the day before (NZDT, +13)", nz.Start, nz.End)
	}
}

// Thunderbird writes LF line ends, folds with tabs and prefixes its TZIDs;
// RFC 5545's "globally unique" TZIDs start with a slash.
func TestReadsThunderbirdsFile(t *testing.T) {
	events, err := readFile(t, "thunderbird.ics", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	ev := byUID(t, events, "moz-1")
	if ev.Summary.Value != "Folded with a tab" || !ev.Start.Equal(utc("2021-06-30T07:00:00Z")) {
		t.Errorf("%q at %s, want \"Folded with a tab\" at 07:00 UTC", ev.Summary.Value, ev.Start)
	}
	slash := "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:u\nDTSTART;TZID=/Europe/Warsaw:20211206T100000\nEND:VEVENT\nEND:VCALENDAR\n"
	events, err = ical.Read(strings.NewReader(slash), "slash.ics", time.UTC)
	if err != nil || !events[0].Start.Equal(utc("2021-12-06T09:00:00Z")) {
		t.Errorf("TZID=/Europe/Warsaw: %v %v, want 09:00 UTC", events, err)
	}
}

// A calendar that cannot be read is refused with every bad line named, as
// FILE:LINE, so the secretariat can fix them all at once.
func TestAnUnreadableCalendarNamesEveryBadLine(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       []string
	}{
		{"bad lines", `BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
UID:a
DTSTART;TZID=Nowhere/City:20211206T100000
SUMMARY without a colon
END:VEVENT
BEGIN:VEVENT
UID:b
DTSTART:20211206T100000Z
DTEND:20211206T090000Z
STATUS:DONE
END:VEVENT
BEGIN:VEVENT
UID:c
DTSTART:20210328T023000
 
END:VEVENT
BEGIN:VEVENT
UID:a
DTSTART:20211206T100000Z
RRULE:FREQ=DAILY
END:VEVENT
END:VCALENDAR
`, []string{
			`p.ics:5: TZID "Nowhere/City" is neither a known time zone nor defined by a VTIMEZONE in the file`,
			`p.ics:6: "SUMMARY without a colon" is not a property: it has no ':' before a value`,
			`p.ics:11: DTEND is before DTSTART`,
			`p.ics:12: STATUS "DONE" is not one an event has`,
			`p.ics:16: DTSTART 2021-03-28 02:30 in Europe/Warsaw does not exist there`,
			`p.ics:22: the event repeats (RRULE)`,
		}},
		{"unbalanced", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nEND:VTODO\nEND:VCALENDAR\n", []string{
			"p.ics:4: END:VTODO closes BEGIN:VEVENT of line 2",
			"p.ics:2: BEGIN:VEVENT is never closed",
		}},
		{"not a calendar", "name,title\nIGF,Workshop\n", []string{
			`p.ics:1: "name,title" is not a property`,
		}},
		{"empty", "", []string{"p.ics:1: holds no calendar"}},
		{"no time", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nEND:VEVENT\nEND:VCALENDAR\n", []string{
			"p.ics:2: the event has no DTSTART",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			events, err := ical.Read(strings.NewReader(tc.file), "p.ics", zone(t, "Europe/Warsaw"))
			if err == nil {
				t.Fatalf("read %d events from a bad calendar without an error", len(events))
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not say %q:\n%v", want, err)
				}
			}
		})
	}
}
