package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// channel is what a team plan's triggers notify on and a Listener
// listens to.
const channel = "convene"

// notifyChanges makes every table of the plan tell the coordinators
// listening when a change to it commits: a trigger a statement, not a
// row, so a 20,000-row import sends one notification a table, and
// PostgreSQL folds the same notification sent twice in one transaction.
// A change rolled back sends nothing. The payload names the table.
func notifyChanges(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `
CREATE FUNCTION convene_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('`+channel+`', TG_TABLE_NAME);
	RETURN NULL;
END $$`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT c.relname
		FROM pg_catalog.pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname <> 'convene_plan'
		ORDER BY c.relname`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, table := range tables {
		if _, err := tx.ExecContext(ctx, `CREATE TRIGGER convene_notify
			AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON `+pgx.Identifier{table}.Sanitize()+`
			FOR EACH STATEMENT EXECUTE FUNCTION convene_notify()`); err != nil {
			return fmt.Errorf("make %s tell of its changes: %w", table, err)
		}
	}
	return nil
}

// MaxNamedRecords is how many records a notification names at most: a
// statement that changes more, an import, tells of its whole table.
const MaxNamedRecords = 100

// recordKeys are the tables whose every row belongs to one session,
// person or action item, by the column that names it: a change to them
// names the records changed, so that a window showing 20,000 sessions
// reads again the one another coordinator edited, not all of them.
var recordKeys = []struct{ table, key string }{
	{"session", "id"},
	{"participation", "session_id"},
	{"session_organiser", "session_id"},
	{"person", "id"},
	{"availability", "person_id"},
	{"action_item", "id"},
}

// origin is what a notification says of the Convene that made the
// change: the word it set as convene.origin in the change's transaction,
// or "-".
const origin = `coalesce(nullif(current_setting('convene.origin', true), ''), '-')`

// notifyRecords makes every notification begin with its origin, so that
// a Convene does not hear its own changes as others', and makes the
// tables of recordKeys name the records a statement changed: the payload
// is the origin, the table and their IDs, separated by spaces
// ("3f9a… session 12 40"), or the origin and the table alone when the
// statement, or its transaction so far, changed more than
// MaxNamedRecords of them (namingFunction). A statement that changed no
// row tells of nothing. The rows changed are the statement's transition
// tables, so the trigger is one for each kind of change (PostgreSQL lets
// a trigger that sees them fire on one kind only); TRUNCATE, which has no
// rows to name, tells of the whole table as before.
func notifyRecords(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `
CREATE OR REPLACE FUNCTION convene_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('`+channel+`', `+origin+` || ' ' || TG_TABLE_NAME);
	RETURN NULL;
END $$`); err != nil {
		return err
	}
	for _, key := range []string{"id", "session_id", "person_id"} {
		if _, err := tx.ExecContext(ctx, namingFunction(key)); err != nil {
			return err
		}
	}
	for _, r := range recordKeys {
		table, by := pgx.Identifier{r.table}.Sanitize(), "convene_notify_by_"+r.key+"()"
		if _, err := tx.ExecContext(ctx, `
DROP TRIGGER convene_notify ON `+table+`;
CREATE TRIGGER convene_notify AFTER TRUNCATE ON `+table+`
	FOR EACH STATEMENT EXECUTE FUNCTION convene_notify();
CREATE TRIGGER convene_notify_insert AFTER INSERT ON `+table+` REFERENCING NEW TABLE AS came
	FOR EACH STATEMENT EXECUTE FUNCTION `+by+`;
CREATE TRIGGER convene_notify_update AFTER UPDATE ON `+table+` REFERENCING OLD TABLE AS went NEW TABLE AS came
	FOR EACH STATEMENT EXECUTE FUNCTION `+by+`;
CREATE TRIGGER convene_notify_delete AFTER DELETE ON `+table+` REFERENCING OLD TABLE AS went
	FOR EACH STATEMENT EXECUTE FUNCTION `+by+`;`); err != nil {
			return fmt.Errorf("make %s name the records it changes: %w", table, err)
		}
	}
	return nil
}

// namingFunction makes the trigger function that names the records a
// statement changed in a table whose rows belong to them by the column
// key. Its statements are written out for the column, not put together
// as it runs: PostgreSQL then plans them once a session, which a change
// saved record by record (an import of a calendar) pays for at every
// statement. Once a transaction has named MaxNamedRecords records of a
// table (counted in convene.named_TABLE, which ends with it), it names
// the table alone: one notification, as PostgreSQL folds the same one
// sent twice, instead of one a statement.
func namingFunction(key string) string {
	changed := func(from string) string {
		return fmt.Sprintf(`SELECT count(*), string_agg(k::text, ' ') INTO records, ids
		FROM (%s LIMIT %d) c;`, from, MaxNamedRecords+1)
	}
	return fmt.Sprintf(`
CREATE FUNCTION convene_notify_by_%[1]s() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	records bigint;
	ids text;
	named bigint;
BEGIN
	IF TG_OP = 'INSERT' THEN
		%[2]s
	ELSIF TG_OP = 'DELETE' THEN
		%[3]s
	ELSE
		%[4]s
	END IF;
	IF records = 0 THEN
		RETURN NULL;
	END IF;
	named := coalesce(nullif(current_setting('convene.named_' || TG_TABLE_NAME, true), '')::bigint, 0) + records;
	IF named > %[5]d THEN
		PERFORM pg_notify('%[6]s', %[7]s || ' ' || TG_TABLE_NAME);
	ELSE
		PERFORM set_config('convene.named_' || TG_TABLE_NAME, named::text, true);
		PERFORM pg_notify('%[6]s', %[7]s || ' ' || TG_TABLE_NAME || ' ' || ids);
	END IF;
	RETURN NULL;
END $$`, key,
		changed("SELECT DISTINCT "+key+" AS k FROM came"),
		changed("SELECT DISTINCT "+key+" AS k FROM went"),
		changed("SELECT "+key+" AS k FROM went UNION SELECT "+key+" FROM came"),
		MaxNamedRecords, channel, origin)
}

// redialEvery is how often a Listener whose connection was lost tries
// to reach the server again.
var redialEvery = time.Second

// A Listener hears, on a connection of its own, every change committed
// to a team plan, by anyone, and counts them. A connection lost is
// dialled again until the server answers; while it is down, Changes
// says so, and once it is back the count moves on, since changes made
// meanwhile went unheard.
type Listener struct {
	cfg *pgx.ConnConfig
	// origin is the word the changes of the Listener's own Convene begin
	// with (convene.origin), which it does not count.
	origin  string
	changes atomic.Int64
	// heard names the tables changed since the last Heard, nil once a
	// change may have gone unheard (the connection was lost).
	heardMu sync.Mutex
	heard   Heard
	// down is why the connection is lost, nil while it listens.
	down atomic.Pointer[error]
	// signal is closed, and replaced, whenever the count or down changes.
	mu     sync.Mutex
	signal chan struct{}
	stop   context.CancelFunc
	done   chan struct{}
	closed sync.Once
}

// Listen starts listening to the team plan at address, for the changes
// of everyone but the changes that set origin as convene.origin; "" hears
// everyone. It does not fail when the server cannot be reached: it says
// so through Changes until it can.
func Listen(ctx context.Context, address, origin string) (*Listener, error) {
	cfg, err := pgx.ParseConfig(address)
	if err != nil {
		return nil, errors.New("its address is not a PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE)")
	}
	// A connection that only waits sends nothing, so a server gone
	// without a word (a laptop's network lost) would go unnoticed for as
	// long as the system's keepalive allows, two hours by default:
	// probe an idle connection after a few seconds.
	dialer := &net.Dialer{KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: 5 * time.Second, Interval: 2 * time.Second, Count: 3}}
	if cfg.ConnectTimeout > 0 {
		dialer.Timeout = cfg.ConnectTimeout
	} else {
		dialer.Timeout = 10 * time.Second
	}
	cfg.DialFunc = dialer.DialContext
	run, stop := context.WithCancel(context.Background())
	l := &Listener{cfg: cfg, origin: origin, stop: stop, done: make(chan struct{}), signal: make(chan struct{}), heard: Heard{}}
	conn, err := l.connect(ctx)
	if err != nil {
		l.setDown(err)
	}
	go l.run(run, conn)
	return l, nil
}

// Changes returns the number of changes heard so far, or why the
// Listener cannot hear any now (ErrUnreachable).
func (l *Listener) Changes() (int64, error) {
	if why := l.down.Load(); why != nil {
		return 0, *why
	}
	return l.changes.Load(), nil
}

// Heard names the tables changed, each with the records changed in it,
// by the IDs its notifications named (see recordKeys): nil for a table
// that may have changed anywhere.
type Heard map[string]map[int64]bool

// Heard returns, with the number of changes heard so far, the tables
// changed since it was last called; nil means any table may have
// changed, since the connection was lost meanwhile. It is one look: a
// change counted is named in the same call or a later one.
func (l *Listener) Heard() (changes int64, tables Heard, err error) {
	l.heardMu.Lock()
	defer l.heardMu.Unlock()
	if why := l.down.Load(); why != nil {
		return 0, nil, *why
	}
	tables, l.heard = l.heard, Heard{}
	return l.changes.Load(), tables, nil
}

// hear counts a change told by a notification's payload (see
// notifyRecords): its origin, a table, and maybe the IDs of the records
// changed in it. A change of the Listener's own origin is not counted.
func (l *Listener) hear(payload string) {
	from, told, _ := strings.Cut(payload, " ")
	if l.origin != "" && from == l.origin {
		return
	}
	table, ids, named := strings.Cut(told, " ")
	l.heardMu.Lock()
	switch records, before := l.heard[table]; {
	case told == "":
		// Not a payload of this Convene's: anything may have changed.
		l.heard = nil
	case l.heard == nil:
	case !named || before && records == nil:
		l.heard[table] = nil
	default:
		if records == nil {
			records = map[int64]bool{}
		}
		words := strings.Fields(ids)
		for _, word := range words {
			id, err := strconv.ParseInt(word, 10, 64)
			if err != nil {
				records = nil
				break
			}
			records[id] = true
		}
		if len(words) == 0 {
			records = nil
		}
		// Nil, for a payload not of this Convene's (anyone who may
		// connect may NOTIFY): anything in the table may have changed.
		l.heard[table] = records
	}
	l.changes.Add(1)
	l.heardMu.Unlock()
	l.tell()
}

// hearAnything counts a change that may have been to anything: what
// changed while the connection was down went unheard.
func (l *Listener) hearAnything() {
	l.heardMu.Lock()
	l.heard = nil
	l.changes.Add(1)
	l.heardMu.Unlock()
	l.tell()
}

// Changed returns a channel that is closed once Changes has something
// new to say: a change heard, the connection lost or back.
func (l *Listener) Changed() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.signal
}

// tell wakes those waiting on Changed.
func (l *Listener) tell() {
	l.mu.Lock()
	defer l.mu.Unlock()
	close(l.signal)
	l.signal = make(chan struct{})
}

// Close stops listening and closes the connection.
func (l *Listener) Close() error {
	l.closed.Do(func() {
		l.stop()
		<-l.done
	})
	return nil
}

func (l *Listener) setDown(err error) {
	why := fmt.Errorf("%w: %s", ErrUnreachable, Unreachable(err))
	l.down.Store(&why)
	l.tell()
}

func (l *Listener) connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, l.cfg)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, `LISTEN `+channel); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

// run listens on conn until it is lost, then dials again until the
// server answers, until ctx is cancelled.
func (l *Listener) run(ctx context.Context, conn *pgx.Conn) {
	defer close(l.done)
	for {
		if conn == nil {
			conn = l.redial(ctx)
			if conn == nil {
				return
			}
			// What changed while the connection was down went unheard.
			l.down.Store(nil)
			l.hearAnything()
		}
		err := l.listen(ctx, conn)
		conn.Close(context.Background())
		conn = nil
		if ctx.Err() != nil {
			return
		}
		l.setDown(err)
	}
}

// listen counts the notifications that arrive on conn, until it fails.
func (l *Listener) listen(ctx context.Context, conn *pgx.Conn) error {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		l.hear(n.Payload)
	}
}

// redial tries to connect every redialEvery until it can, or returns
// nil once ctx is cancelled.
func (l *Listener) redial(ctx context.Context) *pgx.Conn {
	tick := time.NewTicker(redialEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		conn, err := l.connect(ctx)
		if err == nil {
			return conn
		}
		if ctx.Err() != nil {
			return nil
		}
		l.setDown(err)
	}
}
