package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// teamPlan makes an empty database for a team plan, owned by a new role,
// and returns its address with the role's password.
func teamPlan(t *testing.T) (address string, d *pgtest.Database) {
	t.Helper()
	d = pgtest.Shared(t).NewDatabase(t)
	return d.URL(d.Owner), d
}

var (
	stamp   = regexp.MustCompile(`DTSTAMP:\d{8}T\d{6}Z`)
	calName = regexp.MustCompile(`X-WR-CALNAME;VALUE=TEXT:(dc-iot|back|plan_\d+)\r\n`)
)

// exports is every export a coordinator shares of a plan: each kind of
// spreadsheet, with contacts, and the calendar.
func exports(t *testing.T, plan string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, args := range [][]string{
		{"csv", "forums"}, {"csv", "sessions"}, {"csv", "people", "--with-contacts"},
		{"csv", "actions", "--with-contacts"}, {"csv", "reports"}, {"csv", "narratives"},
		{"ics", "--forum", "IGF 2021", "--todos", "--with-contacts"}, {"ics"},
	} {
		r := convene(t, nil, append([]string{"export", "--db", plan}, args...)...)
		if r.code != 0 || r.stdout == "" {
			t.Fatalf("export %s of %s: exit %d\n%s", strings.Join(args, " "), plan, r.code, r.stderr)
		}
		// DTSTAMP is when the calendar was made, and a whole plan's
		// calendar is named after where the plan is kept (a forum's, as
		// above, after the forum): neither is what the plan says.
		text := stamp.ReplaceAllString(r.stdout, "DTSTAMP:(when exported)")
		out[strings.Join(args, " ")] = calName.ReplaceAllString(text, "X-WR-CALNAME;VALUE=TEXT:(the plan's name)")
	}
	return out
}

