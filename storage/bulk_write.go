package storage

import (
	"context"
	"errors"
)

// addRows writes new rows into table, whose IDs it gives in the rows'
// order, as inserting them one by one would; putRows writes rows that
// have no ID of their own (a session's organisers, a person's
// availability). A team plan takes them with COPY (bulk_copy.go), a file
// with INSERTs of many rows (bulk_file.go).
func (tx *Tx) addRows(ctx context.Context, table string, columns []string, rows [][]any) ([]int64, error) {
	if w, team := tx.q.(writeTx); team {
		return tx.copyNew(ctx, w, table, columns, rows)
	}
	return tx.insertNew(ctx, table, columns, rows)
}

func (tx *Tx) putRows(ctx context.Context, table string, columns []string, rows [][]any) error {
	if w, team := tx.q.(writeTx); team {
		return copyRows(ctx, w, table, columns, rows)
	}
	return tx.insertRows(ctx, table, columns, rows)
}

// whole runs fn, the writes of a bulk write, so that nothing of them
// stays when one fails: on both backends a savepoint, since a file's
// statements are each whole but a bulk write is several.
func (tx *Tx) whole(ctx context.Context, fn func() error) error {
	if _, err := tx.q.ExecContext(ctx, `SAVEPOINT bulk_write`); err != nil {
		return err
	}
	if err := fn(); err != nil {
		_, rerr := tx.q.ExecContext(ctx, `ROLLBACK TO SAVEPOINT bulk_write`)
		if rerr == nil {
			_, rerr = tx.q.ExecContext(ctx, `RELEASE SAVEPOINT bulk_write`)
		}
		return errors.Join(err, rerr)
	}
	_, err := tx.q.ExecContext(ctx, `RELEASE SAVEPOINT bulk_write`)
	return err
}
