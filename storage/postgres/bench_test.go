package postgres_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/plangen"
	"github.com/convene-planner/convene/storage/postgres"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// BenchmarkWriteSessions measures writing the sessions of the generated
// plan of 20,000 into a team plan in one transaction over loopback TCP:
// one prepared INSERT a row against one COPY, the two ways a bulk write
// could go to a server (COPY is what a team plan's import uses). The table is emptied between runs, outside the timing.
func BenchmarkWriteSessions(b *testing.B) {
	ctx := context.Background()
	p := plangen.Plan(plangen.Huge)
	d := pgtest.Shared(b).NewDatabase(b)
	db, err := postgres.Open(ctx, d.URL(d.Owner))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := postgres.Prepare(ctx, db, true); err != nil {
		b.Fatal(err)
	}
	for _, f := range p.Forums {
		if _, err := db.Exec(`INSERT INTO forum (id, name, kind, format, first_day, last_day, timezone) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			f.ID, f.Name, f.Kind, f.Format, f.FirstDay.String(), f.LastDay.String(), f.Zone.String()); err != nil {
			b.Fatal(err)
		}
	}
	columns := []string{"id", "uid", "forum_id", "title", "format", "start_utc", "end_utc", "room", "status"}
	rows := make([][]any, len(p.Sessions))
	for i, s := range p.Sessions {
		var start, end any
		if !s.Start.IsZero() {
			start, end = s.Start.Unix(), s.End.Unix()
		}
		rows[i] = []any{s.ID, s.UID, s.ForumID, s.Title, string(s.Format), start, end, s.Room, string(s.Status)}
	}
	empty := func() {
		b.StopTimer()
		if _, err := db.Exec(`TRUNCATE session CASCADE`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.Run(fmt.Sprintf("sessions=%d/insert", len(rows)), func(b *testing.B) {
		for b.Loop() {
			empty()
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			st, err := tx.Prepare(`INSERT INTO session (id, uid, forum_id, title, format, start_utc, end_utc, room, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`)
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range rows {
				if _, err := st.Exec(r...); err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run(fmt.Sprintf("sessions=%d/copy", len(rows)), func(b *testing.B) {
		for b.Loop() {
			empty()
			conn, err := db.Conn(ctx)
			if err != nil {
				b.Fatal(err)
			}
			tx, err := conn.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			err = conn.Raw(func(dc any) error {
				_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"session"}, columns, pgx.CopyFromRows(rows))
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			conn.Close()
		}
	})
}

// BenchmarkPsqlCopyCSV is the baseline the issue sets team plan imports
// against: psql's \copy of the four spreadsheets of the generated plan
// (forums, people, sessions, actions, with contacts) into bare tables of
// text columns, no checks at all, one psql process, over loopback TCP as
// the plan's owner. Emptying the tables is not timed.
func BenchmarkPsqlCopyCSV(b *testing.B) {
	ctx := context.Background()
	kinds := []csvio.Kind{csvio.Forums, csvio.People, csvio.Sessions, csvio.Actions}
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		d := pgtest.Shared(b).NewDatabase(b)
		db, err := postgres.Open(ctx, d.URL(d.Owner))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		p := plangen.Plan(n)
		dir := b.TempDir()
		args := []string{d.URL(d.Owner), "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1"}
		var tables []string
		for _, k := range kinds {
			path := filepath.Join(dir, string(k)+".csv")
			var buf bytes.Buffer
			if err := csvio.Export(&buf, p, k, csvio.Options{WithContacts: true}); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				b.Fatal(err)
			}
			var cols []string
			for _, c := range csvio.Columns(k) {
				cols = append(cols, pgx.Identifier{c}.Sanitize()+" text")
			}
			table := "bare_" + string(k)
			if _, err := db.Exec(`CREATE TABLE ` + table + ` (` + strings.Join(cols, ", ") + `)`); err != nil {
				b.Fatal(err)
			}
			tables = append(tables, table)
			args = append(args, "-c", fmt.Sprintf(`\copy %s FROM '%s' CSV HEADER`, table, path))
		}
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				if _, err := db.Exec(`TRUNCATE ` + strings.Join(tables, ", ")); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if out, err := exec.Command(filepath.Join(pgtest.BinDir, "psql"), args...).CombinedOutput(); err != nil {
					b.Fatalf("psql: %v\n%s", err, out)
				}
			}
		})
	}
}
