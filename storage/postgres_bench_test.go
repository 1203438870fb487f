package storage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/convene-planner/convene/storage"
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

// BenchmarkCopyFileToTeam measures copying the generated plan file into
// an empty team plan, table by table and row by row with its ids, in one
// transaction: the path `convene copy` would take before it uses COPY.
// Making the empty team plan is not timed.
func BenchmarkCopyFileToTeam(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		file := plangen.OpenCopy(b, n)
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				update, _ := storage.TeamPlanForTest(b)
				b.StartTimer()
				if err := storage.CopyPlanForTest(ctx, file.View, update, true); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSnapshotOfATeamPlan measures taking a snapshot of a team plan
// as PG-DESIGN.md proposes: the plan copied into a new plan file,
// compacted and read back as the bytes the database would keep, whose
// size it reports. Filling the team plan is not timed.
func BenchmarkSnapshotOfATeamPlan(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		update, view := storage.TeamPlanForTest(b)
		if err := storage.CopyPlanForTest(ctx, plangen.OpenCopy(b, n).View, update, true); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			var size int
			for b.Loop() {
				snapshot, err := storage.SnapshotTeamPlanForTest(ctx, view, b.TempDir())
				if err != nil {
					b.Fatal(err)
				}
				size = len(snapshot)
			}
			b.ReportMetric(float64(size), "bytes/snapshot")
		})
	}
}
