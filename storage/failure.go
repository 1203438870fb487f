package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

var (
	// ErrDamaged means the file is a Convene plan whose content SQLite finds
	// broken: cut short, or overwritten in places. It is left as it was; one
	// of its snapshots may hold a good copy.
	ErrDamaged = errors.New("is damaged")
	// ErrCannotWrite means a change could not be saved because the plan
	// file cannot be written: it is read-only, or the disk or the file's
	// size limit is full. Nothing of the change was saved.
	ErrCannotWrite = errors.New("cannot be written")
	// ErrBusy means another program kept the plan locked for longer than
	// Convene waits (the busy timeout). Nothing of the change was saved.
	ErrBusy = errors.New("is being changed by another program")
)

// checkIntact runs SQLite's quick_check, which reads every page of the
// file: a plan cut short or overwritten in the middle has a good header and
// opens, and only this finds it out before anything is read from or written
// to it. It costs about 3 ms on a real plan (200 sessions) and 0.3 s on
// one of 20,000 sessions.
func (s *Store) checkIntact(ctx context.Context) error {
	return checkPages(ctx, s.db, "quick_check")
}

// CheckIntegrity runs SQLite's full integrity_check, which also compares
// every index with its table: slower than the check Open makes, and what a
// restore and the crash tests ask of a plan.
func (s *Store) CheckIntegrity(ctx context.Context) error {
	if s.Team() {
		return nil // the server keeps its own files whole; Open compared the tables
	}
	if err := checkPages(ctx, s.db, "integrity_check"); err != nil {
		return &PlanError{Path: s.path, Err: err}
	}
	return nil
}

// checkPages runs one of SQLite's checks, which report "ok" or up to five
// problems, one a row.
func checkPages(ctx context.Context, q querier, check string) error {
	rows, err := q.QueryContext(ctx, "PRAGMA "+check+"(5)")
	if err != nil {
		return damaged(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return damaged(err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return damaged(err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w (SQLite's %s finds: %s); it was left as it was, and one of its snapshots may hold a good copy",
			ErrDamaged, check, strings.Join(problems, "; "))
	}
	return nil
}

// damaged says so when SQLite gives up on a file it finds broken, and
// returns other errors as they are.
func damaged(err error) error {
	switch sqliteCode(err) {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("%w (%v); it was left as it was, and one of its snapshots may hold a good copy", ErrDamaged, err)
	}
	return err
}

// failed turns SQLite's failures to use the plan file into errors that say
// what is wrong with the file, naming it. The row or statement that
// happened to meet the full disk or the read-only file is not what went
// wrong, and is not named.
func (fileBackend) failed(s *Store, err error) error {
	var why string
	switch sqliteCode(err) {
	case 0:
		// A value of another type than its column's (a word where a time
		// belongs) fails only when read: find the table that holds it.
		if err != nil && badStoredValue(err) {
			if derr := s.checkTables(context.Background(), true); derr != nil {
				return &PlanError{Path: s.path, Err: derr}
			}
		}
		return err
	case sqlite3.SQLITE_IOERR_READ, sqlite3.SQLITE_IOERR_SHORT_READ:
		return &PlanError{Path: s.path, Err: fmt.Errorf("cannot be read (%v)", sqliteMessage(err))}
	case sqlite3.SQLITE_READONLY:
		why = "it is read-only"
	case sqlite3.SQLITE_FULL:
		why = "the disk is full"
	case sqlite3.SQLITE_IOERR:
		why = "the disk may be full, or the file at the size limit set for it"
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &PlanError{Path: s.path, Err: fmt.Errorf(
			"%w, which kept it locked for longer than Convene waits; nothing was changed, try again when it is done", ErrBusy)}
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return &PlanError{Path: s.path, Err: damaged(err)}
	default:
		return err
	}
	return &PlanError{Path: s.path, Err: fmt.Errorf("%w: %s (%v); nothing of the change was saved", ErrCannotWrite, why, sqliteMessage(err))}
}

// sqliteCode is the result code of the SQLite error in err's chain: the
// primary code, or the extended one for reads that failed, or 0 when there
// is none.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return 0
	}
	switch se.Code() {
	case sqlite3.SQLITE_IOERR_READ, sqlite3.SQLITE_IOERR_SHORT_READ:
		return se.Code()
	}
	return se.Code() & 0xff
}

// sqliteMessage is SQLite's own words for the error in err's chain.
func sqliteMessage(err error) string {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Error()
	}
	return err.Error()
}
