package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/convene-planner/convene/model"
)

// Actions returns every action item, by due date (undated last), then title.
func (r reader) Actions(ctx context.Context) ([]model.ActionItem, error) {
	// Counted before the rows are read, not while: a PostgreSQL
	// connection runs one statement at a time.
	var n int
	if err := r.q.QueryRowContext(ctx, `SELECT count(*) FROM action_item`).Scan(&n); err != nil {
		return nil, fmt.Errorf("list action items: %w", err)
	}
	rows, err := r.q.QueryContext(ctx, `
		SELECT
			id,
			title,
			owner_id,
			due,
			status,
			forum_id,
			session_id,
			notes
		FROM action_item
		ORDER BY due = '', due, title, id`)
	if err != nil {
		return nil, fmt.Errorf("list action items: %w", err)
	}
	defer rows.Close()
	list := make([]model.ActionItem, 0, n)
	for rows.Next() {
		var (
			a                     model.ActionItem
			owner, forum, session sql.NullInt64
			due, status           string
		)
		if err := rows.Scan(&a.ID, &a.Title, &owner, &due, &status, &forum, &session, &a.Notes); err != nil {
			return nil, fmt.Errorf("list action items: %w", err)
		}
		a.OwnerID, a.ForumID, a.SessionID = owner.Int64, forum.Int64, session.Int64
		if a.Status, err = stored(status, model.ActionStatuses()); err != nil {
			return nil, fmt.Errorf("list action items: %w", err)
		}
		if a.Due, err = date(due); err != nil {
			return nil, fmt.Errorf("list action items: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list action items: %w", err)
	}
	return list, nil
}

// CreateAction cleans, validates and adds an action item, setting its ID.
func (tx *Tx) CreateAction(ctx context.Context, a *model.ActionItem) error {
	a.Clean()
	if err := a.Validate(); err != nil {
		return fmt.Errorf("add action %q: %w", a.Title, err)
	}
	res, err := tx.q.ExecContext(ctx, `
		INSERT INTO action_item (
			title,
			owner_id,
			due,
			status,
			forum_id,
			session_id,
			notes
		) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		a.Title, nullIfZero(a.OwnerID), a.Due.String(), a.Status, nullIfZero(a.ForumID), nullIfZero(a.SessionID), a.Notes)
	if err != nil {
		return fmt.Errorf("add action %q: %w", a.Title, err)
	}
	a.ID, err = res.LastInsertId()
	return err
}

// UpdateAction cleans, validates and saves an action item that exists.
func (tx *Tx) UpdateAction(ctx context.Context, a *model.ActionItem) error {
	a.Clean()
	if err := a.Validate(); err != nil {
		return fmt.Errorf("save action %q: %w", a.Title, err)
	}
	res, err := tx.q.ExecContext(ctx, `
		UPDATE action_item SET
			title = ?,
			owner_id = ?,
			due = ?,
			status = ?,
			forum_id = ?,
			session_id = ?,
			notes = ?
		WHERE id = ?`,
		a.Title, nullIfZero(a.OwnerID), a.Due.String(), a.Status, nullIfZero(a.ForumID), nullIfZero(a.SessionID), a.Notes, a.ID)
	if err != nil {
		return fmt.Errorf("save action %q: %w", a.Title, err)
	}
	return affectedOne(res, "save action %q", a.Title)
}

// DeleteAction removes an action item.
func (tx *Tx) DeleteAction(ctx context.Context, id int64) error {
	res, err := tx.q.ExecContext(ctx, `DELETE FROM action_item WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete action %d: %w", id, err)
	}
	return affectedOne(res, "delete action %d", id)
}
