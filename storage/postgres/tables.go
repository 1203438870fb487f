package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// ErrDamaged means the plan's tables are not as Convene made them: a
// column dropped, added or changed by another program. It is left as it
// was.
var ErrDamaged = errors.New("is damaged")

// expectedColumns describes the tables the migrations make, a column a
// line: what Prepare compares a plan's tables with. Making them again to
// compare, in a schema of their own, costs about 100 ms an open
// against 1 ms for this; TestTheExpectedColumnsAreWhatTheMigrationsMake keeps it
// true to the migrations and prints it anew when they change.
const expectedColumns = `
action_item.changed_at bigint
action_item.changed_by text collate "C" not null
action_item.due text collate "C" not null
action_item.forum_id bigint
action_item.id bigint not null
action_item.notes text collate "C" not null
action_item.owner_id bigint
action_item.session_id bigint
action_item.status text collate "C" not null
action_item.title text collate "C" not null
action_item.version bigint not null
archived_year.year bigint not null
availability.end_utc bigint not null
availability.person_id bigint not null
availability.start_utc bigint not null
caldav_collection.collection text collate "C" not null
caldav_collection.sync_token text collate "C" not null
caldav_resource.collection text collate "C" not null
caldav_resource.digest text collate "C" not null
caldav_resource.etag text collate "C" not null
caldav_resource.uid text collate "C" not null
coalition.id bigint not null
coalition.name text collate "C" not null
coalition.own boolean not null
coalition.short_name text collate "C" not null
convene_plan.application_id bigint not null
convene_plan.schema_version integer not null
feed_token.person_id bigint not null
feed_token.token text collate "C" not null
forum.city text collate "C" not null
forum.country text collate "C" not null
forum.first_day text collate "C" not null
forum.format text collate "C" not null
forum.id bigint not null
forum.kind text collate "C" not null
forum.last_day text collate "C" not null
forum.name text collate "C" not null
forum.notes text collate "C" not null
forum.proposal_deadline text collate "C" not null
forum.timezone text collate "C" not null
forum.website text collate "C" not null
invitation.id bigint not null
invitation.method text collate "C" not null
invitation.person_id bigint not null
invitation.sent_utc bigint not null
invitation.sequence bigint not null
invitation.session_id bigint not null
invitation.shown text collate "C" not null
invitation_sender.address text collate "C" not null
invitation_sender.id bigint not null
narrative.text text collate "C" not null
narrative.year bigint not null
participation.person_id bigint not null
participation.position bigint not null
participation.role text collate "C" not null
participation.session_id bigint not null
participation.status text collate "C" not null
person.affiliation text collate "C" not null
person.bio text collate "C" not null
person.changed_at bigint
person.changed_by text collate "C" not null
person.country text collate "C" not null
person.email text collate "C"
person.gender text collate "C" not null
person.id bigint not null
person.name text collate "C" not null
person.region text collate "C" not null
person.stakeholder_group text collate "C" not null
person.timezone text collate "C" not null
person.uid text collate "C" not null
person.version bigint not null
session.changed_at bigint
session.changed_by text collate "C" not null
session.description text collate "C" not null
session.end_utc bigint
session.format text collate "C" not null
session.forum_id bigint not null
session.id bigint not null
session.report_due text collate "C" not null
session.room text collate "C" not null
session.sequence bigint not null
session.start_utc bigint
session.status text collate "C" not null
session.title text collate "C" not null
session.topics text collate "C" not null
session.uid text collate "C" not null
session.version bigint not null
session_organiser.coalition_id bigint not null
session_organiser.position bigint not null
session_organiser.session_id bigint not null
session_report.filed text collate "C" not null
session_report.key_issues text collate "C" not null
session_report.online bigint not null
session_report.onsite bigint not null
session_report.session_id bigint not null
session_report.way_forward text collate "C" not null
session_report.women bigint not null
snapshot.id bigint not null
snapshot.plan bytea not null
snapshot.reason text collate "C" not null
snapshot.taken_utc bigint not null
withdrawn_invitation.city text collate "C" not null
withdrawn_invitation.description text collate "C" not null
withdrawn_invitation.email text collate "C" not null
withdrawn_invitation.end_utc bigint
withdrawn_invitation.format text collate "C" not null
withdrawn_invitation.forum_id bigint
withdrawn_invitation.forum_name text collate "C" not null
withdrawn_invitation.id bigint not null
withdrawn_invitation.method text collate "C" not null
withdrawn_invitation.name text collate "C" not null
withdrawn_invitation.person_id bigint
withdrawn_invitation.person_timezone text collate "C" not null
withdrawn_invitation.roles text collate "C" not null
withdrawn_invitation.room text collate "C" not null
withdrawn_invitation.sent_utc bigint not null
withdrawn_invitation.sequence bigint not null
withdrawn_invitation.session_sequence bigint not null
withdrawn_invitation.shown text collate "C" not null
withdrawn_invitation.start_utc bigint
withdrawn_invitation.status text collate "C" not null
withdrawn_invitation.timezone text collate "C" not null
withdrawn_invitation.title text collate "C" not null
withdrawn_invitation.uid text collate "C" not null
`