// A coalition outgrows its file: the sample plan is copied to a team plan
// and back to a new file, and every export of the three is the same, byte
// for byte.
func TestTheSamplePlanCopiedToATeamPlanAndBackExportsTheSameBytes(t *testing.T) {
	file := demoPlan(t)
	team, d := teamPlan(t)
	r := convene(t, nil, "copy", file, team)
	if r.code != 0 {
		t.Fatalf("copy to the team plan: exit %d\n%s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, d.Owner.Password) {
		t.Errorf("copy printed the password:\n%s%s", r.stdout, r.stderr)
	}
	back := filepath.Join(t.TempDir(), "back.convene")
	if r := convene(t, nil, "copy", team, back); r.code != 0 {
		t.Fatalf("copy back to a file: exit %d\n%s", r.code, r.stderr)
	}
	want := exports(t, file)
	for name, plan := range map[string]string{"the team plan": team, "the file copied back": back} {
		got := exports(t, plan)
		for what, w := range want {
			if got[what] != w {
				t.Errorf("export %s of %s differs from the file's:\n%s\nwant\n%s", what, name, got[what], w)
			}
		}
	}
}

// A copy goes only into a new file or an empty plan: into a team plan that
// holds one, or into a file of another program, it is refused with exit 2
// and they are left as they were.
func TestACopyIntoAPlanThatHoldsOneOrIntoAnotherFileIsRefused(t *testing.T) {
	file := demoPlan(t)
	team, _ := teamPlan(t)
	if r := convene(t, nil, "copy", file, team); r.code != 0 {
		t.Fatalf("copy: exit %d\n%s", r.code, r.stderr)
	}
	before := exports(t, team)
	r := convene(t, nil, "copy", file, team)
	if r.code != 2 || !strings.Contains(r.stderr, "already holds a plan") {
		t.Errorf("a second copy into the team plan: exit %d, want 2 saying it holds a plan\n%s", r.code, r.stderr)
	}
	for what, b := range exports(t, team) {
		if b != before[what] {
			t.Errorf("the refused copy changed the team plan's %s", what)
		}
	}
	notes := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notes, []byte("Agenda for Katowice\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := convene(t, nil, "copy", team, notes); r.code != 2 || !strings.Contains(r.stderr, "notes.txt") {
		t.Errorf("a copy into a text file: exit %d, want 2 naming it\n%s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(notes); string(b) != "Agenda for Katowice\n" {
		t.Errorf("the refused copy changed the text file: %q", b)
	}

	// A database that holds another program's tables is not a plan.
	other, d := teamPlan(t)
	admin := d.Admin(t)
	if _, err := admin.Exec(`CREATE TABLE notes (line text); INSERT INTO notes VALUES ('ask the MAG about the room')`); err != nil {
		t.Fatal(err)
	}
	if r := convene(t, nil, "copy", file, other); r.code != 2 || !strings.Contains(r.stderr, "is not a Convene plan") {
		t.Errorf("a copy into another program's database: exit %d, want 2 saying it is not a plan\n%s", r.code, r.stderr)
	}
	var tables int
	var line string
	if err := admin.QueryRow(`SELECT count(*), min(line) FROM pg_tables t, notes WHERE t.schemaname = 'public'`).Scan(&tables, &line); err != nil || tables != 1 || line != "ask the MAG about the room" {
		t.Errorf("the refused copy changed the other program's database: %d tables, %q (%v)", tables, line, err)
	}
}

// A coordinator's import into a team plan goes wrong; another coordinator
// lists the team plan's snapshots, kept in its database, and goes back to
// the plan before the import, which is then the plan it was; the plan
// replaced is kept in turn.
func TestATeamPlanGoesBackToTheSnapshotItsImportKept(t *testing.T) {
	team, _ := teamPlan(t)
	if r := convene(t, nil, "copy", demoPlan(t), team); r.code != 0 {
		t.Fatalf("copy: exit %d\n%s", r.code, r.stderr)
	}
	if r := convene(t, nil, "restore", "--db", team); r.code != 0 || !strings.Contains(r.stdout, "no snapshots yet") {
		t.Errorf("restore lists the snapshots of a copied team plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	before := exports(t, team)
	sheet := strings.Replace(before["csv sessions"], "Proteção de dados em dispositivos IoT de consumo", "Renamed by mistake", 1)
	file := filepath.Join(t.TempDir(), "sessions.csv")
	if err := os.WriteFile(file, []byte(sheet), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := convene(t, nil, "import", "csv", "sessions", file, "--db", team); r.code != 0 {
		t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
	}
	if exports(t, team)["csv sessions"] == before["csv sessions"] {
		t.Fatal("the import changed nothing")
	}
	r := convene(t, nil, "restore", "--db", team)
	if r.code != 0 || !strings.Contains(r.stdout, "import-sessions") || strings.Count(r.stdout, "\n1 ") != 1 {
		t.Fatalf("restore lists: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = convene(t, nil, "restore", "1", "--db", team)
	if r.code != 0 || !strings.Contains(r.stdout, "before import-sessions") || !strings.Contains(r.stdout, "kept as snapshot 1") {
		t.Fatalf("restore 1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for what, b := range exports(t, team) {
		if strings.HasPrefix(what, "csv") && b != before[what] {
			t.Errorf("after the restore the team plan's %s is not what it was:\n%s\nwant\n%s", what, b, before[what])
		}
	}
	if r := convene(t, nil, "restore", "--db", team); r.code != 0 || !regexp.MustCompile(`(?m)^1 .* restore `).MatchString(r.stdout) {
		t.Errorf("after the restore the list is:\n%s%s", r.stdout, r.stderr)
	}
	if r := convene(t, nil, "restore", "7", "--db", team); r.code != 1 || !strings.Contains(r.stderr, "no snapshot 7") {
		t.Errorf("restore 7: exit %d, want 1\n%s", r.code, r.stderr)
	}
}

// demo --force on a team plan keeps the plan it replaces as a snapshot in
// the database, which brings it back.
func TestDemoForceOnATeamPlanKeepsTheReplacedPlanAsASnapshot(t *testing.T) {
	team, _ := teamPlan(t)
	if r := convene(t, nil, "copy", demoPlan(t), team); r.code != 0 {
		t.Fatalf("copy: exit %d\n%s", r.code, r.stderr)
	}
	sheet := filepath.Join(t.TempDir(), "forums.csv")
	if err := os.WriteFile(sheet, []byte("name,kind,city,country,format,first_day,last_day,timezone\n"+
		"EuroDIG 2022,regional,Trieste,IT,hybrid,2022-06-20,2022-06-22,Europe/Rome\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := convene(t, nil, "import", "csv", "forums", sheet, "--db", team); r.code != 0 {
		t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
	}
	before := exports(t, team)["csv forums"]
	if !strings.Contains(before, "EuroDIG 2022") {
		t.Fatalf("the import did not add the forum:\n%s", before)
	}
	if r := convene(t, nil, "demo", "--force", "--db", team); r.code != 0 {
		t.Fatalf("demo --force: exit %d\n%s", r.code, r.stderr)
	}
	if strings.Contains(exports(t, team)["csv forums"], "EuroDIG 2022") {
		t.Fatal("demo --force kept the imported forum")
	}
	r := convene(t, nil, "restore", "--db", team)
	if !regexp.MustCompile(`(?m)^1 .* demo-force `).MatchString(r.stdout) {
		t.Fatalf("after demo --force the snapshots are:\n%s%s", r.stdout, r.stderr)
	}
	if r := convene(t, nil, "restore", "1", "--db", team); r.code != 0 {
		t.Fatalf("restore 1: exit %d\n%s", r.code, r.stderr)
	}
	if got := exports(t, team)["csv forums"]; got != before {
		t.Errorf("restored, the forums are\n%s\nwant\n%s", got, before)
	}
}
