package storage

import (
	"context"
	"database/sql"
)

// preparedQuerier prepares each distinct query once per transaction, since
// SQLite takes about as long to parse an INSERT as to run it: an import of
// thousands of rows repeats a handful of statements. database/sql closes
// the statements when the transaction ends.
type preparedQuerier struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (p *preparedQuerier) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := p.stmts[query]; ok {
		return s, nil
	}
	s, err := p.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.stmts[query] = s
	return s, nil
}

func (p *preparedQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (p *preparedQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (p *preparedQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := p.stmt(ctx, query)
	if err != nil {
		// Unprepared, the query fails the same way, and *sql.Row carries
		// the error on to Scan.
		return p.tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}
