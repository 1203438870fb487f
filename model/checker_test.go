package model_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/plangen"
)

func TestCheckerRechecksAnEdit(t *testing.T) {
	p := samplePlan(t)
	addSession(t, p, 1, igf, "Core values", "2021-12-08 11:30", "2021-12-08 13:00", "Room 2")
	others(t, p, 2, igf, "EU inquiry", "2021-12-08 12:30", "2021-12-08 13:30", "Room 5").Participants[2].PersonID = zofia
	c := model.NewChecker(p, today)
	if conflicts, _ := c.Counts(); conflicts != 1 {
		t.Fatalf("before the edit: %d conflicts, want Zofia's double booking: %v", conflicts, c.Findings())
	}
	if got := c.ForPerson(zofia); len(got) != 1 || got[0].Kind != model.DoubleBooked {
		t.Errorf("Zofia's page shows %v, want her double booking", got)
	}

	moved := p.Sessions[1]
	moved.Start, moved.End = at(t, p, igf, "2021-12-08 13:00"), at(t, p, igf, "2021-12-08 14:00")
	c.UpdateSession(moved)
	if conflicts, warnings := c.Counts(); conflicts != 0 || warnings != 0 {
		t.Errorf("after moving the inquiry to 13:00: %d conflicts, %d warnings, want none: %v", conflicts, warnings, c.Findings())
	}
	if got := c.ForPerson(zofia); len(got) != 0 {
		t.Errorf("Zofia's page still shows %v", got)
	}

	moved.Room = "room 2"
	moved.Start = at(t, p, igf, "2021-12-08 12:59")
	c.UpdateSession(moved)
	got := c.ForSession(1)
	if len(got) != 2 || got[0].Kind != model.DoubleBooked || got[1].Kind != model.RoomClash || got[1].Room != "Room 2" {
		t.Errorf("after moving it into Room 2 a minute early, session 1 shows %v, want Zofia's double booking and a room clash", got)
	}

	c.RemoveSession(2)
	if conflicts, warnings := c.Counts(); conflicts != 0 || warnings != 0 {
		t.Errorf("after deleting the inquiry: %v", c.Findings())
	}
}

