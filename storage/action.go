package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/convene-planner/convene/model"
)

// actionColumns are an action item's columns, in the order scanAction
// reads them.
const actionColumns = `
	id,
	title,
	owner_id,
	due,
	status,
	forum_id,
	session_id,
	notes,
	version,
	changed_by,
	changed_at`

func scanAction(row scanner) (model.ActionItem, error) {
	var (
		a                     model.ActionItem
		owner, forum, session sql.NullInt64
		due, status           string
	)
	rev := revisionScan{r: &a.Revision}
	err := row.Scan(append([]any{&a.ID, &a.Title, &owner, &due, &status, &forum, &session, &a.Notes}, rev.dest()...)...)
	if err != nil {
		return a, err
	}
	rev.done()
	a.OwnerID, a.ForumID, a.SessionID = owner.Int64, forum.Int64, session.Int64
	var errs [2]error
	a.Status, errs[0] = stored(status, model.ActionStatuses())
	a.Due, errs[1] = date(due)
	return a, errors.Join(errs[:]...)
}

// Actions returns every action item, by due date (undated last), then title.
func (r reader) Actions(ctx context.Context) ([]model.ActionItem, error) {
	// Counted before the rows are read, not while: a PostgreSQL
	// connection runs one statement at a time.
	var n int
	if err := r.q.QueryRowContext(ctx, `SELECT count(*) FROM action_item`).Scan(&n); err != nil {
		return nil, fmt.Errorf("list action items: %w", err)
	}
	list, err := r.actions(ctx, n, `ORDER BY due = '', due, title, id`)
	if err != nil {
		return nil, fmt.Errorf("list action items: %w", err)
	}
	return list, nil
}

// actionsWithIDs returns the action items of those IDs that are in the
// plan, in no particular order.
func (r reader) actionsWithIDs(ctx context.Context, ids []int64) ([]model.ActionItem, error) {
	in, args := inList(ids)
	list, err := r.actions(ctx, len(ids), `WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("read action items: %w", err)
	}
	return list, nil
}

// actions reads the action items that the rest of a statement (its WHERE
// or ORDER BY) picks, with room for n of them.
func (r reader) actions(ctx context.Context, n int, rest string, args ...any) ([]model.ActionItem, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT`+actionColumns+` FROM action_item `+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := make([]model.ActionItem, 0, n)
	for rows.Next() {
		a, err := scanAction(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// Action returns the action item with the given ID.
func (r reader) Action(ctx context.Context, id int64) (model.ActionItem, error) {
	a, err := scanAction(r.q.QueryRowContext(ctx, `SELECT`+actionColumns+` FROM action_item WHERE id = $1`, id))
	return a, notFound(err, "action %d", id)
}

// CreateAction cleans, validates and adds an action item, setting its ID.
func (tx *Tx) CreateAction(ctx context.Context, a *model.ActionItem) error {
	a.Clean()
	if err := a.Validate(); err != nil {
		return fmt.Errorf("add action %q: %w", a.Title, err)
	}
	row := tx.q.QueryRowContext(ctx, `
		INSERT INTO action_item (
			title,
			owner_id,
			due,
			status,
			forum_id,
			session_id,
			notes,
			version,
			changed_by,
			changed_at
		) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)
		RETURNING id, version, changed_by, changed_at`,
		a.Title, nullIfZero(a.OwnerID), a.Due.String(), a.Status, nullIfZero(a.ForumID), nullIfZero(a.SessionID), a.Notes,
		tx.who, tx.now())
	if _, err := signed(row, &a.Revision, &a.ID); err != nil {
		return fmt.Errorf("add action %q: %w", a.Title, err)
	}
	return nil
}

// UpdateAction cleans, validates and saves an action item that exists, as
// changed from its a.Version: when someone has saved it since, nothing is
// saved and the error is a *StaleError. a gets its new version, and who
// changed it when.
func (tx *Tx) UpdateAction(ctx context.Context, a *model.ActionItem) error {
	a.Clean()
	if err := a.Validate(); err != nil {
		return fmt.Errorf("save action %q: %w", a.Title, err)
	}
	row := tx.q.QueryRowContext(ctx, `
		UPDATE action_item SET
			title = $1,
			owner_id = $2,
			due = $3,
			status = $4,
			forum_id = $5,
			session_id = $6,
			notes = $7,
			version = version + 1,
			changed_by = $10,
			changed_at = $11
		WHERE id = $8 AND version = $9
		RETURNING version, changed_by, changed_at`,
		a.Title, nullIfZero(a.OwnerID), a.Due.String(), a.Status, nullIfZero(a.ForumID), nullIfZero(a.SessionID), a.Notes, a.ID,
		a.Version, tx.who, tx.now())
	if err := tx.written(ctx, row, &a.Revision, "action_item", a.ID); err != nil {
		return fmt.Errorf("save action %q: %w", a.Title, err)
	}
	return nil
}

// DeleteAction removes an action item as it was at version: when someone
// has saved it since, nothing is deleted and the error is a *StaleError.
func (tx *Tx) DeleteAction(ctx context.Context, id, version int64) error {
	return tx.deleteAt(ctx, "action_item", id, version)
}
