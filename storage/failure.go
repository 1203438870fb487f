package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/convene-planner/convene/storage/sqlite"
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

// checkPages runs one of SQLite's checks (see sqlite.Check), and says the
// plan is damaged when it finds problems or cannot read the file at all.
func checkPages(ctx context.Context, q querier, check string) error {
	problems, err := sqlite.Check(ctx, q, check)
	if err != nil {
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
	if sqlite.Classify(err) == sqlite.Damaged {
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
	switch sqlite.Classify(err) {
	case sqlite.None:
		// A value of another type than its column's (a word where a time
		// belongs) fails only when read: find the table that holds it.
		if err != nil && badStoredValue(err) {
			if derr := s.checkTables(context.Background(), true); derr != nil {
				return &PlanError{Path: s.path, Err: derr}
			}
		}
		return err
	case sqlite.CannotRead:
		return &PlanError{Path: s.path, Err: fmt.Errorf("cannot be read (%v)", sqlite.Message(err))}
	case sqlite.ReadOnly:
		why = "it is read-only"
	case sqlite.DiskFull:
		why = "the disk is full"
	case sqlite.IOError:
		why = "the disk may be full, or the file at the size limit set for it"
	case sqlite.Busy:
		return &PlanError{Path: s.path, Err: fmt.Errorf(
			"%w, which kept it locked for longer than Convene waits; nothing was changed, try again when it is done", ErrBusy)}
	case sqlite.Damaged:
		return &PlanError{Path: s.path, Err: damaged(err)}
	default:
		return err
	}
	return &PlanError{Path: s.path, Err: fmt.Errorf("%w: %s (%v); nothing of the change was saved", ErrCannotWrite, why, sqlite.Message(err))}
}