// TestCheckerAgreesWithCheck makes many random edits of the kinds the app
// makes and, after each, holds the checker's findings to a check of the
// whole edited plan from scratch.
func TestCheckerAgreesWithCheck(t *testing.T) {
	p := plangen.Plan(200)
	day := model.Date{Year: 2021, Month: 6, Day: 1}
	c := model.NewChecker(p, day)
	kinds := map[model.FindingKind]bool{}
	for _, f := range c.Findings() {
		kinds[f.Kind] = true
	}
	if !kinds[model.DoubleBooked] || !kinds[model.RoomClash] || !kinds[model.LocalNight] {
		t.Fatalf("the generated plan has no double booking, room clash or night to follow: %v", kinds)
	}
	r := rand.New(rand.NewPCG(5, 2021))
	zones := []string{"Pacific/Auckland", "America/Argentina/Buenos_Aires", "Europe/Warsaw", "Asia/Tokyo"}
	nextID := int64(len(p.Sessions) + 1)
	for step := range 200 {
		i := r.IntN(len(p.Sessions))
		s := p.Sessions[i]
		s.Participants = slices.Clone(s.Participants)
		var what string
		editsSession := true
		switch r.IntN(10) {
		case 0:
			what = "move a session"
			shift := time.Duration(r.IntN(9)-4) * 30 * time.Minute
			s.Start, s.End = s.Start.Add(shift), s.End.Add(shift)
		case 1:
			what = "change a room"
			s.Room = []string{"Room 1", "room 1", "Online", "", "Room 2"}[r.IntN(5)]
		case 2:
			what = "change a participation"
			if len(s.Participants) > 0 {
				j := r.IntN(len(s.Participants))
				s.Participants[j].Status = model.Confirmations()[r.IntN(3)]
				s.Participants[j].Role = model.Roles()[r.IntN(5)]
			}
		case 3:
			what = "add a participant"
			s.Participants = append(s.Participants, model.Participation{
				PersonID: p.People[r.IntN(len(p.People))].ID, Role: model.RoleRapporteur, Status: model.Confirmed})
		case 4:
			what = "change a status and a report's due day"
			s.Status = model.SessionStatuses()[r.IntN(6)]
			s.ReportDue = day.AddDays(r.IntN(60) - 30)
		case 5:
			what = "add a session"
			editsSession = false
			s.ID, s.UID = nextID, fmt.Sprintf("new-%d", nextID)
			nextID++
			p.Sessions = append(p.Sessions, s)
			c.UpdateSession(s)
		case 6:
			what = "delete a session"
			editsSession = false
			p.Sessions = slices.Delete(p.Sessions, i, i+1)
			c.RemoveSession(s.ID)
		case 7:
			what = "change a person"
			editsSession = false
			pe := &p.People[r.IntN(len(p.People))]
			pe.Zone = zone(t, zones[r.IntN(len(zones))])
			pe.Group = model.StakeholderGroups()[r.IntN(6)]
			pe.Name += "'"
			c.UpdatePerson(*pe)
		case 8:
			what = "change or delete an action item"
			editsSession = false
			j := r.IntN(len(p.Actions))
			if a := &p.Actions[j]; r.IntN(4) > 0 {
				a.Status = model.ActionStatuses()[r.IntN(4)]
				a.Due = a.Due.AddDays(r.IntN(400) - 200)
				c.UpdateAction(*a)
			} else {
				c.RemoveAction(a.ID)
				p.Actions = slices.Delete(p.Actions, j, j+1)
			}
		case 9:
			what = "change a forum"
			editsSession = false
			f := &p.Forums[r.IntN(len(p.Forums))]
			f.Name += "'"
			f.FirstDay, f.Zone = f.FirstDay.AddDays(r.IntN(3)-1), zone(t, zones[r.IntN(len(zones))])
			c.UpdateForum(*f)
		}
		if editsSession {
			p.Sessions[i] = s
			c.UpdateSession(s)
		}
		want := model.Check(p, day)
		got := c.Findings()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("step %d, %s (session %d): the checker has %d findings, a fresh check %d\nfirst difference: %s",
				step, what, s.ID, len(got), len(want), firstDifference(got, want))
		}
		conflicts, warnings := c.Counts()
		if n := conflicts + warnings; n != len(want) {
			t.Fatalf("step %d, %s: counts %d + %d, want %d findings", step, what, conflicts, warnings, len(want))
		}
		if n := len(want); n > 0 && !reflect.DeepEqual(c.At(n-1), want[n-1]) {
			t.Fatalf("step %d, %s: the last finding is %+v, want %+v", step, what, c.At(n-1), want[n-1])
		}
		worst, overdue := map[int64]model.Severity{}, map[int64]bool{}
		for _, f := range want {
			for _, id := range f.PersonIDs {
				if sev, ok := worst[id]; !ok || f.Severity() < sev {
					worst[id] = f.Severity()
				}
			}
			if f.Kind == model.ReportOverdue {
				overdue[f.SessionIDs[0]] = true
			}
		}
		if got := c.Worst(); !maps.Equal(got, worst) {
			t.Fatalf("step %d, %s: the worst finding by person is %v, want %v", step, what, got, worst)
		}
		if got := c.ReportsOverdue(); !maps.Equal(got, overdue) {
			t.Fatalf("step %d, %s: reports overdue %v, want %v", step, what, got, overdue)
		}
		var about []model.Finding
		for _, f := range want {
			if slices.Contains(f.SessionIDs, s.ID) {
				about = append(about, f)
			}
		}
		if got := c.ForSession(s.ID); (len(got) > 0 || len(about) > 0) && !reflect.DeepEqual(got, about) {
			t.Fatalf("step %d, %s: ForSession(%d) = %v, want %v", step, what, s.ID, got, about)
		}
	}
}

func firstDifference(got, want []model.Finding) string {
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			return fmt.Sprintf("at %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	return "one list is longer"
}

// BenchmarkCheck runs every rule over a generated plan of each size.
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{plangen.Large, plangen.Huge, plangen.Extreme} {
		p := plangen.Plan(n)
		day := model.Date{Year: 2022, Month: 1, Day: 1}
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			for b.Loop() {
				model.Check(p, day)
			}
		})
	}
}

