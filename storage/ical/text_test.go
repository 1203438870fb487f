package ical_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/ical"
)

// pieces are what random text is made of: the characters TEXT escapes, line
// breaks of every kind, control characters, quotes and carets for
// parameters, multi-byte characters for folding, invalid UTF-8, and text
// that would start a component if it ever reached the start of a line.
var pieces = []string{"a", "Ż", "😀", " ", "\t", "\r", "\n", "\r\n", `\`, ";", ",", ":", `"`, "^", "'",
	"\x00", "\x1b", "\x7f", "\xff", "\r\nBEGIN:VEVENT\r\n", "\nEND:VCALENDAR", `\n`, "SUMMARY:x"}

func randomText(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(120) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// shown is what a reader should give back of a text: line breaks are
// newlines, other control characters but tab are gone, invalid UTF-8 is
// U+FFFD.
func shown(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n', r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
}

// textPlan puts each text in the title, description, room and topic of a
// session of its own, and in the name of a person who takes part. Names
// lose their backslashes: RFC 5545 parameter values such as CN have no
// escapes, and ical.js still reads `\n` or `\,` in them as TEXT escapes,
// so no way of writing such a name reads the same in every client.
func textPlan(t testing.TB, texts []string) *model.Plan {
	p := testPlan(t)
	p.Sessions, p.People = nil, nil
	start := wall(t, p.Forums[0].Zone, 2021, 6, 29, 9, 0)
	for i, s := range texts {
		id := int64(i + 1)
		name := strings.ReplaceAll(s, `\`, "/")
		p.People = append(p.People, model.Person{ID: id, Name: name, Email: fmt.Sprintf("p%d@example.org", id)})
		p.Sessions = append(p.Sessions, model.Session{ID: id, UID: fmt.Sprintf("s%d@test", id), ForumID: 1,
			Title: s, Description: s, Room: s, Topics: []string{s}, Start: start, End: start.Add(3600e9),
			Status: model.StatusScheduled, Format: model.FormatOther,
			Participants: []model.Participation{{PersonID: id, Role: model.RoleSpeaker, Status: model.Confirmed}}})
	}
	return p
}

// The names of every property an export writes: after unfolding, each line
// of the file must start with one of them, or text has broken out.
var written = []string{"BEGIN:", "END:", "VERSION:", "PRODID:", "CALSCALE:", "METHOD:", "X-WR-CALNAME;",
	"X-WR-TIMEZONE;", "TZID:", "DTSTART", "TZOFFSETFROM:", "TZOFFSETTO:", "TZNAME:", "UID:", "DTSTAMP:",
	"SEQUENCE:", "DTEND;", "SUMMARY:", "LOCATION:", "URL:", "STATUS:", "CATEGORIES:", "DESCRIPTION:", "ATTENDEE;"}

// checkStaysInProperty exports the texts and fails unless every line is a
// property Convene writes, there is one SUMMARY per session, and reading
// the file back gives each text exactly as a client shows it.
func checkStaysInProperty(t *testing.T, texts []string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := ical.Export(&b, textPlan(t, texts), ical.Options{WithContacts: true, Stamp: stamp}); err != nil {
		t.Fatal(err)
	}
	summaries := 0
	for i, line := range strings.Split(strings.TrimSuffix(unfold(b.Bytes()), "\r\n"), "\r\n") {
		if !utf8.ValidString(line) || strings.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d is not one line of UTF-8: %q", i+1, line)
		}
		known := false
		for _, w := range written {
			known = known || strings.HasPrefix(line, w)
		}
		if !known {
			t.Fatalf("line %d is not a property Convene writes: text broke out of its property: %q", i+1, line)
		}
		if strings.HasPrefix(line, "SUMMARY:") {
			summaries++
		}
	}
	if summaries != len(texts) {
		t.Fatalf("%d SUMMARY lines for %d sessions", summaries, len(texts))
	}
	events, err := ical.Read(bytes.NewReader(b.Bytes()), "export.ics", nil)
	if err != nil {
		t.Fatalf("reading the export back: %v", err)
	}
	for i, ev := range events {
		want := shown(texts[i])
		if ev.Summary.Value != want || ev.Location.Value != want || ev.Description.Value != want {
			t.Errorf("session %d: read back title %q, room %q, description %q; want %q",
				i+1, ev.Summary.Value, ev.Location.Value, ev.Description.Value, want)
		}
		if !ev.Categories.Set || len(ev.Categories.Value) != 1 || ev.Categories.Value[0] != want {
			t.Errorf("session %d: read back topics %q, want [%q]", i+1, ev.Categories.Value, want)
		}
	}
	return b.Bytes()
}

// No text in any field can break a line out of its property: a CR or LF in
// a title never starts a new property, for Convene's reader and for the
// parsers nobody here wrote.
func TestNoTextBreaksOutOfItsProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(5545, 6868))
	texts := make([]string, 300)
	for i := range texts {
		texts[i] = randomText(r)
	}
	out := checkStaysInProperty(t, texts)
	path := writeTemp(t, out)
	for _, rd := range readers {
		t.Run(rd.name, func(t *testing.T) {
			v := rd.read(t, path)
			if len(v.Events) != len(texts) {
				t.Fatalf("%d events, want %d: text broke out of its property", len(v.Events), len(texts))
			}
			for i, ev := range v.Events {
				if want := fmt.Sprintf("s%d@test", i+1); ev.UID != want {
					t.Fatalf("event %d has UID %q, want %q", i+1, ev.UID, want)
				}
				if rd.name != "ical.js" {
					// python3-icalendar 4 reads `\\n` as a backslash and a line
					// break; only that events stay whole is asked of it.
					continue
				}
				want := shown(texts[i])
				if ev.Summary != want || !strings.HasPrefix(ev.Description, want) {
					t.Errorf("event %d: title %q, description %q; want %q", i+1, ev.Summary, ev.Description, want)
				}
				if want := shown(strings.ReplaceAll(texts[i], `\`, "/")); len(ev.Attendees) != 1 || ev.Attendees[0].CN != want {
					t.Errorf("event %d: attendee named %q, want %q", i+1, ev.Attendees[0].CN, want)
				}
			}
		})
	}
}

func FuzzExportedTextStaysInItsProperty(f *testing.F) {
	for _, s := range []string{"", "a\rb", "a\r\nEND:VEVENT\r\nb", `\n\\,;`, "\xff\x00^\"", strings.Repeat("Ż😀", 60)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkStaysInProperty(t, []string{s})
	})
}
