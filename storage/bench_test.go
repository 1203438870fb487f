package storage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/plangen"
)

// BenchmarkOpen measures opening a plan file: the header check, SQLite's
// open and the schema version check.
func BenchmarkOpen(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		path := plangen.File(b, n)
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			for b.Loop() {
				s, err := storage.Open(context.Background(), path, storage.Options{})
				if err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
		})
	}
}

// BenchmarkPlan measures reading a whole plan, what exports and checks start with.
func BenchmarkPlan(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		path := plangen.File(b, n)
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			ctx := context.Background()
			s, err := storage.Open(ctx, path, storage.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			for b.Loop() {
				if err := s.View(ctx, func(tx *storage.Tx) error { _, err := tx.Plan(ctx); return err }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
