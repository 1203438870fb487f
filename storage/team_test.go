package storage_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// Eight coordinators import their sheets of people into one team plan at
// the same moment, each from their own Convene. Every import is whole or
// absent: the seven good sheets are all in, and the one with a bad row
// names that row and left nothing of its other rows behind. Every sheet
// also holds the same speaker, a new person to each coordinator when they
// began: the imports queue, so each finds her once the one before has
// added her, and updates her rather than adding her twice.
func TestEightCoordinatorsImportingAtOnceEachGetAllOrNothing(t *testing.T) {
	ctx := context.Background()
	d := pgtest.Shared(t).NewDatabase(t)
	const coordinators, rows, badCoordinator, badRow = 8, 50, 3, 40
	sheets := make([]string, coordinators)
	for c := range coordinators {
		var b strings.Builder
		b.WriteString("name,email,affiliation,stakeholder_group,region,gender,country,timezone,bio\r\n")
		fmt.Fprintf(&b, "Shared Speaker,shared@example.org,Org %d,civil-society,,,,UTC,\r\n", c)
		for r := 1; r <= rows; r++ {
			group := "civil-society"
			if c == badCoordinator && r == badRow {
				group = "astronauts"
			}
			fmt.Fprintf(&b, "Speaker %d-%d,speaker%d.%d@example.org,,%s,,,,UTC,\r\n", c, r, c, r, group)
		}
		sheets[c] = b.String()
	}
	// Each coordinator's own Convene: a store of its own, so its own
	// connections, as separate processes on separate machines have.
	stores := make([]*storage.Store, coordinators)
	for c := range stores {
		s, err := storage.Open(ctx, d.URL(d.Owner), storage.Options{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[c] = s
	}
	errs := make([]error, coordinators)
	var wg sync.WaitGroup
	for c, s := range stores {
		wg.Go(func() {
			errs[c] = s.Update(ctx, func(tx *storage.Tx) error {
				_, err := csvio.Import(ctx, tx, csvio.People, fmt.Sprintf("people-%d.csv", c), strings.NewReader(sheets[c]))
				return err
			})
		})
	}
	wg.Wait()
	for c, err := range errs {
		if c == badCoordinator {
			var ie *csvio.ImportError
			// The header is line 1 and the shared speaker line 2, so
			// row r is on line r+2.
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), fmt.Sprintf("people-%d.csv:%d:", c, badRow+2)) {
				t.Errorf("coordinator %d's sheet with a bad row: %v; want its line named", c, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("coordinator %d's import: %v", c, err)
		}
	}
	perCoordinator, shared := map[int]int{}, 0
	err := stores[0].View(ctx, func(tx *storage.Tx) error {
		people, err := tx.People(ctx)
		for _, p := range people {
			if p.Email == "shared@example.org" {
				shared++
			}
			var c, r int
			if _, err := fmt.Sscanf(p.Name, "Speaker %d-%d", &c, &r); err == nil {
				perCoordinator[c]++
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if shared != 1 {
		t.Errorf("the speaker on every sheet is in the plan %d times, want once", shared)
	}
	for c := range coordinators {
		want := rows
		if c == badCoordinator {
			want = 0
		}
		if perCoordinator[c] != want {
			t.Errorf("coordinator %d has %d people in the plan, want %d", c, perCoordinator[c], want)
		}
	}
}
