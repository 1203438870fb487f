package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/convene-planner/convene/model"
)

// ErrStale means a save or a deletion started from a version of a record
// that someone has changed since: it was refused, and nothing was changed.
var ErrStale = errors.New("changed by someone else since it was read")

// StaleError says who changed a record since it was read, and when, so
// the one whose save was refused can look before choosing what to keep.
type StaleError struct {
	// Kind names the record: "session", "person" or "action item".
	Kind string
	// Who changed it last, as the record says (may be empty), and When
	// (zero when unknown).
	Who  string
	When time.Time
}

func (e *StaleError) Error() string {
	who := e.Who
	if who == "" {
		who = "Someone"
	}
	when := ""
	if !e.When.IsZero() {
		when = " " + e.When.UTC().Format("on 2 Jan 2006 at 15:04 UTC")
	}
	return fmt.Sprintf("%s changed this %s%s, after you opened it; nothing was saved", who, e.Kind, when)
}

func (e *StaleError) Is(target error) bool { return target == ErrStale }

// osUser names the computer's user, who signs the changes made to a plan
// file: their full name where the system knows it, else their login.
func osUser() string {
	if u, err := user.Current(); err == nil {
		// The full name may be followed by the room and telephone
		// numbers an old convention keeps in the same field.
		if name, _, _ := strings.Cut(u.Name, ","); strings.TrimSpace(name) != "" {
			return strings.TrimSpace(name)
		}
		if u.Username != "" {
			return u.Username
		}
	}
	for _, v := range []string{"USER", "USERNAME"} {
		if name := os.Getenv(v); name != "" {
			return name
		}
	}
	return ""
}

// revisionScan is what a record's version, author and time are scanned
// into, in the order its reads list them: version, changed_by, changed_at.
type revisionScan struct {
	r  *model.Revision
	at sql.NullInt64
}

func (v *revisionScan) dest() []any { return []any{&v.r.Version, &v.r.ChangedBy, &v.at} }

// done sets the time once the row is scanned.
func (v *revisionScan) done() { v.r.ChangedAt = instant(v.at) }

// signed scans what a write's statement returns, ending in version,
// changed_by, changed_at (after the columns first points to, as an
// insert's id), and sets r from it: on a team plan the server, not the
// caller, says who and when. It reports whether a row was written.
func signed(row *sql.Row, r *model.Revision, first ...any) (bool, error) {
	v := revisionScan{r: r}
	err := row.Scan(append(first, v.dest()...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	v.done()
	return true, nil
}

// now is the time a change made in the transaction is signed with: Unix
// seconds, as every time in a plan is kept.
func (tx *Tx) now() int64 { return time.Now().Unix() }

// stale says why a write that expected a record at a version found no
// such row: the record is gone (ErrNotFound), or someone changed it since
// (a *StaleError naming them).
func (tx *Tx) stale(ctx context.Context, table string, id int64) error {
	var (
		who string
		at  sql.NullInt64
	)
	err := tx.q.QueryRowContext(ctx, `
		SELECT
			changed_by,
			changed_at
		FROM `+table+`
		WHERE id = $1`, id).Scan(&who, &at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ErrNotFound
	case err != nil:
		return err
	}
	return &StaleError{Kind: kindOf(table), Who: who, When: instant(at)}
}

// written finishes a save that expected the record at a version: r is
// set from the row written, or the error says why there was none.
func (tx *Tx) written(ctx context.Context, row *sql.Row, r *model.Revision, table string, id int64) error {
	ok, err := signed(row, r)
	if err == nil && !ok {
		err = tx.stale(ctx, table, id)
	}
	return err
}

// deleteAt deletes the record with the id from table, as it was at
// version.
func (tx *Tx) deleteAt(ctx context.Context, table string, id, version int64) error {
	res, err := tx.q.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = $1 AND version = $2`, id, version)
	if err == nil {
		var n int64
		if n, err = res.RowsAffected(); err == nil && n == 0 {
			err = tx.stale(ctx, table, id)
		}
	}
	if err != nil {
		return fmt.Errorf("delete %s %d: %w", kindOf(table), id, err)
	}
	return nil
}

// kindOf names the records a table holds, as a person calls them.
func kindOf(table string) string { return strings.ReplaceAll(table, "_", " ") }
