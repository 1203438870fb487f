package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/convene-planner/convene/model"
)

// Session builds the IGF's report on one session of the plan, following
// its template: the session, its people, the key issues raised, the way
// forward and calls to action, and who took part where.
func Session(p *model.Plan, sessionID int64, today model.Date) (*Document, error) {
	f := newFacts(p, today)
	s := f.ix.Sessions[sessionID]
	if s == nil {
		return nil, fmt.Errorf("session %d is not in the plan", sessionID)
	}
	fo := f.ix.Forums[s.ForumID]
	d := &Document{Title: "Session report: " + s.Title, Subtitle: forumTitle(fo) + ", " + f.when(s)}
	d.add(Heading{1, "The session"})
	about := Table{Columns: []string{"", ""}, Rows: [][]string{
		{"Forum", forumTitle(fo)},
		{"When", f.when(s) + " (" + zoneOf(fo).String() + ")"},
		{"Format", string(s.Format)},
		{"Status", string(s.Status)},
		{"Organisers", f.coalitionNames(s.Organisers)},
		{"Room", s.Room},
		{"Rapporteur", f.rapporteurs(s)},
	}}
	if len(s.Topics) > 0 {
		about.Rows = append(about.Rows, []string{"Topics", strings.Join(s.Topics, ", ")})
	}
	d.add(about)
	if s.Description != "" {
		d.add(narrativeBlocks(s.Description)...)
	}

	d.add(Heading{1, "Speakers and moderators"})
	people := Table{Columns: []string{"Name", "Affiliation", "Stakeholder group", "Role"}}
	for _, pt := range s.Participants {
		if pp := f.ix.People[pt.PersonID]; pp != nil && model.Balanced(pt) {
			people.Rows = append(people.Rows, []string{pp.Name, pp.Affiliation, string(pp.Group), string(pt.Role)})
		}
	}
	if len(people.Rows) == 0 {
		d.add(text("No speaker or moderator is confirmed."))
	} else {
		d.add(people)
	}

	r := f.reports[s.ID]
	if r == nil {
		r = &model.SessionReport{SessionID: s.ID}
	}
	d.add(Heading{1, "Key issues raised"})
	d.add(orPending(r.KeyIssues)...)
	d.add(Heading{1, "Way forward and calls to action"})
	d.add(orPending(r.WayForward)...)
	d.add(Heading{1, "Participation"})
	d.add(Table{Columns: []string{"Participants", "Count"}, Numeric: []bool{false, true}, Rows: [][]string{
		{"onsite", strconv.Itoa(r.Onsite)},
		{"online", strconv.Itoa(r.Online)},
		{"of whom women", strconv.Itoa(r.Women)},
	}})
	due := model.ReportDue(s, fo)
	switch {
	case !r.Filed.IsZero():
		d.add(text("Filed on " + longDay(r.Filed) + "."))
	case !due.IsZero():
		d.add(text("Due on " + longDay(due) + "; not filed yet."))
	}
	return d, nil
}

func orPending(s string) []Block {
	if s == "" {
		return []Block{text("Not written yet.")}
	}
	return narrativeBlocks(s)
}
