package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/convene-planner/convene/storage/sqlite"
)

// TestAFileIsAPlanOnlyWhenItsHeaderSaysConvene makes a plan with every
// migration, another program's database and a text file, and reads their
// headers as Open does before SQLite sees them: only the plan is one, and
// the plan marked with a later schema is one this Convene cannot open.
func TestAFileIsAPlanOnlyWhenItsHeaderSaysConvene(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.convene")
	write(t, plan, func(db *sql.DB) {
		for v, m := range sqlite.Migrations {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := m(ctx, tx); err != nil {
				t.Fatalf("migration to schema %d: %v", v+1, err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		exec(t, db, fmt.Sprintf("PRAGMA user_version = %d", sqlite.SchemaVersion()))
	})
	other := filepath.Join(dir, "other.db")
	write(t, other, func(db *sql.DB) { exec(t, db, "CREATE TABLE note (text TEXT)") })
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("SQLite format 3 is how a database begins, and this is not one\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(dir, "newer.convene")
	write(t, newer, func(db *sql.DB) {
		exec(t, db, fmt.Sprintf("PRAGMA application_id = %d", sqlite.ApplicationID))
		exec(t, db, fmt.Sprintf("PRAGMA user_version = %d", sqlite.SchemaVersion()+1))
	})

	for _, c := range []struct {
		path string
		kind sqlite.Kind
		plan bool
	}{
		{plan, sqlite.Plan, true},
		{other, sqlite.OtherProgram, false},
		{text, sqlite.NotSQLite, false},
		{newer, sqlite.NewerPlan, true},
	} {
		f, err := os.Open(c.path)
		if err != nil {
			t.Fatal(err)
		}
		kind := sqlite.Recognise(sqlite.ReadHeader(f))
		f.Close()
		if kind != c.kind || sqlite.IsPlanFile(c.path) != c.plan {
			t.Errorf("%s is taken for kind %d (plan file: %v), want %d (%v)",
				filepath.Base(c.path), kind, sqlite.IsPlanFile(c.path), c.kind, c.plan)
		}
	}
}

// TestARefusedRowSaysWhichRuleItBroke makes a plan and breaks its rules:
// an email another person has is a unique value, a participant who is
// not in the plan another rule, and neither is a failure of the file.
func TestARefusedRowSaysWhichRuleItBroke(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "plan.convene"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, m := range sqlite.Migrations {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := m(ctx, tx); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	person := `INSERT INTO person (name, email, stakeholder_group, gender, timezone, uid)
		VALUES ('Ana Silva', 'ana@example.br', 'civil-society', 'female', 'America/Sao_Paulo', ?)`
	exec(t, db, person, "u1")
	_, unique := db.ExecContext(ctx, person, "u2")
	_, missing := db.ExecContext(ctx, `INSERT INTO availability (person_id, start_utc, end_utc) VALUES (99, 0, 1)`)
	for _, c := range []struct {
		err  error
		want sqlite.Failure
	}{{unique, sqlite.Unique}, {missing, sqlite.Constraint}} {
		if got := sqlite.Classify(c.err); got != c.want || !sqlite.IsConstraint(c.err) {
			t.Errorf("%v is taken for failure %d, want %d, a broken rule", c.err, got, c.want)
		}
	}
	if got := sqlite.Classify(context.Canceled); got != sqlite.None {
		t.Errorf("a cancelled context is taken for SQLite's failure %d", got)
	}
}

// write makes the SQLite file at path with fn and closes it, so that what
// fn wrote is in the file itself rather than its write-ahead log.
func write(t *testing.T, path string, fn func(db *sql.DB)) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	fn(db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func exec(t *testing.T, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
