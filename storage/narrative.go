package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/convene-planner/convene/model"
)

// Narratives returns the coalition's focus texts, by year.
func (r reader) Narratives(ctx context.Context) ([]model.Narrative, error) {
	rows, err := r.q.QueryContext(ctx, `
		SELECT
			year,
			text
		FROM narrative
		ORDER BY year`)
	if err != nil {
		return nil, fmt.Errorf("list the yearly narratives: %w", err)
	}
	defer rows.Close()
	var list []model.Narrative
	for rows.Next() {
		var n model.Narrative
		if err := rows.Scan(&n.Year, &n.Text); err != nil {
			return nil, fmt.Errorf("list the yearly narratives: %w", err)
		}
		list = append(list, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list the yearly narratives: %w", err)
	}
	return list, nil
}

// Narrative returns the coalition's focus for a year; empty when none is written.
func (r reader) Narrative(ctx context.Context, year int) (model.Narrative, error) {
	n := model.Narrative{Year: year}
	err := r.q.QueryRowContext(ctx, `
		SELECT
			text
		FROM narrative
		WHERE year = $1`, year).Scan(&n.Text)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return n, fmt.Errorf("read the narrative of %d: %w", year, err)
	}
	return n, nil
}

// SaveNarrative cleans, validates and keeps a year's narrative, replacing
// the one before; an empty text removes it.
func (tx *Tx) SaveNarrative(ctx context.Context, n *model.Narrative) error {
	n.Clean()
	if err := n.Validate(); err != nil {
		return fmt.Errorf("save the narrative of %d: %w", n.Year, err)
	}
	var err error
	if n.Text == "" {
		_, err = tx.q.ExecContext(ctx, `DELETE FROM narrative WHERE year = $1`, n.Year)
	} else {
		_, err = tx.q.ExecContext(ctx, `
			INSERT INTO narrative (
				year,
				text
			) VALUES ($1, $2)
			ON CONFLICT (year) DO UPDATE SET
				text = excluded.text`,
			n.Year, n.Text)
	}
	if err != nil {
		return fmt.Errorf("save the narrative of %d: %w", n.Year, err)
	}
	return nil
}
