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
	title       *widget.Entry
	format      *widget.Select
	status      *widget.Select
	day         *widget.Entry
	start, end  *widget.Entry
	room        *widget.Entry
	organisers  *widget.CheckGroup
	topics      *widget.SelectEntry
	people      *participantsEditor
	description *widget.Entry
	reportDue   *widget.Entry
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
		f.session = model.Session{ForumID: mw.plan.Forums[0].ID, Format: model.FormatWorkshop, Status: model.StatusIdea}
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
	times := []*widget.Entry{f.day, f.start, f.end}
	for _, e := range times {
		e.Validator = f.validateTimes(e.Validator)
		e.OnChanged = func(string) {
			for _, other := range times {
				if other != e {
					other.Validate()
				}
			}
		}
	}

	f.room = lineEntry(s.Room, "Room, Online, or a meeting link", false)
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
	f.people = newParticipantsEditor(mw, s.Participants)
	f.description = textEntry(s.Description, "What will be discussed, and the link for online participants")
	f.reportDue = dateEntry(s.ReportDue, false)

	zoneHint := func() string { return "YYYY-MM-DD, on the forum's clock (" + f.zone().String() + ")" }
	dayItem := formItem("Day", f.day, zoneHint())
	f.forum.OnChanged = func(string) {
		dayItem.HintText = zoneHint()
		f.day.Validate()
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
		formItem("Organisers", f.organisers, "Two or more make it a joint session"),
		formItem("Topics", f.topics, ""),
		formItem("People", f.people, "Role and whether they have confirmed"),
		formItem("Description", f.description, ""),
		formItem("Report due", f.reportDue, "YYYY-MM-DD"),
	}
	title, confirm := "New session", "Add session"
	var extra []fyne.CanvasObject
	if s.ID != 0 {
		title, confirm = "Edit session", "Save"
		del := widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), nil)
		del.Importance = widget.DangerImportance
		extra = append(extra, del)
		var d interface{ Hide() }
		del.OnTapped = func() {
			confirmDelete(mw.win, fmt.Sprintf("the session %q", s.Title), func() {
				d.Hide()
				mw.deleteSession(s.ID)
			})
		}
		extra = append(extra, sessionReportButton(mw, s.ID, func() { d.Hide() }))
		d = showForm(mw.win, title, confirm, items, f.save, extra...)
		return
	}
	showForm(mw.win, title, confirm, items, f.save)
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

func (f *sessionForm) save() {
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
	f.mw.saveSession(s)
}

// participantsEditor lists a session's people, each with a role and a
// confirmation, with a button to add one. People are picked by typing part
// of a name: a plan may hold thousands of people, too many for one list. It
// is a validatable widget, so the form's confirm button stays off while a
// row names someone who is not in the plan.
type participantsEditor struct {
	widget.BaseWidget
	mw        *Window
	rows      *fyne.Container
	all       *fyne.Container
	list      []*participantRow
	onChanged func(error)
}

type participantRow struct {
	person *widget.SelectEntry
	role   *widget.Select
	status *widget.Select
	box    *fyne.Container
}

func newParticipantsEditor(mw *Window, current []model.Participation) *participantsEditor {
	e := &participantsEditor{mw: mw, rows: container.NewVBox()}
	for _, pt := range current {
		e.add(pt)
	}
	addButton := widget.NewButtonWithIcon("Add person", theme.ContentAddIcon(), func() {
		e.add(model.Participation{Role: model.RoleSpeaker, Status: model.Invited})
		e.changed()
	})
	e.all = container.NewVBox(e.rows, container.NewHBox(addButton))
	e.ExtendBaseWidget(e)
	return e
}

func (e *participantsEditor) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(e.all)
}

// Validate reports the first row that names no one in the plan.
func (e *participantsEditor) Validate() error {
	for _, r := range e.list {
		if err := r.person.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// SetOnValidationChanged is how the form learns that a row became right or wrong.
func (e *participantsEditor) SetOnValidationChanged(fn func(error)) { e.onChanged = fn }

func (e *participantsEditor) changed() {
	if e.onChanged != nil {
		e.onChanged(e.Validate())
	}
}

// label is how a person is shown and picked: name and affiliation, which
// tells apart two people of one name.
func personLabel(p *model.Person) string {
	if p.Affiliation == "" {
		return p.Name
	}
	return p.Name + " — " + p.Affiliation
}

func (e *participantsEditor) add(pt model.Participation) {
	r := &participantRow{
		person: widget.NewSelectEntry(nil),
		role:   enumSelect(model.Roles(), pt.Role),
		status: enumSelect(model.Confirmations(), pt.Status),
	}
	if p := e.mw.index.People[pt.PersonID]; p != nil {
		r.person.SetText(personLabel(p))
	}
	r.person.SetPlaceHolder("Type a name")
	r.person.OnChanged = func(text string) { r.person.SetOptions(e.matches(text)) }
	r.person.Validator = func(text string) error {
		if e.personID(text) == 0 {
			return fmt.Errorf("%q is not in the plan; add them in People first", text)
		}
		return nil
	}
	r.person.SetOnValidationChanged(func(error) { e.changed() })
	remove := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), nil)
	r.box = container.NewBorder(nil, nil, nil, container.NewHBox(r.role, r.status, remove), r.person)
	remove.OnTapped = func() {
		e.list = slices.DeleteFunc(e.list, func(x *participantRow) bool { return x == r })
		e.rows.Remove(r.box)
		e.changed()
	}
	e.list = append(e.list, r)
	e.rows.Add(r.box)
}

// matches offers the first people whose name holds the typed text.
func (e *participantsEditor) matches(text string) []string {
	text = strings.ToLower(strings.TrimSpace(text))
	var out []string
	for i := range e.mw.plan.People {
		p := &e.mw.plan.People[i]
		if strings.Contains(strings.ToLower(p.Name), text) {
			out = append(out, personLabel(p))
			if len(out) == 12 {
				break
			}
		}
	}
	return out
}

// personID finds the person a row names, by label or by name alone.
func (e *participantsEditor) personID(text string) int64 {
	text = strings.TrimSpace(text)
	for i := range e.mw.plan.People {
		p := &e.mw.plan.People[i]
		if personLabel(p) == text || strings.EqualFold(p.Name, text) {
			return p.ID
		}
	}
	return 0
}

func (e *participantsEditor) participations() []model.Participation {
	var out []model.Participation
	for _, r := range e.list {
		if id := e.personID(r.person.Text); id != 0 {
			out = append(out, model.Participation{PersonID: id, Role: model.Role(r.role.Selected),
				Status: model.Confirmation(r.status.Selected)})
		}
	}
	return out
}
