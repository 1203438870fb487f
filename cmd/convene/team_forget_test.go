package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A coordinator who may change a team plan, but does not own it, forgets
// a speaker: her rows are gone at once, and she is told plainly that only
// the plan's owner can make the server rewrite its files, and how. The
// owner runs the same forget; then neither her name nor her email is in
// any file of the database, in pg_dump, or in the snapshot the plan kept.
func TestAForgetOnATeamPlanIsFinishedByItsOwner(t *testing.T) {
	team, d := teamPlan(t)
	if r := convene(t, nil, "copy", demoPlan(t), team); r.code != 0 {
		t.Fatalf("copy: exit %d\n%s", r.code, r.stderr)
	}
	// An import keeps a snapshot, which holds her too.
	sheet := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(sheet, []byte("name,email,affiliation,stakeholder_group,region,gender,country,timezone,bio\n"+
		"Ana Lima,ana@example.org,NIC.br,technical-community,grulac,female,BR,America/Sao_Paulo,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := convene(t, nil, "import", "csv", "people", sheet, "--db", team); r.code != 0 {
		t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
	}
	admin := d.Admin(t)
	writer := d.NewRole(t)
	for _, grant := range []string{
		`GRANT USAGE ON SCHEMA public TO ` + writer.Name,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + writer.Name,
		// Stored as they are, so that the search below sees into them.
		`ALTER TABLE snapshot ALTER COLUMN plan SET STORAGE EXTERNAL`,
		`UPDATE snapshot SET plan = plan || ''::bytea`,
	} {
		if _, err := admin.Exec(grant); err != nil {
			t.Fatal(err)
		}
	}
	const name, email = "Zofia Wróblewska", "zofia.wroblewska@example.org"
	inFiles := func(word string) bool {
		t.Helper()
		if _, err := admin.Exec(`CHECKPOINT`); err != nil {
			t.Fatal(err)
		}
		for _, b := range d.Files(t) {
			if bytes.Contains(b, []byte(word)) {
				return true
			}
		}
		return false
	}
	if !inFiles(email) {
		t.Fatal("before forget her email is in no file of the database: the search cannot see it")
	}

	r := convene(t, nil, "forget", email, "--db", d.URL(writer))
	if r.code != 1 || !strings.Contains(r.stdout, "Forgot "+name) || !strings.Contains(r.stdout, "snapshot 1: cleaned") ||
		!strings.Contains(r.stderr, "only the plan's owner ("+d.Owner.Name+")") ||
		!strings.Contains(r.stderr, "Run 'convene forget "+email+"' again as the plan's owner") {
		t.Errorf("forget by a writer: exit %d, want 1 saying the owner must finish it\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := convene(t, nil, "list", "people", "--db", team); strings.Contains(r.stdout, name) {
		t.Errorf("after the writer's forget she is still listed:\n%s", r.stdout)
	}

	r = convene(t, nil, "forget", email, "--db", team)
	if r.code != 1 || !strings.Contains(r.stderr, "the server has rewritten the plan's table files") {
		t.Errorf("forget by the owner: exit %d, want 1 saying no one is left and the files are rewritten\n%s%s", r.code, r.stdout, r.stderr)
	}
	dump := d.Dump(t)
	for _, word := range []string{name, email} {
		if inFiles(word) {
			t.Errorf("%q is still in a file of the database", word)
		}
		if bytes.Contains(dump, []byte(word)) {
			t.Errorf("%q is in pg_dump's output", word)
		}
	}
}
