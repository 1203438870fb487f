package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// icsSessionsJSON is what `list sessions --json` prints: the plan's sessions
// as a script sees them, to tell whether an import wrote anything.
func icsSessionsJSON(t *testing.T, db string) string {
	t.Helper()
	r := convene(t, nil, "list", "sessions", "--json", "--db", db)
	if r.code != 0 {
		t.Fatalf("list sessions: exit %d: %s", r.code, r.stderr)
	}
	return r.stdout
}

// icsWrite writes a calendar file, with CRLF line ends as RFC 5545 has them.
func icsWrite(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(text, "\n", "\r\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The secretariat exports IGF 2021's calendar for speakers to subscribe to:
// one event per scheduled session, no emails unless asked, and the file
// imported back changes nothing.
func TestExportICSOfAForumAndImportItBackUnchanged(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		out := filepath.Join(t.TempDir(), "igf.ics")
		if r := convene(t, nil, "export", "ics", "--forum", "IGF 2021", "--todos", "-o", out, "--db", db); r.code != 0 {
			t.Fatalf("export ics: exit %d: %s", r.code, r.stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		if !strings.Contains(text, "X-WR-CALNAME;VALUE=TEXT:IGF 2021\r\n") || !strings.Contains(text, "BEGIN:VTIMEZONE\r\nTZID:Europe/Warsaw\r\n") {
			t.Errorf("the forum's calendar is not named after it or lacks its zone:\n%s", text)
		}
		if n := strings.Count(text, "BEGIN:VEVENT"); n == 0 {
			t.Fatalf("no events in the forum's calendar:\n%s", text)
		}
		if strings.Contains(text, "@example") || strings.Contains(text, "ATTENDEE") {
			t.Errorf("emails left the plan without --with-contacts")
		}
		before := icsSessionsJSON(t, db)
		r := convene(t, nil, "import", "ics", "--forum", "IGF 2021", out, "--db", db)
		want := "added 0, updated 0, unchanged " + strconv.Itoa(strings.Count(text, "BEGIN:VEVENT")) + "\n"
		if r.code != 0 || r.stdout != want {
			t.Fatalf("import of the export: exit %d, %q %s; want %q", r.code, r.stdout, r.stderr, want)
		}
		if after := icsSessionsJSON(t, db); after != before {
			t.Errorf("importing the forum's own export changed its sessions")
		}
	})
}

// A speaker's own calendar, with contacts, names them and lists who else
// takes part, with emails.
func TestExportICSForAPersonWithContacts(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		r := convene(t, nil, "export", "ics", "--person", "Olena Kovalenko", "--with-contacts", "--db", db)
		if r.code != 0 {
			t.Fatalf("export ics --person: exit %d: %s", r.code, r.stderr)
		}
		if !strings.Contains(r.stdout, "X-WR-CALNAME;VALUE=TEXT:Olena Kovalenko\r\n") || !strings.Contains(r.stdout, "ATTENDEE;CN=") {
			t.Errorf("the person's calendar should be named after her and list attendees:\n%s", r.stdout)
		}
		if r := convene(t, nil, "export", "ics", "--person", "Nobody Known", "--db", db); r.code != 1 ||
			!strings.Contains(r.stderr, `no one in the plan has the email or name "Nobody Known"`) {
			t.Errorf("an unknown person: exit %d, %s; want exit 1 saying so", r.code, r.stderr)
		}
	})
}

// A forum's published programme joins the plan; the same file again
// changes nothing.
func TestImportICSAddsAProgrammeOnce(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		file := icsWrite(t, "nethui.ics", `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Programme//EN
BEGIN:VEVENT
UID:nethui-1@example.nz
DTSTAMP:20210901T000000Z
DTSTART:20211021T090000
DURATION:PT1H
SUMMARY:Opening\, with karakia
END:VEVENT
BEGIN:VEVENT
UID:nethui-2@example.nz
DTSTAMP:20210901T000000Z
DTSTART:20211021T230000Z
DTEND:20211022T000000Z
SUMMARY:IoT in Aotearoa
STATUS:TENTATIVE
END:VEVENT
END:VCALENDAR
`)
		for _, want := range []string{"added 2, updated 0, unchanged 0\n", "added 0, updated 0, unchanged 2\n"} {
			r := convene(t, nil, "import", "ics", "--forum", "NetHui 2021", file, "--db", db)
			if r.code != 0 || r.stdout != want {
				t.Fatalf("import ics: exit %d, %q %s; want %q", r.code, r.stdout, r.stderr, want)
			}
		}
		list := icsSessionsJSON(t, db)
		// Floating 09:00 is Wellington's 09:00 (NZDT, +13:00).
		for _, want := range []string{`"title": "Opening, with karakia"`, `"start": "2021-10-21T09:00:00+13:00"`,
			`"end": "2021-10-21T10:00:00+13:00"`, `"title": "IoT in Aotearoa"`, `"status": "proposed"`} {
			if !strings.Contains(list, want) {
				t.Errorf("the imported sessions lack %s:\n%s", want, list)
			}
		}
	})
}

// A calendar with bad lines is refused with each named as FILE:LINE, exit
// 1, and nothing is written; a file that is not there is exit 2.
func TestImportICSRefusesABadCalendarAndWritesNothing(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		file := icsWrite(t, "bad.ics", `BEGIN:VCALENDAR
BEGIN:VEVENT
UID:good@example
DTSTART:20211207T100000Z
SUMMARY:A good one
END:VEVENT
BEGIN:VEVENT
UID:bad@example
DTSTART;TZID=Mars/Olympus:20211207T100000
SUMMARY:Bad zone
END:VEVENT
END:VCALENDAR
`)
		before := icsSessionsJSON(t, db)
		r := convene(t, nil, "import", "ics", "--forum", "IGF 2021", file, "--db", db)
		if r.code != 1 || !strings.Contains(r.stderr, file+`:9: TZID "Mars/Olympus"`) {
			t.Errorf("bad calendar: exit %d, %s; want exit 1 naming line 9", r.code, r.stderr)
		}
		if after := icsSessionsJSON(t, db); after != before {
			t.Errorf("a refused import wrote to the plan")
		}
		if r := convene(t, nil, "import", "ics", "--forum", "IGF 2021", filepath.Join(t.TempDir(), "none.ics"), "--db", db); r.code != 2 {
			t.Errorf("a missing file: exit %d, %s; want 2", r.code, r.stderr)
		}
		if r := convene(t, nil, "import", "ics", file, "--db", db); r.code != 2 || !strings.Contains(r.stderr, "forum") {
			t.Errorf("no --forum: exit %d, %s; want 2 asking for it", r.code, r.stderr)
		}
	})
}
