package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"

	"github.com/convene-planner/convene/storage/postgres"
)

// ErrOffline means the server that keeps a team plan could not be
// reached, or went away during a change. A change is saved whole or not
// at all: nothing is ever half-written.
var ErrOffline = errors.New("cannot be reached")

// IsTeamPlan reports whether a plan's location names a team plan on a
// PostgreSQL server (postgres://…) rather than a plan file.
func IsTeamPlan(location string) bool { return postgres.IsAddress(location) }

// PlanName is how a plan's location is shown: a file's path as it is, a
// team plan's address without its password.
func PlanName(location string) string {
	if IsTeamPlan(location) {
		return postgres.Name(location)
	}
	return location
}

// teamBackend keeps a plan in a PostgreSQL database that several
// coordinators share; storage/postgres holds its schema and what it
// knows of the server.
type teamBackend struct {
	// address is the team plan's URL as given, password included, for
	// a connection of a Watch's own; it is never shown.
	address string
	// origin is the word the Store's changes carry (begin), so that its
	// Watch does not hear them as others': the window that made a change
	// already shows it.
	origin string
}

// Team reports whether the plan is a team plan, kept in PostgreSQL.
func (s *Store) Team() bool {
	_, ok := s.kind.(teamBackend)
	return ok
}

// openTeam opens the team plan at address. An empty database becomes a
// plan when opts.Create says so; one that holds other tables, or a plan
// of a newer Convene, is refused and left as it was.
func openTeam(ctx context.Context, address string, opts Options) (*Store, error) {
	name := postgres.Name(address)
	fail := func(err error) (*Store, error) { return nil, &PlanError{Path: name, Err: teamOpenErr(err)} }
	db, err := postgres.Open(ctx, address)
	if err != nil {
		return fail(err)
	}
	opened, err := postgres.Prepare(ctx, db, opts.Create)
	if err != nil {
		db.Close()
		return fail(err)
	}
	return &Store{db: db, kind: teamBackend{address: address, origin: rand.Text()}, path: name, readOnly: opened.ReadOnly}, nil
}

// teamOpenErr gives what Prepare refused the meaning of this package's
// errors for a file, so that the command line and the app treat a
// database that is not a plan as they treat such a file.
func teamOpenErr(err error) error {
	for _, same := range []struct{ team, file error }{
		{postgres.ErrNotPlan, ErrNotPlan},
		{postgres.ErrNewerPlan, ErrNewerPlan},
		{postgres.ErrEmpty, ErrNoPlan},
		{postgres.ErrDamaged, ErrDamaged},
		{postgres.ErrUnreachable, ErrOffline},
	} {
		if errors.Is(err, same.team) {
			return meaning{err, same.file}
		}
	}
	if postgres.Classify(err) == postgres.Offline {
		return meaning{fmt.Errorf("%w: %s", postgres.ErrUnreachable, postgres.Unreachable(err)), ErrOffline}
	}
	return err
}

// meaning is an error that also means another: errors.Is finds both.
type meaning struct {
	err, is error
}

func (m meaning) Error() string   { return m.err.Error() }
func (m meaning) Unwrap() []error { return []error{m.err, m.is} }

// writeLockTimeout is how long a change waits for another coordinator's
// change to the plan to end, as busy_timeout is for a file.
const writeLockTimeout = "10s"

