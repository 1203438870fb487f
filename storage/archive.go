package storage

import (
	"context"
	"fmt"
)

// ArchivedYears are the years the coalition has put away, in order.
func (r reader) ArchivedYears(ctx context.Context) ([]int, error) {
	rows, err := r.q.QueryContext(ctx, `
		SELECT year
		FROM archived_year
		ORDER BY year`)
	if err != nil {
		return nil, fmt.Errorf("read the years put away: %w", err)
	}
	defer rows.Close()
	var years []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("read the years put away: %w", err)
		}
		years = append(years, y)
	}
	return years, rows.Err()
}

// SetArchived puts a year away, or brings it back.
func (tx *Tx) SetArchived(ctx context.Context, year int, archived bool) error {
	query := `
		DELETE FROM archived_year
		WHERE year = $1`
	if archived {
		query = `
		INSERT INTO archived_year (year)
		VALUES ($1)
		ON CONFLICT (year) DO NOTHING`
	}
	if _, err := tx.q.ExecContext(ctx, query, year); err != nil {
		if archived {
			return fmt.Errorf("put %d away: %w", year, err)
		}
		return fmt.Errorf("bring %d back: %w", year, err)
	}
	return nil
}
