package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/convene-planner/convene/model"
)

// reportColumns are the columns scanReport reads, in its order.
const reportColumns = `
	session_id,
	key_issues,
	way_forward,
	onsite,
	online,
	women,
	filed`

// Reports returns every session report, by session ID.
func (r reader) Reports(ctx context.Context) ([]model.SessionReport, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT`+reportColumns+` FROM session_report ORDER BY session_id`)
	if err != nil {
		return nil, fmt.Errorf("list session reports: %w", err)
	}
	defer rows.Close()
	var list []model.SessionReport
	for rows.Next() {
		rep, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("list session reports: %w", err)
		}
		list = append(list, rep)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list session reports: %w", err)
	}
	return list, nil
}

// Report returns the report on a session; a session nobody has reported on
// yet has an empty one.
func (r reader) Report(ctx context.Context, sessionID int64) (model.SessionReport, error) {
	rep, err := scanReport(r.q.QueryRowContext(ctx, `SELECT`+reportColumns+` FROM session_report WHERE session_id = $1`, sessionID))
	if errors.Is(err, sql.ErrNoRows) {
		return model.SessionReport{SessionID: sessionID}, nil
	}
	if err != nil {
		return rep, fmt.Errorf("read the report on session %d: %w", sessionID, err)
	}
	return rep, nil
}

func scanReport(row scanner) (model.SessionReport, error) {
	var (
		rep   model.SessionReport
		filed string
	)
	err := row.Scan(&rep.SessionID, &rep.KeyIssues, &rep.WayForward, &rep.Onsite, &rep.Online, &rep.Women, &filed)
	if err != nil {
		return rep, err
	}
	rep.Filed, err = date(filed)
	return rep, err
}

// SaveReport cleans, validates and keeps the report on a session, replacing
// what was there. A report with nothing in it is removed.
func (tx *Tx) SaveReport(ctx context.Context, rep *model.SessionReport) error {
	rep.Clean()
	if err := rep.Validate(); err != nil {
		return fmt.Errorf("save the report on session %d: %w", rep.SessionID, err)
	}
	if !rep.Filled() {
		_, err := tx.q.ExecContext(ctx, `DELETE FROM session_report WHERE session_id = $1`, rep.SessionID)
		if err != nil {
			return fmt.Errorf("save the report on session %d: %w", rep.SessionID, err)
		}
		return nil
	}
	_, err := tx.q.ExecContext(ctx, `
		INSERT INTO session_report (
			session_id,
			key_issues,
			way_forward,
			onsite,
			online,
			women,
			filed
		) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (session_id) DO UPDATE SET
			key_issues = excluded.key_issues,
			way_forward = excluded.way_forward,
			onsite = excluded.onsite,
			online = excluded.online,
			women = excluded.women,
			filed = excluded.filed`,
		rep.SessionID, rep.KeyIssues, rep.WayForward, rep.Onsite, rep.Online, rep.Women, rep.Filed.String())
	if isConstraint(err) {
		return fmt.Errorf("save the report on session %d: %w", rep.SessionID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("save the report on session %d: %w", rep.SessionID, err)
	}
	return nil
}
