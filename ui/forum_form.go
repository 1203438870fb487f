package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// forumForm edits one forum: a new one when it was opened with none. Every
// field is checked as the user types by the model's own rules, so Save
// stays off until the forum is one the plan file accepts.
type forumForm struct {
	mw    *Window
	forum model.Forum

	name, city, country *formEntry
	kind, format        *widget.Select
	first, last         *formEntry
	zone                *offerField
	website, deadline   *formEntry
	notes               *formEntry
}

// showForumForm opens the form on a forum, or on a new one when f is nil.
func showForumForm(mw *Window, f *model.Forum) {
	form := &forumForm{mw: mw}
	if f != nil {
		form.forum = *f
	} else {
		form.forum = model.Forum{Kind: model.KindNational, Format: model.Hybrid}
		if mw.opts.Zone != nil && mw.opts.Zone.String() != "Local" {
			form.forum.Zone = mw.opts.Zone
		}
	}
	form.build().show(mw.win)
}

func (f *forumForm) build() recordForm {
	fo, id := f.forum, f.forum.ID
	f.name = lineEntry(fo.Name, "IGF 2022", true)
	required := f.name.Validator
	f.name.Validator = func(s string) error {
		if err := required(s); err != nil {
			return err
		}
		for _, other := range f.mw.plan.Forums {
			if other.ID != id && strings.EqualFold(other.Name, model.CleanLine(s)) {
				return fmt.Errorf("another forum is called %s", other.Name)
			}
		}
		return nil
	}
	f.kind = enumSelect(model.ForumKinds(), fo.Kind)
	f.city = lineEntry(fo.City, "Katowice", false)
	f.country = lineEntry(fo.Country, "PL", false)
	f.country.Validator = func(s string) error {
		probe := model.Forum{Country: s}
		probe.Clean()
		return fieldError(probe.Validate(), "country")
	}
	f.format = enumSelect(model.Attendances(), fo.Format)
	f.first = dateEntry(fo.FirstDay, true)
	f.last = dateEntry(fo.LastDay, true)
	lastDate := f.last.Validator
	f.last.Validator = func(s string) error {
		if err := lastDate(s); err != nil {
			return err
		}
		d, _ := model.ParseDate(s)
		if start, err := model.ParseDate(f.first.Text); err == nil && d.Before(start) {
			return fmt.Errorf("%s is before the first day %s", d, start)
		}
		return nil
	}
	// The last day's rule reads the first day, so it is checked again
	// whenever the first day changes.
	f.first.OnChanged = func(string) { f.last.Validate() }
	f.zone = zoneField(fo.Zone, "Europe/Warsaw")
	f.website = lineEntry(fo.Website, "https://www.intgovforum.org", false)
	f.website.Validator = func(s string) error {
		probe := model.Forum{Website: s}
		probe.Clean()
		return fieldError(probe.Validate(), "website")
	}
	f.deadline = dateEntry(fo.ProposalDeadline, false)
	f.notes = textEntry(fo.Notes, "What to remember about this forum")

	form := recordForm{title: "Add forum", confirm: "Add", check: f.check, save: f.save, items: []*widget.FormItem{
		formItem("Name", f.name, "Unique in the plan"),
		formItem("Kind", f.kind, ""),
		formItem("City", f.city, ""),
		formItem("Country", f.country, "Two letters, ISO 3166-1 (PL, NZ, BR)"),
		formItem("Format", f.format, ""),
		formItem("First day", f.first, "In the forum's own time zone"),
		formItem("Last day", f.last, "Inclusive"),
		formItem("Time zone", f.zone, "Where the forum's clocks are, e.g. Europe/Warsaw"),
		formItem("Website", f.website, ""),
		formItem("Proposals due", f.deadline, "The day session proposals close"),
		formItem("Notes", f.notes, ""),
	}}
	if id != 0 {
		form.title, form.confirm = "Edit forum", "Save"
		form.deleting = f.deleting
		form.remove = func() { f.mw.deleteForum(id) }
	}
	return form
}

// typed is the forum as its fields say.
func (f *forumForm) typed() model.Forum {
	out := model.Forum{ID: f.forum.ID, Name: f.name.Text, Kind: model.ForumKind(f.kind.Selected), City: f.city.Text,
		Country: f.country.Text, Format: model.Attendance(f.format.Selected), Website: f.website.Text, Notes: f.notes.Text}
	out.FirstDay, _ = model.ParseDate(f.first.Text)
	out.LastDay, _ = model.ParseDate(f.last.Text)
	out.ProposalDeadline, _ = model.ParseDate(f.deadline.Text)
	out.Zone, _ = model.LoadZone(f.zone.Text())
	out.Clean()
	return out
}

// check says what is wrong with the forum as typed, by the rules the plan
// file holds it to.
func (f *forumForm) check() error {
	out := f.typed()
	return out.Validate()
}

func (f *forumForm) save(saved func()) {
	out := f.typed()
	save(f.mw, forumRecords, out, saved, nil)
}

// deleting names the forum and the sessions that go with it.
func (f *forumForm) deleting() string {
	what := f.forum.Name
	switch n := countSessions(f.mw.plan, f.forum.ID); n {
	case 0:
	case 1:
		what += " and its session"
	default:
		what += " and its " + plural(n, "session")
	}
	return what
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
