// Package postgres keeps a team plan in PostgreSQL: what differs from a
// plan file is here (connecting, recognising a database as a plan, the
// schema in PostgreSQL's words); the statements that read and write a
// plan are the file's own.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// applicationID marks a database as a Convene plan, as it marks a plan
// file ("Conv" in ASCII).
const applicationID = 0x436f6e76

var (
	// ErrNotPlan means the database holds tables that are not a Convene
	// plan's. It is left exactly as it was.
	ErrNotPlan = errors.New("is not a Convene plan")
	// ErrNewerPlan means the plan was made by a newer Convene. It is left
	// exactly as it was.
	ErrNewerPlan = errors.New("was written by a newer Convene; update Convene to open it")
	// ErrCannotCreate means the database is empty and the role the URL
	// names may not make the plan's tables in it.
	ErrCannotCreate = errors.New("is empty, and you may not make a plan in it: its owner can, or can let you (GRANT CREATE ON SCHEMA)")
	// ErrEmpty means the database holds no tables yet: it becomes a plan
	// when Prepare is asked to make one.
	ErrEmpty = errors.New("holds no plan yet")
	// ErrUnreachable means the server could not be reached or refused the
	// connection; nothing was read or written.
	ErrUnreachable = errors.New("cannot be reached")
	// ErrOlderPlan means the plan was made by an older Convene and must
	// be brought up to date by a role that owns its tables.
	ErrOlderPlan = errors.New("was made by an older Convene, and only its owner may bring it up to date: the owner opens it once with this Convene, or you go on with the older one")
	// ErrNoAccess means the role the URL names may not read the plan.
	ErrNoAccess = errors.New("may not be read by you: its owner can give you access with 'convene grant ROLE read' or 'write'")
	// ErrNotOwner means a grant was asked of a role that does not own the plan.
	ErrNotOwner = errors.New("is not yours to share: only its owner can give others access, with 'convene grant'; nothing was changed")
	// ErrNoRole means a grant named a role the server does not have.
	ErrNoRole = errors.New("no one was given access")
	// ErrOwnerRole means a grant named the plan's owner, who may always
	// read and change it: taking write away from the owner is never meant.
	ErrOwnerRole = errors.New("nothing to grant")
)

// SchemaVersion is the version of the schema this Convene makes in a team plan.
func SchemaVersion() int { return len(migrations) }

// IsAddress reports whether a plan's location is a team plan's address
// (postgres://… or postgresql://…) rather than a file's path.
func IsAddress(location string) bool {
	return strings.HasPrefix(location, "postgres://") || strings.HasPrefix(location, "postgresql://")
}

// Name is how messages, window titles and lists of recent plans name the
// team plan at address: postgres://USER@HOST:PORT/DATABASE, never with its
// password or its other settings.
func Name(address string) string {
	u, err := url.Parse(address)
	if err != nil || u.Host == "" && u.Path == "" {
		return "the team plan (its address is not a PostgreSQL URL)"
	}
	named := url.URL{Scheme: "postgres", Host: u.Host, Path: u.Path}
	if u.User != nil {
		named.User = url.User(u.User.Username())
	}
	return named.String()
}

// Open connects to the database a postgres:// URL names, through pgx's
// database/sql driver, so the statements and scans written for a plan
// file run unchanged. The password comes from the URL, $PGPASSWORD or
// ~/.pgpass, which pgx reads; errors never hold the URL.
func Open(ctx context.Context, address string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(address)
	if err != nil {
		// pgx's own message quotes the URL, hiding the password only
		// where it can tell what is one: say nothing of the URL's text.
		return nil, errors.New("its address is not a PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE)")
	}
	// Each statement in one round trip: pgx's default prepares a
	// statement the first time a connection runs it, a round trip more,
	// and a command's connection runs almost every statement once. With
	// the server on another continent (100 ms a round trip), listing
	// the sessions took 4.3 s that way and takes 2.8 s this way; on the
	// local server both take the same.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	db := stdlib.OpenDB(*cfg)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %s", ErrUnreachable, Unreachable(err))
	}
	return db, nil
}

// Opened says what Prepare found.
type Opened struct {
	// Created is set when the database was empty and is now a plan.
	Created bool
	// ReadOnly is set when the role may read the plan but not change it.
	ReadOnly bool
}

