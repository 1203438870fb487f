package storage

import (
	"context"
	"fmt"

	"github.com/convene-planner/convene/storage/sqlite"
)

// migrate brings a plan file's schema up to date with SQLite's migrations
// (package storage/sqlite): each runs once, in its own transaction together
// with the bump of PRAGMA user_version.
func (s *Store) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	if version > len(sqlite.Migrations) {
		return ErrNewerPlan
	}
	for v := version; v < len(sqlite.Migrations); v++ {
		if err := s.runMigration(ctx, v); err != nil {
			return err
		}
	}
	if version < len(sqlite.Migrations) {
		// The new schema version, and on a new plan the application_id
		// that marks it as a plan, are in the write-ahead log until a
		// checkpoint; until then another process reading the file's header
		// would not recognise it.
		if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return fmt.Errorf("save the plan's schema: %w", err)
		}
	}
	return nil
}

func (s *Store) runMigration(ctx context.Context, v int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("update the plan to schema %d: %w", v+1, err)
	}
	defer tx.Rollback()
	if err := sqlite.Migrations[v](ctx, tx); err != nil {
		return fmt.Errorf("update the plan to schema %d: %w", v+1, err)
	}
	// PRAGMA takes no bound parameters; v is our own integer.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
		return fmt.Errorf("update the plan to schema %d: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("update the plan to schema %d: %w", v+1, err)
	}
	return nil
}