// column is one column of a table as the catalog describes it.
type column struct {
	typ     string
	notNull bool
}

func (c column) String() string {
	if c.notNull {
		return c.typ + " not null"
	}
	return c.typ
}

// expected is expectedColumns by table and column.
var expected = sync.OnceValue(func() map[string]map[string]column {
	tables := map[string]map[string]column{}
	for line := range strings.Lines(strings.TrimSpace(expectedColumns)) {
		name, typ, _ := strings.Cut(strings.TrimSpace(line), " ")
		table, col, _ := strings.Cut(name, ".")
		c := column{typ: typ}
		c.typ, c.notNull = strings.CutSuffix(typ, " not null")
		if tables[table] == nil {
			tables[table] = map[string]column{}
		}
		tables[table][col] = c
	}
	return tables
})

// describe writes tables as expectedColumns does.
func describe(tables map[string]map[string]column) string {
	var b strings.Builder
	b.WriteString("\n")
	for _, table := range slices.Sorted(maps.Keys(tables)) {
		for _, name := range slices.Sorted(maps.Keys(tables[table])) {
			fmt.Fprintf(&b, "%s.%s %s\n", table, name, tables[table][name])
		}
	}
	return b.String()
}

// checkTables compares the plan's tables with the ones this Convene makes.
func checkTables(ctx context.Context, tx *sql.Tx) error {
	var schema string
	if err := tx.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return fmt.Errorf("check the plan's tables: %w", err)
	}
	have, err := tableColumns(ctx, tx, schema)
	if err != nil {
		return err
	}
	want := expected()
	for _, table := range slices.Sorted(maps.Keys(want)) {
		if err := compareColumns(table, want[table], have[table]); err != nil {
			return err
		}
	}
	return nil
}

// tableColumns describes every table of a schema, column by column.
func tableColumns(ctx context.Context, tx *sql.Tx, schema string) (map[string]map[string]column, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT
			c.relname,
			a.attname,
			format_type(a.atttypid, a.atttypmod) ||
				CASE WHEN a.attcollation = 0 THEN '' ELSE ' collate ' || a.attcollation::regcollation::text END,
			a.attnotnull
		FROM pg_catalog.pg_attribute a
		JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
		WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r'
			AND a.attnum > 0 AND NOT a.attisdropped`, schema)
	if err != nil {
		return nil, fmt.Errorf("read the plan's tables: %w", err)
	}
	defer rows.Close()
	tables := map[string]map[string]column{}
	for rows.Next() {
		var table, name string
		var c column
		if err := rows.Scan(&table, &name, &c.typ, &c.notNull); err != nil {
			return nil, fmt.Errorf("read the plan's tables: %w", err)
		}
		if tables[table] == nil {
			tables[table] = map[string]column{}
		}
		tables[table][name] = c
	}
	return tables, rows.Err()
}

func compareColumns(table string, want, have map[string]column) error {
	damaged := func(why string) error {
		return fmt.Errorf("%w (table %s: %s), probably changed by another program; nothing was changed", ErrDamaged, table, why)
	}
	if len(have) == 0 {
		return damaged("it is missing")
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		h, ok := have[name]
		switch {
		case !ok:
			return damaged(fmt.Sprintf("its column %s is missing", name))
		case h != want[name]:
			return damaged(fmt.Sprintf("its column %s is %s, not %s as Convene made it", name, h, want[name]))
		}
	}
	if len(have) != len(want) {
		return damaged("it has columns Convene did not make")
	}
	return nil
}