// Prepare makes the database db is connected to a plan of this
// Convene's schema: an empty one becomes a plan, an older one is brought
// up to date. A database holding other tables, or a newer plan, is
// refused and left as it was, and so is a plan the role may not read or
// whose tables are not as Convene made them.
// Two Convenes preparing one database at once queue up on a lock, so one
// makes the plan and the other finds it.
func Prepare(ctx context.Context, db *sql.DB, create bool) (opened Opened, err error) {
	for {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return opened, fmt.Errorf("open the plan: %w", err)
		}
		version, done, err := prepareStep(ctx, tx)
		if err == nil && version == 0 && !create {
			err = ErrEmpty
		}
		if err == nil && done {
			opened.ReadOnly, err = readOnly(ctx, tx)
		}
		if err == nil && done {
			err = checkTables(ctx, tx)
		}
		if err == nil && !done {
			err = mayMigrate(ctx, tx)
		}
		if err != nil || done {
			tx.Rollback()
			return opened, err
		}
		if err := migrations[version](ctx, tx); err != nil {
			tx.Rollback()
			return opened, fmt.Errorf("update the plan to schema %d: %w", version+1, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE convene_plan SET schema_version = $1`, version+1); err != nil {
			tx.Rollback()
			return opened, fmt.Errorf("update the plan to schema %d: %w", version+1, err)
		}
		if err := regrant(ctx, tx); err != nil {
			tx.Rollback()
			return opened, fmt.Errorf("update the plan to schema %d: %w", version+1, err)
		}
		if err := tx.Commit(); err != nil {
			return opened, fmt.Errorf("update the plan to schema %d: %w", version+1, err)
		}
		opened.Created = opened.Created || version == 0
	}
}

// prepareStep takes the plan's lock and reads its schema version inside
// tx: done when it is current, else the migration to run next.
func prepareStep(ctx context.Context, tx *sql.Tx) (version int, done bool, err error) {
	// The lock is taken by a transaction, and let go when it ends.
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, applicationID); err != nil {
		return 0, false, fmt.Errorf("open the plan: %w", err)
	}
	tables, err := schemaTables(ctx, tx)
	if err != nil {
		return 0, false, err
	}
	if len(tables) == 0 {
		var mayCreate bool
		if err := tx.QueryRowContext(ctx, `SELECT has_schema_privilege(current_schema(), 'CREATE')`).Scan(&mayCreate); err != nil {
			return 0, false, fmt.Errorf("open the plan: %w", err)
		}
		if !mayCreate {
			return 0, false, ErrCannotCreate
		}
		return 0, false, nil
	}
	if !tables["convene_plan"] {
		names := make([]string, 0, len(tables))
		for name := range tables {
			names = append(names, name)
		}
		slices.Sort(names)
		if len(names) > 3 {
			names = append(names[:3], "…")
		}
		return 0, false, fmt.Errorf("%w: it holds other tables (%s)", ErrNotPlan, strings.Join(names, ", "))
	}
	var mayRead bool
	if err := tx.QueryRowContext(ctx, `SELECT has_table_privilege('convene_plan', 'SELECT')`).Scan(&mayRead); err != nil {
		return 0, false, fmt.Errorf("open the plan: %w", err)
	}
	if !mayRead {
		return 0, false, ErrNoAccess
	}
	var app int64
	err = tx.QueryRowContext(ctx, `SELECT application_id, schema_version FROM convene_plan`).Scan(&app, &version)
	switch {
	case err != nil:
		return 0, false, fmt.Errorf("%w: its table convene_plan cannot be read (%v)", ErrNotPlan, err)
	case app != applicationID:
		return 0, false, fmt.Errorf("%w: its table convene_plan is another program's", ErrNotPlan)
	case version > len(migrations):
		return 0, false, ErrNewerPlan
	}
	return version, version == len(migrations), nil
}

// mayMigrate refuses to bring a plan up to date for a role that does not
// own every one of its tables: PostgreSQL would refuse the migration's
// first ALTER TABLE in words about ownership, which is not what a
// colleague given write access needs to hear. An empty database has no
// tables to own: making the plan needs CREATE instead (prepareStep).
func mayMigrate(ctx context.Context, tx *sql.Tx) error {
	var owns bool
	err := tx.QueryRowContext(ctx, `
		SELECT coalesce(bool_and(pg_has_role(c.relowner, 'USAGE')), true)
		FROM pg_catalog.pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'v')`).Scan(&owns)
	switch {
	case err != nil:
		return fmt.Errorf("open the plan: %w", err)
	case !owns:
		return ErrOlderPlan
	}
	return nil
}

// schemaTables names the tables, views and sequences in the schema a plan
// is made in, the first of the search path (public, unless the role or
// the URL says otherwise). The catalog lists them all, whatever the role
// may read: information_schema shows only what it may, and would make a
// database whose tables a role may not see look empty to it.
func schemaTables(ctx context.Context, tx *sql.Tx) (map[string]bool, error) {
	var schema sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return nil, fmt.Errorf("open the plan: %w", err)
	}
	if !schema.Valid {
		return nil, fmt.Errorf("%w: no schema of its search path exists to hold one", ErrNotPlan)
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT c.relname
		FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')`, schema.String)
	if err != nil {
		return nil, fmt.Errorf("open the plan: read its tables: %w", err)
	}
	defer rows.Close()
	tables := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("open the plan: read its tables: %w", err)
		}
		tables[name] = true
	}
	return tables, rows.Err()
}

