package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/imip"
)

// topicSuggestions are the seed's topics, offered when typing a session's
// topics.
var topicSuggestions = []string{
	"IoT device management and security standards", "vulnerability management and disclosure",
	"enforcement and waivers", "device configuration", "data protection",
	"logical access to interfaces", "software update", "cybersecurity state awareness",
	"data access and interoperability",
}

// sessionForm edits one session: a new one when it was opened with none.
type sessionForm struct {
	mw      *Window
	session model.Session

	forum       *widget.Select
	title       *formEntry
	format      *widget.Select
	status      *widget.Select
	day         *formEntry
	start, end  *formEntry
	room        *formEntry
	organisers  *widget.CheckGroup
	topics      *widget.SelectEntry
	people      *participantsEditor
	description *formEntry
	reportDue   *formEntry
	// clashes says, as the times, room and people are typed, which
	// sessions this one would clash with.
	clashes *widget.Label
}

// showSessionForm opens the form on a session, or on a new one when s is nil.
func showSessionForm(mw *Window, s *model.Session) {
	if len(mw.plan.Forums) == 0 {
		dialog.ShowInformation("No forum yet", "A session takes place at a forum: add the forum first, in the Year view.", mw.win)
		return
	}
	f := &sessionForm{mw: mw}
	if s != nil {
		f.session = *s
	} else {
		// A new session is at the forum the agenda shows, when it shows one.
		forumID := mw.plan.Forums[0].ID
		if fo := mw.forumNamed(mw.sessions.forum.Selected); fo != nil {
			forumID = fo.ID
		}
		f.session = model.Session{ForumID: forumID, Format: model.FormatWorkshop, Status: model.StatusIdea}
		if own := ownCoalition(mw.plan); own != "" {
			f.session.Organisers = []string{own}
		}
	}
	f.build()
}

func ownCoalition(p *model.Plan) string {
	for _, c := range p.Coalitions {
		if c.Own {
			return c.ShortName
		}
	}
	return ""
}

func (f *sessionForm) build() {
	s, mw := &f.session, f.mw
	forumNames := make([]string, len(mw.plan.Forums))
	for i, fo := range mw.plan.Forums {
		forumNames[i] = fo.Name
	}
	f.forum = widget.NewSelect(forumNames, nil)
	if fo := mw.index.Forums[s.ForumID]; fo != nil {
		f.forum.SetSelected(fo.Name)
	}
	f.title = lineEntry(s.Title, "What the session is about", true)
	f.format = enumSelect(model.SessionFormats(), s.Format)
	f.status = enumSelect(model.SessionStatuses(), s.Status)

	day, start, end := "", "", ""
	if s.Scheduled() {
		loc := f.zone()
		day = s.Start.In(loc).Format(time.DateOnly)
		start, end = s.Start.In(loc).Format("15:04"), s.End.In(loc).Format("15:04")
	}
	f.day = dateEntry(model.Date{}, false)
	f.day.SetText(day)
	f.start, f.end = clockEntry(start), clockEntry(end)
	// The times are one reading of the forum's clocks: each field checks
	// the whole, so a time that does not exist there (clocks going forward)
	// is named where it was typed.
	times := []*formEntry{f.day, f.start, f.end}
	for _, e := range times {
		e.Validator = f.validateTimes(e.Validator)
		e.OnChanged = func(string) {
			for _, other := range times {
				if other != e {
					other.Validate()
				}
			}
			f.showClashes()
		}
	}

	f.room = lineEntry(s.Room, "Room, Online, or a meeting link", false)
	f.room.OnChanged = func(string) { f.showClashes() }
	f.status.OnChanged = func(string) { f.showClashes() }
	var shorts []string
	for _, c := range mw.plan.Coalitions {
		shorts = append(shorts, c.ShortName)
	}
	f.organisers = widget.NewCheckGroup(shorts, nil)
	f.organisers.Horizontal = true
	f.organisers.SetSelected(s.Organisers)
	f.topics = widget.NewSelectEntry(topicSuggestions)
	f.topics.SetText(strings.Join(s.Topics, "; "))
	f.topics.SetPlaceHolder("Topics, separated by ;")
	f.topics.OnChanged = f.suggestTopic
	f.people = newParticipantsEditor(mw.plan.People, s.Participants)
	f.people.onEdited = f.showClashes
	f.clashes = widget.NewLabel("")
	f.clashes.Wrapping = fyne.TextWrapWord
	f.description = textEntry(s.Description, "What will be discussed, and the link for online participants")
	f.reportDue = dateEntry(s.ReportDue, false)
	f.showClashes()

	zoneHint := func() string { return "YYYY-MM-DD, on the forum's clock (" + f.zone().String() + ")" }
	dayItem := formItem("Day", f.day, zoneHint())
	f.forum.OnChanged = func(string) {
		dayItem.HintText = zoneHint()
		f.day.Validate()
		f.showClashes()
	}
	items := []*widget.FormItem{
		formItem("Forum", f.forum, ""),
		formItem("Title", f.title, ""),
		formItem("Format", f.format, ""),
		formItem("Status", f.status, "Ideas and proposals may have no time yet"),
		dayItem,
		formItem("Starts", f.start, ""),
		formItem("Ends", f.end, "On the day it starts; split a session that runs past midnight"),
		formItem("Room", f.room, ""),
		formItem("Clashes", f.clashes, ""),
		formItem("Organisers", f.organisers, "Two or more make it a joint session"),
		formItem("Topics", f.topics, ""),
		formItem("People", f.people, "Role and whether they have confirmed"),
		formItem("Description", f.description, ""),
		formItem("Report due", f.reportDue, "YYYY-MM-DD"),
	}
	form := recordForm{title: "New session", confirm: "Add session", items: items, check: f.check, save: f.save}
	if s.ID == 0 {
		form.show(mw.win)
		return
	}
	form.title, form.confirm = "Edit session", "Save"
	form.changed = changedLabel(s.Revision, mw.opts.Zone)
	form.deleting = func() string { return "the session " + quoted(s.Title) }
	form.remove = func() { mw.deleteSession(f.session) }
	var d dialog.Dialog
	form.extra = []fyne.CanvasObject{
		widget.NewButtonWithIcon("Invite by email…", theme.MailSendIcon(), func() { mw.inviteDialog(imip.Scope{SessionID: s.ID}) }),
		sessionReportButton(mw, s.ID, func() { d.Hide() }),
	}
	d = form.show(mw.win)
}

