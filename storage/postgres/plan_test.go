package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/convene-planner/convene/storage/postgres"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// open connects to the test's database as its owner, a coordinator who
// was given a database of their own.
func open(t *testing.T, d *pgtest.Database) *sql.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), d.URL(d.Owner))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// contents lists every table with its rows, as the superuser sees them:
// what "left as it was" compares.
func contents(t *testing.T, admin *sql.DB) []string {
	t.Helper()
	var tables []string
	rows, err := admin.Query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var out []string
	for _, name := range tables {
		var text string
		if err := admin.QueryRow(`SELECT coalesce(string_agg(t::text, ';' ORDER BY t::text), '') FROM ` + name + ` t`).Scan(&text); err != nil {
			t.Fatal(err)
		}
		out = append(out, name+": "+text)
	}
	return out
}

func TestAnEmptyDatabaseBecomesAPlanOnce(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	db := open(t, d)
	ctx := context.Background()
	created, err := postgres.Prepare(ctx, db)
	if err != nil || !created {
		t.Fatalf("an empty database: created %v, %v; want a new plan", created, err)
	}
	var version int
	if err := db.QueryRow(`SELECT schema_version FROM convene_plan`).Scan(&version); err != nil || version != postgres.SchemaVersion() {
		t.Errorf("schema version %d (%v), want %d", version, err, postgres.SchemaVersion())
	}
	before := contents(t, d.Admin(t))
	if created, err := postgres.Prepare(ctx, db); err != nil || created {
		t.Errorf("a plan opened again: created %v, %v; want it opened as it is", created, err)
	}
	if after := contents(t, d.Admin(t)); !slices.Equal(before, after) {
		t.Errorf("opening a plan again changed it:\n%q\nthen\n%q", before, after)
	}
}

func TestADatabaseOfAnotherProgramIsRefusedAndLeftAsItWas(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	db := open(t, d)
	if _, err := db.Exec(`CREATE TABLE invoice (number int PRIMARY KEY, total numeric); INSERT INTO invoice VALUES (1, 99.5)`); err != nil {
		t.Fatal(err)
	}
	before := contents(t, d.Admin(t))
	_, err := postgres.Prepare(context.Background(), db)
	if !errors.Is(err, postgres.ErrNotPlan) || !strings.Contains(err.Error(), "invoice") {
		t.Errorf("a database of invoices: %v; want it refused as not a plan, naming its table", err)
	}
	if after := contents(t, d.Admin(t)); !slices.Equal(before, after) {
		t.Errorf("a refused database was changed:\n%q\nthen\n%q", before, after)
	}
}

func TestAPlanFromANewerConveneIsRefusedAndLeftAsItWas(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	db := open(t, d)
	ctx := context.Background()
	if _, err := postgres.Prepare(ctx, db); err != nil {
		t.Fatal(err)
	}
	admin := d.Admin(t)
	if _, err := admin.Exec(`UPDATE convene_plan SET schema_version = schema_version + 1; CREATE TABLE speaker_badge (id bigint)`); err != nil {
		t.Fatal(err)
	}
	before := contents(t, admin)
	if _, err := postgres.Prepare(ctx, db); !errors.Is(err, postgres.ErrNewerPlan) {
		t.Errorf("a plan of a newer Convene: %v; want it refused as newer", err)
	}
	if after := contents(t, admin); !slices.Equal(before, after) {
		t.Errorf("a refused plan was changed:\n%q\nthen\n%q", before, after)
	}
}

// Two coordinators open a new team plan at the same moment: one makes
// it, the other finds it made, and neither fails.
func TestTwoConvenesOpeningOneEmptyDatabaseAtOnceMakeOnePlan(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	dbs := []*sql.DB{open(t, d), open(t, d)}
	var wg sync.WaitGroup
	created := make([]bool, len(dbs))
	errs := make([]error, len(dbs))
	for i, db := range dbs {
		wg.Go(func() { created[i], errs[i] = postgres.Prepare(context.Background(), db) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if created[0] == created[1] {
		t.Errorf("made the plan: %v; want exactly one of them", created)
	}
}

// A mistyped password is refused in plain words, and the message holds
// neither the URL nor the password.
func TestAWrongPasswordIsRefusedWithoutSayingIt(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	r := d.Owner
	r.Password = "not-" + r.Password
	_, err := postgres.Open(context.Background(), d.URL(r))
	if err == nil || !strings.Contains(err.Error(), "password authentication failed") {
		t.Fatalf("a wrong password: %v; want it refused", err)
	}
	if strings.Contains(err.Error(), r.Password) {
		t.Errorf("the message shows the password: %v", err)
	}
	_, err = postgres.Open(context.Background(), "postgres://someone:s3cret@[::1/plan")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("a broken URL: %v; want it refused without the password", err)
	}
}
