package ui

import (
	"fmt"

	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// What the form's choices show for "not tied to one".
const (
	noForum   = "(no forum)"
	noSession = "(no session)"
)

// actionForm edits one action item: a new one when it was opened with
// none. The owner is typed, with the matching people offered, so the form
// stays quick with thousands of people in the plan; the sessions offered
// are the chosen forum's.
type actionForm struct {
	mw     *Window
	action model.ActionItem

	title   *formEntry
	owner   *personField
	due     *formEntry
	status  *widget.Select
	forum   *widget.Select
	session *widget.Select
	notes   *formEntry
	// forumIDs and sessionIDs say which forum and session each choice
	// names.
	forumIDs, sessionIDs map[string]int64
}

// showActionForm opens the form on an action item, or on a new one when a
// is nil.
func showActionForm(mw *Window, a *model.ActionItem) {
	f := &actionForm{mw: mw}
	if a != nil {
		f.action = *a
	} else {
		f.action = model.ActionItem{Status: model.ActionOpen}
	}
	f.build().show(mw.win)
}

func (f *actionForm) build() recordForm {
	a, plan, index := f.action, f.mw.plan, f.mw.index
	f.title = lineEntry(a.Title, "What is to be done", true)
	f.owner = newPersonField(plan.People, a.OwnerID, "Type part of a name; empty for no owner", true)
	f.due = dateEntry(a.Due, false)
	f.status = enumSelect(model.ActionStatuses(), a.Status)

	f.forumIDs = map[string]int64{noForum: 0}
	forums := []string{noForum}
	for _, fo := range plan.Forums {
		f.forumIDs[fo.Name] = fo.ID
		forums = append(forums, fo.Name)
	}
	forumID := a.ForumID
	if s := index.Sessions[a.SessionID]; s != nil {
		forumID = s.ForumID
	}
	f.session = widget.NewSelect(nil, nil)
	f.forum = widget.NewSelect(forums, func(name string) { f.offerSessions(f.forumIDs[name]) })
	if fo := index.Forums[forumID]; fo != nil {
		f.forum.SetSelected(fo.Name)
	} else {
		f.forum.SetSelected(noForum)
	}
	for label, sid := range f.sessionIDs {
		if sid == a.SessionID && sid != 0 {
			f.session.SetSelected(label)
		}
	}
	f.notes = textEntry(a.Notes, "What was agreed, links")

	form := recordForm{title: "Add action item", confirm: "Add", check: f.check, save: f.save, items: []*widget.FormItem{
		formItem("Title", f.title, ""),
		formItem("Owner", f.owner, "Who has promised to do it"),
		formItem("Due", f.due, "Optional"),
		formItem("Status", f.status, ""),
		formItem("Forum", f.forum, ""),
		formItem("Session", f.session, "One of the forum's sessions"),
		formItem("Notes", f.notes, ""),
	}}
	if a.ID != 0 {
		form.title, form.confirm = "Edit action item", "Save"
		form.changed = changedLabel(a.Revision, f.mw.opts.Zone)
		form.deleting = func() string { return quoted(a.Title) }
		form.remove = func() { f.mw.deleteAction(f.action) }
	}
	return form
}

// offerSessions fills the session choice with a forum's sessions, keeping
// the one chosen when it is among them.
func (f *actionForm) offerSessions(forum int64) {
	var options []string
	options, f.sessionIDs = sessionChoices(f.mw.plan, f.mw.index.Forums[forum])
	keep := noSession
	if _, ok := f.sessionIDs[f.session.Selected]; ok {
		keep = f.session.Selected
	}
	f.session.SetOptions(options)
	f.session.SetSelected(keep)
}

// typed is the action item as the fields say.
func (f *actionForm) typed() model.ActionItem {
	out := model.ActionItem{ID: f.action.ID, Revision: f.action.Revision, Title: f.title.Text, Status: model.ActionStatus(f.status.Selected),
		ForumID: f.forumIDs[f.forum.Selected], SessionID: f.sessionIDs[f.session.Selected], Notes: f.notes.Text}
	if p := f.owner.Person(); p != nil {
		out.OwnerID = p.ID
	}
	out.Due, _ = model.ParseDate(f.due.Text)
	out.Clean()
	return out
}

// check says what is wrong with the action item as typed, by the rules the plan
// file holds it to.
func (f *actionForm) check() error {
	out := f.typed()
	return out.Validate()
}

func (f *actionForm) save(saved func()) {
	out := f.typed()
	save(f.mw, actionRecords, out, saved, func() {
		saved()
		f.mw.editAction(out.ID)
	})
}

// sessionChoices lists a forum's sessions by title for a choice, with
// "(no session)" first; a title that two sessions share gets their day.
func sessionChoices(p *model.Plan, f *model.Forum) ([]string, map[string]int64) {
	options := []string{noSession}
	ids := map[string]int64{noSession: 0}
	if f == nil {
		return options, ids
	}
	for _, s := range p.Sessions {
		if s.ForumID != f.ID {
			continue
		}
		label := s.Title
		if _, taken := ids[label]; taken && s.Scheduled() {
			label = fmt.Sprintf("%s (%s)", s.Title, s.Start.In(f.Zone).Format("Mon 2 Jan 15:04"))
		}
		if _, taken := ids[label]; taken {
			label = fmt.Sprintf("%s (#%d)", s.Title, s.ID)
		}
		ids[label] = s.ID
		options = append(options, label)
	}
	return options, ids
}
