package main

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/convene-planner/convene/storage"
)

// TestReimportsThatChangeNothingKeepTheSnapshotOfARealChange imports a
// sheet that changes the plan, then imports the plan's own exports again
// and again: the runs that change nothing take no snapshot, so the one
// taken before the real change is still there to go back to.
//
// A plan file only: it counts the snapshot files in the folder beside the
// plan; a team plan keeps its snapshots in its database.
func TestReimportsThatChangeNothingKeepTheSnapshotOfARealChange(t *testing.T) {
	plan := demoPlan(t)
	dir := t.TempDir()
	csvImport(t, plan, "people", durPeopleCSV(t, dir, "new", 3))
	before, err := storage.Snapshots(plan)
	if err != nil || len(before) != 1 {
		t.Fatalf("the real change kept %d snapshots (%v), want 1", len(before), err)
	}
	people := filepath.Join(dir, "people.csv")
	sessions := filepath.Join(dir, "sessions.csv")
	calendar := filepath.Join(dir, "igf.ics")
	for _, args := range [][]string{
		{"export", "csv", "people", "--with-contacts", "-o", people},
		{"export", "csv", "sessions", "--with-contacts", "-o", sessions},
		{"export", "ics", "--forum", "IGF 2021", "-o", calendar},
	} {
		if r := convene(t, nil, append(args, "--db", plan)...); r.code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	for range storage.KeptSnapshots + 1 {
		csvImport(t, plan, "people", people)
		csvImport(t, plan, "sessions", sessions)
		if r := convene(t, nil, "import", "ics", "--forum", "IGF 2021", calendar, "--db", plan); r.code != 0 {
			t.Fatalf("import ics: exit %d\n%s", r.code, r.stderr)
		}
	}
	after, err := storage.Snapshots(plan)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(after, before) {
		t.Errorf("imports that changed nothing changed the snapshots:\nbefore %v\nafter  %v", before, after)
	}
}
