package storage

import (
	"context"
	"database/sql"
)

// A backend is one kind of place a plan is kept: a file on the
// coordinator's disk (SQLite, file.go and the package storage/sqlite),
// or a database on a PostgreSQL server that several coordinators share (a
// team plan, team.go and the package storage/postgres). The model, the
// statements that read and write it, and the rules about them are this
// package's, the same for both; a backend holds only what the two do
// differently.
type backend interface {
	// begin starts a transaction on db. A read sees the plan as of one
	// moment; a write first waits for the plan's write lock, so writers
	// queue up instead of failing half-way, and gets the mark changes
	// gives before it has written anything. q is what the transaction's
	// statements go through.
	begin(ctx context.Context, db *sql.DB, readOnly bool) (sqlTx *sql.Tx, q querier, before int64, err error)
	// changes is a mark of the rows the transaction has written: it
	// differs from its value when the transaction began once a row has
	// been inserted, updated or deleted.
	changes(ctx context.Context, q querier) (int64, error)
	// failed turns what the backend reports when a plan cannot be used
	// (a full disk, a read-only file, a server gone) into errors that say
	// so, naming the plan; other errors are returned as they are.
	failed(s *Store, err error) error
	// attempt runs fn, whose statements may be refused, so that the
	// transaction can go on after a refusal: PostgreSQL refuses every
	// statement of a transaction after one has failed, unless it was
	// inside a savepoint that is rolled back.
	attempt(ctx context.Context, q querier, fn func() error) error
	// tryHold takes the plan's lock for job if no one holds it, else
	// returns errHeld at once.
	tryHold(ctx context.Context, s *Store, job Job) (release func(), err error)
}
