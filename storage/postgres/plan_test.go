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
	opened, err := postgres.Prepare(ctx, db, true)
	if err != nil || !opened.Created || opened.ReadOnly {
		t.Fatalf("an empty database: %+v, %v; want a new plan its owner may change", opened, err)
	}
	var version int
	if err := db.QueryRow(`SELECT schema_version FROM convene_plan`).Scan(&version); err != nil || version != postgres.SchemaVersion() {
		t.Errorf("schema version %d (%v), want %d", version, err, postgres.SchemaVersion())
	}
	before := contents(t, d.Admin(t))
	if opened, err := postgres.Prepare(ctx, db, true); err != nil || opened.Created {
		t.Errorf("a plan opened again: %+v, %v; want it opened as it is", opened, err)
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
	_, err := postgres.Prepare(context.Background(), db, true)
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
	if _, err := postgres.Prepare(ctx, db, true); err != nil {
		t.Fatal(err)
	}
	admin := d.Admin(t)
	if _, err := admin.Exec(`UPDATE convene_plan SET schema_version = schema_version + 1; CREATE TABLE speaker_badge (id bigint)`); err != nil {
		t.Fatal(err)
	}
	before := contents(t, admin)
	if _, err := postgres.Prepare(ctx, db, true); !errors.Is(err, postgres.ErrNewerPlan) {
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
	opened := make([]postgres.Opened, len(dbs))
	errs := make([]error, len(dbs))
	for i, db := range dbs {
		wg.Go(func() { opened[i], errs[i] = postgres.Prepare(context.Background(), db, true) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if opened[0].Created == opened[1].Created {
		t.Errorf("made the plan: %+v; want exactly one of them", opened)
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

// The owner lets one colleague read the plan and another change it; a
// third, given nothing, is refused in plain words. A reader's change is
// refused by the server, whatever Convene's own checks.
func TestARoleOpensThePlanAsItsGrantSays(t *testing.T) {
	ctx := context.Background()
	d := pgtest.Shared(t).NewDatabase(t)
	owner := open(t, d)
	if _, err := postgres.Prepare(ctx, owner, true); err != nil {
		t.Fatal(err)
	}
	reader, writer, stranger := d.NewRole(t), d.NewRole(t), d.NewRole(t)
	if err := postgres.Grant(ctx, owner, reader.Name, false); err != nil {
		t.Fatal(err)
	}
	if err := postgres.Grant(ctx, owner, writer.Name, true); err != nil {
		t.Fatal(err)
	}
	connect := func(r pgtest.Role) *sql.DB {
		db, err := postgres.Open(ctx, d.URL(r))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	for _, c := range []struct {
		role     pgtest.Role
		readOnly bool
	}{{reader, true}, {writer, false}} {
		db := connect(c.role)
		opened, err := postgres.Prepare(ctx, db, true)
		if err != nil || opened.ReadOnly != c.readOnly || opened.Created {
			t.Errorf("%s opens the plan: %+v, %v; want read-only %v", c.role.Name, opened, err, c.readOnly)
		}
		// A new person takes the next id of the table's identity, which
		// INSERT on the table allows without a grant on its sequence.
		_, err = db.Exec(`INSERT INTO person (name, stakeholder_group, gender, timezone, uid) VALUES ('Ana', 'civil-society', 'female', 'UTC', $1)`, c.role.Name)
		if c.readOnly != (err != nil) {
			t.Errorf("%s adds a person: %v", c.role.Name, err)
		}
	}
	if _, err := postgres.Prepare(ctx, connect(stranger), true); !errors.Is(err, postgres.ErrNoAccess) {
		t.Errorf("a role given nothing opens the plan: %v; want it refused", err)
	}
	// Given read after write, the writer can no longer write.
	if err := postgres.Grant(ctx, owner, writer.Name, false); err != nil {
		t.Fatal(err)
	}
	if opened, err := postgres.Prepare(ctx, connect(writer), true); err != nil || !opened.ReadOnly {
		t.Errorf("a writer given read: %+v, %v; want read-only", opened, err)
	}
}

// Every text column of a team plan compares byte by byte, as a plan
// file's do, whatever the database's own collation: otherwise lists and
// exports would come out in another order than from a file.
func TestEveryTextColumnOfATeamPlanSortsAsAFileDoes(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	db := open(t, d)
	if _, err := postgres.Prepare(context.Background(), db, true); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`
		SELECT c.relname || '.' || a.attname
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
			AND a.attnum > 0 AND a.atttypid = 'text'::regtype
			AND a.attcollation <> (SELECT oid FROM pg_collation WHERE collname = 'C')
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var column string
		if err := rows.Scan(&column); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s sorts by the database's collation, not byte by byte (COLLATE \"C\")", column)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// Someone drops a column of a plan with another program: the plan is
// refused as damaged, naming the table and the column, and left as it was.
func TestAPlanWithAColumnDroppedIsRefusedAsDamaged(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	db := open(t, d)
	ctx := context.Background()
	if _, err := postgres.Prepare(ctx, db, true); err != nil {
		t.Fatal(err)
	}
	admin := d.Admin(t)
	if _, err := admin.Exec(`ALTER TABLE person DROP COLUMN bio`); err != nil {
		t.Fatal(err)
	}
	before := contents(t, admin)
	_, err := postgres.Prepare(ctx, db, true)
	if !errors.Is(err, postgres.ErrDamaged) || !strings.Contains(err.Error(), "table person: its column bio is missing") {
		t.Errorf("a plan without person.bio: %v; want it refused as damaged, naming the column", err)
	}
	if after := contents(t, admin); !slices.Equal(before, after) {
		t.Errorf("a refused plan was changed:\n%q\nthen\n%q", before, after)
	}
}

// A colleague given nothing opens the empty database its owner made for
// the plan: they are told they may not make the plan there, and nothing
// is made.
func TestAnEmptyDatabaseIsNotMadeAPlanByARoleThatMayNotCreateThere(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	stranger, err := postgres.Open(context.Background(), d.URL(d.NewRole(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer stranger.Close()
	if _, err := postgres.Prepare(context.Background(), stranger, true); !errors.Is(err, postgres.ErrCannotCreate) {
		t.Errorf("a role that may not create opens an empty database: %v; want it told so", err)
	}
	if tables := contents(t, d.Admin(t)); len(tables) != 0 {
		t.Errorf("tables made: %q", tables)
	}
}

// A plan made by an older Convene is brought up to date by its owner
// when they open it. A colleague given write access who opens it first is
// told so in plain words, and the plan is left as it was.
func TestOnlyTheOwnerBringsAnOlderTeamPlanUpToDate(t *testing.T) {
	ctx := context.Background()
	d := pgtest.Shared(t).NewDatabase(t)
	owner := open(t, d)
	if _, err := postgres.Prepare(ctx, owner, true); err != nil {
		t.Fatal(err)
	}
	writer := d.NewRole(t)
	if err := postgres.Grant(ctx, owner, writer.Name, true); err != nil {
		t.Fatal(err)
	}
	// As an older Convene left it: one migration short, which the
	// migrations re-check only by the version they find.
	admin := d.Admin(t)
	older := postgres.SchemaVersion() - 1
	if _, err := admin.Exec(`UPDATE convene_plan SET schema_version = $1`, older); err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(ctx, d.URL(writer))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := postgres.Prepare(ctx, db, true); !errors.Is(err, postgres.ErrOlderPlan) {
		t.Fatalf("a writer opens an older plan: %v; want it told only the owner may update it", err)
	}
	var version int
	if err := admin.QueryRow(`SELECT schema_version FROM convene_plan`).Scan(&version); err != nil || version != older {
		t.Errorf("after the writer's try the plan is at schema %d (%v); want it left at %d", version, err, older)
	}
}
