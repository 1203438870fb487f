package storage

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/convene-planner/convene/model"
)

// zones caches resolved time zones: a plan names a handful of zones across
// thousands of rows, and loading one reads the system's zone files.
var zones sync.Map // name → *time.Location

func zone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := model.LoadZone(name)
	if err != nil {
		return nil, storedValueError{err}
	}
	zones.Store(name, loc)
	return loc, nil
}

// stored reads a word of an enumeration as stored, one of words: one
// Convene does not write there (a table edited by hand) is a
// storedValueError, so the plan is called damaged rather than shown with a
// role or status no rule knows. Where the model reads an empty word as a
// default (a gender not given, a confirmation not said), words holds "".
func stored[T ~string](s string, words []T) (T, error) {
	for _, w := range words {
		if string(w) == s {
			return w, nil
		}
	}
	return T(s), storedValueError{fmt.Errorf("%q is not a word Convene writes there", s)}
}

func zoneName(loc *time.Location) string {
	if loc == nil {
		return ""
	}
	return loc.String()
}

// Instants are stored as Unix seconds (UTC by definition); an absent time as NULL.

func unixOrNull(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}

func instant(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return unixTime(v.Int64)
}

func unixTime(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

func date(s string) (model.Date, error) {
	d, err := model.ParseDate(s)
	if err != nil {
		return d, fmt.Errorf("stored date: %w", err)
	}
	return d, nil
}

func nullIfEmpty(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

func nullIfZero(id int64) sql.NullInt64 {
	return sql.NullInt64{Int64: id, Valid: id != 0}
}

// Topics are single-line text, so a line break cannot occur inside one and
// separates them unambiguously in one column.
func joinTopics(topics []string) string { return strings.Join(topics, "\n") }

func splitTopics(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
