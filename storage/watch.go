package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/convene-planner/convene/storage/postgres"
)

// Watch sees commits made to a plan by others: another process, such as
// convene on the command line, or another connection of this one.
//
// On a plan file it keeps one connection of its own, because SQLite's
// data_version tells whether the plan changed since the last look only
// on the connection that looked. On a team plan it listens on a
// connection of its own to what the plan's tables say when a change to
// them commits (LISTEN/NOTIFY), so looking costs nothing but reading a
// counter, however often it is done.
type Watch struct {
	store *Store
	conn  *sql.Conn
	heard *postgres.Listener
}

// Watch opens a Watch on the plan. Close it before the Store; once the
// Store is closed, Version reports an error.
func (s *Store) Watch(ctx context.Context) (*Watch, error) {
	if team, ok := s.kind.(teamBackend); ok {
		heard, err := postgres.Listen(ctx, team.address, team.origin)
		if err != nil {
			return nil, &PlanError{Path: s.path, Err: err}
		}
		return &Watch{store: s, heard: heard}, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: watch for changes: %w", s.path, err)
	}
	return &Watch{store: s, conn: conn}, nil
}

// Version returns a number that changes whenever a connection other than
// the Watch's own commits a change to the plan. On a team plan whose
// server cannot be reached it returns an error that is ErrOffline, and
// once the server is back a new number, since what others changed in
// between went unheard.
func (w *Watch) Version(ctx context.Context) (int64, error) {
	if w.store.closed.Load() {
		return 0, fmt.Errorf("%s: watch for changes: the plan is closed", w.store.path)
	}
	if w.heard != nil {
		v, err := w.heard.Changes()
		if err != nil {
			return 0, &PlanError{Path: w.store.path, Err: meaning{err, ErrOffline}}
		}
		return v, nil
	}
	var v int64
	err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, err
}

// Changes is Version and, on a team plan, what others changed since the
// last call to Changes: the plan's parts that a reader of it needs to
// read again, and of sessions, people and action items maybe just the
// records. It is the whole plan on a plan file, whose data_version says
// only that something changed, and on a team plan whose connection was
// lost meanwhile, since what others changed then went unheard.
func (w *Watch) Changes(ctx context.Context) (int64, Changes, error) {
	if w.heard == nil || w.store.closed.Load() {
		v, err := w.Version(ctx)
		return v, Changes{Parts: AllParts}, err
	}
	v, tables, err := w.heard.Heard()
	if err != nil {
		return 0, Changes{Parts: AllParts}, &PlanError{Path: w.store.path, Err: meaning{err, ErrOffline}}
	}
	if tables == nil {
		return v, Changes{Parts: AllParts}, nil
	}
	return v, changesOf(tables), nil
}

// Changed returns a channel that is closed once Version may have
// something new to say, on a team plan; on a plan file, which tells of
// nothing by itself, it returns nil, which is never ready.
func (w *Watch) Changed() <-chan struct{} {
	if w.heard != nil {
		return w.heard.Changed()
	}
	return nil
}

// Close gives the Watch's connection back.
func (w *Watch) Close() error {
	if w.heard != nil {
		return w.heard.Close()
	}
	return w.conn.Close()
}
