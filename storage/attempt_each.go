package storage

import (
	"context"

	"github.com/convene-planner/convene/model"
)

// AttemptEach writes records 0 to n-1 with write, each as Attempt would
// run it: a record refused for its fields (model.Problems) is returned
// among the RecordErrors while the others are still written, and any
// other failure of a record ends it, that record's error the last one
// returned. What is not a record's failure (the context cancelled, a
// savepoint refused) is the error.
//
// On a team plan the records are first written together in one
// savepoint, and one by one, each in its own, only when one of them is
// refused: a savepoint a record costs two more round trips to the
// server, a fifth of an updated session's. A file needs none (Attempt).
// write is given ctx without its cancellation, which is checked between
// records: a cancellable context costs the SQLite driver a goroutine for
// every statement.
func (tx *Tx) AttemptEach(ctx context.Context, n int, write func(ctx context.Context, i int) error) (RecordErrors, error) {
	wctx := context.WithoutCancel(ctx)
	if _, team := tx.kind.(teamBackend); team && n > 1 {
		written, err := tx.allOrNone(ctx, n, func(i int) error { return write(wctx, i) })
		if written || err != nil {
			return nil, err
		}
	}
	var errs RecordErrors
	for i := range n {
		if i%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		err := tx.Attempt(wctx, func() error { return write(wctx, i) })
		if err == nil {
			continue
		}
		errs = append(errs, RecordError{Index: i, Err: err})
		if _, ok := model.AsProblems(err); !ok {
			break
		}
	}
	return errs, nil
}

// allOrNone writes every record in one savepoint, and reports whether
// all were written; when one fails, nothing of them stays.
func (tx *Tx) allOrNone(ctx context.Context, n int, write func(i int) error) (bool, error) {
	wctx := context.WithoutCancel(ctx)
	if _, err := tx.q.ExecContext(wctx, `SAVEPOINT attempt_each`); err != nil {
		return false, err
	}
	for i := range n {
		if i%256 == 0 && ctx.Err() != nil {
			return false, ctx.Err()
		}
		if write(i) != nil {
			if _, err := tx.q.ExecContext(wctx, `ROLLBACK TO SAVEPOINT attempt_each`); err != nil {
				return false, err
			}
			_, err := tx.q.ExecContext(wctx, `RELEASE SAVEPOINT attempt_each`)
			return false, err
		}
	}
	_, err := tx.q.ExecContext(wctx, `RELEASE SAVEPOINT attempt_each`)
	return err == nil, err
}
