package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ErrNotEmpty means a plan to copy into already holds something. It is
// left as it was.
var ErrNotEmpty = errors.New("already holds a plan, so nothing was copied into it; copy into a new file or an empty plan")

// copyTables are a plan's tables in the order a copy writes them, each
// after the tables it refers to, with the columns their rows are read in
// order of (what keeps the ids a file and a team plan give the same).
// Their columns are the schema's own (expectedTables), so a column a
// migration adds is copied too; TestACopyTakesEveryTableOfAPlan fails for
// a table missing here. Snapshots are history, not the plan: left out.
var copyTables = []struct{ name, order string }{
	{"coalition", "id"},
	{"forum", "id"},
	{"person", "id"},
	{"availability", "person_id, start_utc, end_utc"},
	{"session", "id"},
	{"session_organiser", "session_id, position"},
	{"participation", "session_id, position"},
	{"action_item", "id"},
	{"session_report", "session_id"},
	{"narrative", "year"},
	{"archived_year", "year"},
	{"invitation", "id"},
	{"invitation_sender", "id"},
	{"feed_token", "person_id"},
	{"caldav_resource", "collection, uid"},
	{"caldav_collection", "collection"},
	{"withdrawn_invitation", "id"},
}

// identityTables are the tables whose ids a team plan counts with an
// identity, which rows copied with their ids do not advance.
var identityTables = []string{"coalition", "forum", "person", "session", "action_item", "invitation", "withdrawn_invitation"}

// copyBatch bounds how many values one INSERT into a team plan carries:
// a statement a row costs a round trip to the server for each of 20,000
// sessions, one for a thousand rows costs one (PostgreSQL takes up to
// 65,535). COPY was measured against it and gains under a tenth (the
// server's own checks of each row dominate): not worth a second way. A file is written a row a statement, prepared once: SQLite
// has no round trips to save, and binds numbered parameters in time that
// grows with the square of their count (216 s for a 20,000-session plan
// in batches of 30,000, measured).
const copyBatch = 30000

// Copy copies the whole plan at from (a file or a team plan's address)
// into the plan at to, which must be new or empty: every record with its
// id, so the two export the same bytes. Snapshots are not copied. from is
// read as of one moment, and to written in one transaction: a copy that
// fails leaves to as it was (a new file is removed again).
func Copy(ctx context.Context, from, to string) error {
	if PlanName(from) == PlanName(to) || sameFile(from, to) {
		return &PlanError{Path: PlanName(to), Err: errors.New("is the plan to copy from; copy into another")}
	}
	src, err := Open(ctx, from, Options{})
	if err != nil {
		return err
	}
	defer src.Close()
	created := false
	if !IsTeamPlan(to) {
		_, err := os.Lstat(to)
		created = errors.Is(err, os.ErrNotExist)
	}
	dst, err := Open(ctx, to, Options{Create: true, Empty: true})
	if err != nil {
		return err
	}
	err = src.View(ctx, func(ftx *Tx) error {
		return dst.Update(ctx, func(ttx *Tx) error {
			empty, err := ttx.wholeEmpty(ctx)
			if err != nil {
				return err
			}
			if !empty {
				return &PlanError{Path: dst.path, Err: ErrNotEmpty}
			}
			return copyPlan(ctx, ftx, ttx)
		})
	})
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil && created {
		removePlanFiles(to)
	}
	return err
}

// sameFile reports whether two paths name one existing file.
func sameFile(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(ia, ib)
}

// wholeEmpty reports whether no table of the plan holds a row, which Empty
// (a plan with nothing planned) does not say: a copy must not mix with a
// coalition or a sender already there.
func (r reader) wholeEmpty(ctx context.Context) (bool, error) {
	for _, t := range copyTables {
		var any bool
		if err := r.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t.name+`)`).Scan(&any); err != nil {
			return false, fmt.Errorf("look into %s: %w", t.name, err)
		}
		if any {
			return false, nil
		}
	}
	return true, nil
}

// copyPlan copies every row of the plan read in from into the empty plan
// written in to, ids included, with statements both backends take; on a
// team plan the identities are then set past the copied ids, or the next
// record added would be given one of them.
func copyPlan(ctx context.Context, from, to *Tx) error {
	schema, err := expectedTables()
	if err != nil {
		return err
	}
	for _, t := range copyTables {
		var cols []string
		for _, c := range schema[t.name] {
			cols = append(cols, c.name)
		}
		if err := copyTable(ctx, from, to, t.name, cols, t.order); err != nil {
			return fmt.Errorf("copy %s: %w", t.name, err)
		}
	}
	if _, team := to.kind.(teamBackend); team {
		for _, t := range identityTables {
			if _, err := to.q.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), max(id)) FROM `+t); err != nil {
				return fmt.Errorf("copy %s: count on from its copied ids: %w", t, err)
			}
		}
	}
	return nil
}

// copyTable copies one table's rows, in batches of one INSERT each.
func copyTable(ctx context.Context, from, to *Tx, table string, cols []string, order string) error {
	rows, err := from.q.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+table+` ORDER BY `+order)
	if err != nil {
		return err
	}
	// PostgreSQL runs one statement at a time on a connection: the rows
	// are read whole before any is written (on another one, when from
	// and to are both team plans, but the same code serves all four).
	var values []any
	for rows.Next() {
		row := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return err
		}
		for i, c := range cols {
			if c == "own" {
				// own is an integer in a file and a boolean on a server.
				row[i] = row[i] == true || row[i] == int64(1)
			}
		}
		values = append(values, row...)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	perBatch := len(cols)
	if _, team := to.kind.(teamBackend); team {
		perBatch = max(1, copyBatch/len(cols)) * len(cols)
	}
	for start := 0; start < len(values); start += perBatch {
		batch := values[start:min(start+perBatch, len(values))]
		if _, err := to.q.ExecContext(ctx, insertRows(table, cols, len(batch)/len(cols)), batch...); err != nil {
			return err
		}
	}
	return nil
}

// insertRows is an INSERT of n rows into the columns of table.
func insertRows(table string, cols []string, n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES `)
	mark := 0
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			mark++
			fmt.Fprintf(&b, "$%d", mark)
		}
		b.WriteByte(')')
	}
	return b.String()
}
