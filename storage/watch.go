package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// Watch sees commits made to a plan by others: another process, such as
// convene on the command line, or another connection of this one. It keeps
// one connection of its own, because SQLite's data_version tells whether
// the plan changed since the last look only on the connection that looked.
type Watch struct {
	db   *sql.DB
	conn *sql.Conn
}

// Watch opens a Watch on the plan. Close it before the Store; once the
// Store is closed, Version reports an error.
func (s *Store) Watch(ctx context.Context) (*Watch, error) {
	if s.Team() {
		return nil, s.notYetOnTeamPlans("be watched for changes")
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: watch for changes: %w", s.path, err)
	}
	return &Watch{db: s.db, conn: conn}, nil
}

// Version returns a number that changes whenever a connection other than
// the Watch's own commits a change to the plan.
func (w *Watch) Version(ctx context.Context) (int64, error) {
	// A connection taken from a closed pool still works on its own; the
	// pool says whether the Store is closed.
	if err := w.db.PingContext(ctx); err != nil {
		return 0, err
	}
	var v int64
	err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, err
}

// Close gives the Watch's connection back.
func (w *Watch) Close() error { return w.conn.Close() }
