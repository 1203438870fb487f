package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// showForumForm edits a forum, or adds one when f is nil. Every field is
// checked as the user types by the model's own rules, so Save stays off
// until the forum is one the plan file accepts.
func showForumForm(mw *Window, f *model.Forum) {
	title, confirm := "Edit forum", "Save"
	if f == nil {
		title, confirm = "Add forum", "Add"
		f = &model.Forum{Kind: model.KindNational, Format: model.Hybrid}
		if mw.opts.Zone != nil && mw.opts.Zone.String() != "Local" {
			f.Zone = mw.opts.Zone
		}
	}
	id := f.ID

	name := lineEntry(f.Name, "IGF 2022", true)
	required := name.Validator
	name.Validator = func(s string) error {
		if err := required(s); err != nil {
			return err
		}
		for _, other := range mw.plan.Forums {
			if other.ID != id && strings.EqualFold(other.Name, model.CleanLine(s)) {
				return fmt.Errorf("another forum is called %s", other.Name)
			}
		}
		return nil
	}
	kind := enumSelect(model.ForumKinds(), f.Kind)
	city := lineEntry(f.City, "Katowice", false)
	country := lineEntry(f.Country, "PL", false)
	country.Validator = func(s string) error {
		probe := model.Forum{Country: s}
		probe.Clean()
		return fieldError(probe.Validate(), "country")
	}
	format := enumSelect(model.Attendances(), f.Format)
	first := dateEntry(f.FirstDay, true)
	last := dateEntry(f.LastDay, true)
	lastDate := last.Validator
	last.Validator = func(s string) error {
		if err := lastDate(s); err != nil {
			return err
		}
		d, _ := model.ParseDate(s)
		if start, err := model.ParseDate(first.Text); err == nil && d.Before(start) {
			return fmt.Errorf("%s is before the first day %s", d, start)
		}
		return nil
	}
	// The last day's rule reads the first day, so it is checked again
	// whenever the first day changes.
	first.OnChanged = func(string) { last.Validate() }
	zone := zoneField(f.Zone, "Europe/Warsaw")
	website := lineEntry(f.Website, "https://www.intgovforum.org", false)
	website.Validator = func(s string) error {
		probe := model.Forum{Website: s}
		probe.Clean()
		return fieldError(probe.Validate(), "website")
	}
	deadline := dateEntry(f.ProposalDeadline, false)
	notes := textEntry(f.Notes, "What to remember about this forum")

	items := []*widget.FormItem{
		formItem("Name", name, "Unique in the plan"),
		formItem("Kind", kind, ""),
		formItem("City", city, ""),
		formItem("Country", country, "Two letters, ISO 3166-1 (PL, NZ, BR)"),
		formItem("Format", format, ""),
		formItem("First day", first, "In the forum's own time zone"),
		formItem("Last day", last, "Inclusive"),
		formItem("Time zone", zone, "Where the forum's clocks are, e.g. Europe/Warsaw"),
		formItem("Website", website, ""),
		formItem("Proposals due", deadline, "The day session proposals close"),
		formItem("Notes", notes, ""),
	}
	save := func() {
		out := model.Forum{ID: id, Name: name.Text, Kind: model.ForumKind(kind.Selected), City: city.Text,
			Country: country.Text, Format: model.Attendance(format.Selected), Website: website.Text, Notes: notes.Text}
		out.FirstDay, _ = model.ParseDate(first.Text)
		out.LastDay, _ = model.ParseDate(last.Text)
		out.ProposalDeadline, _ = model.ParseDate(deadline.Text)
		out.Zone, _ = model.LoadZone(zone.Text())
		out.Clean()
		if err := out.Validate(); err != nil {
			dialog.ShowError(err, mw.win)
			return
		}
		mw.saveForum(out)
	}
	if id == 0 {
		showForm(mw.win, title, confirm, items, save)
		return
	}
	var d dialog.Dialog
	del := widget.NewButtonWithIcon("Delete forum…", theme.DeleteIcon(), func() {
		d.Hide()
		what := f.Name
		switch n := countSessions(mw.plan, id); n {
		case 0:
		case 1:
			what += " and its session"
		default:
			what += " and its " + plural(n, "session")
		}
		confirmDelete(mw.win, what, func() { mw.deleteForum(id) })
	})
	del.Importance = widget.DangerImportance
	d = showForm(mw.win, title, confirm, items, save, del)
}

// countSessions counts a forum's sessions, which go with it when it is deleted.
func countSessions(p *model.Plan, forum int64) int {
	n := 0
	for _, s := range p.Sessions {
		if s.ForumID == forum {
			n++
		}
	}
	return n
}

// fieldError runs a record's own validation and keeps what it says about one
// field, so a form checks a field by the very rule the plan file is held to.
func fieldError(err error, field string) error {
	if p, ok := model.AsProblems(err); ok {
		if e := p.Field(field); e != nil {
			return e.Err
		}
	}
	return nil
}
