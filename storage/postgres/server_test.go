package postgres_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/convene-planner/convene/storage/postgres"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// These stories hold PostgreSQL to what PG-DESIGN.md counts on it for:
// forgetting, telling a change from none, hearing others' changes,
// bulk writes inside a transaction, and refusing a stale save.

func plan(t *testing.T) (*pgtest.Database, *sql.DB) {
	t.Helper()
	d := pgtest.Shared(t).NewDatabase(t)
	db := open(t, d)
	if _, err := postgres.Prepare(context.Background(), db, true); err != nil {
		t.Fatal(err)
	}
	return d, db
}

func inFiles(files map[string][]byte, text string) []string {
	var where []string
	for name, b := range files {
		if bytes.Contains(b, []byte(text)) {
			where = append(where, name)
		}
	}
	return where
}

// A person is forgotten: deleted, their name and email are still in the
// table's files until the table is rewritten by VACUUM FULL, which only
// its owner may run (anyone else's is skipped with a mere warning), and
// then they are in no table file and not in pg_dump. The write-ahead log
// still holds them: what the README must say a server keeps.
func TestAForgottenPersonLeavesTheTableFilesOnlyWithTheOwnersVacuumFull(t *testing.T) {
	d, owner := plan(t)
	admin := d.Admin(t)
	const email = "forget-me-4711@example.org"
	if _, err := owner.Exec(`INSERT INTO person (name, email, stakeholder_group, gender, timezone, uid)
		VALUES ('Forgotten Fiona', $1, 'civil-society', 'female', 'UTC', 'u-fiona')`, email); err != nil {
		t.Fatal(err)
	}
	checkpoint := func() {
		t.Helper()
		if _, err := admin.Exec(`CHECKPOINT`); err != nil {
			t.Fatal(err)
		}
	}
	checkpoint()
	if where := inFiles(d.Files(t), email); len(where) < 2 {
		t.Fatalf("the email is in files %v; want it in the table's and its unique index's before it is forgotten", where)
	}
	writer := d.NewRole(t)
	if err := postgres.Grant(context.Background(), owner, writer.Name, true); err != nil {
		t.Fatal(err)
	}
	other, err := postgres.Open(context.Background(), d.URL(writer))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec(`DELETE FROM person WHERE uid = 'u-fiona'`); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(`VACUUM FULL person`); err != nil {
		t.Fatalf("another role's VACUUM FULL: %v; PostgreSQL skips it with a warning", err)
	}
	if _, err := owner.Exec(`VACUUM person`); err != nil {
		t.Fatal(err)
	}
	checkpoint()
	if where := inFiles(d.Files(t), email); len(where) == 0 {
		t.Errorf("the email left the table files without the owner's VACUUM FULL")
	}
	if _, err := owner.Exec(`VACUUM FULL person`); err != nil {
		t.Fatal(err)
	}
	checkpoint()
	for _, text := range []string{email, "Forgotten Fiona"} {
		if where := inFiles(d.Files(t), text); len(where) > 0 {
			t.Errorf("%q is still in files %v after VACUUM FULL", text, where)
		}
		if bytes.Contains(d.Dump(t), []byte(text)) {
			t.Errorf("%q is in pg_dump's output", text)
		}
	}
	t.Logf("the write-ahead log holds the email: %v", bytes.Contains(d.WAL(t), []byte(email)))
}

// A write transaction that only read, or changed rows that are not there,
// has no transaction id; the first row it changes gives it one. That is
// how a snapshot taken inside a change asks whether it changed anything,
// as SQLite's total_changes() tells a plan file.
func TestATransactionHasAnIDOnceItChangesARow(t *testing.T) {
	_, db := plan(t)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	changed := func() bool {
		t.Helper()
		var id sql.NullString
		if err := tx.QueryRow(`SELECT pg_current_xact_id_if_assigned()::text`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id.Valid
	}
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM session`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE session SET title = 'x' WHERE id = 42`); err != nil {
		t.Fatal(err)
	}
	if changed() {
		t.Errorf("a transaction that read and changed no row has an id")
	}
	if _, err := tx.Exec(`INSERT INTO narrative (year, text) VALUES (2026, 'A year of hybrid forums.')`); err != nil {
		t.Fatal(err)
	}
	if !changed() {
		t.Errorf("a transaction that added a row has no id")
	}
}

