package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/plangen"
)

// The planning checks and a speaker's schedule, told as a coordinator and a
// speaker use them: the real binary on the sample plan.

func checkContains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not say %q:\n%s", what, w, text)
		}
	}
}

func TestCheckNamesTheSamplePlansProblems(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		r := convene(t, nil, "check", "--db", demoAt(t, db))
		if r.code != exitData {
			t.Fatalf("check on the sample: exit %d, want %d (a conflict)\n%s%s", r.code, exitData, r.stdout, r.stderr)
		}
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		want := "conflict: Zofia Wróblewska is in two sessions at once: " +
			"“Core Internet Values and the Internet of Things: secure devices at a global scale” (IGF 2021, Wed 8 Dec 2021 11:30–13:00) and " +
			"“Data access and interoperability: the EU sector inquiry into consumer IoT” (IGF 2021, Wed 8 Dec 2021 12:30–13:30)"
		if lines[0] != want {
			t.Errorf("first line is\n%s\nwant the double booking first:\n%s", lines[0], want)
		}
		for i, l := range lines[1:] {
			if !strings.HasPrefix(l, "warning: ") {
				t.Errorf("line %d is %q; after the one conflict come warnings only", i+2, l)
			}
		}
		checkContains(t, "check", r.stdout,
			"warning: José Álvarez-Núñez: Tue 7 Dec 2021 05:00–06:30 in Buenos Aires for “Vulnerability management and disclosure: from law to practice” (IGF 2021, 09:00–10:30 in Katowice)",
			"warning: “Software update in practice: three manufacturers compare notes” (IGF 2021, Thu 9 Dec 2021 14:00–14:30) has speakers and moderators from 1 stakeholder group (private-sector)",
			"warning: Daniel Brooks's action “Get the online moderator confirmed for the IGF-USA session”",
		)
		checkContains(t, "check's summary", r.stderr, "1 conflict")
		if strings.Contains(r.stdout, "@example") || strings.Contains(r.stdout, "female") {
			t.Errorf("check prints an email or a gender:\n%s", r.stdout)
		}
	})
}

func TestCheckJSONNamesSessionsAndPeople(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		r := convene(t, nil, "check", "--json", "--db", demoAt(t, db))
		if r.code != exitData {
			t.Fatalf("check --json on the sample: exit %d, want %d\n%s", r.code, exitData, r.stderr)
		}
		type item struct {
			Kind     string `json:"kind"`
			Message  string `json:"message"`
			Sessions []struct {
				UID   string `json:"uid"`
				Title string `json:"title"`
			} `json:"sessions"`
			People []string `json:"people"`
			Room   string   `json:"room"`
			Action string   `json:"action"`
		}
		var doc struct {
			Conflicts []item `json:"conflicts"`
			Warnings  []item `json:"warnings"`
		}
		dec := json.NewDecoder(strings.NewReader(r.stdout))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&doc); err != nil {
			t.Fatalf("check --json printed no document of conflicts and warnings: %v\n%s", err, r.stdout)
		}
		if len(doc.Conflicts) != 1 {
			t.Fatalf("conflicts: %+v, want Zofia's double booking only", doc.Conflicts)
		}
		c := doc.Conflicts[0]
		if c.Kind != "double-booked" || len(c.Sessions) != 2 ||
			c.Sessions[0].UID != "sample-2021-igf-joint@convene" || c.Sessions[1].UID != "sample-2021-igf-eu-inquiry@convene" ||
			len(c.People) != 1 || c.People[0] != "Zofia Wróblewska" || !strings.Contains(c.Message, "two sessions at once") {
			t.Errorf("the conflict is %+v", c)
		}
		kinds := map[string]item{}
		for _, w := range doc.Warnings {
			kinds[w.Kind] = w
		}
		if w := kinds["local-night"]; len(w.People) != 1 || w.People[0] != "José Álvarez-Núñez" ||
			len(w.Sessions) != 1 || w.Sessions[0].UID != "sample-2021-igf-vulnerability@convene" {
			t.Errorf("the local-night warning is %+v", w)
		}
		if w := kinds["few-stakeholder-groups"]; len(w.Sessions) != 1 || w.Sessions[0].UID != "sample-2021-igf-software-update@convene" {
			t.Errorf("the stakeholder warning is %+v", w)
		}
		if w := kinds["action-overdue"]; w.Action == "" || len(w.People) != 1 {
			t.Errorf("the overdue action is %+v", w)
		}
		if strings.Contains(r.stdout, "@example") {
			t.Errorf("check --json prints emails:\n%s", r.stdout)
		}
	})
}

