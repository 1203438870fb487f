package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// The owner lets a colleague read a team plan: the colleague's plan says
// it may only be read, every change is refused before it starts, saying
// who can let them change it, and nothing is changed. Given write, the
// same change goes through.
func TestAColleagueGivenReadMayReadATeamPlanButNotChangeIt(t *testing.T) {
	ctx := context.Background()
	d := pgtest.Shared(t).NewDatabase(t)
	owner := openNew(t, d.URL(d.Owner))
	colleague := d.NewRole(t)
	if err := storage.Grant(ctx, d.URL(d.Owner), colleague.Name, false); err != nil {
		t.Fatal(err)
	}
	reader := openNew(t, d.URL(colleague))
	if !reader.ReadOnly() {
		t.Fatal("a colleague given read opens the plan for changes")
	}
	add := func(s *storage.Store) error {
		f := igf(t)
		return s.Update(ctx, func(tx *storage.Tx) error { return tx.CreateForum(ctx, &f) })
	}
	err := add(reader)
	if !errors.Is(err, storage.ErrCannotWrite) || !strings.Contains(err.Error(), "your role may only read this plan") ||
		!strings.Contains(err.Error(), "'convene grant ROLE write'") || strings.Contains(err.Error(), colleague.Password) {
		t.Errorf("a reader's change: %v; want it refused saying who can let them", err)
	}
	var forums []model.Forum
	if err := owner.View(ctx, func(tx *storage.Tx) (err error) { forums, err = tx.Forums(ctx); return err }); err != nil || len(forums) != 0 {
		t.Errorf("after the reader's change the plan has %d forums (%v)", len(forums), err)
	}
	if err := storage.Grant(ctx, d.URL(d.Owner), colleague.Name, true); err != nil {
		t.Fatal(err)
	}
	if err := add(openNew(t, d.URL(colleague))); err != nil {
		t.Errorf("a change by a colleague given write: %v", err)
	}
}

// A plan file's readers and writers are its file system's to say: a
// grant on one is refused, naming the file, before it is opened. On a
// team plan, a grant to a role the server does not have says so.
func TestAGrantOnAPlanFileOrToNoOneIsRefused(t *testing.T) {
	forEachLocation(t, func(t *testing.T, location string) {
		openNew(t, location).Close()
		err := storage.Grant(context.Background(), location, "amina", false)
		switch {
		case storage.IsTeamPlan(location):
			if err == nil || !strings.Contains(err.Error(), `no role "amina"`) {
				t.Errorf("a grant to a role the server does not have: %v", err)
			}
		case !errors.Is(err, storage.ErrFileAccess) || !strings.Contains(err.Error(), location):
			t.Errorf("a grant on a plan file: %v; want it refused naming the file", err)
		}
	})
}