// readOnly reports whether the role may read the plan's tables but not
// change them all. A role that may read only some of them is refused.
func readOnly(ctx context.Context, tx *sql.Tx) (bool, error) {
	var read, write bool
	err := tx.QueryRowContext(ctx, `
		SELECT
			bool_and(has_table_privilege(c.oid, 'SELECT')),
			bool_and(has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE'))
		FROM pg_catalog.pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname <> 'convene_plan'`).Scan(&read, &write)
	switch {
	case err != nil:
		return false, fmt.Errorf("open the plan: %w", err)
	case !read:
		return false, ErrNoAccess
	}
	return !write, nil
}

// Grant lets role read the plan, or read and change it; a role given
// read only loses what it may change. Only the plan's owner may grant:
// PostgreSQL lets anyone else's GRANT succeed having granted nothing.
// Granting again grants the same, so a grant can be repeated, and
// Prepare repeats every grant it finds after a migration, for the tables
// that migration made.
func Grant(ctx context.Context, db *sql.DB, role string, write bool) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("grant %s access: %w", role, err)
	}
	defer tx.Rollback()
	var exists, owner bool
	var me string
	err = tx.QueryRowContext(ctx, `
		SELECT
			EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1),
			pg_has_role(c.relowner, 'USAGE'),
			current_user
		FROM pg_catalog.pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = 'convene_plan'`, role).Scan(&exists, &owner, &me)
	switch {
	case err != nil:
		return fmt.Errorf("grant %s access: %w", role, err)
	case !owner:
		return ErrNotOwner
	case !exists:
		return fmt.Errorf("%w: the server has no role %q; its administrator makes one with CREATE ROLE", ErrNoRole, role)
	case role == me:
		return fmt.Errorf("%w: %s is you, the plan's owner, who may always read and change it", ErrOwnerRole, role)
	}
	if err := grant(ctx, tx, role, write); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("grant %s access: %w", role, err)
	}
	return nil
}

// grant gives role read, or read and write, on every table of the plan's
// schema as it is now, inside tx. convene_plan, which says which schema
// the plan has, stays read-only to all but the owner, who migrates it.
func grant(ctx context.Context, tx *sql.Tx, role string, write bool) error {
	var schema string
	if err := tx.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return fmt.Errorf("grant %s access: %w", role, err)
	}
	name, in := pgx.Identifier{role}.Sanitize(), pgx.Identifier{schema}.Sanitize()
	statements := []string{
		`REVOKE INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ` + in + ` FROM ` + name,
		`GRANT USAGE ON SCHEMA ` + in + ` TO ` + name,
		`GRANT SELECT ON ALL TABLES IN SCHEMA ` + in + ` TO ` + name,
	}
	if write {
		statements = append(statements,
			`GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA `+in+` TO `+name,
			`REVOKE INSERT, UPDATE, DELETE ON `+in+`.convene_plan FROM `+name)
	}
	for _, st := range statements {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return fmt.Errorf("grant %s access: %w", role, err)
		}
	}
	return nil
}

// regrant repeats, inside the transaction of a migration, every grant
// the owner has made, so that tables the migration added are read and
// changed by the same roles as the others. A role was granted the plan
// when it may read convene_plan, which every grant covers, and granted
// write when it may also add to another table. The grants are repeated rather than set once with ALTER DEFAULT
// PRIVILEGES, which would follow only tables made by the role that ran it,
// and would not undo a write given before a read.
func regrant(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT grantee, bool_or(table_name <> 'convene_plan' AND privilege_type = 'INSERT')
		FROM information_schema.role_table_grants
		WHERE table_schema = current_schema() AND privilege_type IN ('SELECT', 'INSERT') AND grantee <> current_user
		GROUP BY grantee
		HAVING bool_or(table_name = 'convene_plan' AND privilege_type = 'SELECT')
		ORDER BY grantee`)
	if err != nil {
		return fmt.Errorf("read the plan's grants: %w", err)
	}
	grants := map[string]bool{}
	for rows.Next() {
		var role string
		var write bool
		if err := rows.Scan(&role, &write); err != nil {
			rows.Close()
			return fmt.Errorf("read the plan's grants: %w", err)
		}
		grants[role] = write
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the plan's grants: %w", err)
	}
	for _, role := range slices.Sorted(maps.Keys(grants)) {
		if err := grant(ctx, tx, role, grants[role]); err != nil {
			return err
		}
	}
	return nil
}
