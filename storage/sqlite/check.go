package sqlite

import (
	"context"
	"database/sql"
)

// Check runs one of SQLite's checks of a file, "quick_check" (every page
// read) or "integrity_check" (every index compared with its table too),
// and returns the problems it finds, up to five, one a row; none when the
// file is whole. An error is a file SQLite could not even check.
func Check(ctx context.Context, db interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}, check string) (problems []string, err error) {
	rows, err := db.QueryContext(ctx, "PRAGMA "+check+"(5)")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	return problems, rows.Err()
}
