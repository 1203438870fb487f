package ical

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
)

// fuzzForum is the forum fuzzed calendars are imported into: floating
// times are read in its zone, and exports write its zone.
func fuzzForum(t testing.TB) model.Forum {
	waw, err := model.LoadZone("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	return model.Forum{ID: 1, Name: "IGF 2021", Kind: model.KindGlobal, Format: model.Hybrid,
		FirstDay: model.Date{Year: 2021, Month: 12, Day: 6}, LastDay: model.Date{Year: 2021, Month: 12, Day: 10}, Zone: waw}
}

// fuzzSessions makes each event a session as Import does, cleaned as the
// store cleans it, keeping those the store would accept.
func fuzzSessions(events []Event) []model.Session {
	var sessions []model.Session
	uids := map[string]bool{}
	for i := range events {
		s := model.Session{ID: int64(len(sessions) + 1), ForumID: 1, Format: model.FormatOther,
			Status: model.StatusScheduled, Organisers: []string{"DC-IoT"}, Sequence: events[i].Sequence}
		apply(&events[i], &s)
		s.Clean()
		if s.Validate() != nil || uids[s.UID] {
			continue
		}
		uids[s.UID] = true
		sessions = append(sessions, s)
	}
	return sessions
}

// FuzzReadICS feeds the calendar reader any bytes. It must never panic,
// must refuse a file only with line errors (or as unreadable), and must not
// accept an event it would write back differently: the sessions made of
// what it accepted, exported and read again, are the same sessions, and
// export to the same bytes.
func FuzzReadICS(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "producers", "*.ics"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a@b\r\nDTSTART:20211207T100000Z\r\nDTEND:20211207T110000Z\r\n" +
			"SUMMARY:Cats\\, dogs\\; \\\\IoT\\n\r\nCATEGORIES:a\\,b,c\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART;TZID=Europe/Warsaw:20211031T023000\nDURATION:PT1H\n" +
			"DESCRIPTION:a\n  folded\\nline\nSTATUS:TENTATIVE\nEND:VEVENT\nEND:VCALENDAR\n",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART:20211207T100000\r\nDTEND;VALUE=DATE:20211208\r\n" +
			"LOCATION:Room \"1\"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		// Ends years after it starts, and in a year no plan holds: what the
		// fuzzer found once, and what it would have found next.
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:y\r\nDTSTART:20211207T100000Z\r\nDTEND:20261207T100000Z\r\nEND:VEVENT\r\n" +
			"BEGIN:VEVENT\r\nUID:z\r\nDTSTART:20211207T100000Z\r\nDTEND:99991231T230000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
	} {
		f.Add([]byte(s))
	}
	forum := fuzzForum(f)
	stamp := time.Date(2021, 12, 1, 0, 0, 0, 0, time.UTC)
	plan := func(sessions []model.Session) *model.Plan {
		return &model.Plan{
			Coalitions: []model.Coalition{{ID: 1, Name: "DC-IoT", ShortName: "DC-IoT", Own: true}},
			Forums:     []model.Forum{forum},
			Sessions:   sessions,
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		events, err := Read(bytes.NewReader(data), "fuzz.ics", forum.Zone)
		if err != nil {
			var lines Errors
			if !errors.As(err, &lines) && !errors.Is(err, ErrUnreadable) {
				t.Fatalf("refused without naming lines: %v", err)
			}
			for _, e := range lines {
				if e.Line < 1 {
					t.Fatalf("an error names line %d: %v", e.Line, e)
				}
			}
			return
		}
		first := fuzzSessions(events)
		var out bytes.Buffer
		if err := Export(&out, plan(first), Options{Stamp: stamp}); err != nil {
			t.Fatal(err)
		}
		again, err := Read(bytes.NewReader(out.Bytes()), "export.ics", forum.Zone)
		if err != nil {
			t.Fatalf("the export of what was accepted is refused: %v\n%s", err, out.String())
		}
		second := fuzzSessions(again)
		if len(second) != len(first) {
			t.Fatalf("%d sessions accepted, %d read back from their export:\n%s", len(first), len(second), out.String())
		}
		for i := range first {
			a, b := &first[i], &second[i]
			if a.UID != b.UID || !model.CalendarEqual(a, b) || !a.Start.Equal(b.Start) || !a.End.Equal(b.End) {
				t.Fatalf("session %d reads back differently:\n%+v\n%+v\n%s", i+1, *a, *b, out.String())
			}
		}
		var out2 bytes.Buffer
		if err := Export(&out2, plan(second), Options{Stamp: stamp}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), out2.Bytes()) {
			t.Fatalf("exports differ:\n%s\n%s", out.String(), out2.String())
		}
	})
}
