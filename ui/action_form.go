package ui

import (
	"fmt"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// What the form's choices show for "not tied to one".
const (
	noForum   = "(no forum)"
	noSession = "(no session)"
)

// showActionForm edits an action item, or adds one when a is nil. The owner
// is typed, with the matching people offered, so the form stays quick with
// thousands of people in the plan; the sessions offered are the chosen
// forum's.
func showActionForm(mw *Window, a *model.ActionItem) {
	title, confirm := "Edit action item", "Save"
	if a == nil {
		title, confirm = "Add action item", "Add"
		a = &model.ActionItem{Status: model.ActionOpen}
	}
	id := a.ID

	what := lineEntry(a.Title, "What is to be done", true)
	owner := newPersonField(mw.plan.People, a.OwnerID, "Type part of a name; empty for no owner", true)
	due := dateEntry(a.Due, false)
	status := enumSelect(model.ActionStatuses(), a.Status)

	forumIDs := map[string]int64{noForum: 0}
	forums := []string{noForum}
	for _, f := range mw.plan.Forums {
		forumIDs[f.Name] = f.ID
		forums = append(forums, f.Name)
	}
	forumID := a.ForumID
	if s := mw.index.Sessions[a.SessionID]; s != nil {
		forumID = s.ForumID
	}
	var sessionIDs map[string]int64
	session := widget.NewSelect(nil, nil)
	// offerSessions fills the session choice with a forum's sessions,
	// keeping the one chosen when it is among them.
	offerSessions := func(forum int64) {
		var options []string
		options, sessionIDs = sessionChoices(mw.plan, mw.index.Forums[forum])
		keep := noSession
		if _, ok := sessionIDs[session.Selected]; ok {
			keep = session.Selected
		}
		session.SetOptions(options)
		session.SetSelected(keep)
	}
	forum := widget.NewSelect(forums, func(name string) { offerSessions(forumIDs[name]) })
	if f := mw.index.Forums[forumID]; f != nil {
		forum.SetSelected(f.Name)
	} else {
		forum.SetSelected(noForum)
	}
	for label, sid := range sessionIDs {
		if sid == a.SessionID && sid != 0 {
			session.SetSelected(label)
		}
	}
	notes := textEntry(a.Notes, "What was agreed, links")

	items := []*widget.FormItem{
		formItem("Title", what, ""),
		formItem("Owner", owner, "Who has promised to do it"),
		formItem("Due", due, "Optional"),
		formItem("Status", status, ""),
		formItem("Forum", forum, ""),
		formItem("Session", session, "One of the forum's sessions"),
		formItem("Notes", notes, ""),
	}
	save := func() {
		out := model.ActionItem{ID: id, Title: what.Text, Status: model.ActionStatus(status.Selected),
			ForumID: forumIDs[forum.Selected], SessionID: sessionIDs[session.Selected], Notes: notes.Text}
		if p := owner.Person(); p != nil {
			out.OwnerID = p.ID
		}
		out.Due, _ = model.ParseDate(due.Text)
		out.Clean()
		if err := out.Validate(); err != nil {
			dialog.ShowError(err, mw.win)
			return
		}
		mw.saveAction(out)
	}
	if id == 0 {
		showForm(mw.win, title, confirm, items, save)
		return
	}
	var d dialog.Dialog
	del := widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), func() {
		d.Hide()
		confirmDelete(mw.win, "“"+a.Title+"”", func() { mw.deleteAction(id) })
	})
	del.Importance = widget.DangerImportance
	d = showForm(mw.win, title, confirm, items, save, del)
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
