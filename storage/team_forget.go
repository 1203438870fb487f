package storage

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/convene-planner/convene/model"
)

// ErrNotRewritten means a person's rows are gone from a team plan, but
// the server still holds them in its table files, which only the plan's
// owner can have it rewrite.
var ErrNotRewritten = errors.New("the server's table files are not rewritten")

// forgetTeam is forget for a team plan. In one transaction the person is
// deleted as from a file, mentions of them are redacted, and each snapshot
// the database keeps is scrubbed with the file's own code and written
// back (or deleted when it cannot be). Deleted rows stay in PostgreSQL's
// table files until they are rewritten, so then every table is rewritten
// with VACUUM FULL. That, PostgreSQL lets only the tables' owner do: for
// anyone else it skips the table with a mere warning. So ownership is
// checked first, and a coordinator who is not the owner is told plainly
// (ErrNotRewritten).
func (s *Store) forgetTeam(ctx context.Context, p model.Person) (Forgotten, error) {
	f := Forgotten{Name: p.Name}
	dir, err := os.MkdirTemp("", "convene-forget-")
	if err != nil {
		return f, fmt.Errorf("forget %q: %w", p.Name, err)
	}
	defer os.RemoveAll(dir)
	err = s.Update(ctx, func(tx *Tx) error {
		snapshots, err := teamSnapshotFiles(ctx, tx, dir)
		if err != nil {
			return err
		}
		words, err := s.traceWords(ctx, &p, &f, slices.Collect(maps.Values(snapshots)))
		if err != nil {
			return err
		}
		if err := forgetRows(ctx, tx, &p, &f, true); err != nil {
			return err
		}
		if f.Mentions, err = redactTeamMentions(ctx, tx.q, words); err != nil {
			return err
		}
		return scrubTeamSnapshots(ctx, tx, snapshots, &p, words, &f)
	})
	if err != nil {
		return f, err
	}
	return f, s.RewriteTeamFiles(ctx)
}

// teamSnapshotFiles writes each snapshot the team plan keeps into a file
// in dir, and returns their paths by ID.
func teamSnapshotFiles(ctx context.Context, tx *Tx, dir string) (map[int64]string, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT id, `+snapshotPlanColumn+` FROM snapshot ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read the snapshots: %w", err)
	}
	defer rows.Close()
	paths := map[int64]string{}
	for rows.Next() {
		var (
			id      int64
			encoded string
		)
		if err := rows.Scan(&id, &encoded); err != nil {
			return nil, fmt.Errorf("read the snapshots: %w", err)
		}
		plan, err := base64.StdEncoding.DecodeString(encoded)
		if err != nil {
			return nil, fmt.Errorf("read snapshot %d: %w", id, err)
		}
		path := filepath.Join(dir, strconv.FormatInt(id, 10)+snapshotExt)
		if err := os.WriteFile(path, plan, 0o600); err != nil {
			return nil, fmt.Errorf("read the snapshots: %w", err)
		}
		paths[id] = path
	}
	return paths, rows.Err()
}

// scrubTeamSnapshots removes the person from each snapshot file, as a
// file's forget does, and writes it back; a snapshot they cannot be
// removed from is deleted.
func scrubTeamSnapshots(ctx context.Context, tx *Tx, snapshots map[int64]string, p *model.Person, words []string, f *Forgotten) error {
	ids := slices.Sorted(maps.Keys(snapshots))
	for i, id := range ids {
		path := snapshots[id]
		// Named by its number in 'convene restore''s list, newest first.
		name := strconv.Itoa(len(ids) - i)
		err := scrubSnapshot(ctx, path, p, words)
		if err == nil {
			if found := traces(path, words); found != "" {
				err = errors.New(found)
			}
		}
		var plan []byte
		if err == nil {
			plan, err = os.ReadFile(path)
		}
		if err == nil {
			if _, err := tx.q.ExecContext(ctx, `UPDATE snapshot SET plan = $1 WHERE id = $2`, plan, id); err != nil {
				return fmt.Errorf("forget %q: write back snapshot %s: %w", p.Name, name, err)
			}
			f.Scrubbed = append(f.Scrubbed, name)
			continue
		}
		if _, derr := tx.q.ExecContext(ctx, `DELETE FROM snapshot WHERE id = $1`, id); derr != nil {
			return fmt.Errorf("forget %q: %v, and snapshot %s cannot be deleted: %w", p.Name, err, name, derr)
		}
		f.Deleted = append(f.Deleted, DeletedSnapshot{Path: name, Why: err.Error()})
	}
	return nil
}

