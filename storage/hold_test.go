package storage_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// Two coordinators press Invite at once, each in their own Convene: the
// second waits, is told why, and goes on once the first is done; one who
// gives up waiting is told the plan is busy. Publishing is held apart from
// inviting. On a plan file and on a team plan alike.
func TestASecondConveneWaitsForTheFirstToFinishSendingInvitations(t *testing.T) {
	ctx := context.Background()
	d := pgtest.Shared(t).NewDatabase(t)
	file := filepath.Join(t.TempDir(), "plan.convene")
	for _, where := range []string{file, d.URL(d.Owner)} {
		t.Run(storage.PlanName(where), func(t *testing.T) {
			open := func() *storage.Store {
				s, err := storage.Open(ctx, where, storage.Options{Create: true})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
			first, second := open(), open()
			release, err := first.Hold(ctx, storage.Inviting, nil)
			if err != nil {
				t.Fatal(err)
			}
			// Publishing is another job: it goes on at once.
			releasePublishing, err := second.Hold(ctx, storage.Publishing, func(string) { t.Error("publishing waits for inviting") })
			if err != nil {
				t.Fatal(err)
			}
			releasePublishing()

			shortly, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
			defer cancel()
			var told string
			_, err = second.Hold(shortly, storage.Inviting, func(what string) { told = what })
			if !errors.Is(err, storage.ErrBusy) {
				t.Fatalf("a second Convene that gives up waiting: %v; want the plan busy", err)
			}
			if told != "another Convene is sending invitations for this plan; waiting for it to finish" {
				t.Errorf("while waiting it is told %q", told)
			}

			got := make(chan error, 1)
			go func() {
				release, err := second.Hold(ctx, storage.Inviting, nil)
				if err == nil {
					release()
				}
				got <- err
			}()
			select {
			case err := <-got:
				t.Fatalf("the second took the job while the first held it (%v)", err)
			case <-time.After(300 * time.Millisecond):
			}
			release()
			if err := <-got; err != nil {
				t.Fatalf("the second, once the first is done: %v", err)
			}
		})
	}
}
