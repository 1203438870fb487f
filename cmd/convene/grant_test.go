package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// A coordinator who keeps the plan in a file types 'convene grant': a
// file's readers and writers are the file system's to say, and the file
// is not even opened.
func TestAGrantOnAPlanFileIsRefusedAndTheFileLeftAsItWas(t *testing.T) {
	plan := demoPlan(t)
	sum := durSum(t, plan)
	r := convene(t, nil, "grant", "amina", "write", "--db", plan)
	if r.code != 2 || !strings.Contains(r.stderr, "file system") || !strings.Contains(r.stderr, plan) {
		t.Errorf("grant on a plan file: exit %d, want 2 saying a file's access is the file system's\n%s", r.code, r.stderr)
	}
	if durSum(t, plan) != sum {
		t.Error("the plan file was changed")
	}
}

// The plan's owner lets a colleague read the plan: the colleague lists,
// exports and checks it, and every command that would change it is
// refused, saying who can let them, with nothing changed and no mail or
// feed sent. Given write, the same colleague publishes, which records the feeds in
// the plan.
func TestARoleGivenReadReadsTheTeamPlanAndChangesNothing(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	owner := demoAt(t, d.URL(d.Owner))
	colleague := d.NewRole(t)
	as := d.URL(colleague)

	r := convene(t, nil, "grant", colleague.Name, "read", "--db", owner)
	if r.code != 0 || r.stdout != colleague.Name+" may now read "+planName(owner)+".\n" {
		t.Fatalf("grant read: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	before := everySheet(t, owner)

	for _, args := range [][]string{
		{"list", "forums"},
		{"export", "csv", "sessions"},
		{"export", "ics", "--forum", "IGF 2021"},
		{"check"},
	} {
		r := convene(t, nil, append(args, "--db", as)...)
		if r.code > 1 || r.stdout == "" {
			t.Errorf("%s by a reader: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
	}

	sheet := durPeopleCSV(t, t.TempDir(), "late", 3)
	outbox, feeds := filepath.Join(t.TempDir(), "outbox"), t.TempDir()
	for _, c := range []struct {
		args []string
		env  []string
	}{
		{args: []string{"import", "csv", "people", sheet}},
		{args: []string{"demo", "--force"}},
		{args: []string{"invite", "--forum", "IGF 2021"},
			env: []string{"CONVENE_FROM=" + coordinator, "CONVENE_SMTP=smtp://dc-iot@127.0.0.1:9"}},
		{args: []string{"publish", feeds}},
	} {
		r := convene(t, c.env, append(c.args, "--db", as)...)
		if r.code != 2 || !strings.Contains(r.stderr, "your role may only read this plan") ||
			!strings.Contains(r.stderr, "'convene grant ROLE write'") {
			t.Errorf("%s by a reader: exit %d, want 2 saying the role may only read\n%s", strings.Join(c.args, " "), r.code, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, colleague.Password) {
			t.Errorf("%s by a reader shows the password", strings.Join(c.args, " "))
		}
	}
	if entries, _ := os.ReadDir(feeds); len(entries) > 0 {
		t.Errorf("a reader's publish wrote %d files", len(entries))
	}
	if _, err := os.Stat(outbox); err == nil {
		t.Error("a reader's invite wrote messages")
	}
	if after := everySheet(t, owner); after != before {
		t.Error("a reader's commands changed the plan")
	}
	// A dry run keeps nothing, so a reader may look at what would go out.
	if r := convene(t, []string{"CONVENE_FROM=" + coordinator}, "invite", "--forum", "IGF 2021", "--dry-run", outbox, "--db", as); r.code != 0 {
		t.Errorf("a reader's dry run: exit %d\n%s", r.code, r.stderr)
	}

	if r := convene(t, nil, "grant", colleague.Name, "write", "--db", owner); r.code != 0 ||
		r.stdout != colleague.Name+" may now read and change "+planName(owner)+".\n" {
		t.Fatalf("grant write: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := convene(t, nil, "publish", feeds, "--db", as); r.code != 0 {
		t.Errorf("publish (which records its feeds in the plan) by a colleague given write: exit %d\n%s", r.code, r.stderr)
	}
}

// Those the owner gave nothing, and grants that cannot be made, are
// refused in plain words, exit 2, with nothing granted.
func TestWhatCannotBeGrantedOrReadIsRefusedInPlainWords(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	owner := demoAt(t, d.URL(d.Owner))
	stranger, writer := d.NewRole(t), d.NewRole(t)
	if r := convene(t, nil, "grant", writer.Name, "write", "--db", owner); r.code != 0 {
		t.Fatalf("grant write: exit %d\n%s", r.code, r.stderr)
	}
	for _, c := range []struct {
		story, db string
		args      []string
		want      string
	}{
		{"a role given nothing lists the plan", d.URL(stranger), []string{"list", "forums"}, "may not be read by you"},
		{"a grant to a role the server does not have", owner, []string{"grant", "no_such_colleague", "read"}, `the server has no role "no_such_colleague"`},
		{"a writer grants, not owning the plan", d.URL(writer), []string{"grant", stranger.Name, "write"}, "only its owner can give others access"},
		{"the owner takes write from itself", owner, []string{"grant", d.Owner.Name, "read"}, "the plan's owner, who may always read and change it"},
		{"a grant of neither read nor write", owner, []string{"grant", stranger.Name, "admin"}, `"admin" is neither read nor write`},
	} {
		r := convene(t, nil, append(c.args, "--db", c.db)...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, "SQLSTATE") {
			t.Errorf("%s: exit %d, want 2 saying %q\n%s", c.story, r.code, c.want, r.stderr)
		}
	}
	if r := convene(t, nil, "list", "forums", "--db", d.URL(stranger)); r.code != 2 {
		t.Errorf("the stranger was given access after all: exit %d", r.code)
	}
	if r := convene(t, nil, "publish", t.TempDir(), "--db", owner); r.code != 0 {
		t.Errorf("the owner can no longer change the plan: exit %d\n%s", r.code, r.stderr)
	}
}

// everySheet is every kind of record of the plan at db as CSV, contacts
// included: what "nothing changed" compares.
func everySheet(t *testing.T, db string) string {
	t.Helper()
	var all strings.Builder
	for _, kind := range []string{"forums", "sessions", "people", "actions", "reports", "narratives"} {
		r := convene(t, nil, "export", "csv", kind, "--with-contacts", "--db", db)
		if r.code != 0 {
			t.Fatalf("export csv %s: exit %d\n%s", kind, r.code, r.stderr)
		}
		all.WriteString(r.stdout)
	}
	return all.String()
}
