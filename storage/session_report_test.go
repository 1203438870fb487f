package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// heldSession returns the sample's first held session.
func heldSession(t *testing.T, s *storage.Store) model.Session {
	t.Helper()
	var plan *model.Plan
	err := s.View(context.Background(), func(tx *storage.Tx) (err error) {
		plan, err = tx.Plan(context.Background())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, ss := range plan.Sessions {
		if ss.Status == model.StatusHeld {
			return ss
		}
	}
	t.Fatal("the sample has no held session")
	return model.Session{}
}

func TestARapporteursReportIsKeptWithItsSessionAndGoesWithIt(t *testing.T) {
	forEachSamplePlan(t, aRapporteursReportIsKeptWithItsSessionAndGoesWithIt)
}

func aRapporteursReportIsKeptWithItsSessionAndGoesWithIt(t *testing.T, s *storage.Store) {
	ctx := context.Background()
	session := heldSession(t, s)
	rep := model.SessionReport{SessionID: session.ID,
		KeyIssues:  "Labels for software updates.\n\n- how long\n- who pays",
		WayForward: "Draft a label with consumer groups.", Onsite: 40, Online: 25, Women: 30,
		Filed: model.Date{Year: 2021, Month: 7, Day: 10}}
	if err := s.Update(ctx, func(tx *storage.Tx) error { return tx.SaveReport(ctx, &rep) }); err != nil {
		t.Fatal(err)
	}
	var plan *model.Plan
	err := s.View(ctx, func(tx *storage.Tx) (err error) {
		plan, err = tx.Plan(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Reports) != 1 || plan.Reports[0] != rep {
		t.Fatalf("the plan holds reports %+v, want only %+v", plan.Reports, rep)
	}
	if err := s.Update(ctx, func(tx *storage.Tx) error { return tx.DeleteSession(ctx, session.ID, session.Version) }); err != nil {
		t.Fatal(err)
	}
	var got model.SessionReport
	err = s.View(ctx, func(tx *storage.Tx) (err error) {
		got, err = tx.Report(ctx, session.ID)
		return err
	})
	if err != nil || got.Filled() {
		t.Errorf("after the session was deleted its report reads %+v, %v; want none", got, err)
	}
}

func TestAReportCountingMoreWomenThanParticipantsIsRefusedNamingTheField(t *testing.T) {
	forEachSamplePlan(t, aReportCountingMoreWomenThanParticipantsIsRefusedNamingTheField)
}

func aReportCountingMoreWomenThanParticipantsIsRefusedNamingTheField(t *testing.T, s *storage.Store) {
	ctx := context.Background()
	session := heldSession(t, s)
	rep := model.SessionReport{SessionID: session.ID, KeyIssues: "Labels.", Onsite: 3, Online: 2, Women: 9}
	err := s.Update(ctx, func(tx *storage.Tx) error { return tx.SaveReport(ctx, &rep) })
	var p model.Problems
	if !errors.As(err, &p) || p[0].Field != "women" {
		t.Fatalf("saving %+v gave %v, want a problem with the women field", rep, err)
	}
	var got model.SessionReport
	s.View(ctx, func(tx *storage.Tx) (err error) { got, err = tx.Report(ctx, session.ID); return err })
	if got.Filled() {
		t.Errorf("a refused report was kept: %+v", got)
	}
}

func TestAReportOnASessionNotInThePlanIsRefused(t *testing.T) {
	forEachPlan(t, aReportOnASessionNotInThePlanIsRefused)
}

func aReportOnASessionNotInThePlanIsRefused(t *testing.T, s *storage.Store) {
	ctx := context.Background()
	rep := model.SessionReport{SessionID: 99, KeyIssues: "Nothing."}
	err := s.Update(ctx, func(tx *storage.Tx) error { return tx.SaveReport(ctx, &rep) })
	if !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("saving a report on no session gave %v, want ErrNotFound", err)
	}
}

func TestAYearsNarrativeIsKeptReplacedAndRemovedWhenEmptied(t *testing.T) {
	forEachPlan(t, aYearsNarrativeIsKeptReplacedAndRemovedWhenEmptied)
}

func aYearsNarrativeIsKeptReplacedAndRemovedWhenEmptied(t *testing.T, s *storage.Store) {
	ctx := context.Background()
	save := func(year int, text string) {
		t.Helper()
		n := model.Narrative{Year: year, Text: text}
		if err := s.Update(ctx, func(tx *storage.Tx) error { return tx.SaveNarrative(ctx, &n) }); err != nil {
			t.Fatal(err)
		}
	}
	save(2021, "# Our focus\r\n\r\nIoT security labels.  \r\n- EU\r\n- U.S.")
	save(2022, "First draft.")
	save(2022, "Second draft.")
	var got model.Narrative
	err := s.View(ctx, func(tx *storage.Tx) (err error) {
		got, err = tx.Narrative(ctx, 2021)
		return err
	})
	if want := "# Our focus\n\nIoT security labels.\n- EU\n- U.S."; err != nil || got.Text != want {
		t.Errorf("2021 reads %q, %v; want %q", got.Text, err, want)
	}
	save(2021, " \n ")
	var list []model.Narrative
	err = s.View(ctx, func(tx *storage.Tx) (err error) {
		list, err = tx.Narratives(ctx)
		return err
	})
	if err != nil || len(list) != 1 || list[0] != (model.Narrative{Year: 2022, Text: "Second draft."}) {
		t.Errorf("narratives are %+v, %v; want 2022's second draft only", list, err)
	}
	var empty bool
	if err := s.View(ctx, func(tx *storage.Tx) (err error) { empty, err = tx.Empty(ctx); return err }); err != nil || empty {
		t.Errorf("a plan with a narrative only reads as empty=%v, %v", empty, err)
	}
	n := model.Narrative{Year: 21, Text: "typo"}
	err = s.Update(ctx, func(tx *storage.Tx) error { return tx.SaveNarrative(ctx, &n) })
	if err == nil || !strings.Contains(err.Error(), "year") {
		t.Errorf("a narrative for the year 21 gave %v, want a problem with the year", err)
	}
}

func TestForgetRemovesAPersonsNameFromReportsAndNarratives(t *testing.T) {
	ctx := context.Background()
	path := samplePlan(t)
	s := openPlan(t, path)
	session := heldSession(t, s)
	rep := model.SessionReport{SessionID: session.ID, KeyIssues: "Zofia Wróblewska asked for labels."}
	n := model.Narrative{Year: 2021, Text: "With Zofia Wróblewska we followed the EU inquiry."}
	err := s.Update(ctx, func(tx *storage.Tx) error {
		if err := tx.SaveReport(ctx, &rep); err != nil {
			return err
		}
		return tx.SaveNarrative(ctx, &n)
	})
	if err != nil {
		t.Fatal(err)
	}
	zofia := findOne(t, s, "Zofia Wróblewska")
	if _, err := s.Forget(ctx, zofia.ID); err != nil {
		t.Fatal(err)
	}
	var gotRep model.SessionReport
	s.View(ctx, func(tx *storage.Tx) (err error) { gotRep, err = tx.Report(ctx, session.ID); return err })
	var gotN model.Narrative
	s.View(ctx, func(tx *storage.Tx) (err error) { gotN, err = tx.Narrative(ctx, 2021); return err })
	for _, text := range []string{gotRep.KeyIssues, gotN.Text} {
		if strings.Contains(text, "Zofia") {
			t.Errorf("after forget a text still reads %q", text)
		}
	}
}
