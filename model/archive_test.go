package model_test

import (
	"testing"

	"github.com/convene-planner/convene/model"
)

// A coalition puts last year away: its action items and session reports
// that were never closed stop counting as overdue, and this year's still do.
func TestWhatFellDueInAYearPutAwayIsNoLongerOverdue(t *testing.T) {
	p := samplePlan(t)
	p.Actions = []model.ActionItem{
		{ID: 1, Title: "Last year's promise", Status: model.ActionOpen, Due: model.Date{Year: 2020, Month: 11, Day: 2}},
		{ID: 2, Title: "This year's promise", Status: model.ActionOpen, Due: model.Date{Year: 2021, Month: 3, Day: 1}},
	}
	overdue := func() []int64 {
		var ids []int64
		for _, f := range model.Check(p, today) {
			if f.Kind == model.ActionOverdue {
				ids = append(ids, f.ActionID)
			}
		}
		return ids
	}
	if got := overdue(); len(got) != 2 {
		t.Fatalf("before 2020 is put away, overdue: %v", got)
	}
	p.Archived = []int{2020}
	if got := overdue(); len(got) != 1 || got[0] != 2 {
		t.Errorf("with 2020 put away, overdue: %v, want only this year's promise", got)
	}
}
