package model_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
)

func TestEnumerationsReadTheProductWordsAndNothingElse(t *testing.T) {
	if g, err := model.ParseStakeholderGroup(" Private-Sector "); err != nil || g != model.GroupPrivateSector {
		t.Errorf("ParseStakeholderGroup(\" Private-Sector \") = %q, %v", g, err)
	}
	_, err := model.ParseStakeholderGroup("business")
	if err == nil || !strings.Contains(err.Error(), "private-sector") {
		t.Errorf("a wrong group should list the right words, got %v", err)
	}
	if r, err := model.ParseRegion(""); err != nil || r != model.RegionNone {
		t.Errorf("an empty region is allowed: %q, %v", r, err)
	}
	if c, err := model.ParseConfirmation(""); err != nil || c != model.Confirmed {
		t.Errorf("an empty participation status means confirmed: %q, %v", c, err)
	}
	for _, s := range model.SessionStatuses() {
		if got, err := model.ParseSessionStatus(string(s)); err != nil || got != s {
			t.Errorf("status %q does not read back: %q, %v", s, got, err)
		}
	}
}

func TestPersonValidationNamesEveryFieldAtFault(t *testing.T) {
	p := model.Person{
		Name:   "  ",
		Email:  "not an email",
		Group:  "business",
		Region: "europe",
		Gender: "other",
	}
	p.Clean()
	problems, ok := model.AsProblems(p.Validate())
	if !ok {
		t.Fatalf("Validate returned %v, want Problems", p.Validate())
	}
	for _, field := range []string{"name", "email", "stakeholder_group", "region", "gender", "timezone"} {
		if problems.Field(field) == nil {
			t.Errorf("no problem named for %s; got %v", field, problems)
		}
	}
}

func TestForumValidation(t *testing.T) {
	warsaw, _ := model.LoadZone("Europe/Warsaw")
	good := model.Forum{
		Name: "IGF 2021", Kind: model.KindGlobal, City: "Katowice", Country: "pl", Format: model.Hybrid,
		FirstDay: model.Date{Year: 2021, Month: 12, Day: 6}, LastDay: model.Date{Year: 2021, Month: 12, Day: 10},
		Zone: warsaw, Website: "https://www.intgovforum.org/",
	}
	good.Clean()
	if err := good.Validate(); err != nil {
		t.Fatalf("a good forum was refused: %v", err)
	}
	if good.Country != "PL" {
		t.Errorf("country %q was not upper-cased", good.Country)
	}
	if n := len(good.Days()); n != 5 {
		t.Errorf("IGF 2021 has %d days, want 5", n)
	}

	bad := good
	bad.Country, bad.LastDay, bad.Website, bad.Kind = "XX", model.Date{Year: 2021, Month: 12, Day: 1}, "intgovforum.org", "summit"
	problems, _ := model.AsProblems(bad.Validate())
	for _, field := range []string{"country", "last_day", "website", "kind"} {
		if problems.Field(field) == nil {
			t.Errorf("no problem named for %s; got %v", field, problems)
		}
	}
}

func TestSessionWithTimesOnlyHalfGivenIsRefused(t *testing.T) {
	warsaw, _ := model.LoadZone("Europe/Warsaw")
	start, _ := model.WallClock(2021, 12, 6, 10, 0, warsaw)
	s := model.Session{ForumID: 1, Title: "IoT security", Format: model.FormatWorkshop, Status: model.StatusScheduled, Start: start}
	problems, _ := model.AsProblems(s.Validate())
	if problems.Field("end") == nil {
		t.Errorf("a session with a start and no end was accepted: %v", problems)
	}
	idea := model.Session{ForumID: 1, Title: "An idea", Format: model.FormatOther, Status: model.StatusIdea}
	if err := idea.Validate(); err != nil {
		t.Errorf("an unscheduled idea was refused: %v", err)
	}
}

// A year typed wrong (2921 for 2021, 0021) is named by its field, and the
// years around any real plan are taken.
func TestSessionTimesInAYearNoPlanHoldsAreRefused(t *testing.T) {
	warsaw, _ := model.LoadZone("Europe/Warsaw")
	at := func(year int) time.Time {
		t0, err := model.WallClock(year, 12, 6, 10, 0, warsaw)
		if err != nil {
			t.Fatal(err)
		}
		return t0
	}
	for _, tc := range []struct {
		start, end int
		refused    []string
	}{
		{2021, 2021, nil},
		{model.FirstYear + 1, model.LastYear - 1, nil},
		{2021, 2921, []string{"end"}},
		{21, 2021, []string{"start"}},
		{9999, 1, []string{"start", "end"}},
	} {
		s := model.Session{ForumID: 1, Title: "IoT security", Format: model.FormatWorkshop,
			Status: model.StatusScheduled, Start: at(tc.start), End: at(tc.end)}
		problems, _ := model.AsProblems(s.Validate())
		for _, field := range []string{"start", "end"} {
			if want := slices.Contains(tc.refused, field); (problems.Field(field) != nil) != want {
				t.Errorf("%d–%d: a problem with %s is %v, want %v: %v", tc.start, tc.end, field, !want, want, problems)
			}
		}
	}
}

func TestCleanLineKeepsOneLineAndCleanTextKeepsLines(t *testing.T) {
	if got := model.CleanLine("  IoT\r\n  security\t\x00standards \u2028 "); got != "IoT security standards" {
		t.Errorf("CleanLine = %q", got)
	}
	if got := model.CleanText("First line\r\nSecond line  \r\n\r\n\x07Third"); got != "First line\nSecond line\n\nThird" {
		t.Errorf("CleanText = %q", got)
	}
	if got := model.CleanLine("Zofia Wróblewska · 李明 · José Álvarez-Núñez"); got != "Zofia Wróblewska · 李明 · José Álvarez-Núñez" {
		t.Errorf("CleanLine changed letters: %q", got)
	}
}

