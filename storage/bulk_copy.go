package storage

import (
	"context"
	"fmt"

	"github.com/convene-planner/convene/storage/postgres"
)

// copyRows writes rows into a team plan's table with one COPY, in the
// change's transaction (see addRows).
func copyRows(ctx context.Context, w writeTx, table string, columns []string, rows [][]any) error {
	return postgres.CopyRows(ctx, w.conn, table, columns, rows)
}

// copyNew copies new rows into table and returns the IDs the table gave
// them, in the rows' order. The IDs come from the table's identity, as an
// INSERT's do, rather than from its sequence beforehand: a role given
// 'convene grant ROLE write' may insert rows but not call the sequence
// itself. COPY takes the rows in order, so their IDs rise in that order
// above any the table held; and no other change to the plan writes
// meanwhile, since every change holds the plan's write lock (teamBackend.begin).
func (tx *Tx) copyNew(ctx context.Context, w writeTx, table string, columns []string, rows [][]any) ([]int64, error) {
	var before int64
	if err := tx.q.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM `+table).Scan(&before); err != nil {
		return nil, err
	}
	if err := copyRows(ctx, w, table, columns, rows); err != nil {
		return nil, err
	}
	list, err := tx.q.QueryContext(ctx, `SELECT id FROM `+table+` WHERE id > $1 ORDER BY id`, before)
	if err != nil {
		return nil, err
	}
	defer list.Close()
	ids := make([]int64, 0, len(rows))
	for list.Next() {
		var id int64
		if err := list.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	if len(ids) != len(rows) {
		return nil, fmt.Errorf("%s: %d rows were copied, but %d rows are new", table, len(rows), len(ids))
	}
	return ids, nil
}
