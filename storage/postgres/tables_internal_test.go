package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// The description a plan's tables are compared with is what the
// migrations make, made here in a schema of their own that is rolled
// back (not the session's temporary schema, where PostgreSQL never looks
// for the triggers' functions); when a migration
// changes them, the message gives the new description to paste.
func TestTheExpectedColumnsAreWhatTheMigrationsMake(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	cfg, err := pgx.ParseConfig(d.URL(d.Owner))
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE SCHEMA expected; SET LOCAL search_path = expected`); err != nil {
		t.Fatal(err)
	}
	for v, m := range migrations {
		if err := m(ctx, tx); err != nil {
			t.Fatalf("migration %d: %v", v+1, err)
		}
	}
	made, err := tableColumns(ctx, tx, "expected")
	if err != nil {
		t.Fatal(err)
	}
	if got := describe(made); got != describe(expected()) {
		t.Errorf("the migrations make other tables than expectedColumns says; it should be:\n%s", got)
	}
}