// redactTeamMentions is redactMentions for a team plan: the text columns
// are read from PostgreSQL's catalog, and each table is gone through once,
// every text of a row redacted together, so the row is found again by
// where it is (ctid), which only that row's own update moves; the plan's
// write lock keeps everything else from moving it meanwhile.
func redactTeamMentions(ctx context.Context, q querier, words []string) (int, error) {
	if len(words) == 0 {
		return 0, nil
	}
	rows, err := q.QueryContext(ctx, `
		SELECT
			table_name,
			column_name
		FROM information_schema.columns
		WHERE table_schema = current_schema() AND data_type = 'text'
		ORDER BY table_name, ordinal_position`)
	if err != nil {
		return 0, fmt.Errorf("find the plan's text columns: %w", err)
	}
	columns := map[string][]string{}
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			rows.Close()
			return 0, fmt.Errorf("find the plan's text columns: %w", err)
		}
		if (table == "person" || table == "withdrawn_invitation") && (column == "name" || column == "email") {
			continue
		}
		columns[table] = append(columns[table], column)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("find the plan's text columns: %w", err)
	}
	changed := 0
	for _, t := range copyTables {
		if len(columns[t.name]) == 0 {
			continue
		}
		n, err := redactTeamTable(ctx, q, t.name, columns[t.name], words)
		if err != nil {
			return 0, fmt.Errorf("remove mentions from %s: %w", t.name, err)
		}
		changed += n
	}
	return changed, nil
}

// redactTeamTable redacts the words in the text columns cols of one table,
// and returns how many texts changed. A session whose text changes gets a
// higher SEQUENCE, so calendars that subscribe take the change, and a
// record that keeps its version a new one.
func redactTeamTable(ctx context.Context, q querier, table string, cols []string, words []string) (int, error) {
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteName(c)
	}
	rows, err := q.QueryContext(ctx, `SELECT ctid::text, `+strings.Join(quoted, ", ")+` FROM `+quoteName(table))
	if err != nil {
		return 0, err
	}
	type change struct {
		where string
		texts []any
	}
	var changes []change
	changed := 0
	for rows.Next() {
		var where string
		texts := make([]sql.NullString, len(cols))
		ptrs := []any{&where}
		for i := range texts {
			ptrs = append(ptrs, &texts[i])
		}
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return 0, err
		}
		c := change{where: where}
		rowChanged := false
		for _, text := range texts {
			if !text.Valid {
				c.texts = append(c.texts, nil)
				continue
			}
			after := redact(text.String, words)
			if after != text.String {
				changed++
				rowChanged = true
			}
			c.texts = append(c.texts, after)
		}
		if rowChanged {
			changes = append(changes, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	set := make([]string, len(cols))
	for i, c := range quoted {
		set[i] = fmt.Sprintf("%s = $%d", c, i+1)
	}
	if table == "session" {
		set = append(set, "sequence = sequence + 1")
	}
	// A record that keeps its version is put at a new one, so a form
	// opened before cannot write the mention back (as on a file).
	if slices.Contains(cols, "changed_by") {
		set = append(set, "version = version + 1")
	}
	update := `UPDATE ` + quoteName(table) + ` SET ` + strings.Join(set, ", ") + fmt.Sprintf(` WHERE ctid = $%d::text::tid`, len(cols)+1)
	for _, c := range changes {
		if _, err := q.ExecContext(ctx, update, append(c.texts, c.where)...); err != nil {
			return 0, err
		}
	}
	return changed, nil
}

// RewriteTeamFiles has the server rewrite every table of a team plan and
// its snapshots (VACUUM FULL), so that rows deleted are in none of its
// table files any more. Only the tables' owner (or a member of the
// owning role, or the database's owner) may: for another role it is
// ErrNotRewritten, naming the owner, and nothing is done.
func (s *Store) RewriteTeamFiles(ctx context.Context) error {
	tables := []string{"snapshot"}
	for _, t := range copyTables {
		tables = append(tables, t.name)
	}
	var owner string
	var owned bool
	err := s.db.QueryRowContext(ctx, `
		SELECT
			pg_get_userbyid(c.relowner),
			bool_and(pg_has_role(c.relowner, 'USAGE')) OVER ()
				OR pg_has_role((SELECT datdba FROM pg_database WHERE datname = current_database()), 'USAGE')
		FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname = ANY($1)
		ORDER BY c.relname = 'person' DESC
		LIMIT 1`, tables).Scan(&owner, &owned)
	if err != nil {
		return s.failed(fmt.Errorf("find who owns %s: %w", s.path, err))
	}
	if !owned {
		return fmt.Errorf("%w: the rows are gone from %s and its snapshots, but PostgreSQL keeps deleted rows in its table files until they are rewritten, "+
			"which only the plan's owner (%s) may make it do", ErrNotRewritten, s.path, owner)
	}
	// Not in a transaction: PostgreSQL runs VACUUM only outside one.
	if _, err := s.db.ExecContext(ctx, `VACUUM (FULL) `+strings.Join(tables, ", ")); err != nil {
		return s.failed(fmt.Errorf("rewrite the table files of %s: %w", s.path, err))
	}
	return nil
}
