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