func TestCalendarEqualSeesEveryVisibleChange(t *testing.T) {
	base := model.Session{Title: "A", Room: "Room 1", Status: model.StatusScheduled,
		Participants: []model.Participation{{PersonID: 1, Role: model.RoleSpeaker, Status: model.Confirmed}}}
	changes := map[string]func(s *model.Session){
		"title":       func(s *model.Session) { s.Title = "B" },
		"room":        func(s *model.Session) { s.Room = "Room 2" },
		"status":      func(s *model.Session) { s.Status = model.StatusCancelled },
		"description": func(s *model.Session) { s.Description = "more" },
		"people": func(s *model.Session) {
			s.Participants = []model.Participation{{PersonID: 1, Role: model.RoleSpeaker, Status: model.Declined}}
		},
	}
	for name, change := range changes {
		s := base
		change(&s)
		if model.CalendarEqual(&base, &s) {
			t.Errorf("a change of %s is invisible to calendars", name)
		}
	}
	same := base
	same.ReportDue = model.Date{Year: 2022, Month: 1, Day: 10}
	if !model.CalendarEqual(&base, &same) {
		t.Error("the report due date is not in a calendar, yet counted as a change")
	}
}

// A file pasted by mistake into a description, a bio or notes is refused,
// naming the field and the limit, wherever it was typed: in the app's forms
// as on the command line.
func TestAPastedDocumentIsRefusedByTheFieldItWasPastedInto(t *testing.T) {
	huge := strings.Repeat("x", model.MaxText+1)
	for _, tc := range []struct {
		field string
		err   error
	}{
		{"description", (&model.Session{Title: "T", ForumID: 1, Format: model.FormatWorkshop, Status: model.StatusIdea, Description: huge}).Validate()},
		{"bio", (&model.Person{Name: "N", Bio: huge}).Validate()},
		{"notes", (&model.Forum{Name: "F", Notes: huge}).Validate()},
		{"notes", (&model.ActionItem{Title: "A", Status: model.ActionOpen, Notes: huge}).Validate()},
		{"key_issues", (&model.SessionReport{KeyIssues: huge}).Validate()},
		{"text", (&model.Narrative{Year: 2021, Text: huge}).Validate()},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), fmt.Sprintf("%s: is longer than %d characters", tc.field, model.MaxText)) {
			t.Errorf("a %s of %d characters: %v", tc.field, model.MaxText+1, tc.err)
		}
	}
}

// A forum's days and place read the same in the app and in the reports.
func TestAForumsDaysAndPlaceReadTheSameEverywhere(t *testing.T) {
	d := func(y, m, day int) model.Date { return model.Date{Year: y, Month: time.Month(m), Day: day} }
	for _, tc := range []struct {
		first, last    model.Date
		span, withYear string
	}{
		{d(2021, 7, 15), d(2021, 7, 15), "15 Jul", "15 Jul 2021"},
		{d(2021, 12, 6), d(2021, 12, 10), "6–10 Dec", "6–10 Dec 2021"},
		{d(2021, 6, 28), d(2021, 7, 2), "28 Jun – 2 Jul", "28 Jun – 2 Jul 2021"},
		{d(2021, 12, 30), d(2022, 1, 2), "30 Dec 2021 – 2 Jan 2022", "30 Dec 2021 – 2 Jan 2022"},
	} {
		if got := model.DaySpan(tc.first, tc.last); got != tc.span {
			t.Errorf("DaySpan %v–%v = %q, want %q", tc.first, tc.last, got, tc.span)
		}
		if got := model.SpanWithYear(tc.first, tc.last); got != tc.withYear {
			t.Errorf("SpanWithYear %v–%v = %q, want %q", tc.first, tc.last, got, tc.withYear)
		}
	}
	for _, tc := range []struct {
		forum model.Forum
		want  string
	}{
		{model.Forum{City: "Katowice", Country: "PL"}, "Katowice, PL"},
		{model.Forum{Country: "BR"}, "BR"},
		{model.Forum{Format: model.Online}, "Online"},
		{model.Forum{Format: model.InPerson}, ""},
	} {
		if got := tc.forum.Place(); got != tc.want {
			t.Errorf("%+v is placed %q, want %q", tc.forum, got, tc.want)
		}
	}
}

// A status mistyped in a sheet is the one thing wrong with a session that
// has no times yet: the start is not blamed for a status that is not one.
func TestAMistypedStatusIsNotAlsoBlamedOnTheStart(t *testing.T) {
	s := model.Session{ForumID: 1, Title: "Open mic", Format: model.FormatWorkshop, Status: "weird"}
	problems, _ := model.AsProblems(s.Validate())
	if problems.Field("status") == nil {
		t.Error("the status \"weird\" is not named")
	}
	if e := problems.Field("start"); e != nil {
		t.Errorf("the start is blamed too: %v", e)
	}
}

// Text that is clean already comes back as it is; text that only looks
// so (a doubled or trailing space, a control character, a letter beyond
// ASCII) is cleaned as any other.
func TestCleanLineLeavesCleanTextAsItIs(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "",
		"IGF 2021, Katowice":       "IGF 2021, Katowice",
		"IGF  2021":                "IGF 2021",
		" IGF":                     "IGF",
		"IGF ":                     "IGF",
		"IGF\x7f2021":              "IGF 2021",
		"Émile\u00a0Zola":          "Émile Zola",
		"person000001@example.org": "person000001@example.org",
	} {
		if got := model.CleanLine(in); got != want {
			t.Errorf("CleanLine(%q) = %q, want %q", in, got, want)
		}
	}
}
