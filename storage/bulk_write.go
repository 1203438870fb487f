package storage

import (
	"context"
	"errors"
	"fmt"
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

// ErrRowRefused means a bulk write failed because a rule the database
// holds (a key, a check) refused one of its rows, which a bulk write
// cannot name: nothing of it was written, and the transaction can go on,
// so writing the records one by one instead finds the one refused.
var ErrRowRefused = errors.New("the plan refused one of the rows, without saying which")

// whole runs fn, the writes of a bulk write, so that nothing of them
// stays when one fails: on both backends a savepoint, since a file's
// statements are each whole but a bulk write is several. Only a row
// refused is ErrRowRefused: after any other failure (a full disk, a
// server gone) the transaction is not to be used further, since SQLite
// may have rolled all of it back already.
func (tx *Tx) whole(ctx context.Context, fn func() error) error {
	if _, err := tx.q.ExecContext(ctx, `SAVEPOINT bulk_write`); err != nil {
		return err
	}
	err := fn()
	if err == nil {
		_, err = tx.q.ExecContext(ctx, `RELEASE SAVEPOINT bulk_write`)
		return err
	}
	_, rerr := tx.q.ExecContext(ctx, `ROLLBACK TO SAVEPOINT bulk_write`)
	if rerr == nil {
		_, rerr = tx.q.ExecContext(ctx, `RELEASE SAVEPOINT bulk_write`)
	}
	if rerr == nil && isConstraint(err) {
		return fmt.Errorf("%w: %w", ErrRowRefused, err)
	}
	return errors.Join(err, rerr)
}
