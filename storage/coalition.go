package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/convene-planner/convene/model"
)

// Coalitions returns every coalition, the plan's own first, then by short name.
func (r reader) Coalitions(ctx context.Context) ([]model.Coalition, error) {
	rows, err := r.q.QueryContext(ctx, `
		SELECT
			id,
			name,
			short_name,
			own
		FROM coalition
		ORDER BY own DESC, short_name`)
	if err != nil {
		return nil, fmt.Errorf("list coalitions: %w", err)
	}
	defer rows.Close()
	var list []model.Coalition
	for rows.Next() {
		var c model.Coalition
		if err := rows.Scan(&c.ID, &c.Name, &c.ShortName, &c.Own); err != nil {
			return nil, fmt.Errorf("list coalitions: %w", err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list coalitions: %w", err)
	}
	return list, nil
}

// CreateCoalition cleans, validates and adds a coalition, setting its ID. The
// first coalition a plan gets becomes the plan's own.
func (tx *Tx) CreateCoalition(ctx context.Context, c *model.Coalition) error {
	c.Clean()
	if err := c.Validate(); err != nil {
		return fmt.Errorf("add coalition %q: %w", c.ShortName, err)
	}
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO coalition (
			name,
			short_name,
			own
		) VALUES ($1, $2, NOT EXISTS (SELECT 1 FROM coalition))
		RETURNING id`,
		c.Name, c.ShortName).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("add coalition %q: %w", c.ShortName, uniqueErr(err, "short_name", c.ShortName))
	}
	return tx.q.QueryRowContext(ctx, `SELECT own FROM coalition WHERE id = $1`, c.ID).Scan(&c.Own)
}

// UpdateCoalition saves a coalition's name and short name.
func (tx *Tx) UpdateCoalition(ctx context.Context, c *model.Coalition) error {
	c.Clean()
	if err := c.Validate(); err != nil {
		return fmt.Errorf("save coalition %q: %w", c.ShortName, err)
	}
	res, err := tx.q.ExecContext(ctx, `
		UPDATE coalition SET
			name = $1,
			short_name = $2
		WHERE id = $3`,
		c.Name, c.ShortName, c.ID)
	if err != nil {
		return fmt.Errorf("save coalition %q: %w", c.ShortName, uniqueErr(err, "short_name", c.ShortName))
	}
	return affectedOne(res, "save coalition %q", c.ShortName)
}

// SetOwnCoalition makes the coalition with the given ID the plan's own.
func (tx *Tx) SetOwnCoalition(ctx context.Context, id int64) error {
	var exists bool
	err := tx.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM coalition WHERE id = $1)`, id).Scan(&exists)
	if err == nil && !exists {
		err = ErrNotFound
	}
	if err == nil {
		_, err = tx.q.ExecContext(ctx, `UPDATE coalition SET own = (id = $1)`, id)
	}
	if err != nil {
		return fmt.Errorf("make coalition %d the plan's own: %w", id, err)
	}
	return nil
}

// DeleteCoalition removes a coalition that organises no session.
func (tx *Tx) DeleteCoalition(ctx context.Context, id int64) error {
	var n int
	if err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM session_organiser WHERE coalition_id = $1`, id).Scan(&n); err != nil {
		return fmt.Errorf("delete coalition %d: %w", id, err)
	}
	if n > 0 {
		return fmt.Errorf("delete coalition %d: it organises %d sessions; remove it from them first", id, n)
	}
	res, err := tx.q.ExecContext(ctx, `DELETE FROM coalition WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete coalition %d: %w", id, err)
	}
	return affectedOne(res, "delete coalition %d", id)
}

// EnsureCoalition returns the coalition with the given short name (in any
// case), adding it, named by its short name, when the plan does not have it
// yet. It reports whether it added one, so an import can say so.
func (tx *Tx) EnsureCoalition(ctx context.Context, shortName string) (c model.Coalition, added bool, err error) {
	c.ShortName = model.CleanLine(shortName)
	err = tx.q.QueryRowContext(ctx, `
		SELECT
			id,
			name,
			short_name,
			own
		FROM coalition
		WHERE lower(short_name) = lower($1)`, c.ShortName).Scan(&c.ID, &c.Name, &c.ShortName, &c.Own)
	if errors.Is(err, sql.ErrNoRows) {
		c.Name = c.ShortName
		return c, true, tx.CreateCoalition(ctx, &c)
	}
	if err != nil {
		return c, false, fmt.Errorf("find coalition %q: %w", shortName, err)
	}
	return c, false, nil
}
