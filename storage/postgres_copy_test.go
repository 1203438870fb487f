package storage

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
)

// This file proves the approach PG-DESIGN.md gives for `convene copy`:
// every table's rows copied as they are, ids included, in an order that
// writes each row after those it refers to, from one transaction into
// another, with statements both backends take.

// planTables are a plan's tables with their columns, referred-to first.
var planTables = []struct{ name, columns, order string }{
	{"coalition", "id, name, short_name, own", "id"},
	{"forum", "id, name, kind, city, country, format, first_day, last_day, timezone, website, proposal_deadline, notes", "id"},
	{"person", "id, uid, name, email, affiliation, stakeholder_group, region, gender, country, timezone, bio, version, changed_by, changed_at", "id"},
	{"availability", "person_id, start_utc, end_utc", "person_id, start_utc, end_utc"},
	{"session", "id, uid, forum_id, title, format, start_utc, end_utc, room, status, topics, description, report_due, sequence, version, changed_by, changed_at", "id"},
	{"session_organiser", "session_id, position, coalition_id", "session_id, position"},
	{"participation", "session_id, position, person_id, role, status", "session_id, position"},
	{"action_item", "id, title, owner_id, due, status, forum_id, session_id, notes, version, changed_by, changed_at", "id"},
	{"session_report", "session_id, key_issues, way_forward, onsite, online, women, filed", "session_id"},
	{"narrative", "year, text", "year"},
	{"archived_year", "year", "year"},
	{"invitation", "id, session_id, person_id, sequence, method, sent_utc, shown", "id"},
	{"invitation_sender", "id, address", "id"},
	{"feed_token", "person_id, token", "person_id"},
	{"caldav_resource", "collection, uid, digest, etag", "collection, uid"},
	{"caldav_collection", "collection, sync_token", "collection"},
	{"withdrawn_invitation", "id, uid, forum_id, forum_name, city, timezone, title, format, start_utc, end_utc, room, status, description, roles, session_sequence, person_id, name, email, person_timezone, sequence, method, sent_utc, shown", "id"},
}

// identityTables are the tables whose ids a team plan counts with an
// identity, which a copy's explicit ids do not advance.
var identityTables = []string{"coalition", "forum", "person", "session", "action_item", "invitation", "withdrawn_invitation"}