func (b teamBackend) begin(ctx context.Context, db *sql.DB, readOnly bool) (*sql.Tx, querier, int64, error) {
	if readOnly {
		// Under PostgreSQL's default isolation each statement sees the
		// plan anew; a read of several must see one moment, as a file's
		// transaction does.
		tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
		return tx, tx, 0, err
	}
	// A change holds its connection, so that a bulk write reaches pgx's
	// COPY in the same transaction (see writeTx).
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, nil, 0, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, nil, 0, err
	}
	// Writers of one plan queue on its lock, as a file's writers do on
	// BEGIN IMMEDIATE: what a change reads stays true until it commits,
	// and a snapshot taken inside an import is the plan just before it.
	// Readers are never held up.
	// The change also says whose it is, for the notifications of it
	// (postgres.notifyRecords): set in the transaction, not when the
	// connection starts, which a pooler such as PgBouncer refuses for
	// a parameter it does not know. One round trip for the three:
	// statements given without arguments go to the server as one text,
	// and each round trip counts when the server is on another
	// continent. The origin is base32 and the rest constants.
	_, err = tx.ExecContext(ctx, fmt.Sprintf(
		`SET LOCAL lock_timeout = '%s'; SELECT set_config('convene.origin', '%s', true); SELECT pg_advisory_xact_lock(%d)`,
		writeLockTimeout, b.origin, ApplicationID))
	if err != nil {
		tx.Rollback()
		conn.Close()
		return nil, nil, 0, err
	}
	// A transaction just begun has written nothing: no need to ask.
	return tx, writeTx{Tx: tx, conn: conn}, 0, nil
}

// writeTx is a change to a team plan with the connection it runs on:
// what only pgx's own API does (COPY, for bulk writes) goes through the
// connection into the same transaction. The connection goes back to the
// pool when the transaction has ended (Store.inTx), not before: closing
// it waits for the transaction.
type writeTx struct {
	*sql.Tx
	conn *sql.Conn
}

// changes is 1 once the transaction has written a row: PostgreSQL gives
// it an ID then, and not before.
func (teamBackend) changes(ctx context.Context, q querier) (n int64, err error) {
	err = q.QueryRowContext(ctx, `SELECT CASE WHEN pg_current_xact_id_if_assigned() IS NULL THEN 0 ELSE 1 END`).Scan(&n)
	return n, err
}

func (teamBackend) failed(s *Store, err error) error {
	if err == nil {
		return nil
	}
	var why error
	switch postgres.Classify(err) {
	case postgres.Busy:
		why = fmt.Errorf("%w: another coordinator's change kept it locked for longer than Convene waits; nothing was changed, try again when it is done", ErrBusy)
	case postgres.ReadOnly:
		why = fmt.Errorf("%w: your role may only read it; nothing was changed (its owner can let you change it with 'convene grant ROLE write')", ErrCannotWrite)
	case postgres.DiskFull:
		why = fmt.Errorf("%w: the server's disk is full; nothing of the change was saved", ErrCannotWrite)
	case postgres.Offline:
		why = meaning{fmt.Errorf("%w (%s); nothing was half-written: a change is saved whole or not at all",
			postgres.ErrUnreachable, postgres.Unreachable(err)), ErrOffline}
	default:
		return err
	}
	return &PlanError{Path: s.path, Err: why}
}

func (teamBackend) attempt(ctx context.Context, q querier, fn func() error) error {
	if _, err := q.ExecContext(ctx, `SAVEPOINT attempt`); err != nil {
		return err
	}
	if err := fn(); err != nil {
		if _, rerr := q.ExecContext(ctx, `ROLLBACK TO SAVEPOINT attempt`); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	_, err := q.ExecContext(ctx, `RELEASE SAVEPOINT attempt`)
	return err
}

// tryHold takes a lock of the server's, held by a connection of its own
// and let go when it closes: PostgreSQL ends the session, and the lock
// with it, when a Convene dies. Its key is the plan's write lock's number
// and the job's, in the two-number key space, apart from that lock.
func (teamBackend) tryHold(ctx context.Context, s *Store, job Job) (func(), error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	var held bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1::int, $2::int)`, int32(ApplicationID), job.key).Scan(&held); err != nil {
		conn.Close()
		return nil, err
	}
	if !held {
		conn.Close()
		return nil, errHeld
	}
	return func() {
		conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1::int, $2::int)`, int32(ApplicationID), job.key)
		conn.Close()
	}, nil
}
