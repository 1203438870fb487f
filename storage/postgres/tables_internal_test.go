package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// The description a plan's tables are compared with is what the
// migrations make, made here in a temporary schema; when a migration
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
	if _, err := tx.ExecContext(ctx, `SET LOCAL search_path = pg_temp`); err != nil {
		t.Fatal(err)
	}
	for v, m := range migrations {
		if err := m(ctx, tx); err != nil {
			t.Fatalf("migration %d: %v", v+1, err)
		}
	}
	var temp string
	if err := tx.QueryRowContext(ctx, `SELECT pg_my_temp_schema()::regnamespace::text`).Scan(&temp); err != nil {
		t.Fatal(err)
	}
	made, err := tableColumns(ctx, tx, temp)
	if err != nil {
		t.Fatal(err)
	}
	if got := describe(made); got != describe(expected()) {
		t.Errorf("the migrations make other tables than expectedColumns says; it should be:\n%s", got)
	}
}
