package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// CopyRows writes rows into table's columns with one COPY, inside the
// transaction begun on conn: one round trip for thousands of rows where
// an INSERT a row waits for the server once per row. Each row holds Go
// values in the columns' order (int64, string, nil for NULL). A row the
// table refuses fails the whole COPY, which names no row: a caller
// checks every row first.
func CopyRows(ctx context.Context, conn *sql.Conn, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy into %s: the connection is not PostgreSQL's (%T)", table, dc)
		}
		n, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows))
		if err == nil && n != int64(len(rows)) {
			err = fmt.Errorf("the server took %d rows of %d", n, len(rows))
		}
		if err != nil {
			return fmt.Errorf("copy into %s: %w", table, err)
		}
		return nil
	})
}
