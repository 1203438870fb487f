package model_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
)

// While a coordinator types a session's times, the form asks which sessions
// it would clash with; the answer follows the checker's rules without
// changing what the checker holds.
func TestClashesOfASessionBeingTyped(t *testing.T) {
	p := samplePlan(t)
	addSession(t, p, 1, igf, "Core values", "2021-12-08 11:30", "2021-12-08 13:00", "Room 2")
	others(t, p, 2, igf, "EU inquiry", "2021-12-08 14:00", "2021-12-08 15:00", "Room 5")
	addSession(t, p, 3, nethui, "Kia ora IoT", "2021-12-08 22:00", "2021-12-08 23:30", "", part(aroha, model.RoleSpeaker))
	c := model.NewChecker(p, today)
	base := *addSession(t, p, 4, igf, "Typed", "2021-12-08 12:00", "2021-12-08 12:30", "Room 9",
		part(zofia, model.RoleSpeaker), part(jose, model.RoleModerator))
	p.Sessions = p.Sessions[:3]

	cases := []struct {
		name string
		edit func(s *model.Session)
		want []model.Clash
	}{
		{"Zofia is in Core values at the same time", func(*model.Session) {}, []model.Clash{{With: 1, PersonID: zofia}}},
		{"back to back is no clash", func(s *model.Session) {
			s.Start, s.End = at(t, p, igf, "2021-12-08 13:00"), at(t, p, igf, "2021-12-08 14:00")
		}, nil},
		{"across forums: 10:00 in Katowice is 22:00 in Wellington", func(s *model.Session) {
			s.Start, s.End = at(t, p, igf, "2021-12-08 10:00"), at(t, p, igf, "2021-12-08 10:30")
			s.Participants = []model.Participation{part(aroha, model.RoleSpeaker)}
		}, []model.Clash{{With: 3, PersonID: aroha}}},
		{"a declined participant clashes with nothing", func(s *model.Session) {
			s.Participants[0].Status = model.Declined
		}, nil},
		{"a cancelled session clashes with nothing", func(s *model.Session) { s.Status = model.StatusCancelled }, nil},
		{"the room clashes too, whatever its case", func(s *model.Session) {
			s.Room = "room 2"
			s.Participants = nil
		}, []model.Clash{{With: 1}}},
		{"Online holds any number of sessions", func(s *model.Session) {
			s.Room = "Online"
			s.Participants = nil
		}, nil},
		{"a session does not clash with itself as saved", func(s *model.Session) { s.ID = 1 }, nil},
		{"an idea without times clashes with nothing", func(s *model.Session) { s.Start, s.End = time.Time{}, time.Time{} }, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := base
			s.Participants = append([]model.Participation(nil), base.Participants...)
			tc.edit(&s)
			if got := c.ClashesOf(&s); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("clashes %+v, want %+v", got, tc.want)
			}
		})
	}
	if conflicts, _ := c.Counts(); conflicts != 0 {
		t.Errorf("asking changed the checker: %v", c.Findings())
	}
	if c.InClash(1) || c.InClash(2) {
		t.Error("a saved session without a clash is marked as in one")
	}
	moved := p.Sessions[1]
	moved.Room, moved.Start = "Room 2", at(t, p, igf, "2021-12-08 12:00")
	c.UpdateSession(moved)
	if !c.InClash(1) || !c.InClash(2) {
		t.Error("two sessions in Room 2 at once are not both marked as in a clash")
	}
}