// BenchmarkRecheck re-checks the plan after one session is moved by half an
// hour, as the app does after a coordinator saves a session, and reads what
// the session's row then shows.
func BenchmarkRecheck(b *testing.B) {
	benchmarkRecheck(b, func(c *model.Checker, id int64) { c.ForSession(id) })
}

// BenchmarkRecheckCheckView is BenchmarkRecheck followed by what the open
// Check view reads: the counts and the first screenful of findings in order.
func BenchmarkRecheckCheckView(b *testing.B) {
	benchmarkRecheck(b, func(c *model.Checker, _ int64) {
		conflicts, warnings := c.Counts()
		for i := range min(conflicts+warnings, 40) {
			c.At(i)
		}
	})
}

func benchmarkRecheck(b *testing.B, read func(c *model.Checker, id int64)) {
	for _, n := range []int{plangen.Large, plangen.Huge, plangen.Extreme} {
		p := plangen.Plan(n)
		c := model.NewChecker(p, model.Date{Year: 2022, Month: 1, Day: 1})
		c.Findings()
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				s := p.Sessions[i%len(p.Sessions)]
				shift := 30 * time.Minute
				if i/len(p.Sessions)%2 == 1 {
					shift = -shift
				}
				s.Start, s.End = s.Start.Add(shift), s.End.Add(shift)
				p.Sessions[i%len(p.Sessions)] = s
				c.UpdateSession(s)
				read(c, s.ID)
				i++
			}
		})
	}
}

// A person the checker knows no zone of is still named in full when
// double-booked: only a local night needs their clocks.
func TestADoubleBookingOfSomeoneWithoutAZoneIsNamedInFull(t *testing.T) {
	warsaw := zone(t, "Europe/Warsaw")
	start := time.Date(2021, 12, 7, 9, 0, 0, 0, time.UTC)
	p := &model.Plan{
		Forums: []model.Forum{{ID: 1, Name: "IGF 2021", Zone: warsaw,
			FirstDay: model.Date{Year: 2021, Month: 12, Day: 6}, LastDay: model.Date{Year: 2021, Month: 12, Day: 10}}},
		People: []model.Person{{ID: 1, Name: "Zofia Wróblewska"}},
	}
	for id := int64(1); id <= 2; id++ {
		p.Sessions = append(p.Sessions, model.Session{ID: id, ForumID: 1, Title: fmt.Sprintf("Session %d", id),
			Status: model.StatusIdea, Start: start, End: start.Add(time.Hour),
			Participants: []model.Participation{{PersonID: 1, Role: model.RoleSpeaker, Status: model.Confirmed}}})
	}
	for _, f := range model.Check(p, model.Date{Year: 2021, Month: 12, Day: 1}) {
		if f.Kind == model.DoubleBooked {
			if !strings.HasPrefix(f.Message, "Zofia Wróblewska is in two sessions at once") {
				t.Errorf("the double booking reads %q", f.Message)
			}
			return
		}
	}
	t.Error("no double booking found")
}

func TestFilingAReportTakesItsWarningAwayAndUnfilingBringsItBack(t *testing.T) {
	p := samplePlan(t)
	s := addSession(t, p, 1, igf, "Held", "2021-10-26 10:00", "2021-10-26 11:00", "Room 1")
	s.Status = model.StatusHeld
	p.Forums[0].FirstDay = model.Date{Year: 2021, Month: 10, Day: 25}
	c := model.NewChecker(p, today)
	if !c.ReportsOverdue()[1] {
		t.Fatal("a held session's report two weeks late is not overdue")
	}
	c.UpdateReport(model.SessionReport{SessionID: 1, KeyIssues: "Labels.", Filed: today})
	if c.ReportsOverdue()[1] {
		t.Error("a filed report is still overdue")
	}
	c.UpdateReport(model.SessionReport{SessionID: 1, KeyIssues: "Labels."})
	if !c.ReportsOverdue()[1] {
		t.Error("a report no longer filed is not overdue again")
	}
}
