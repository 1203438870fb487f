package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/imip/imiptest"
)

const coordinator = "DC-IoT coordination <coordination@dc-iot.example.org>"

// sampleAddress matches every email address of the sample plan's people.
var sampleAddress = regexp.MustCompile(`(?i)[a-z0-9._-]+@example\.(org|com|net)`)

// checkLetters reads messages that reached the server as a mail client and
// Thunderbird would, and fails the test unless each is an iTIP message of
// the method, to its envelope's one recipient, who is its only ATTENDEE,
// with no one else's address anywhere in it.
func checkLetters(t *testing.T, got []imiptest.Received, method string) []imiptest.Letter {
	t.Helper()
	paths := make([]string, len(got))
	for i, r := range got {
		paths[i] = r.Path
	}
	letters := imiptest.ReadLetters(t, paths...)
	for i, r := range got {
		l := letters[i]
		if len(r.Rcpt) != 1 || len(l.To) != 1 || !strings.EqualFold(l.To[0], r.Rcpt[0]) || l.Cc != nil {
			t.Errorf("%s went to %v with To %v and Cc %v; want one recipient", r.Path, r.Rcpt, l.To, l.Cc)
			continue
		}
		to := strings.ToLower(l.To[0])
		raw, err := os.ReadFile(r.Path)
		if err != nil {
			t.Fatal(err)
		}
		// The calendar's lines are unfolded first: a fold may split an address.
		unfolded := strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(l.Calendar.Text)
		for _, text := range []string{string(raw), l.Text, unfolded} {
			for _, a := range sampleAddress.FindAllString(text, -1) {
				if strings.ToLower(a) != to {
					t.Errorf("the message to %s holds the address of %s", to, a)
				}
			}
		}
		if l.MethodParam != method || l.Calendar.Method != method || l.ICalJS.Method != method {
			t.Errorf("%s: method %q on the part, %q and %q in the calendar; want %s", r.Path, l.MethodParam, l.Calendar.Method, l.ICalJS.Method, method)
		}
		for reader, events := range map[string][]imiptest.Event{"python3-icalendar": l.Calendar.Events, "ical.js": l.ICalJS.Events} {
			if len(events) != 1 || len(events[0].Attendees) != 1 || !strings.EqualFold(events[0].Attendees[0].Email, to) ||
				events[0].Organizer != "coordination@dc-iot.example.org" {
				t.Errorf("%s reads the message to %s as %+v; want one event, from the coordinator, with them as its only attendee", reader, to, events)
			}
		}
	}
	return letters
}