// One coordinator's edit is heard by another's connection as soon as it
// is committed, through LISTEN/NOTIFY and the triggers a plan's tables
// have, naming the session it added, and not before: a rolled back edit
// says nothing.
func TestACommittedEditIsHeardOnAnotherConnection(t *testing.T) {
	d, owner := plan(t)
	ctx := context.Background()
	if _, err := owner.Exec(`
		INSERT INTO forum (name, kind, format, first_day, last_day, timezone)
			VALUES ('IGF 2026', 'global', 'hybrid', '2026-06-22', '2026-06-26', 'Europe/Oslo')`); err != nil {
		t.Fatal(err)
	}
	cfg, err := pgx.ParseConfig(d.URL(d.Owner))
	if err != nil {
		t.Fatal(err)
	}
	listener, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close(ctx)
	if _, err := listener.Exec(ctx, `LISTEN convene`); err != nil {
		t.Fatal(err)
	}
	tx, err := owner.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO session (uid, forum_id, title, format, status) VALUES ('rolled-back', 1, 'x', 'workshop', 'proposed')`); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if _, err := owner.Exec(`INSERT INTO session (uid, forum_id, title, format, status) VALUES ('s1', 1, 'Open forum', 'workshop', 'proposed')`); err != nil {
		t.Fatal(err)
	}
	committed := time.Now()
	wait, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	n, err := listener.WaitForNotification(wait)
	if err != nil {
		t.Fatalf("no word of the committed edit: %v", err)
	}
	t.Logf("heard %q %v after the commit returned", n.Payload, time.Since(committed))
	// The session's own triggers (keeping withdrawn invitations) run
	// statements on other tables, which say so too, once a transaction.
	heard := map[string]int{n.Payload: 1}
	for {
		quiet, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		n, err := listener.WaitForNotification(quiet)
		cancel()
		if err != nil {
			break
		}
		heard[n.Payload]++
	}
	var id int64
	if err := owner.QueryRow(`SELECT id FROM session WHERE uid = 's1'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	// The owner's connection gave no origin: "-".
	if want := fmt.Sprintf("- session %d", id); heard[want] != 1 {
		t.Errorf("heard %v, want %q once: the origin, the table and the session added", heard, want)
	}
	for table, times := range heard {
		if times > 1 {
			t.Errorf("heard %s %d times: the rolled back edit", table, times)
		}
	}
}

// An import's rows go in with COPY on the connection of the import's
// own transaction, reached through database/sql: rolled back, none of
// them is left.
func TestRowsCopiedInATransactionGoWithIt(t *testing.T) {
	_, db := plan(t)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]any, 1000)
	for i := range rows {
		rows[i] = []any{fmt.Sprintf("Person %d", i), "civil-society", "", "UTC", fmt.Sprintf("u%d", i)}
	}
	var copied int64
	err = conn.Raw(func(dc any) error {
		copied, err = dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"person"},
			[]string{"name", "stakeholder_group", "gender", "timezone", "uid"}, pgx.CopyFromRows(rows))
		return err
	})
	if err != nil || copied != int64(len(rows)) {
		t.Fatalf("copied %d rows: %v", copied, err)
	}
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM person`).Scan(&n); err != nil || n != len(rows) {
		t.Fatalf("the transaction sees %d people (%v), want %d", n, err, len(rows))
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM person`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d people after the rollback (%v), want none", n, err)
	}
}

