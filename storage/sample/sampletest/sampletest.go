// Package sampletest gives the tests of other packages the sample 2021 plan
// in a real plan file, so each need not write the opening and loading out.
package sampletest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/sample"
)

// Store is a new plan file in the test's temporary folder holding the
// sample 2021 plan; it is closed when the test ends.
func Store(t testing.TB) *storage.Store {
	t.Helper()
	ctx := context.Background()
	store, err := storage.Open(ctx, filepath.Join(t.TempDir(), "dc-iot.convene"), storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.Update(ctx, func(tx *storage.Tx) error { return sample.Load(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	return store
}

// Plan is the sample 2021 plan as read back from such a file.
func Plan(t testing.TB) *model.Plan {
	t.Helper()
	var p *model.Plan
	err := Store(t).View(context.Background(), func(tx *storage.Tx) (err error) {
		p, err = tx.Plan(context.Background())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Forum is the forum of the plan with the name; the test fails without one.
func Forum(tb testing.TB, p *model.Plan, name string) *model.Forum {
	tb.Helper()
	for i := range p.Forums {
		if p.Forums[i].Name == name {
			return &p.Forums[i]
		}
	}
	tb.Fatalf("the sample has no forum %q", name)
	return nil
}