// The coordinator invites IGF 2021's speakers in one step; running invite
// again sends nothing, and after one session moves, exactly that session's
// people get an update.
func TestInvitingAForumReachesEachParticipantAloneAndThenOnlyThoseAChangeConcerns(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		server := imiptest.Start(t, imiptest.Options{})
		env := server.Env("smtp", "")
		r := convene(t, env, "invite", "--forum", "IGF 2021", "--from", coordinator, "--db", plan)
		if r.code != 0 {
			t.Fatalf("invite: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		// Four sessions have times: 7 + 7 (one declined) + 5 + 3 people.
		if !strings.Contains(r.stdout, "sent 22 invitations, 0 updates and 0 cancellations") {
			t.Errorf("invite says:\n%s", r.stdout)
		}
		if !strings.Contains(r.stdout, "not sent: Kenji Watanabe on “Logical access to interfaces and cybersecurity state awareness”: the session has no times yet") {
			t.Errorf("invite does not say whom it left out and why:\n%s", r.stdout)
		}
		got := server.Received(t)
		if len(got) != 22 {
			t.Fatalf("the server took %d messages, want 22", len(got))
		}
		for i, l := range checkLetters(t, got, "REQUEST") {
			if a := l.ICalJS.Events[0].Attendees; len(a) == 1 && (a[0].Partstat == nil || *a[0].Partstat != "NEEDS-ACTION" || a[0].RSVP == nil || *a[0].RSVP != "TRUE") {
				t.Errorf("%s does not ask its attendee to answer: %+v", got[i].Path, a[0])
			}
		}

		// The plan remembers the sender; nothing has changed, so nothing goes.
		r = convene(t, env, "invite", "--forum", "IGF 2021", "--db", plan)
		if r.code != 0 || !strings.Contains(r.stdout, "nothing to send") || len(server.Received(t)) != 22 {
			t.Fatalf("a second run: exit %d, %d messages in all\n%s%s", r.code, len(server.Received(t)), r.stdout, r.stderr)
		}

		// The forum moves the software-update talk by an hour.
		moved := filepath.Join(t.TempDir(), "moved.ics")
		writeCRLF(t, moved,
			"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//IGF//Programme//EN",
			"BEGIN:VEVENT", "UID:sample-2021-igf-software-update@convene", "DTSTAMP:20211101T090000Z",
			"DTSTART:20211209T140000Z", "DTEND:20211209T143000Z", "END:VEVENT", "END:VCALENDAR")
		if r := convene(t, nil, "import", "ics", "--forum", "IGF 2021", moved, "--db", plan); r.code != 0 {
			t.Fatalf("import the moved talk: exit %d\n%s", r.code, r.stderr)
		}
		r = convene(t, env, "invite", "--forum", "IGF 2021", "--db", plan)
		if r.code != 0 || !strings.Contains(r.stdout, "sent 0 invitations, 3 updates and 0 cancellations") {
			t.Fatalf("after the talk moved: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		got = server.Received(t)
		if len(got) != 25 {
			t.Fatalf("the server took %d messages in all, want 3 more", len(got))
		}
		for _, l := range checkLetters(t, got[22:], "REQUEST") {
			e := l.ICalJS.Events[0]
			if e.UID != "sample-2021-igf-software-update@convene" || e.Sequence != 1 || !strings.HasPrefix(l.Subject, "Updated invitation: ") ||
				!strings.Contains(l.Text, "Thu 9 Dec 2021 15:00–15:30 the forum's time (Katowice)") {
				t.Errorf("the update reads %q, SEQUENCE %d of %s:\n%s", l.Subject, e.Sequence, e.UID, l.Text)
			}
		}
	})
}

// When a session is cancelled, exactly its people are told, with a CANCEL
// their calendar takes the event off with.
func TestACancelledSessionReachesExactlyItsPeopleAsACancellation(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		server := imiptest.Start(t, imiptest.Options{})
		env := append(server.Env("smtp", ""), "CONVENE_FROM="+coordinator)
		if r := convene(t, env, "invite", "--forum", "IGF 2021", "--db", plan); r.code != 0 {
			t.Fatalf("invite: %s", r.stderr)
		}
		cancelled := filepath.Join(t.TempDir(), "cancelled.ics")
		writeCRLF(t, cancelled,
			"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//IGF//Programme//EN",
			"BEGIN:VEVENT", "UID:sample-2021-igf-software-update@convene", "DTSTAMP:20211101T090000Z",
			"DTSTART:20211209T130000Z", "DTEND:20211209T133000Z", "STATUS:CANCELLED", "END:VEVENT", "END:VCALENDAR")
		if r := convene(t, nil, "import", "ics", "--forum", "IGF 2021", cancelled, "--db", plan); r.code != 0 {
			t.Fatalf("import the cancellation: %s", r.stderr)
		}
		r := convene(t, env, "invite", "--forum", "IGF 2021", "--db", plan)
		if r.code != 0 || !strings.Contains(r.stdout, "sent 0 invitations, 0 updates and 3 cancellations") {
			t.Fatalf("after the talk was cancelled: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		got := server.Received(t)
		if len(got) != 25 {
			t.Fatalf("the server took %d messages in all, want the talk's 3 more", len(got))
		}
		for _, l := range checkLetters(t, got[22:], "CANCEL") {
			if e := l.ICalJS.Events[0]; e.UID != "sample-2021-igf-software-update@convene" || e.Status != "CANCELLED" || e.Sequence < 1 ||
				!strings.HasPrefix(l.Subject, "Cancelled: ") {
				t.Errorf("the cancellation reads %q: %+v", l.Subject, e)
			}
		}
		if r := convene(t, env, "invite", "--forum", "IGF 2021", "--db", plan); r.code != 0 || !strings.Contains(r.stdout, "nothing to send") {
			t.Errorf("a run after the cancellations: exit %d\n%s", r.code, r.stdout)
		}
	})
}

func writeCRLF(t *testing.T, path string, lines ...string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\r\n")+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A server that wants STARTTLS and a login gets both; the password comes
// from the environment and is never shown, even when it is wrong.
//
// A plan file only: it searches the plan file's bytes for the password;
// password_test.go holds a team plan's commands to the same.
func TestInvitationsGoOverSTARTTLSWithTheLoginFromTheEnvironmentOrNetrc(t *testing.T) {
	plan := demoPlan(t)
	server := imiptest.Start(t, imiptest.Options{StartTLS: true, User: "dc-iot", Password: "s3cret-Pa55"})
	env := append(server.Env("smtp", "dc-iot"), "CONVENE_FROM="+coordinator)

	r := convene(t, append(env, "CONVENE_PASSWORD=wrong-Pa55"), "invite", "--session", "sample-2021-igf-software-update@convene", "--db", plan)
	if r.code == 0 || !strings.Contains(r.stderr, "log in as dc-iot") || strings.Contains(r.stdout+r.stderr, "wrong-Pa55") {
		t.Errorf("a wrong password: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = convene(t, env, "invite", "--session", "sample-2021-igf-software-update@convene", "--db", plan)
	if r.code != 2 || !strings.Contains(r.stderr, "no password for dc-iot at 127.0.0.1") {
		t.Errorf("no password anywhere: exit %d\n%s", r.code, r.stderr)
	}
	if n := len(server.Received(t)); n != 0 {
		t.Fatalf("%d messages went without a login", n)
	}

	netrc := filepath.Join(t.TempDir(), "netrc")
	if err := os.WriteFile(netrc, []byte("machine mail.example.org login x password y\nmachine 127.0.0.1\n  login dc-iot\n  password s3cret-Pa55\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = convene(t, append(env, "NETRC="+netrc), "invite", "--session", "Software update in practice: three manufacturers compare notes", "--db", plan)
	if r.code != 0 || strings.Contains(r.stdout+r.stderr, "s3cret") {
		t.Fatalf("invite over STARTTLS: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	got := server.Received(t)
	if len(got) != 3 {
		t.Fatalf("the server took %d messages, want the talk's 3", len(got))
	}
	checkLetters(t, got, "REQUEST")
	for _, f := range []string{plan, plan + "-wal"} {
		if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), "s3cret") {
			t.Errorf("%s holds the password", f)
		}
	}
}

// A mailbox the server refuses is named; the others are sent and kept as
// sent, so the next run tries only the refused one again.
func TestARefusedRecipientIsNamedAndTheOthersStaySent(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		server := imiptest.Start(t, imiptest.Options{TLS: true, Refuse: []string{"helen.marsh@example.com"}})
		env := append(server.Env("smtps", ""), "CONVENE_FROM="+coordinator)
		for run := 1; run <= 2; run++ {
			r := convene(t, env, "invite", "--session", "sample-2021-igf-software-update@convene", "--db", plan)
			if r.code != 1 || !strings.Contains(r.stderr, "helen.marsh@example.com (Helen Marsh) on “Software update in practice: three manufacturers compare notes”: 550") {
				t.Errorf("run %d: exit %d\n%s%s", run, r.code, r.stdout, r.stderr)
			}
			if got := len(server.Received(t)); got != 2 {
				t.Errorf("after run %d the server took %d messages, want Amara's and Marek's only", run, got)
			}
		}
	})
}

// --dry-run writes what would be sent and keeps nothing, so it can be run
// again and again; it needs no mail server.
func TestADryRunWritesTheMessagesAndKeepsNothing(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		for run := 1; run <= 2; run++ {
			dir := filepath.Join(t.TempDir(), "outbox")
			r := convene(t, []string{"CONVENE_FROM=" + coordinator}, "invite", "--person", "Zofia Wróblewska", "--dry-run", dir, "--db", plan)
			// Of her three sessions, one is over (held): two messages.
			if r.code != 0 || !strings.Contains(r.stdout, "wrote 2 messages to "+dir+"; nothing was sent") {
				t.Fatalf("run %d: exit %d\n%s%s", run, r.code, r.stdout, r.stderr)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
			if len(files) != 2 {
				t.Fatalf("run %d wrote %v", run, files)
			}
			var msgs []imiptest.Received
			for _, f := range files {
				msgs = append(msgs, imiptest.Received{Path: f, Rcpt: []string{"zofia.wroblewska@example.org"}})
			}
			checkLetters(t, msgs, "REQUEST")
		}
		if r := convene(t, nil, "invite", "--db", plan); r.code != 2 || !strings.Contains(r.stderr, "--from ADDRESS or $CONVENE_FROM") {
			t.Errorf("no sender anywhere: exit %d\n%s", r.code, r.stderr)
		}
	})
}
