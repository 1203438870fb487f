package main

import (
	"path/filepath"
	"testing"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// forEachPlan tells a story once on each kind of plan: a plan file, and a
// team plan on the PostgreSQL server the tests start. db is what the
// story gives --db: the path of a file not made yet, in the test's own
// folder, or the address of an empty database with its owner's password
// in it. Either becomes a plan on the first command that writes.
func forEachPlan(t *testing.T, story func(t *testing.T, db string)) {
	t.Helper()
	t.Run("file", func(t *testing.T) {
		story(t, filepath.Join(t.TempDir(), "plan.convene"))
	})
	t.Run("team", func(t *testing.T) {
		story(t, emptyTeamPlan(t))
	})
}

// emptyTeamPlan is the address of an empty database of its own for the test,
// as its owner.
func emptyTeamPlan(t *testing.T) string {
	t.Helper()
	d := pgtest.Shared(t).NewDatabase(t)
	return d.URL(d.Owner)
}

// freshLike is where a new plan of the same kind as the one at db goes:
// another file not made yet, or another empty database.
func freshLike(t *testing.T, db string) string {
	t.Helper()
	if storage.IsTeamPlan(db) {
		return emptyTeamPlan(t)
	}
	return filepath.Join(t.TempDir(), "fresh.convene")
}

// demoAt puts the sample plan at db, as demoPlan does in a new file.
func demoAt(t *testing.T, db string) string {
	t.Helper()
	if r := convene(t, nil, "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	return db
}

// planName is how messages name the plan at db: a team plan without its
// password.
func planName(db string) string { return storage.PlanName(db) }
