package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/plangen"
)

// BenchmarkPlanFileAndTeam measures reading a whole plan, what `list
// sessions --json` and every export start with, from a plan file and
// from a team plan on the local PostgreSQL (loopback TCP), side by side.
// Writing the team plan is not timed.
func BenchmarkPlanFileAndTeam(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		file := plangen.OpenCopy(b, n)
		update, view := storage.TeamPlanForTest(b)
		p := plangen.Plan(n)
		if err := update(ctx, func(tx *storage.Tx) error { return plangen.WriteTx(ctx, tx, p) }); err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name string
			view func(context.Context, func(*storage.Tx) error) error
		}{{"file", file.View}, {"team", view}} {
			b.Run(fmt.Sprintf("sessions=%d/%s", n, c.name), func(b *testing.B) {
				for b.Loop() {
					err := c.view(ctx, func(tx *storage.Tx) error {
						_, err := tx.Plan(ctx)
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkImportCSVFileAndTeam imports the four spreadsheets of the
// generated plan (forums, people, sessions, actions, with contacts) into
// an empty plan file and into an empty team plan, each kind in its own
// change as `convene import csv` makes it, through today's row by row
// path. Making the empty plans is not timed.
func BenchmarkImportCSVFileAndTeam(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		kinds := []csvio.Kind{csvio.Forums, csvio.People, csvio.Sessions, csvio.Actions}
		files := map[csvio.Kind][]byte{}
		p := plangen.Plan(n)
		for _, k := range kinds {
			var buf bytes.Buffer
			if err := csvio.Export(&buf, p, k, csvio.Options{WithContacts: true}); err != nil {
				b.Fatal(err)
			}
			files[k] = buf.Bytes()
		}
		for _, backend := range []string{"file", "team"} {
			b.Run(fmt.Sprintf("sessions=%d/%s", n, backend), func(b *testing.B) {
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
					b.StartTimer()
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
			})
		}
	}
}
