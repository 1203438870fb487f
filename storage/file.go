package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// fileBackend keeps a plan in one SQLite file (see store.go and the
// package storage/sqlite for how it is opened and recognised, failure.go
// for its errors).
type fileBackend struct{}

func (b fileBackend) begin(ctx context.Context, db *sql.DB, readOnly bool) (*sql.Tx, querier, int64, error) {
	// The connection begins every transaction IMMEDIATE (sqlite.Open's
	// _txlock), so a write takes the file's lock here.
	sqlTx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return nil, nil, 0, err
	}
	q := &preparedQuerier{tx: sqlTx, stmts: map[string]*sql.Stmt{}}
	var before int64
	if !readOnly {
		if before, err = b.changes(ctx, q); err != nil {
			sqlTx.Rollback()
			return nil, nil, 0, err
		}
	}
	return sqlTx, q, before, nil
}

// changes is SQLite's count of rows the connection has changed, since
// it was opened.
func (fileBackend) changes(ctx context.Context, q querier) (n int64, err error) {
	err = q.QueryRowContext(ctx, "SELECT total_changes()").Scan(&n)
	return n, err
}

// attempt runs fn: SQLite goes on after a refused statement as if it had
// not been made.
func (fileBackend) attempt(_ context.Context, _ querier, fn func() error) error { return fn() }

// tryHold locks a file of the job's in the plan's snapshots folder, whose
// lock the operating system lets go when the process ends. The plan file
// itself is not locked: SQLite's own locks are on it.
func (fileBackend) tryHold(_ context.Context, s *Store, job Job) (func(), error) {
	dir := SnapshotDir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, "."+job.name+".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errHeld) {
			return nil, errHeld
		}
		return nil, fmt.Errorf("lock %s: %w", f.Name(), err)
	}
	return func() { f.Close() }, nil
}
