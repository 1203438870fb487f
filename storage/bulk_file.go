package storage

import (
	"context"
	"strings"
)

// rowsPerInsert is how many rows one INSERT of a bulk write on a file
// takes: enough that a statement's own cost no longer counts, few
// enough that its parameters stay far below SQLite's limit of 32,766.
const rowsPerInsert = 500

// insertNew inserts new rows into a file's table with the IDs SQLite
// would give them one by one: one above the highest, in turn (its
// tables' INTEGER PRIMARY KEY, without AUTOINCREMENT, takes the highest
// rowid plus one). The file's write lock is held from the transaction's
// start, so no one else adds rows in between.
func (tx *Tx) insertNew(ctx context.Context, table string, columns []string, rows [][]any) ([]int64, error) {
	var before int64
	if err := tx.q.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM `+table).Scan(&before); err != nil {
		return nil, err
	}
	ids := make([]int64, len(rows))
	withIDs := make([][]any, len(rows))
	for i, r := range rows {
		ids[i] = before + int64(i) + 1
		withIDs[i] = append([]any{ids[i]}, r...)
	}
	return ids, tx.insertRows(ctx, table, append([]string{"id"}, columns...), withIDs)
}

// insertRows inserts rows into a file's table, rowsPerInsert at a time.
// The statements are prepared once per transaction (preparedQuerier):
// all but the last take the same number of rows.
func (tx *Tx) insertRows(ctx context.Context, table string, columns []string, rows [][]any) error {
	head := `INSERT INTO ` + table + ` (` + strings.Join(columns, ", ") + `) VALUES `
	for len(rows) > 0 {
		n := min(len(rows), rowsPerInsert)
		args := make([]any, 0, n*len(columns))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := tx.q.ExecContext(ctx, head+anonymousRows(n, len(columns)), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// anonymousRows writes the VALUES of rows rows of cols columns with
// unnumbered parameters (?), which SQLite binds in order. Numbered ones
// ($1, as every other statement has) are bound by modernc.org/sqlite
// through their names, which SQLite finds by a walk of the statement's
// list of names: thousands of them in one statement took longer than
// inserting the rows.
func anonymousRows(rows, cols int) string {
	row := "(" + strings.Repeat("?, ", cols-1) + "?)"
	return strings.Repeat(row+", ", rows-1) + row
}
