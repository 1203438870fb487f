package storage_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
	"github.com/convene-planner/convene/storage/sample"
)

// planKinds are the places a plan is kept, each as where a new one goes:
// a file not made yet in the test's folder, or an empty database of the
// PostgreSQL the tests start, as its owner with the password.
var planKinds = []struct {
	name     string
	location func(t *testing.T) string
}{
	{"file", func(t *testing.T) string { return filepath.Join(t.TempDir(), "plan.convene") }},
	{"team", func(t *testing.T) string {
		d := pgtest.Shared(t).NewDatabase(t)
		return d.URL(d.Owner)
	}},
}

// forEachLocation tells a story once on each kind of plan, giving it
// where a new plan of that kind goes.
func forEachLocation(t *testing.T, story func(t *testing.T, location string)) {
	t.Helper()
	for _, kind := range planKinds {
		t.Run(kind.name, func(t *testing.T) { story(t, kind.location(t)) })
	}
}

// forEachPlan tells a story once on a new, empty plan of each kind.
func forEachPlan(t *testing.T, story func(t *testing.T, s *storage.Store)) {
	t.Helper()
	forEachLocation(t, func(t *testing.T, location string) {
		story(t, openNew(t, location))
	})
}

// forEachSamplePlan tells a story once on a plan of each kind holding
// the sample 2021 plan, as samplePlan and openPlan make a file of it.
func forEachSamplePlan(t *testing.T, story func(t *testing.T, s *storage.Store)) {
	t.Helper()
	forEachPlan(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		if err := s.Update(ctx, func(tx *storage.Tx) error { return sample.Load(ctx, tx) }); err != nil {
			t.Fatal(err)
		}
		story(t, s)
	})
}

// openNew makes a plan at location, closed when the test ends.
func openNew(t *testing.T, location string) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), location, storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
