package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/convene-planner/convene/storage/sqlite"
)

// ApplicationID marks a SQLite file as a Convene plan ("Conv" in ASCII), in
// the header field SQLite reserves for that (PRAGMA application_id).
const ApplicationID = sqlite.ApplicationID

var (
	// ErrNotPlan means the file exists but is not a Convene plan. It is left
	// exactly as it was.
	ErrNotPlan = errors.New("is not a Convene plan")
	// ErrNewerPlan means the plan was written by a newer Convene whose schema
	// this one does not know. It is left exactly as it was.
	ErrNewerPlan = errors.New("was written by a newer Convene; update Convene to open it")
	// ErrNoPlan means there is no file at the path and creating one was not asked for.
	ErrNoPlan = errors.New("does not exist")
	// ErrNotFound means a record asked for by ID, name, email or UID is not in the plan.
	ErrNotFound = errors.New("not found")
)

// PlanError says which file a problem with opening a plan is about.
type PlanError struct {
	Path string
	Err  error
}

func (e *PlanError) Error() string { return e.Path + ": " + e.Err.Error() }

func (e *PlanError) Unwrap() error { return e.Err }

// Store is an open plan file. It is read and written through its
// transactions, View and Update.
type Store struct {
	db *sql.DB
	// kind is a file's or a team plan's way of doing what the two do
	// differently.
	kind backend
	// path is the plan file's path, or the team plan's address without
	// its password: what messages name.
	path string
	// readOnly is set for a plan that neither its file nor its folder lets
	// Convene write (read-only media): it is read, and changes are refused.
	readOnly bool
	// writing is the write transaction in progress, if any: the write
	// lock lets one run at a time. A snapshot taken inside it asks it
	// whether it has changed anything.
	writing atomic.Pointer[Tx]
	// who signs the changes made through this store (see Options.Who).
	who string
	// closed is set by Close, for a Watch to stop by.
	closed atomic.Bool
}

// Options say what Open may do to the path it is given.
type Options struct {
	// Create makes a new, empty plan when nothing exists at the path.
	Create bool
	// Empty also accepts an existing empty file as a new plan, for a file the
	// user has just asked to create (a save dialog creates it before Convene
	// can write to it). Otherwise an empty file is not a plan and is refused.
	Empty bool
	// Who signs the sessions, people and action items changed through the
	// store; empty means the computer's user. A team plan's server signs
	// them with the PostgreSQL role instead.
	Who string
}

// Open opens the plan at path. A file that is not a Convene plan, or is a plan
// from a newer Convene, is refused with ErrNotPlan or ErrNewerPlan before
// SQLite writes anything to it. A new plan file is readable by its owner only.
//
// A team plan's address (postgres://USER@HOST:PORT/DATABASE, see
// IsTeamPlan) opens the plan kept in that database instead.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if IsTeamPlan(path) {
		return openTeam(ctx, path, opts)
	}
	created, err := prepareFile(path, opts)
	if err != nil {
		return nil, &PlanError{Path: path, Err: err}
	}
	s, err := open(ctx, path)
	if err != nil && !created && sqlite.Classify(err) == sqlite.ReadOnly {
		s, err = openReadOnly(ctx, path)
	}
	if err == nil {
		if err = s.checkIntact(ctx); err == nil && s.readOnly {
			err = s.checkCurrent(ctx)
		}
		if err == nil {
			err = s.migrate(ctx)
		}
		if err == nil {
			err = s.checkTables(ctx, false)
		}
		if err != nil {
			s.db.Close()
		}
	}
	if err != nil {
		if created {
			removePlanFiles(path)
		}
		return nil, &PlanError{Path: path, Err: damaged(err)}
	}
	s.who = cmp.Or(opts.Who, osUser())
	return s, nil
}

// prepareFile checks the file at path before SQLite sees it, and creates an
// owner-only file (in an owner-only folder) when asked to. It reports whether
// it created the file.
func prepareFile(path string, opts Options) (created bool, err error) {
	f, err := os.Open(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if !opts.Create {
			return false, ErrNoPlan
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return false, fmt.Errorf("create the plan's folder: %w", err)
		}
		nf, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return false, fmt.Errorf("create the plan: %w", err)
		}
		return true, nf.Close()
	case err != nil:
		return false, fmt.Errorf("cannot be read: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false, fmt.Errorf("cannot be read: %w", err)
	}
	if info.IsDir() {
		return false, errors.New("is a folder, not a plan file")
	}
	header := sqlite.ReadHeader(f)
	if len(header) == 0 && info.Size() == 0 {
		if opts.Empty {
			return false, os.Chmod(path, 0o600)
		}
		return false, fmt.Errorf("is empty, so it %w", ErrNotPlan)
	}
	switch sqlite.Recognise(header) {
	case sqlite.NotSQLite:
		return false, fmt.Errorf("%w (it is not an SQLite database)", ErrNotPlan)
	case sqlite.OtherProgram:
		return false, fmt.Errorf("%w (it is an SQLite database of another program)", ErrNotPlan)
	case sqlite.NewerPlan:
		return false, ErrNewerPlan
	}
	return false, nil
}

