package model_test

import (
	"slices"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
)

// The agenda, list and exports show sessions by forum in the forums' order,
// then by start with ideas that have no time last, then by title.
func TestSessionsSortByForumThenStartThenTitle(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2021, 12, 7, h, 0, 0, 0, time.UTC) }
	sessions := []model.Session{
		{ID: 1, ForumID: 2, Title: "IGF idea"},
		{ID: 2, ForumID: 2, Title: "IGF afternoon", Start: at(14)},
		{ID: 3, ForumID: 1, Title: "EuroDIG morning", Start: at(9)},
		{ID: 4, ForumID: 2, Title: "IGF morning, B", Start: at(9)},
		{ID: 5, ForumID: 2, Title: "IGF morning, A", Start: at(9)},
		{ID: 6, ForumID: 1, Title: "EuroDIG idea"},
	}
	model.SortSessions(sessions, []int64{1, 2})
	var got []int64
	for _, s := range sessions {
		got = append(got, s.ID)
	}
	if want := []int64{3, 6, 5, 4, 2, 1}; !slices.Equal(got, want) {
		t.Errorf("sessions in order %v, want %v", got, want)
	}
}