// Eight coordinators make 100 edits each to five shared sessions, each
// edit read in one transaction and saved in another, as a form is. A
// save based on an old version changes nothing and is counted as
// refused; every other is kept: no edit is lost.
func TestNoEditIsLostAmongEightWriters(t *testing.T) {
	_, db := plan(t)
	ctx := context.Background()
	if _, err := db.Exec(`
		ALTER TABLE session ADD COLUMN edits bigint NOT NULL DEFAULT 0;
		INSERT INTO forum (name, kind, format, first_day, last_day, timezone)
			VALUES ('IGF 2026', 'global', 'hybrid', '2026-06-22', '2026-06-26', 'Europe/Oslo');
		INSERT INTO session (uid, forum_id, title, format, status)
			SELECT 's' || i, 1, 'Session ' || i, 'workshop', 'proposed' FROM generate_series(1, 5) i`); err != nil {
		t.Fatal(err)
	}
	const writers, edits = 8, 100
	var saved, refused atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for range edits {
				id := 1 + r.IntN(5)
				var version, count int64
				if err := db.QueryRowContext(ctx, `SELECT version, edits FROM session WHERE id = $1`, id).Scan(&version, &count); err != nil {
					errs <- err
					return
				}
				res, err := db.ExecContext(ctx, `UPDATE session SET edits = $1, version = version + 1 WHERE id = $2 AND version = $3`,
					count+1, id, version)
				if err != nil {
					errs <- err
					return
				}
				if n, _ := res.RowsAffected(); n == 1 {
					saved.Add(1)
				} else {
					refused.Add(1)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var total, versions int64
	if err := db.QueryRow(`SELECT sum(edits), sum(version - 1) FROM session`).Scan(&total, &versions); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d saves kept, %d refused as stale, of %d", saved.Load(), refused.Load(), writers*edits)
	if total != saved.Load() || versions != saved.Load() || saved.Load()+refused.Load() != writers*edits {
		t.Errorf("%d edits kept in the table and %d versions, but %d saves succeeded and %d were refused",
			total, versions, saved.Load(), refused.Load())
	}
}

// A plan copied from a file keeps its ids, which the identity columns do
// not count: until the copy sets each table's identity past its highest
// id, the next person added would take an id already in use.
func TestAPlanCopiedWithItsIDsAddsPeopleAfterThem(t *testing.T) {
	_, db := plan(t)
	add := func(id any) (int64, error) {
		var got int64
		err := db.QueryRow(`INSERT INTO person (id, name, stakeholder_group, gender, timezone, uid)
			VALUES (coalesce($1::bigint, nextval(pg_get_serial_sequence('person', 'id'))), 'P', 'civil-society', 'female', 'UTC', gen_random_uuid()::text)
			RETURNING id`, id).Scan(&got)
		return got, err
	}
	if _, err := add(int64(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := add(nil); err == nil {
		t.Fatalf("a new person took an id after a copied one without the identity being set")
	}
	if _, err := db.Exec(`SELECT setval(pg_get_serial_sequence('person', 'id'), (SELECT max(id) FROM person))`); err != nil {
		t.Fatal(err)
	}
	if id, err := add(nil); err != nil || id != 2 {
		t.Errorf("the next person after the copy has id %d (%v), want 2", id, err)
	}
}

// Who changed a session and when is set by the server, whatever the
// statement says: a coordinator cannot sign with a colleague's name, and
// the time is the server's, not a laptop's. A save based on an old
// version finds who saved the newer one, and when.
func TestTheServerSaysWhoChangedASessionAndWhen(t *testing.T) {
	d, owner := plan(t)
	ctx := context.Background()
	if _, err := owner.Exec(`
		INSERT INTO forum (name, kind, format, first_day, last_day, timezone)
			VALUES ('IGF 2026', 'global', 'hybrid', '2026-06-22', '2026-06-26', 'Europe/Oslo');
		INSERT INTO session (uid, forum_id, title, format, status) VALUES ('s1', 1, 'Open forum', 'workshop', 'proposed')`); err != nil {
		t.Fatal(err)
	}
	writer := d.NewRole(t)
	if err := postgres.Grant(ctx, owner, writer.Name, true); err != nil {
		t.Fatal(err)
	}
	colleague, err := postgres.Open(ctx, d.URL(writer))
	if err != nil {
		t.Fatal(err)
	}
	defer colleague.Close()
	var serverNow int64
	if err := owner.QueryRow(`SELECT floor(extract(epoch FROM now()))::bigint`).Scan(&serverNow); err != nil {
		t.Fatal(err)
	}
	res, err := colleague.Exec(`UPDATE session SET title = 'Open forum on IoT', version = version + 1, changed_by = $1, changed_at = 0
		WHERE id = 1 AND version = 1`, d.Owner.Name)
	if n, _ := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("the colleague's save: %v, %d rows", err, n)
	}
	res, err = owner.Exec(`UPDATE session SET title = 'Open forum', version = version + 1 WHERE id = 1 AND version = 1`)
	if n, _ := res.RowsAffected(); err != nil || n != 0 {
		t.Fatalf("a save based on the old version: %v, %d rows; want it to change nothing", err, n)
	}
	var who string
	var when, version int64
	if err := owner.QueryRow(`SELECT changed_by, changed_at, version FROM session WHERE id = 1`).Scan(&who, &when, &version); err != nil {
		t.Fatal(err)
	}
	if who != writer.Name || when < serverNow || when > serverNow+60 || version != 2 {
		t.Errorf("the session was changed by %q at %d (version %d); want %s, at about %d, version 2", who, when, version, writer.Name, serverNow)
	}
}

// The server ends a coordinator's connection in the middle of a change
// (a restart, a network cut): the change fails, nothing of it is kept,
// and the next change goes through on a new connection.
func TestAChangeCutOffByTheServerKeepsNothing(t *testing.T) {
	d, db := plan(t)
	ctx := context.Background()
	admin := d.Admin(t)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var pid int
	if err := tx.QueryRow(`SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO narrative (year, text) VALUES (2026, 'Half written.')`); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec(`INSERT INTO narrative (year, text) VALUES (2027, 'Never written.')`)
	cerr := tx.Commit()
	t.Logf("the next statement: %v; the commit: %v", err, cerr)
	if err == nil || cerr == nil {
		t.Errorf("a change cut off by the server went on: %v, %v", err, cerr)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM narrative`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d narratives after the cut (%v), want none", n, err)
	}
	if _, err := db.Exec(`INSERT INTO narrative (year, text) VALUES (2026, 'Written again.')`); err != nil {
		t.Errorf("the next change after the cut: %v", err)
	}
}

// Two changes to one plan queue up on the plan's lock as two writers of a
// file do; one that waits longer than it may is told so by the server
// (SQLSTATE 55P03, what Convene calls busy) and has written nothing.
func TestASecondWriterWaitsForTheFirstAndGivesUpWhenToldTo(t *testing.T) {
	_, db := plan(t)
	ctx := context.Background()
	first, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback()
	if _, err := first.Exec(`SELECT pg_advisory_xact_lock(1131376246)`); err != nil {
		t.Fatal(err)
	}
	second, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Rollback()
	if _, err := second.Exec(`SET LOCAL lock_timeout = '200ms'`); err != nil {
		t.Fatal(err)
	}
	_, err = second.Exec(`SELECT pg_advisory_xact_lock(1131376246)`)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "55P03" {
		t.Fatalf("a second writer while the first holds the plan: %v; want lock_not_available (55P03)", err)
	}
	second.Rollback()
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	third, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Rollback()
	if _, err := third.Exec(`SET LOCAL lock_timeout = '200ms'; SELECT pg_advisory_xact_lock(1131376246)`); err != nil {
		t.Errorf("a writer after the first committed: %v", err)
	}
}

// A read of several statements sees the plan at one moment only in a
// REPEATABLE READ transaction: under PostgreSQL's default, READ
// COMMITTED, a change committed between two statements shows in the
// second.
func TestAReadSeesOneMomentOnlyInRepeatableRead(t *testing.T) {
	_, db := plan(t)
	ctx := context.Background()
	for _, c := range []struct {
		level     sql.IsolationLevel
		sameCount bool
	}{{sql.LevelRepeatableRead, true}, {sql.LevelReadCommitted, false}} {
		tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: c.level, ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		var before, after int
		if err := tx.QueryRow(`SELECT count(*) FROM narrative`).Scan(&before); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO narrative (year, text) VALUES ($1, 'Written meanwhile.')`, 2000+before); err != nil {
			t.Fatal(err)
		}
		if err := tx.QueryRow(`SELECT count(*) FROM narrative`).Scan(&after); err != nil {
			t.Fatal(err)
		}
		tx.Rollback()
		if (before == after) != c.sameCount {
			t.Errorf("%v: %d narratives, then %d after another's commit", c.level, before, after)
		}
	}
}