// zone is the selected forum's zone, which the times are typed in.
func (f *sessionForm) zone() *time.Location {
	for _, fo := range f.mw.plan.Forums {
		if fo.Name == f.forum.Selected {
			return fo.Zone
		}
	}
	return time.UTC
}

// validateTimes wraps a field's own check with the check of the three time
// fields together.
func (f *sessionForm) validateTimes(own fyne.StringValidator) fyne.StringValidator {
	return func(text string) error {
		if err := own(text); err != nil {
			return err
		}
		_, _, err := f.times()
		return err
	}
}

// times reads the day and hours as instants on the forum's clock; all three
// empty mean no time yet.
func (f *sessionForm) times() (start, end time.Time, err error) {
	day, from, to := strings.TrimSpace(f.day.Text), strings.TrimSpace(f.start.Text), strings.TrimSpace(f.end.Text)
	if day == "" && from == "" && to == "" {
		return start, end, nil
	}
	if day == "" || from == "" || to == "" {
		return start, end, errors.New("give the day, the start and the end, or none of them")
	}
	d, err := model.ParseDate(day)
	if err != nil {
		return start, end, err
	}
	if d.Year < model.FirstYear || d.Year > model.LastYear {
		return start, end, fmt.Errorf("%d lies outside the years %d to %d in which a session may take place",
			d.Year, model.FirstYear, model.LastYear)
	}
	loc := f.zone()
	startMin, err1 := parseClock(from)
	endMin, err2 := parseClock(to)
	if err := errors.Join(err1, err2); err != nil {
		return start, end, err
	}
	if endMin <= startMin {
		return start, end, errors.New("the session ends before it starts")
	}
	if start, err = model.WallClock(d.Year, d.Month, d.Day, startMin/60, startMin%60, loc); err != nil {
		return start, end, err
	}
	end, err = model.WallClock(d.Year, d.Month, d.Day, endMin/60, endMin%60, loc)
	return start, end, err
}

// suggestTopic narrows the suggestions to the topic being typed, the one
// after the last ";".
func (f *sessionForm) suggestTopic(text string) {
	parts := strings.Split(text, ";")
	typed := strings.ToLower(strings.TrimSpace(parts[len(parts)-1]))
	prefix := strings.Join(parts[:len(parts)-1], ";")
	if prefix != "" {
		prefix += "; "
	}
	var options []string
	for _, t := range topicSuggestions {
		if strings.Contains(t, typed) {
			options = append(options, prefix+t)
		}
	}
	f.topics.SetOptions(options)
}

// typed is the session as the form now has it; times that do not yet
// read as times are left out.
func (f *sessionForm) typed() model.Session {
	s := f.session
	for _, fo := range f.mw.plan.Forums {
		if fo.Name == f.forum.Selected {
			s.ForumID = fo.ID
		}
	}
	s.Title = f.title.Text
	s.Format = model.SessionFormat(f.format.Selected)
	s.Status = model.SessionStatus(f.status.Selected)
	s.Start, s.End, _ = f.times()
	s.Room = f.room.Text
	s.Organisers = slices.Clone(f.organisers.Selected)
	s.Topics = model.CleanList(strings.Split(f.topics.Text, ";"))
	s.Participants = f.people.participations()
	s.Description = f.description.Text
	s.ReportDue, _ = model.ParseDate(f.reportDue.Text)
	return s
}

func (f *sessionForm) check() error {
	s := f.typed()
	s.Clean()
	return s.Validate()
}

func (f *sessionForm) save(saved func()) {
	save(f.mw, sessionRecords, f.typed(), saved, func() {
		saved()
		f.mw.editSession(f.session.ID)
	})
}

