package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/plangen"
	"github.com/convene-planner/convene/storage/postgres"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// BenchmarkImportFourSheets measures importing the four spreadsheets of
// the generated plan (forums, people, sessions, actions, with contacts)
// into an empty plan, each kind in its own change as `convene import
// csv` makes it, every check kept, side by side with what the issue sets
// it against: into a plan file against the sqlite3 shell's .import of
// the same files into bare tables of text, and into a team plan on the
// local server (loopback TCP) against psql's \copy of them into bare
// tables. Each baseline is one process of that tool, start included;
// Convene's figure is inside this process. Making the empty plans and
// tables is not timed.
func BenchmarkImportFourSheets(b *testing.B) {
	kinds := []csvio.Kind{csvio.Forums, csvio.People, csvio.Sessions, csvio.Actions}
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Fatalf("the sqlite3 shell is the baseline of a file's import (Debian's sqlite3, installed by make test-deps): %v", err)
	}
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) { importFourSheets(b, sqlite3, kinds, n) })
	}
}

// importFourSheets writes the spreadsheets of the generated plan of n
// sessions and times their imports and the baselines.
func importFourSheets(b *testing.B, sqlite3 string, kinds []csvio.Kind, n int) {
	ctx := context.Background()
	p := plangen.Plan(n)
	dir := b.TempDir()
	files := sheets(b, p, kinds...)
	paths := map[csvio.Kind]string{}
	for _, k := range kinds {
		paths[k] = filepath.Join(dir, string(k)+".csv")
		if err := os.WriteFile(paths[k], files[k], 0o600); err != nil {
			b.Fatal(err)
		}
	}
	importAll := func(update func(context.Context, func(*storage.Tx) error) error) {
		for _, k := range kinds {
			err := update(ctx, func(tx *storage.Tx) error {
				_, err := csvio.Import(ctx, tx, k, string(k)+".csv", bytes.NewReader(files[k]))
				return err
			})
			if err != nil {
				b.Fatalf("import %s: %v", k, err)
			}
		}
	}

	b.Run("file", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s, err := storage.Open(ctx, filepath.Join(b.TempDir(), "plan.convene"), storage.Options{Create: true})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			importAll(s.Update)
			b.StopTimer()
			s.Close()
			b.StartTimer()
		}
	})

	b.Run("sqlite3-import", func(b *testing.B) {
		var script strings.Builder
		for _, k := range kinds {
			fmt.Fprintf(&script, ".import --csv --skip 1 '%s' bare_%s\n", paths[k], k)
		}
		for b.Loop() {
			b.StopTimer()
			path := filepath.Join(b.TempDir(), "bare.db")
			db, err := sql.Open("sqlite", path)
			if err != nil {
				b.Fatal(err)
			}
			for _, k := range kinds {
				if _, err := db.Exec(`CREATE TABLE bare_` + string(k) + ` (` + textColumns(k, `"`) + `)`); err != nil {
					b.Fatal(err)
				}
			}
			db.Close()
			cmd := exec.Command(sqlite3, "-bail", path)
			cmd.Stdin = strings.NewReader(script.String())
			b.StartTimer()
			if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
				b.Fatalf("sqlite3: %v\n%s", err, out)
			}
		}
	})

	b.Run("team", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			update, _ := storage.TeamPlanForTest(b)
			b.StartTimer()
			importAll(update)
		}
	})

	b.Run("psql-copy", func(b *testing.B) {
		d := pgtest.Shared(b).NewDatabase(b)
		db, err := postgres.Open(ctx, d.URL(d.Owner))
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		args := []string{d.URL(d.Owner), "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1"}
		var tables []string
		for _, k := range kinds {
			table := "bare_" + string(k)
			if _, err := db.Exec(`CREATE TABLE ` + table + ` (` + textColumns(k, `"`) + `)`); err != nil {
				b.Fatal(err)
			}
			tables = append(tables, table)
			args = append(args, "-c", fmt.Sprintf(`\copy %s FROM '%s' CSV HEADER`, table, paths[k]))
		}
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

// textColumns declares the kind's CSV columns as text, for a bare table
// the baselines import into.
func textColumns(k csvio.Kind, quote string) string {
	var cols []string
	for _, c := range csvio.Columns(k) {
		cols = append(cols, quote+c+quote+" text")
	}
	return strings.Join(cols, ", ")
}

// BenchmarkImportChangedSessions measures importing a sessions sheet
// that changes every session of the plan it was exported from (each
// title), into a plan file and into a team plan: records the plan has,
// which are saved one by one. Filling the plans is not timed.
func BenchmarkImportChangedSessions(b *testing.B) {
	ctx := context.Background()
	kinds := []csvio.Kind{csvio.Forums, csvio.People, csvio.Sessions, csvio.Actions}
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			p := plangen.Plan(n)
			files := sheets(b, p, kinds...)
			changed := *p
			changed.Sessions = append([]model.Session(nil), p.Sessions...)
			for i := range changed.Sessions {
				changed.Sessions[i].Title += " (changed)"
			}
			sheet := sheets(b, &changed, csvio.Sessions)[csvio.Sessions]
			importSheet := func(update func(context.Context, func(*storage.Tx) error) error, k csvio.Kind, data []byte) {
				err := update(ctx, func(tx *storage.Tx) error {
					_, err := csvio.Import(ctx, tx, k, string(k)+".csv", bytes.NewReader(data))
					return err
				})
				if err != nil {
					b.Fatalf("import %s: %v", k, err)
				}
			}
			for _, backend := range []string{"file", "team"} {
				b.Run(backend, func(b *testing.B) {
					for b.Loop() {
						b.StopTimer()
						var update func(context.Context, func(*storage.Tx) error) error
						if backend == "team" {
							update, _ = storage.TeamPlanForTest(b)
						} else {
							s, err := storage.Open(ctx, filepath.Join(b.TempDir(), "plan.convene"), storage.Options{Create: true})
							if err != nil {
								b.Fatal(err)
							}
							b.Cleanup(func() { s.Close() })
							update = s.Update
						}
						for _, k := range kinds {
							importSheet(update, k, files[k])
						}
						b.StartTimer()
						importSheet(update, csvio.Sessions, sheet)
					}
				})
			}
		})
	}
}
