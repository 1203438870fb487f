package storage_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/plangen"
)

// BenchmarkCopy measures `convene copy` of the generated plan from a file
// into an empty team plan on the local server (loopback TCP), and from
// that team plan into a new file. Making the empty team plan is not timed.
func BenchmarkCopy(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		file := plangen.File(b, n)
		team := storage.TeamPlanAddressForTest(b)
		if err := storage.Copy(ctx, file, team); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("sessions=%d/file-to-team", n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				to := storage.TeamPlanAddressForTest(b)
				b.StartTimer()
				if err := storage.Copy(ctx, file, to); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("sessions=%d/team-to-file", n), func(b *testing.B) {
			for b.Loop() {
				if err := storage.Copy(ctx, team, filepath.Join(b.TempDir(), "copy.convene")); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