// showClashes says which sessions this one would clash with as typed, on
// the clocks its times are typed on: "Zofia Wróblewska is in “…” 11:30–12:30".
func (f *sessionForm) showClashes() {
	if f.reportDue == nil {
		return // the form is still being built
	}
	s := f.typed()
	if !s.Scheduled() {
		f.clashes.Importance = widget.MediumImportance
		f.clashes.SetText("None yet: the session has no time")
		return
	}
	var lines []string
	for _, c := range f.mw.check.ClashesOf(&s) {
		other := f.mw.index.Sessions[c.With]
		if other == nil {
			continue
		}
		when := hoursIn(other.Start, other.End, f.zone())
		if model.DateOf(other.Start.In(f.zone())) != model.DateOf(s.Start.In(f.zone())) {
			when = other.Start.In(f.zone()).Format("Mon 2 Jan ") + when
		}
		at := ""
		if fo := f.mw.index.Forums[other.ForumID]; other.ForumID != s.ForumID && fo != nil {
			at = " at " + fo.Name
		}
		if p := f.mw.index.People[c.PersonID]; p != nil {
			lines = append(lines, fmt.Sprintf("%s is in “%s”%s %s", p.Name, other.Title, at, when))
		} else {
			lines = append(lines, fmt.Sprintf("%s holds “%s” %s", other.Room, other.Title, when))
		}
	}
	if len(lines) == 0 {
		f.clashes.Importance = widget.SuccessImportance
		f.clashes.SetText("None: its people are free then, and so is its room")
		return
	}
	f.clashes.Importance = widget.DangerImportance
	f.clashes.SetText(strings.Join(lines, "\n"))
}

// participantsEditor lists a session's people, each with a role and a
// confirmation, with a button to add one. It is validatable, so the form's
// confirm button stays off while a row names no one.
type participantsEditor struct {
	widget.BaseWidget
	people    []model.Person
	rows      *fyne.Container
	all       *fyne.Container
	list      []*participantRow
	onChanged func(error)
	// onEdited runs after any change of who takes part, or how.
	onEdited func()
}

type participantRow struct {
	person *personField
	role   *widget.Select
	status *widget.Select
	box    *fyne.Container
	// err is the person field's verdict as it last reported it. The editor
	// reads it rather than asking the field again: asking would report
	// again, and a report that asks again never ends.
	err error
}

func newParticipantsEditor(people []model.Person, current []model.Participation) *participantsEditor {
	e := &participantsEditor{people: people, rows: container.NewVBox()}
	for _, pt := range current {
		e.add(pt)
	}
	addButton := widget.NewButtonWithIcon("Add person", theme.ContentAddIcon(), func() {
		r := e.add(model.Participation{Role: model.RoleSpeaker, Status: model.Invited})
		e.changed()
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
			c.Focus(r.person.field.entry)
		}
	})
	e.all = container.NewVBox(e.rows, container.NewHBox(addButton))
	e.ExtendBaseWidget(e)
	return e
}

func (e *participantsEditor) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(e.all)
}

// Validate checks every row and reports the first that names no one.
func (e *participantsEditor) Validate() error {
	for _, r := range e.list {
		r.err = r.person.Validate()
	}
	return e.firstError()
}

// SetOnValidationChanged is how the form learns that a row became right or wrong.
func (e *participantsEditor) SetOnValidationChanged(fn func(error)) { e.onChanged = fn }

func (e *participantsEditor) firstError() error {
	for i, r := range e.list {
		if r.err != nil {
			return fmt.Errorf("person %d: %w", i+1, r.err)
		}
	}
	return nil
}

func (e *participantsEditor) changed() {
	if e.onChanged != nil {
		e.onChanged(e.firstError())
	}
	if e.onEdited != nil {
		e.onEdited()
	}
}

func (e *participantsEditor) add(pt model.Participation) *participantRow {
	r := &participantRow{
		person: newPersonField(e.people, pt.PersonID, "Type part of a name", false),
		role:   enumSelect(model.Roles(), pt.Role),
		status: enumSelect(model.Confirmations(), pt.Status),
	}
	r.err = r.person.Validate()
	r.person.SetOnValidationChanged(func(err error) {
		r.err = err
		e.changed()
	})
	r.person.OnPicked = func(*model.Person) { e.changed() }
	r.role.OnChanged = func(string) { e.changed() }
	r.status.OnChanged = func(string) { e.changed() }
	remove := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), nil)
	// The choices stay on the field's line while people are offered under it.
	r.box = container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(r.role, r.status, remove)), r.person)
	remove.OnTapped = func() {
		e.list = slices.DeleteFunc(e.list, func(x *participantRow) bool { return x == r })
		e.rows.Remove(r.box)
		e.changed()
	}
	e.list = append(e.list, r)
	e.rows.Add(r.box)
	return r
}

func (e *participantsEditor) participations() []model.Participation {
	var out []model.Participation
	for _, r := range e.list {
		if p := r.person.Person(); p != nil {
			out = append(out, model.Participation{PersonID: p.ID, Role: model.Role(r.role.Selected),
				Status: model.Confirmation(r.status.Selected)})
		}
	}
	return out
}
