package storage

import (
	"context"
	"database/sql"
)

// fileBackend keeps a plan in one SQLite file (see store.go for how it is
// opened and recognised, failure.go for its errors).
type fileBackend struct{}

func (fileBackend) begin(ctx context.Context, db *sql.DB, readOnly bool) (*sql.Tx, querier, error) {
	// The connection begins every transaction IMMEDIATE (store.go's
	// _txlock), so a write takes the file's lock here.
	sqlTx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return nil, nil, err
	}
	return sqlTx, &preparedQuerier{tx: sqlTx, stmts: map[string]*sql.Stmt{}}, nil
}

// changes is SQLite's count of rows the connection has changed.
func (fileBackend) changes(ctx context.Context, q querier) (n int64, err error) {
	err = q.QueryRowContext(ctx, "SELECT total_changes()").Scan(&n)
	return n, err
}

// attempt runs fn: SQLite goes on after a refused statement as if it had
// not been made.
func (fileBackend) attempt(_ context.Context, _ querier, fn func() error) error { return fn() }
