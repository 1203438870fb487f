package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/imip/imiptest"
)

// replySample is an answer under storage/imip/testdata/replies, written as
// Thunderbird or Outlook write them.
func replySample(name string) string {
	return filepath.Join("..", "..", "storage", "imip", "testdata", "replies", name)
}

// talkPeople lists the software-update talk's participants as
// `list sessions --json` gives them: "NAME:ROLE:STATUS".
func talkPeople(t *testing.T, plan string) []string {
	t.Helper()
	r := convene(t, nil, "list", "sessions", "--forum", "IGF 2021", "--json", "--db", plan)
	var sessions []struct {
		UID          string   `json:"uid"`
		Participants []string `json:"participants"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sessions); err != nil {
		t.Fatalf("list sessions --json: %v\n%s", err, r.stdout)
	}
	for _, s := range sessions {
		if s.UID == "sample-2021-igf-software-update@convene" {
			return s.Participants
		}
	}
	t.Fatal("the plan has no software-update talk")
	return nil
}

// Speakers answer from Thunderbird and Outlook; the coordinator gives the
// answers to import ics as they came, with no --forum, and the plan shows
// who confirmed. A proposal of another time is shown, not applied.
func TestAnswersFromThunderbirdAndOutlookSetWhoConfirmed(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		outbox := filepath.Join(t.TempDir(), "outbox")
		if r := convene(t, []string{"CONVENE_FROM=" + coordinator}, "invite", "--session", "sample-2021-igf-software-update@convene", "--dry-run", outbox, "--db", plan); r.code != 0 {
			t.Fatalf("invite: %s", r.stderr)
		}
		steps := []struct {
			file, says string
			people     []string
		}{
			{"outlook-declined.eml", "Marek Novák on “Software update in practice: three manufacturers compare notes”: declined (was confirmed)",
				[]string{"Helen Marsh:speaker:confirmed", "Amara Okafor:speaker:confirmed", "Marek Novák:speaker:declined"}},
			{"thunderbird-tentative.ics", "Amara Okafor on “Software update in practice: three manufacturers compare notes”: invited (was confirmed)",
				[]string{"Helen Marsh:speaker:confirmed", "Amara Okafor:speaker:invited", "Marek Novák:speaker:declined"}},
			{"thunderbird-accepted.eml", "Helen Marsh on “Software update in practice: three manufacturers compare notes”: confirmed already",
				[]string{"Helen Marsh:speaker:confirmed", "Amara Okafor:speaker:invited", "Marek Novák:speaker:declined"}},
			{"outlook-counter.ics", "Marek Novák proposes another time for “Software update in practice: three manufacturers compare notes”: Fri 10 Dec 2021 16:00–16:30 (not applied",
				[]string{"Helen Marsh:speaker:confirmed", "Amara Okafor:speaker:invited", "Marek Novák:speaker:declined"}},
		}
		for _, s := range steps {
			r := convene(t, nil, "import", "ics", replySample(s.file), "--db", plan)
			if r.code != 0 || !strings.Contains(r.stdout, s.says) {
				t.Errorf("import ics %s: exit %d\n%s%s\nwant it to say %q", s.file, r.code, r.stdout, r.stderr, s.says)
			}
			if got := talkPeople(t, plan); !slices.Equal(got, s.people) {
				t.Errorf("after %s the talk has %q, want %q", s.file, got, s.people)
			}
		}
	})
}

// An answer that does not fit the plan is refused, naming why and where,
// and nothing of the file is applied: not even its answers that fit.
func TestAnAnswerThatDoesNotFitThePlanIsRefusedAndNothingIsWritten(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		server := imiptest.Start(t, imiptest.Options{})
		env := append(server.Env("smtp", ""), "CONVENE_FROM="+coordinator)
		if r := convene(t, env, "invite", "--forum", "IGF 2021", "--db", plan); r.code != 0 {
			t.Fatalf("invite: %s", r.stderr)
		}
		// The talk moves, and its people get SEQUENCE 1.
		moved := filepath.Join(t.TempDir(), "moved.ics")
		writeCRLF(t, moved,
			"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//IGF//Programme//EN",
			"BEGIN:VEVENT", "UID:sample-2021-igf-software-update@convene", "DTSTAMP:20211101T090000Z",
			"DTSTART:20211209T140000Z", "DTEND:20211209T143000Z", "END:VEVENT", "END:VCALENDAR")
		if r := convene(t, nil, "import", "ics", "--forum", "IGF 2021", moved, "--db", plan); r.code != 0 {
			t.Fatalf("import the moved talk: %s", r.stderr)
		}
		if r := convene(t, env, "invite", "--db", plan); r.code != 0 {
			t.Fatalf("invite again: %s", r.stderr)
		}

		sample, err := os.ReadFile(replySample("thunderbird-tentative.ics"))
		if err != nil {
			t.Fatal(err)
		}
		fits := strings.Replace(string(sample), "SEQUENCE:0", "SEQUENCE:1", 1)
		cases := []struct {
			name, text, says string
		}{
			{"older.ics", string(sample),
				"older.ics:22: Amara Okafor answers an older invitation to “Software update in practice: three manufacturers compare notes” (SEQUENCE 0); the one sent last has SEQUENCE 1"},
			{"stranger.ics", strings.Replace(fits, "amara.okafor@example.com", "zofia.wroblewska@example.org", 1),
				"stranger.ics:22: zofia.wroblewska@example.org is not a participant of “Software update in practice: three manufacturers compare notes”"},
			{"unknown.ics", strings.Replace(fits, "UID:sample-2021-igf-software-update@convene", "UID:not-in-the-plan@example.org", 1),
				"unknown.ics:22: no session in the plan has the UID \"not-in-the-plan@example.org\""},
			// One answer that fits and one that does not: neither is applied.
			{"both.ics", strings.Replace(fits, "END:VEVENT\r\n", "END:VEVENT\r\n"+
				strings.Replace(eventOf(fits), "UID:sample-2021-igf-software-update@convene", "UID:gone@example.org", 1), 1),
				"both.ics:38: no session in the plan has the UID \"gone@example.org\""},
		}
		before := talkPeople(t, plan)
		for _, c := range cases {
			path := filepath.Join(t.TempDir(), c.name)
			if err := os.WriteFile(path, []byte(c.text), 0o600); err != nil {
				t.Fatal(err)
			}
			r := convene(t, nil, "import", "ics", path, "--db", plan)
			if r.code != 1 || !strings.Contains(r.stderr, filepath.Dir(path)+"/"+c.says) {
				t.Errorf("%s: exit %d\n%s%s\nwant exit 1 saying %q", c.name, r.code, r.stdout, r.stderr, c.says)
			}
			if got := talkPeople(t, plan); !slices.Equal(got, before) {
				t.Errorf("%s changed the talk's people to %q", c.name, got)
			}
		}
		// The same answer to the latest invitation is taken.
		path := filepath.Join(t.TempDir(), "latest.ics")
		if err := os.WriteFile(path, []byte(fits), 0o600); err != nil {
			t.Fatal(err)
		}
		if r := convene(t, nil, "import", "ics", path, "--db", plan); r.code != 0 || !strings.Contains(r.stdout, "Amara Okafor on “Software update in practice: three manufacturers compare notes”: invited (was confirmed)") {
			t.Errorf("the answer to the latest invitation: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		// Her answer changes nothing her invitation shows: no one is sent
		// anything, though the published calendar takes it.
		if r := convene(t, env, "invite", "--forum", "IGF 2021", "--db", plan); r.code != 0 || !strings.Contains(r.stdout, "nothing to send") {
			t.Errorf("invite after an answer: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		// A forum's programme still needs its forum.
		if r := convene(t, nil, "import", "ics", moved, "--db", plan); r.code != 2 || !strings.Contains(r.stderr, "--forum NAME") {
			t.Errorf("a programme without --forum: exit %d\n%s", r.code, r.stderr)
		}
	})
}

// eventOf returns the calendar's VEVENT, its BEGIN and END lines included.
func eventOf(cal string) string {
	start := strings.Index(cal, "BEGIN:VEVENT")
	end := strings.Index(cal, "END:VEVENT\r\n") + len("END:VEVENT\r\n")
	return cal[start:end]
}
