package postgres

import (
	"context"
	"database/sql"
	"testing"

	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// A later Convene adds a table to the plan: the colleagues the owner let
// read or change the plan read and change the new table too, once the
// owner's Convene has brought the plan up to date. Without the grants
// repeated, the writer would find the plan read-only and the reader would
// be refused it altogether.
func TestATableALaterMigrationAddsIsGrantedAsTheOthersWere(t *testing.T) {
	ctx := context.Background()
	d := pgtest.Shared(t).NewDatabase(t)
	connect := func(r pgtest.Role) *sql.DB {
		db, err := Open(ctx, d.URL(r))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	owner := connect(d.Owner)
	if _, err := Prepare(ctx, owner, true); err != nil {
		t.Fatal(err)
	}
	reader, writer := d.NewRole(t), d.NewRole(t)
	if err := Grant(ctx, owner, reader.Name, false); err != nil {
		t.Fatal(err)
	}
	if err := Grant(ctx, owner, writer.Name, true); err != nil {
		t.Fatal(err)
	}

	// The later migration exists only in this test; the list is the
	// package's own, so it is put back when the test ends.
	before := migrations
	migrations = append(migrations[:len(migrations):len(migrations)], func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE later_note (id bigint PRIMARY KEY, text text NOT NULL)`)
		return err
	})
	defer func() { migrations = before }()
	if _, err := Prepare(ctx, owner, false); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		role  pgtest.Role
		write bool
	}{{reader, false}, {writer, true}} {
		db := connect(c.role)
		opened, err := Prepare(ctx, db, false)
		if err != nil || opened.ReadOnly == c.write {
			t.Errorf("%s (write %v) opens the updated plan: %+v, %v", c.role.Name, c.write, opened, err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM later_note`).Scan(&n); err != nil {
			t.Errorf("%s reads the new table: %v", c.role.Name, err)
		}
		_, err = db.ExecContext(ctx, `INSERT INTO later_note VALUES (1, $1)`, c.role.Name)
		if c.write != (err == nil) {
			t.Errorf("%s (write %v) adds to the new table: %v", c.role.Name, c.write, err)
		}
		// Which schema the plan has is the owner's to change, by a migration.
		if _, err := db.ExecContext(ctx, `UPDATE convene_plan SET schema_version = 1`); err == nil {
			t.Errorf("%s (write %v) changed the plan's schema version", c.role.Name, c.write)
		}
	}
}