func TestCheckAfterTheClashIsResolvedInTheSessionsSheet(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		sheet := filepath.Join(t.TempDir(), "sessions.csv")
		if r := convene(t, nil, "export", "csv", "sessions", "--db", plan, "-o", sheet); r.code != 0 {
			t.Fatalf("export csv sessions: exit %d: %s", r.code, r.stderr)
		}
		data, err := os.ReadFile(sheet)
		if err != nil {
			t.Fatal(err)
		}
		// The secretariat moves the EU inquiry forum to after the joint session.
		var edited []string
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "sample-2021-igf-eu-inquiry@convene,") {
				line = strings.Replace(line, "2021-12-08 12:30,2021-12-08 13:30", "2021-12-08 13:15,2021-12-08 14:15", 1)
			}
			edited = append(edited, line)
		}
		if strings.Join(edited, "\n") == string(data) {
			t.Fatalf("the sheet has no row for the EU inquiry at 12:30:\n%s", data)
		}
		if err := os.WriteFile(sheet, []byte(strings.Join(edited, "\n")), 0o600); err != nil {
			t.Fatal(err)
		}
		if r := convene(t, nil, "import", "csv", "sessions", sheet, "--db", plan); r.code != 0 {
			t.Fatalf("import csv sessions: exit %d: %s", r.code, r.stderr)
		}

		r := convene(t, nil, "check", "--db", plan)
		if r.code != exitOK {
			t.Fatalf("check after the clash was resolved: exit %d, want 0\n%s%s", r.code, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout, "conflict:") || strings.Contains(r.stdout, "Zofia Wróblewska is in two sessions") {
			t.Errorf("check still reports the clash:\n%s", r.stdout)
		}
		checkContains(t, "check", r.stdout, "warning: José Álvarez-Núñez: Tue 7 Dec 2021 05:00–06:30 in Buenos Aires")
		checkContains(t, "check's summary", r.stderr, "no conflicts")
	})
}

func TestScheduleInTheSpeakersOwnZone(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		tests := []struct {
			name  string
			args  []string
			lines []string // in this order
			not   []string
		}{
			{
				name: "José finds his sessions by email, in Buenos Aires time with Katowice time beside",
				args: []string{"--person", "jose.alvarez@example.org"},
				lines: []string{
					"José Álvarez-Núñez, times in Buenos Aires (America/Argentina/Buenos_Aires)",
					"Tue 1 Jun 2021 … 10:00–11:30 … 10:00–11:30 São Paulo … Fórum da Internet no Brasil 2021 … (cancelled) … speaker … Online",
					"Thu 15 Jul 2021 … 12:00–13:15 … 11:00–12:15 Washington … IGF-USA 2021 … Enforcement and waivers … speaker",
					"Tue 7 Dec 2021 … 05:00–06:30 … 09:00–10:30 Katowice … IGF 2021 … Vulnerability management and disclosure … speaker … Ballroom B",
				},
			},
			{
				name:  "a name in any case, accents too",
				args:  []string{"--person", "josé álvarez-núñez"},
				lines: []string{"José Álvarez-Núñez, times in Buenos Aires", "05:00–06:30"},
			},
			{
				name: "in another zone, the date as it falls there and the forum's day beside it when it differs",
				args: []string{"--person", "Zofia Wróblewska", "--tz", "Pacific/Auckland"},
				lines: []string{
					"Zofia Wróblewska, times in Auckland (Pacific/Auckland)",
					"Tue 29 Jun 2021 … 21:00–22:30 … 11:00–12:30 Trieste … EuroDIG 2021",
					"Wed 8 Dec 2021 … 23:30–01:00 +1 … 11:30–13:00 Katowice … Core Internet Values … speaker",
					"Thu 9 Dec 2021 … 00:30–01:30 … Wed 8 Dec 12:30–13:30 Katowice … Data access and interoperability … moderator … Conference Room 5",
				},
			},
			{
				name:  "a session declined is left out",
				args:  []string{"--person", "priya.raghunathan@example.org"},
				lines: []string{"Vulnerability management and disclosure"},
				not:   []string{"Core Internet Values"},
			},
			{
				name:  "an invitation not yet answered",
				args:  []string{"--person", "beatriz.souza@example.org"},
				lines: []string{"Enforcement and waivers … online-moderator (invited)", "unscheduled … IGF 2021 … Device configuration clinic"},
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := convene(t, nil, append([]string{"schedule", "--db", plan}, tt.args...)...)
				if r.code != 0 {
					t.Fatalf("schedule: exit %d: %s", r.code, r.stderr)
				}
				out := strings.Split(r.stdout, "\n")
				at := 0
				for _, want := range tt.lines {
					found := false
					for ; at < len(out) && !found; at++ {
						found = checkHasInOrder(out[at], strings.Split(want, " … "))
					}
					if !found {
						t.Errorf("no line with %q (after the earlier ones) in:\n%s", want, r.stdout)
						return
					}
				}
				for _, not := range tt.not {
					if strings.Contains(r.stdout, not) {
						t.Errorf("schedule shows %q:\n%s", not, r.stdout)
					}
				}
			})
		}
	})
}