// IsPlanFile reports whether the file at path begins as a Convene plan or
// snapshot does: SQLite's header with Convene's application_id. What
// writes other files (an export) uses it to leave plans alone.
func IsPlanFile(path string) bool { return sqlite.IsPlanFile(path) }

func open(ctx context.Context, path string) (*Store, error) {
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	return &Store{db: db, kind: fileBackend{}, path: path}, nil
}

// openReadOnly opens a plan that cannot be written, as on read-only media
// (see sqlite.OpenReadOnly).
func openReadOnly(ctx context.Context, path string) (*Store, error) {
	db, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		return nil, err
	}
	return &Store{db: db, kind: fileBackend{}, path: path, readOnly: true}, nil
}

// checkCurrent refuses a read-only plan whose schema is older than this
// Convene's: it would have to be updated to be read.
func (s *Store) checkCurrent(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	if version < len(sqlite.Migrations) {
		return fmt.Errorf("%w: it was written by an older Convene and must be updated, but it is read-only; copy it where it can be written", ErrCannotWrite)
	}
	return nil
}

// ReadOnly reports whether the plan can only be read (see Options).
func (s *Store) ReadOnly() bool { return s.readOnly }

// SchemaVersion is the version of the schema this Convene writes (SQLite's
// user_version of a plan it has opened).
func SchemaVersion() int { return sqlite.SchemaVersion() }

// Path returns the plan file's path.
func (s *Store) Path() string { return s.path }

// Close closes the plan file.
func (s *Store) Close() error {
	s.closed.Store(true)
	return s.db.Close()
}

// Update runs fn in one transaction and commits it if fn returns nil. Every
// change of several rows goes through here, so it is all or nothing. The
// transaction takes the write lock at its start (BEGIN IMMEDIATE), so two
// writers queue up instead of one failing half-way.
func (s *Store) Update(ctx context.Context, fn func(tx *Tx) error) error {
	if err := s.Writable(); err != nil {
		return err
	}
	return s.failed(s.inTx(ctx, false, fn))
}

// Writable refuses, with ErrCannotWrite saying why, a plan that can only
// be read: a file on read-only media, or a team plan the role may only
// read. What does more than change the plan (sends mail, keeps a
// snapshot) asks first, so that it does nothing it could not record.
func (s *Store) Writable() error {
	switch {
	case !s.readOnly:
		return nil
	case s.Team():
		return &PlanError{Path: s.path, Err: meaning{errors.New(
			"your role may only read this plan; its owner can let you change it with 'convene grant ROLE write'; nothing was changed"), ErrCannotWrite}}
	}
	return &PlanError{Path: s.path, Err: fmt.Errorf(
		"%w: it is read-only (neither the file nor its folder may be written), so it can be read but not changed; nothing was changed", ErrCannotWrite)}
}

// View runs fn in a read-only transaction: one consistent view of the plan
// that does not hold up writers.
func (s *Store) View(ctx context.Context, fn func(tx *Tx) error) error {
	return s.failed(s.inTx(ctx, true, fn))
}

func (s *Store) inTx(ctx context.Context, readOnly bool, fn func(tx *Tx) error) error {
	sqlTx, q, before, err := s.kind.begin(ctx, s.db, readOnly)
	if err != nil {
		return fmt.Errorf("%s: start a transaction: %w", s.path, err)
	}
	if w, ok := q.(writeTx); ok {
		defer w.conn.Close()
	}
	defer sqlTx.Rollback()
	tx := &Tx{who: s.who, reader: reader{q: q}, kind: s.kind, changesBefore: before}
	if !readOnly {
		s.writing.Store(tx)
		defer s.writing.CompareAndSwap(tx, nil)
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("%s: save the change: %w", s.path, err)
	}
	return nil
}

// failed says what is wrong with the plan when the backend reports that
// it cannot be used; see backend.failed.
func (s *Store) failed(err error) error { return s.kind.failed(s, err) }

// Tx is a transaction on a plan: every read of it, and every write.
type Tx struct {
	reader
	kind backend
	// changesBefore is the backend's mark of rows written when the
	// transaction began.
	changesBefore int64
	// who signs the records the transaction changes.
	who string
}

// changed reports whether the transaction has inserted, updated or
// deleted any row so far.
func (tx *Tx) changed(ctx context.Context) (bool, error) {
	n, err := tx.kind.changes(ctx, tx.q)
	return n != tx.changesBefore, err
}

// Attempt runs fn, a write that may be refused (a record of an import
// that breaks a rule only the database checks), so that the transaction
// can go on to name every refused record: nothing fn wrote stays when it
// fails, and what was written before it stays.
func (tx *Tx) Attempt(ctx context.Context, fn func() error) error {
	return tx.kind.attempt(ctx, tx.q, fn)
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader holds a transaction's read methods, apart from its writes.
type reader struct {
	q querier
}

func removePlanFiles(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(p)
	}
}