// copyPlan copies every row of the plan read in from into the empty plan
// written in to. toTeam says the destination is a team plan, whose
// identities are then set past the copied ids.
func copyPlan(ctx context.Context, from, to *Tx, toTeam bool) error {
	for _, t := range planTables {
		cols := strings.Split(t.columns, ", ")
		marks := make([]string, len(cols))
		for i := range cols {
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
		insert := `INSERT INTO ` + t.name + ` (` + t.columns + `) VALUES (` + strings.Join(marks, ", ") + `)`
		rows, err := from.q.QueryContext(ctx, `SELECT `+t.columns+` FROM `+t.name+` ORDER BY `+t.order)
		if err != nil {
			return fmt.Errorf("copy %s: %w", t.name, err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
			if t.name == "coalition" {
				// own is an integer in a file and a boolean on a server.
				vals[3] = vals[3] == true || vals[3] == int64(1)
			}
			if _, err := to.q.ExecContext(ctx, insert, vals...); err != nil {
				rows.Close()
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("copy %s: %w", t.name, err)
		}
	}
	if toTeam {
		for _, t := range identityTables {
			if _, err := to.q.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), max(id)) FROM `+t); err != nil {
				return fmt.Errorf("copy %s: %w", t, err)
			}
		}
	}
	return nil
}

// CopyPlanForTest copies the plan read through view into the empty plan
// changed through update, for the benchmarks outside the package.
func CopyPlanForTest(ctx context.Context, view, update func(context.Context, func(*Tx) error) error, toTeam bool) error {
	return view(ctx, func(from *Tx) error {
		return update(ctx, func(to *Tx) error { return copyPlan(ctx, from, to, toTeam) })
	})
}

// The copy names every table a plan has, so none is left behind when a
// migration adds one.
func TestACopyTakesEveryTableOfAPlan(t *testing.T) {
	want, err := expectedTables()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, pt := range planTables {
		names = append(names, pt.name)
		cols := strings.Split(pt.columns, ", ")
		if len(cols) != len(want[pt.name]) {
			t.Errorf("the copy takes %d columns of %s, which has %d", len(cols), pt.name, len(want[pt.name]))
		}
	}
	slices.Sort(names)
	if tables := slices.Sorted(maps.Keys(want)); !slices.Equal(names, tables) {
		t.Errorf("the copy takes tables %v; a plan has %v", names, tables)
	}
}

// A coordinator moves a plan with gaps in its ids (a session and a person
// deleted) from a file to a server and back to a new file: each reads back
// the same plan, and the team plan goes on adding people after the copied
// ones.
func TestAPlanCopiedToATeamPlanAndBackReadsTheSame(t *testing.T) {
	ctx := context.Background()
	file, team, back := filePlanForTest(t), teamPlanForTest(t), filePlanForTest(t)
	p := storyPlan(t)
	err := file.update(ctx, func(tx *Tx) error {
		if err := write(ctx, tx, p); err != nil {
			return err
		}
		if err := tx.SaveNarrative(ctx, &model.Narrative{Year: 2021, Text: "Hybrid, at last."}); err != nil {
			return err
		}
		if err := tx.SetArchived(ctx, 2020, true); err != nil {
			return err
		}
		if err := tx.DeleteSession(ctx, p.Sessions[1].ID, p.Sessions[1].Version); err != nil {
			return err
		}
		return tx.DeletePerson(ctx, p.People[1].ID, p.People[1].Version)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := CopyPlanForTest(ctx, file.view, team.update, true); err != nil {
		t.Fatalf("copy the file to a team plan: %v", err)
	}
	if err := CopyPlanForTest(ctx, team.view, back.update, false); err != nil {
		t.Fatalf("copy the team plan to a new file: %v", err)
	}
	plans := map[string]*model.Plan{}
	for _, b := range []testPlan{file, team, back} {
		err := b.view(ctx, func(tx *Tx) error {
			var err error
			plans[b.name+fmt.Sprint(len(plans))], err = tx.Plan(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Who changed each record and when: the team plan's server signs
	// what the copy writes into it, and a file keeps what it is given.
	kept := reflect.DeepEqual(plans["team1"], plans["file2"])
	if !reflect.DeepEqual(unsigned(plans["file0"]), unsigned(plans["team1"])) || !kept {
		t.Errorf("the copies read back otherwise:\nfile %+v\nteam %+v\nback %+v", plans["file0"], plans["team1"], plans["file2"])
	}
	newcomer := model.Person{Name: "Nadia", Email: "nadia@example.org", Group: model.GroupCivilSociety, Gender: model.GenderFemale, Zone: time.UTC}
	if err := team.update(ctx, func(tx *Tx) error { return tx.CreatePerson(ctx, &newcomer) }); err != nil || newcomer.ID != 5 {
		t.Errorf("a person added to the team plan after the copy got id %d (%v), want 5", newcomer.ID, err)
	}
}

// teamSnapshot makes a snapshot of a team plan as PG-DESIGN.md proposes:
// the plan copied into a new plan file in dir, compacted, read back as
// bytes for the database to keep.
func teamSnapshot(ctx context.Context, view func(context.Context, func(*Tx) error) error, dir string) ([]byte, error) {
	path := filepath.Join(dir, "snapshot.convene")
	s, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		return nil, err
	}
	err = CopyPlanForTest(ctx, view, s.Update, false)
	if err == nil {
		_, err = s.db.ExecContext(ctx, "VACUUM")
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

// SnapshotTeamPlanForTest is teamSnapshot, for the benchmarks outside the
// package.
func SnapshotTeamPlanForTest(ctx context.Context, view func(context.Context, func(*Tx) error) error, dir string) ([]byte, error) {
	return teamSnapshot(ctx, view, dir)
}

// A team plan's snapshot is a plan file kept in the database: taken
// before a change, it brings the plan back as it was, through the file
// checks a snapshot file gets and the copy.
func TestATeamPlanIsRestoredFromASnapshotKeptInItsDatabase(t *testing.T) {
	ctx := context.Background()
	team := teamPlanForTest(t)
	p := storyPlan(t)
	var before *model.Plan
	err := team.update(ctx, func(tx *Tx) error {
		if err := write(ctx, tx, p); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `
			CREATE TABLE snapshot (
				id        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
				taken_utc bigint NOT NULL,
				reason    text COLLATE "C" NOT NULL,
				plan      bytea NOT NULL
			)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	team.view(ctx, func(tx *Tx) error {
		before, err = tx.Plan(ctx)
		return err
	})
	taken, err := teamSnapshot(ctx, team.view, t.TempDir())
	if err != nil {
		t.Fatalf("take a snapshot: %v", err)
	}
	err = team.update(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO snapshot (taken_utc, reason, plan) VALUES ($1, 'import-sessions', $2)`, time.Now().Unix(), taken); err != nil {
			return err
		}
		renamed := p.Sessions[0]
		renamed.Title = "Renamed by a bad import"
		if err := tx.UpdateSession(ctx, &renamed); err != nil {
			return err
		}
		return tx.DeletePerson(ctx, p.People[3].ID, p.People[3].Version)
	})
	if err != nil {
		t.Fatal(err)
	}
	var kept []byte
	team.view(ctx, func(tx *Tx) error {
		return tx.q.QueryRowContext(ctx, `SELECT plan FROM snapshot ORDER BY id DESC LIMIT 1`).Scan(&kept)
	})
	path := filepath.Join(t.TempDir(), "restore.convene")
	if err := os.WriteFile(path, kept, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := checkSnapshot(ctx, path); err != nil || !IsPlanFile(path) {
		t.Fatalf("the kept snapshot is not a whole plan file: %v", err)
	}
	snap, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	err = snap.View(ctx, func(from *Tx) error {
		return team.update(ctx, func(to *Tx) error {
			for i := len(planTables) - 1; i >= 0; i-- {
				if _, err := to.q.ExecContext(ctx, `DELETE FROM `+planTables[i].name); err != nil {
					return err
				}
			}
			return copyPlan(ctx, from, to, true)
		})
	})
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	var after *model.Plan
	team.view(ctx, func(tx *Tx) error {
		after, err = tx.Plan(ctx)
		return err
	})
	// The server signs the restored rows: putting old content back is a
	// change, made by whoever restored it, then.
	if !reflect.DeepEqual(unsigned(before), unsigned(after)) {
		t.Errorf("the restored team plan differs from the one the snapshot was taken of:\nbefore %+v\nafter  %+v", before, after)
	}
}

// A person is forgotten from a team plan as PG-DESIGN.md proposes: their
// row deleted, each kept snapshot scrubbed with the file's own code and
// written back, then every table rewritten by its owner's VACUUM FULL.
// Afterwards neither their name nor their email is in any table, in any
// snapshot, in any file of the database, or in pg_dump.
func TestAForgottenPersonIsInNoTableSnapshotOrFileOfATeamPlan(t *testing.T) {
	ctx := context.Background()
	team := teamPlanForTest(t)
	p := storyPlan(t)
	err := team.update(ctx, func(tx *Tx) error {
		if err := write(ctx, tx, p); err != nil {
			return err
		}
		// Stored as it is, not compressed, so that the search of the
		// files below would find a trace left in a snapshot.
		_, err := tx.q.ExecContext(ctx, `
			CREATE TABLE snapshot (
				id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
				plan bytea NOT NULL
			);
			ALTER TABLE snapshot ALTER COLUMN plan SET STORAGE EXTERNAL`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	taken, err := teamSnapshot(ctx, team.view, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := team.update(ctx, func(tx *Tx) error {
		_, err := tx.q.ExecContext(ctx, `INSERT INTO snapshot (plan) VALUES ($1)`, taken)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	emile := p.People[0]
	words := []string{emile.Name, emile.Email}
	admin := team.pg.Admin(t)
	checkpoint := func() {
		t.Helper()
		if _, err := admin.Exec(`CHECKPOINT`); err != nil {
			t.Fatal(err)
		}
	}
	filesWith := func(text string) []string {
		var where []string
		for name, b := range team.pg.Files(t) {
			if strings.Contains(string(b), text) {
				where = append(where, name)
			}
		}
		return where
	}
	checkpoint()
	if where := filesWith(emile.Email); len(where) < 3 {
		t.Fatalf("before forgetting, the email is in files %v; want the person table's, its index's and the snapshot's", where)
	}

	err = team.update(ctx, func(tx *Tx) error {
		if err := tx.DeletePerson(ctx, emile.ID, emile.Version); err != nil {
			return err
		}
		rows, err := tx.q.QueryContext(ctx, `SELECT id, plan FROM snapshot ORDER BY id`)
		if err != nil {
			return err
		}
		kept := map[int64][]byte{}
		for rows.Next() {
			var id int64
			var plan []byte
			if err := rows.Scan(&id, &plan); err != nil {
				rows.Close()
				return err
			}
			kept[id] = plan
		}
		rows.Close()
		for id, plan := range kept {
			path := filepath.Join(t.TempDir(), "snapshot.convene")
			if err := os.WriteFile(path, plan, 0o600); err != nil {
				return err
			}
			if err := scrubSnapshot(ctx, path, &emile, words); err != nil {
				return err
			}
			if found := traces(path, words); found != "" {
				return fmt.Errorf("snapshot %d still holds %s", id, found)
			}
			scrubbed, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if _, err := tx.q.ExecContext(ctx, `UPDATE snapshot SET plan = $1 WHERE id = $2`, scrubbed, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("forget %s: %v", emile.Name, err)
	}
	tables := []string{"snapshot"}
	for _, pt := range planTables {
		tables = append(tables, pt.name)
	}
	for _, table := range tables {
		if _, err := team.store.db.ExecContext(ctx, `VACUUM FULL `+table); err != nil {
			t.Fatal(err)
		}
	}
	checkpoint()
	for _, word := range words {
		if where := filesWith(word); len(where) > 0 {
			t.Errorf("%q is still in the database's files %v", word, where)
		}
		// pg_dump writes the snapshots' bytes in hex: the scrubbed
		// file's own search above covers them.
		if strings.Contains(string(team.pg.Dump(t)), word) {
			t.Errorf("%q is in pg_dump's output", word)
		}
	}
}
