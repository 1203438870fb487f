package storage

import (
	"context"
	"fmt"
)

// Empty reports whether the plan holds no forums, people, sessions, actions
// or narratives.
func (r reader) Empty(ctx context.Context) (bool, error) {
	var n int
	err := r.q.QueryRowContext(ctx, `
		SELECT
			(SELECT count(*) FROM forum) +
			(SELECT count(*) FROM person) +
			(SELECT count(*) FROM action_item) +
			(SELECT count(*) FROM narrative)`).Scan(&n)
	return n == 0, err
}

// Clear removes everything from the plan: coalitions, forums, sessions
// (with their reports), people, action items, the yearly narratives and the
// years put away. It is how `demo --force` starts afresh.
func (tx *Tx) Clear(ctx context.Context) error {
	for _, table := range []string{"archived_year", "narrative", "action_item", "session", "availability", "person", "forum", "coalition"} {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM `+table); err != nil {
			return fmt.Errorf("clear the plan's %s: %w", table, err)
		}
	}
	return nil
}
