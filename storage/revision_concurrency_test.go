package storage

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
)

// Eight coordinators each make 500 edits to three shared sessions, each
// edit read in one look and saved in another change, as a form is. Every
// edit counts one up in the session's description, so an edit written
// over another's would leave the count short. None is: every save is
// kept or refused as stale (reported to its coordinator as such), the
// counts add up to the saves kept, and each session's version is one
// more than the saves kept of it.
func TestEightCoordinatorsEditingTheSameSessionsLoseNoEdit(t *testing.T) {
	for _, kind := range []string{"file", "team"} {
		t.Run(kind, func(t *testing.T) { eightWriters(t, kind) })
	}
}

func eightWriters(t *testing.T, kind string) {
	const writers, shared = 8, 3
	edits := 500
	if testing.Short() {
		// The run under the race detector: fewer edits, the same races.
		edits = 50
	}
	ctx := context.Background()
	plans := make([]testPlan, writers)
	if kind == "file" {
		// Each coordinator's Convene opens the file itself.
		path := filepath.Join(t.TempDir(), "plan.convene")
		for i := range plans {
			s, err := Open(ctx, path, Options{Create: i == 0, Who: fmt.Sprintf("coordinator %d", i+1)})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			plans[i] = testPlan{name: kind, update: s.Update, view: s.View, store: s}
		}
	} else {
		// Each coordinator's Convene connects to the server itself.
		team := teamPlanForTest(t)
		plans[0] = team
		for i := 1; i < writers; i++ {
			s, err := Open(ctx, team.pg.URL(team.pg.Owner), Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			plans[i] = testPlan{name: kind, update: s.Update, view: s.View, store: s}
		}
	}
	enterStoryPlan(t, plans[0])
	err := plans[0].update(ctx, func(tx *Tx) error {
		s, err := tx.Session(ctx, 2)
		if err != nil {
			return err
		}
		s.ID, s.UID, s.Title = 0, "", "A third session"
		return tx.CreateSession(ctx, &s)
	})
	if err != nil {
		t.Fatal(err)
	}

	var (
		mu              sync.Mutex
		kept, refused   [shared + 1]int
		failures        []error
		wg              sync.WaitGroup
		started         = time.Now()
		countOf         = func(s *model.Session) int { n, _ := strconv.Atoi(s.Description); return n }
		report          = func(err error) { mu.Lock(); failures = append(failures, err); mu.Unlock() }
		keep, refuse    = func(id int64) { mu.Lock(); kept[id]++; mu.Unlock() }, func(id int64) { mu.Lock(); refused[id]++; mu.Unlock() }
		attempts, saved int
	)
	for w := range writers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for range edits {
				id := int64(1 + r.IntN(shared))
				var s model.Session
				if err := plans[w].view(ctx, func(tx *Tx) (err error) { s, err = tx.Session(ctx, id); return err }); err != nil {
					report(err)
					return
				}
				s.Description = strconv.Itoa(countOf(&s) + 1)
				err := plans[w].update(ctx, func(tx *Tx) error { return tx.UpdateSession(ctx, &s) })
				switch {
				case err == nil:
					keep(id)
				case errors.Is(err, ErrStale):
					refuse(id)
				default:
					report(err)
					return
				}
			}
		})
	}
	wg.Wait()
	took := time.Since(started)
	for _, err := range failures {
		t.Error(err)
	}
	for id := int64(1); id <= shared; id++ {
		var s model.Session
		if err := plans[0].view(ctx, func(tx *Tx) (err error) { s, err = tx.Session(ctx, id); return err }); err != nil {
			t.Fatal(err)
		}
		if countOf(&s) != kept[id] || s.Version != 1+int64(kept[id]) {
			t.Errorf("session %d counts %d edits at version %d, but %d saves of it were kept: an edit was lost",
				id, countOf(&s), s.Version, kept[id])
		}
		attempts += kept[id] + refused[id]
		saved += kept[id]
	}
	if attempts != writers*edits {
		t.Errorf("%d saves were kept or refused, of %d made", attempts, writers*edits)
	}
	t.Logf("%s: %d writers × %d edits: %d kept, %d refused as stale, 0 lost, in %v",
		kind, writers, edits, saved, attempts-saved, took.Round(time.Millisecond))
}
