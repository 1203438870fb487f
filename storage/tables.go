package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/sqlite"
)

// A plan's tables can be edited by hand (with sqlite3, or another program)
// in ways SQLite's own checks accept: a column dropped, a word where a
// number belongs, a mistyped zone or role. Read as they are, they give raw
// errors or wrong answers, and an import could write over them. So Open
// checks the tables' shape and values, and calls such a plan damaged,
// naming the table, before anything reads or writes it.

// column is one column of a table as SQLite describes it.
type column struct {
	name, typ string
	notNull   bool
	pk        int
}

// expectedTables is the schema this Convene makes: the migrations run on
// an empty database in memory, once per process.
var expectedTables = sync.OnceValues(func() (map[string][]column, error) {
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	for _, m := range sqlite.Migrations {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return nil, err
		}
		if err := m(ctx, tx); err != nil {
			tx.Rollback()
			return nil, err
		}
		if err := tx.Commit(); err != nil {
			return nil, err
		}
	}
	return tableColumns(ctx, db)
})

// tableColumns describes every table of a database but SQLite's own.
func tableColumns(ctx context.Context, q querier) (map[string][]column, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT
			t.name,
			c.name,
			upper(c.type),
			c."notnull",
			c.pk
		FROM pragma_table_list AS t, pragma_table_info(t.name) AS c
		WHERE t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite%'
		ORDER BY t.name, c.cid`)
	if err != nil {
		return nil, fmt.Errorf("read the plan's tables: %w", err)
	}
	defer rows.Close()
	tables := map[string][]column{}
	for rows.Next() {
		var table string
		var c column
		if err := rows.Scan(&table, &c.name, &c.typ, &c.notNull, &c.pk); err != nil {
			return nil, fmt.Errorf("read the plan's tables: %w", err)
		}
		tables[table] = append(tables[table], c)
	}
	return tables, rows.Err()
}

// storedValueError is a value read from the plan that a reader cannot
// take (a zone name no one knows): the sign of a table edited by hand.
type storedValueError struct{ err error }

func (e storedValueError) Error() string { return e.err.Error() }

func (e storedValueError) Unwrap() error { return e.err }

// badStoredValue reports whether err comes of a value in the plan that
// could not be read as its column's: a word where a number belongs
// (database/sql says so in words only), or a storedValueError.
func badStoredValue(err error) bool {
	return errors.As(err, new(storedValueError)) || strings.Contains(err.Error(), "sql: Scan error")
}

// damagedTable is the error for a table edited out of shape.
func damagedTable(table, why string) error {
	return fmt.Errorf("%w (table %s: %s), probably edited by another program; nothing was changed, and one of its snapshots may hold a good copy",
		ErrDamaged, table, why)
}

// checkTables compares the plan's tables with the schema this Convene
// makes, which costs well under a millisecond and is what Open checks.
// With values, it also looks at what the tables hold: every cell of its
// column's type, and every word and zone one Convene writes. That takes a
// pass over every table (0.1–0.3 s on a plan of 20,000 sessions), so it
// is done only before a bulk change and once a read has met a value it
// cannot take (see failed).
func (s *Store) checkTables(ctx context.Context, values bool) error {
	want, err := expectedTables()
	if err != nil {
		return fmt.Errorf("make the expected schema: %w", err)
	}
	have, err := tableColumns(ctx, s.db)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(want))
	for table := range want {
		names = append(names, table)
	}
	slices.Sort(names)
	for _, table := range names {
		if err := compareColumns(table, want[table], have[table]); err != nil {
			return err
		}
	}
	if !values {
		return nil
	}
	for _, table := range names {
		if err := s.checkTypes(ctx, table, want[table]); err != nil {
			return err
		}
	}
	return s.checkWords(ctx)
}

func compareColumns(table string, want, have []column) error {
	if len(have) == 0 {
		return damagedTable(table, "it is missing")
	}
	for _, w := range want {
		i := slices.IndexFunc(have, func(h column) bool { return strings.EqualFold(h.name, w.name) })
		switch {
		case i < 0:
			return damagedTable(table, fmt.Sprintf("its column %s is missing", w.name))
		case have[i] != w:
			return damagedTable(table, fmt.Sprintf("its column %s is not as Convene made it", w.name))
		}
	}
	if len(have) != len(want) {
		return damagedTable(table, "it has columns Convene did not make")
	}
	return nil
}

// checkTypes finds a cell whose value is not of its column's type (SQLite
// lets any column hold any value), in one pass over the table.
func (s *Store) checkTypes(ctx context.Context, table string, cols []column) error {
	// Only INTEGER columns: a number in a TEXT column reads as its digits,
	// but a word in an INTEGER column cannot be read at all.
	var conds []string
	var ints []column
	for _, c := range cols {
		if c.typ == "INTEGER" {
			conds = append(conds, fmt.Sprintf("typeof(%s) NOT IN ('integer', 'null')", quoteName(c.name)))
			ints = append(ints, c)
		}
	}
	if len(conds) == 0 {
		return nil
	}
	var bad string
	err := s.db.QueryRowContext(ctx, `SELECT `+strings.Join(conds, " || ',' || ")+` FROM `+quoteName(table)+
		` WHERE `+strings.Join(conds, " OR ")+` LIMIT 1`).Scan(&bad)
	switch {
	case err == sql.ErrNoRows:
		return nil
	case err != nil:
		return fmt.Errorf("check table %s: %w", table, err)
	}
	for i, flag := range strings.Split(bad, ",") {
		if flag == "1" {
			return damagedTable(table, fmt.Sprintf("a value in column %s is not a whole number", ints[i].name))
		}
	}
	return damagedTable(table, "a value is not of its column's type")
}

// wordColumns are the columns that hold one of a known set of words.
var wordColumns = []struct {
	table, column string
	words         []string
}{
	{"forum", "kind", wordList(model.ForumKinds())},
	{"forum", "format", wordList(model.Attendances())},
	{"person", "stakeholder_group", wordList(model.StakeholderGroups())},
	{"person", "region", append(wordList(model.Regions()), "")},
	{"person", "gender", append(wordList(model.Genders()), "")},
	{"session", "format", wordList(model.SessionFormats())},
	{"session", "status", wordList(model.SessionStatuses())},
	{"participation", "role", wordList(model.Roles())},
	{"participation", "status", append(wordList(model.Confirmations()), "")},
	{"action_item", "status", wordList(model.ActionStatuses())},
}

func wordList[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, w := range list {
		out[i] = string(w)
	}
	return out
}

// zoneColumns hold IANA zone names.
var zoneColumns = [][2]string{{"forum", "timezone"}, {"person", "timezone"}}

// checkWords finds a word no Convene writes in a word column, and a zone
// name this one does not know, each in one pass over its table.
func (s *Store) checkWords(ctx context.Context) error {
	for _, wc := range wordColumns {
		quoted := make([]string, len(wc.words))
		for i, w := range wc.words {
			quoted[i] = "'" + strings.ReplaceAll(w, "'", "''") + "'"
		}
		var bad string
		err := s.db.QueryRowContext(ctx, `SELECT `+quoteName(wc.column)+` FROM `+quoteName(wc.table)+
			` WHERE `+quoteName(wc.column)+` NOT IN (`+strings.Join(quoted, ", ")+`) LIMIT 1`).Scan(&bad)
		switch {
		case err == sql.ErrNoRows:
			continue
		case err != nil:
			return damagedTable(wc.table, fmt.Sprintf("column %s cannot be read (%v)", wc.column, err))
		}
		return damagedTable(wc.table, fmt.Sprintf("%q in column %s is not a word Convene writes there", bad, wc.column))
	}
	for _, zc := range zoneColumns {
		rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT `+zc[1]+` FROM `+zc[0])
		if err != nil {
			return fmt.Errorf("check table %s: %w", zc[0], err)
		}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return damagedTable(zc[0], fmt.Sprintf("column %s cannot be read (%v)", zc[1], err))
			}
			if _, err := zone(name); err != nil {
				rows.Close()
				return damagedTable(zc[0], fmt.Sprintf("%q in column %s is not a time zone", name, zc[1]))
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("check table %s: %w", zc[0], err)
		}
	}
	return nil
}
