package storage

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
)

// location is where a test's plan is, as a user names it.
func (b testPlan) location() string {
	if b.pg != nil {
		return b.pg.URL(b.pg.Owner)
	}
	return b.store.path
}

// readPlan reads the whole plan back.
func (b testPlan) readPlan(t *testing.T) *model.Plan {
	t.Helper()
	var p *model.Plan
	err := b.view(context.Background(), func(tx *Tx) (err error) {
		p, err = tx.Plan(context.Background())
		return err
	})
	if err != nil {
		t.Fatalf("%s: read the plan: %v", b.name, err)
	}
	return p
}

// The copy names every table a plan has, so none is left behind when a
// migration adds one.
func TestACopyTakesEveryTableOfAPlan(t *testing.T) {
	want, err := expectedTables()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ct := range copyTables {
		names = append(names, ct.name)
	}
	slices.Sort(names)
	if tables := slices.Sorted(maps.Keys(want)); !slices.Equal(names, tables) {
		t.Errorf("the copy takes tables %v; a plan has %v", names, tables)
	}
}

// A coordinator moves a plan with gaps in its ids (a session and a person
// deleted) from a file to a server, to another server, back to a new file
// and to another file: each reads back the same plan, no snapshot goes
// along, and the team plan goes on adding people after the copied ones.
func TestAPlanCopiedToATeamPlanAndBackReadsTheSame(t *testing.T) {
	ctx := context.Background()
	file, team := filePlanForTest(t), teamPlanForTest(t)
	p := storyPlan(t)
	err := file.update(ctx, func(tx *Tx) error {
		if err := write(ctx, tx, p); err != nil {
			return err
		}
		if err := tx.SaveNarrative(ctx, &model.Narrative{Year: 2021, Text: "Hybrid, at last."}); err != nil {
			return err
		}
		if err := tx.SetArchived(ctx, 2020, true); err != nil {
			return err
		}
		if err := tx.DeleteSession(ctx, p.Sessions[1].ID, p.Sessions[1].Version); err != nil {
			return err
		}
		return tx.DeletePerson(ctx, p.People[1].ID, p.People[1].Version)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := Copy(ctx, file.location(), team.location()); err != nil {
		t.Fatalf("copy the file to a team plan: %v", err)
	}
	// A snapshot is history, not the plan: it stays behind.
	if err := team.update(ctx, func(tx *Tx) error {
		if err := tx.SetArchived(ctx, 2019, true); err != nil {
			return err
		}
		_, err := team.store.Snapshot(ctx, "import-sessions")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := team.update(ctx, func(tx *Tx) error { return tx.SetArchived(ctx, 2019, false) }); err != nil {
		t.Fatal(err)
	}
	other := teamPlanForTest(t)
	if err := Copy(ctx, team.location(), other.location()); err != nil {
		t.Fatalf("copy the team plan to another: %v", err)
	}
	if list := teamSnapshots(t, other); len(list) != 0 || len(teamSnapshots(t, team)) != 1 {
		t.Errorf("the copy took snapshots along: %+v", list)
	}
	back := filepath.Join(t.TempDir(), "back.convene")
	if err := Copy(ctx, other.location(), back); err != nil {
		t.Fatalf("copy the team plan to a new file: %v", err)
	}
	again := filepath.Join(t.TempDir(), "again.convene")
	if err := Copy(ctx, back, again); err != nil {
		t.Fatalf("copy the file to a new file: %v", err)
	}
	want := file.readPlan(t)
	for _, b := range []testPlan{team, other} {
		// The server signs what the copy writes: who changed each record
		// last is the role that copied it, then.
		if got := b.readPlan(t); !reflect.DeepEqual(unsigned(want), unsigned(got)) {
			t.Errorf("a team plan reads otherwise than the file:\nfile %+v\nteam %+v", want, got)
		}
	}
	for _, path := range []string{back, again} {
		s, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if got := (testPlan{name: path, view: s.View, store: s}).readPlan(t); !reflect.DeepEqual(unsigned(want), unsigned(got)) {
			t.Errorf("the file copied back reads otherwise:\nfile %+v\n%s %+v", want, path, got)
		}
	}
	newcomer := model.Person{Name: "Nadia", Email: "nadia@example.org", Group: model.GroupCivilSociety, Gender: model.GenderFemale, Zone: time.UTC}
	if err := team.update(ctx, func(tx *Tx) error { return tx.CreatePerson(ctx, &newcomer) }); err != nil || newcomer.ID != 5 {
		t.Errorf("a person added to the team plan after the copy got id %d (%v), want 5", newcomer.ID, err)
	}
}

// A copy goes only into a plan that holds nothing: one with a mere
// coalition, or a file of another program, is refused and left as it was.
func TestACopyIntoAPlanThatHoldsSomethingOrIntoAnotherFileChangesNothing(t *testing.T) {
	ctx := context.Background()
	from := filePlanForTest(t)
	if err := from.update(ctx, func(tx *Tx) error { return write(ctx, tx, storyPlan(t)) }); err != nil {
		t.Fatal(err)
	}
	for _, to := range []testPlan{filePlanForTest(t), teamPlanForTest(t)} {
		t.Run(to.name, func(t *testing.T) {
			c := model.Coalition{Name: "Dynamic Coalition on Accessibility", ShortName: "DCAD"}
			if err := to.update(ctx, func(tx *Tx) error { return tx.CreateCoalition(ctx, &c) }); err != nil {
				t.Fatal(err)
			}
			before := to.readPlan(t)
			err := Copy(ctx, from.location(), to.location())
			if !errors.Is(err, ErrNotEmpty) || !errors.As(err, new(*PlanError)) {
				t.Errorf("a copy into a plan with a coalition: %v, want ErrNotEmpty", err)
			}
			if after := to.readPlan(t); !reflect.DeepEqual(before, after) {
				t.Errorf("the refused copy changed the plan:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
	notes := filepath.Join(t.TempDir(), "notes.txt")
	text := []byte("Agenda for Katowice\n")
	if err := os.WriteFile(notes, text, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Copy(ctx, from.location(), notes); !errors.Is(err, ErrNotPlan) {
		t.Errorf("a copy into a text file: %v, want ErrNotPlan", err)
	}
	if after, _ := os.ReadFile(notes); !bytes.Equal(after, text) {
		t.Errorf("the refused copy changed the text file: %q", after)
	}
	missing := filepath.Join(t.TempDir(), "none.convene")
	to := filepath.Join(t.TempDir(), "new.convene")
	if err := Copy(ctx, missing, to); !errors.Is(err, ErrNoPlan) {
		t.Errorf("a copy from no plan: %v, want ErrNoPlan", err)
	}
	if _, err := os.Stat(to); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a copy from no plan made %s (%v)", to, err)
	}
	if err := Copy(ctx, from.location(), from.location()); err == nil {
		t.Error("a plan was copied into itself")
	}
}

// TeamPlanAddressForTest makes an empty team plan for the test and
// returns its address, with its owner's password, for the tests and
// benchmarks outside the package.
func TeamPlanAddressForTest(tb testing.TB) string {
	b := teamPlanForTest(tb)
	return b.location()
}
