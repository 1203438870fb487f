package storage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/plangen"
)

// BenchmarkSnapshotOfATeamPlan measures keeping a snapshot of a team plan
// on the local server: the plan read, written into a plan file, compacted
// and stored in the database, of which it reports the size. Filling the
// team plan is not timed.
func BenchmarkSnapshotOfATeamPlan(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		address := storage.TeamPlanAddressForTest(b)
		if err := storage.Copy(ctx, plangen.File(b, n), address); err != nil {
			b.Fatal(err)
		}
		s, err := storage.Open(ctx, address, storage.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Snapshot(ctx, "benchmark"); err != nil {
					b.Fatal(err)
				}
			}
			list, err := s.TeamSnapshots(ctx)
			if err != nil || len(list) == 0 {
				b.Fatalf("no snapshot kept: %v", err)
			}
			b.ReportMetric(float64(list[0].Size), "bytes/snapshot")
		})
	}
}