// checkHasInOrder reports whether line holds the parts one after another.
func checkHasInOrder(line string, parts []string) bool {
	for _, p := range parts {
		i := strings.Index(line, p)
		if i < 0 {
			return false
		}
		line = line[i+len(p):]
	}
	return true
}

func TestScheduleRefusesWhatItCannotShow(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		namesake := filepath.Join(t.TempDir(), "people.csv")
		err := os.WriteFile(namesake, []byte("name,email,affiliation,stakeholder_group,region,gender,country,timezone,bio\n"+
			"Helen Marsh,helen.marsh@example.net,Marsh Consulting,academia,weog,female,GB,Europe/London,\n"), 0o600)
		if err != nil {
			t.Fatal(err)
		}
		if r := convene(t, nil, "import", "csv", "people", namesake, "--db", plan); r.code != 0 {
			t.Fatalf("import a second Helen Marsh: exit %d: %s", r.code, r.stderr)
		}
		tests := []struct {
			name string
			args []string
			code int
			says []string
		}{
			{"an unknown person", []string{"--person", "nobody@example.org"}, exitData,
				[]string{`no one in the plan has the email or name "nobody@example.org"`}},
			{"a name two people share lists them", []string{"--person", "helen marsh"}, exitData,
				[]string{"2 people are named", "Brightwell Devices", "Marsh Consulting", "give the email"}},
			{"a zone that is not one", []string{"--person", "helen.marsh@example.com", "--tz", "Mars/Olympus_Mons"}, exitUsage,
				[]string{`"Mars/Olympus_Mons" is not an IANA time zone`}},
			{"no person at all", nil, exitUsage, []string{"person"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := convene(t, nil, append([]string{"schedule", "--db", plan}, tt.args...)...)
				if r.code != tt.code {
					t.Errorf("exit %d, want %d\n%s%s", r.code, tt.code, r.stdout, r.stderr)
				}
				checkContains(t, "stderr", r.stderr, tt.says...)
			})
		}
		// With the namesake's email, the right Helen's (empty) schedule.
		r := convene(t, nil, "schedule", "--db", plan, "--person", "helen.marsh@example.net")
		if r.code != 0 || !strings.Contains(r.stdout, "Helen Marsh takes part in no sessions.") {
			t.Errorf("the second Helen's schedule: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
}

// checkSelfJoin is the yardstick for a whole check: SQLite's own engine
// finding only the participants booked twice within one forum.
const checkSelfJoin = `SELECT p1.person_id, s1.id, s2.id
FROM participation p1
JOIN participation p2 ON p2.person_id = p1.person_id
JOIN session s1 ON s1.id = p1.session_id
JOIN session s2 ON s2.id = p2.session_id
WHERE s1.forum_id = s2.forum_id AND s1.id < s2.id
AND s1.start_utc < s2.end_utc AND s2.start_utc < s1.end_utc
AND p1.status <> 'declined' AND p2.status <> 'declined'`

// BenchmarkCheckCommand times the whole `convene check` process beside the
// sqlite3 command line running checkSelfJoin on the same plan file.
func BenchmarkCheckCommand(b *testing.B) {
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("no sqlite3 command to compare with")
	}
	bin := binary(b)
	for _, n := range []int{plangen.Large, plangen.Huge, plangen.Extreme} {
		plan := plangen.File(b, n)
		for _, run := range []struct {
			name string
			cmd  func() *exec.Cmd
		}{
			{"convene-check", func() *exec.Cmd { return exec.Command(bin, "check", "--db", plan) }},
			{"sqlite3-self-join", func() *exec.Cmd { return exec.Command(sqlite3, "-readonly", plan, checkSelfJoin) }},
		} {
			b.Run(fmt.Sprintf("sessions=%d/%s", n, run.name), func(b *testing.B) {
				for b.Loop() {
					cmd := run.cmd()
					cmd.Env = append(os.Environ(), "LANG=en_GB.UTF-8")
					var stderr bytes.Buffer
					cmd.Stdout, cmd.Stderr = nil, &stderr
					err := cmd.Run()
					var exit *exec.ExitError
					if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == exitData) {
						b.Fatalf("%s: %v: %s", run.name, err, stderr.String())
					}
				}
			})
		}
	}
}
