package ui

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// sessionsView is the agenda: sessions grouped by forum and day, in the
// forum's zone or the viewer's, filtered by forum, status, topic and person
// and searched as the user types. It is a virtual list: the rows are plain
// data rebuilt on each filter change, and only those on screen are drawn,
// so a plan of tens of thousands of sessions stays fast.
type sessionsView struct {
	state  *planState
	editor editor
	// add is hidden while the plan may only be read.
	add *widget.Button

	search *widget.Entry
	forum  *widget.Select
	status *widget.Select
	topic  *widget.Select
	person *widget.Entry
	zone   *widget.Check
	count  *widget.Label
	// grid shows one forum's day as a grid of rooms instead of the list;
	// day picks the day.
	grid *widget.Check
	day  *widget.Select
	list *widget.List
	// holder shows the current list; each filter makes a new one (see rebuild).
	holder  *fyne.Container
	content fyne.CanvasObject

	rows []agendaRow
	// haystack holds each session's searchable text, lower-cased once per
	// refresh rather than on every keystroke.
	haystack []string
	// people holds each session's participant names, lower-cased, for the
	// person filter.
	people []string
}

type rowKind int

const (
	forumRow rowKind = iota
	dayRow
	sessionRow
)

// agendaRow is one line of the agenda: a forum heading, a day heading, or a
// session (an index into the plan's sessions).
type agendaRow struct {
	kind    rowKind
	text    string
	session int
}

const (
	allForums   = "All forums"
	allStatuses = "All statuses"
	allTopics   = "All topics"
)

func newSessionsView(state *planState, ed editor) *sessionsView {
	v := &sessionsView{state: state, editor: ed}
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder("Search titles, rooms, people, topics (Ctrl+F)")
	v.search.OnChanged = func(string) { v.filter(false) }
	v.forum = widget.NewSelect(nil, func(string) { v.filter(false) })
	v.status = widget.NewSelect(nil, func(string) { v.filter(false) })
	v.topic = widget.NewSelect(nil, func(string) { v.filter(false) })
	v.person = widget.NewEntry()
	v.person.SetPlaceHolder("Person")
	v.person.OnChanged = func(string) { v.filter(false) }
	v.zone = widget.NewCheck(v.viewerZoneLabel(), func(bool) { v.filter(true) })
	v.count = widget.NewLabel("")
	v.day = widget.NewSelect(nil, func(string) { v.rebuild(false) })
	v.day.PlaceHolder = "Day"
	// The day's choice is as wide as its longest day; hidden with the list.
	dayBox := container.NewGridWrap(fyne.NewSize(190, v.day.MinSize().Height), v.day)
	dayBox.Hide()
	v.grid = widget.NewCheck("Day × room grid", func(on bool) {
		if on {
			dayBox.Show()
		} else {
			dayBox.Hide()
		}
		v.filter(false)
	})

	v.holder = container.NewStack()

	v.add = widget.NewButtonWithIcon("New session", theme.ContentAddIcon(), func() { v.editor.editSession(0) })
	v.add.Importance = widget.HighImportance
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(v.grid, dayBox, v.zone, v.add), v.search),
		container.NewGridWithColumns(4, v.forum, v.status, v.topic, v.person),
	)
	footer := container.NewBorder(nil, nil, v.count, balanceLegend())
	v.content = container.NewBorder(container.NewPadded(top), container.NewPadded(footer), nil, nil, v.holder)
	return v
}

func (v *sessionsView) object() fyne.CanvasObject { return v.content }

func (v *sessionsView) viewerZoneLabel() string {
	return "Times in my zone (" + v.state.opts.Zone.String() + ")"
}

// refresh takes in a changed plan: the filters' choices and the search text
// of every session, then the rows.
func (v *sessionsView) refresh() {
	p := v.state.plan
	v.state.offerEdits(v.add)
	forums := []string{allForums}
	for _, f := range p.Forums {
		forums = append(forums, f.Name)
	}
	setOptions(v.forum, forums)
	statuses := []string{allStatuses}
	for _, s := range model.SessionStatuses() {
		statuses = append(statuses, string(s))
	}
	setOptions(v.status, statuses)
	topics := map[string]bool{}
	for _, s := range p.Sessions {
		for _, t := range s.Topics {
			topics[t] = true
		}
	}
	setOptions(v.topic, append([]string{allTopics}, sortedKeys(topics)...))

	v.haystack = make([]string, len(p.Sessions))
	v.people = make([]string, len(p.Sessions))
	var b strings.Builder
	for i, s := range p.Sessions {
		b.Reset()
		for _, pt := range s.Participants {
			if pe := v.state.index.People[pt.PersonID]; pe != nil {
				b.WriteString(pe.Name)
				b.WriteByte('\n')
			}
		}
		v.people[i] = strings.ToLower(b.String())
		v.haystack[i] = strings.ToLower(strings.Join([]string{s.Title, s.Room, string(s.Format),
			strings.Join(s.Organisers, " "), strings.Join(s.Topics, " ")}, "\n")) + "\n" + v.people[i]
	}
	v.filter(true)
}

// setOptions gives a filter new choices, keeping the current one when it
// still exists.
func setOptions(s *widget.Select, options []string) {
	current := s.Selected
	s.SetOptions(options)
	if !slices.Contains(options, current) {
		current = options[0]
	}
	s.SetSelected(current)
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// displayZone is the zone times are shown in for a forum: the forum's own,
// or the viewer's when the switch says so.
func (v *sessionsView) displayZone(f *model.Forum) *time.Location {
	if !v.zone.Checked {
		return f.Zone
	}
	return v.state.opts.Zone
}

// filter rebuilds the rows from the sessions that pass every filter; keep
// says whether to stay where the list was scrolled to (after an edit, or a
// switch of zone) rather than go back to the top (a new search).
func (v *sessionsView) filter(keep bool) {
	if v.haystack == nil {
		return // the filters are being set up by the first refresh
	}
	p := v.state.plan
	words := strings.Fields(strings.ToLower(v.search.Text))
	person := strings.ToLower(strings.TrimSpace(v.person.Text))
	v.rows = v.rows[:0]
	shown, lastForum, lastDay := 0, int64(-1), ""
	for i := range p.Sessions {
		s := &p.Sessions[i]
		f := v.state.index.Forums[s.ForumID]
		if f == nil || !v.passes(s, f, i, words, person) {
			continue
		}
		if s.ForumID != lastForum {
			v.rows = append(v.rows, agendaRow{kind: forumRow, text: v.forumHeading(f)})
			lastForum, lastDay = s.ForumID, ""
		}
		day := "Not yet scheduled"
		if s.Scheduled() {
			day = s.Start.In(v.displayZone(f)).Format("Monday 2 January 2006")
		}
		if day != lastDay {
			v.rows = append(v.rows, agendaRow{kind: dayRow, text: day})
			lastDay = day
		}
		v.rows = append(v.rows, agendaRow{kind: sessionRow, session: i})
		shown++
	}
	switch {
	case len(p.Sessions) == 0:
		v.count.SetText("No sessions yet: add one with New session (Ctrl+N).")
	case shown == len(p.Sessions):
		v.count.SetText(fmt.Sprintf("%d sessions", shown))
	default:
		v.count.SetText(fmt.Sprintf("%d of %d sessions match", shown, len(p.Sessions)))
	}
	v.rebuild(keep)
}

// rebuild shows the rows in a new list. Headings are shorter than sessions,
// and a list told of a row's height refreshes itself whole each time, which
// for thousands of headings costs seconds; a list not yet on screen only
// notes the heights. So each filter makes a list, sets the headings'
// heights, and puts it in place of the last.
func (v *sessionsView) rebuild(keep bool) {
	if v.grid.Checked {
		v.showGrid()
		return
	}
	list := widget.NewList(func() int { return len(v.rows) }, v.newAgendaItem, v.updateItem)
	list.OnSelected = func(id widget.ListItemID) {
		list.Unselect(id)
		if id < len(v.rows) && v.rows[id].kind == sessionRow {
			v.editor.editSession(v.state.plan.Sessions[v.rows[id].session].ID)
		}
	}
	forumHeight := theme.TextSubHeadingSize() + 3*theme.InnerPadding()
	dayHeight := theme.TextSize() + 3*theme.InnerPadding()
	for i, r := range v.rows {
		switch r.kind {
		case forumRow:
			list.SetItemHeight(i, forumHeight)
		case dayRow:
			list.SetItemHeight(i, dayHeight)
		}
	}
	offset := float32(0)
	if keep && v.list != nil {
		offset = v.list.GetScrollOffset()
	}
	v.list = list
	v.holder.Objects = []fyne.CanvasObject{list}
	v.holder.Refresh()
	if offset > 0 {
		list.ScrollToOffset(offset)
	}
}

func (v *sessionsView) passes(s *model.Session, f *model.Forum, i int, words []string, person string) bool {
	if sel := v.forum.Selected; sel != allForums && sel != f.Name {
		return false
	}
	if sel := v.status.Selected; sel != allStatuses && sel != string(s.Status) {
		return false
	}
	if sel := v.topic.Selected; sel != allTopics && !slices.Contains(s.Topics, sel) {
		return false
	}
	if person != "" && !strings.Contains(v.people[i], person) {
		return false
	}
	for _, w := range words {
		if !strings.Contains(v.haystack[i], w) {
			return false
		}
	}
	return true
}

// showGrid shows the day picked of the forum the agenda is filtered to (or
// of the first forum it lists) as a grid of its rooms, with the sessions
// that pass the filters.
func (v *sessionsView) showGrid() {
	var forum *model.Forum
	days := map[string][]*model.Session{}
	for _, r := range v.rows {
		if r.kind != sessionRow {
			continue
		}
		s := &v.state.plan.Sessions[r.session]
		if forum == nil {
			forum = v.state.index.Forums[s.ForumID]
		}
		if s.ForumID != forum.ID || !s.Scheduled() {
			continue
		}
		day := s.Start.In(v.displayZone(forum)).Format("Mon 2 Jan 2006")
		days[day] = append(days[day], s)
	}
	var grid fyne.CanvasObject
	if forum == nil {
		grid = container.NewCenter(widget.NewLabel("No session passes the filters."))
	} else {
		names := make([]string, 0, len(days))
		for day := range days {
			names = append(names, day)
		}
		slices.SortFunc(names, func(a, b string) int { return days[a][0].Start.Compare(days[b][0].Start) })
		day := v.day.Selected
		if !slices.Contains(names, day) && len(names) > 0 {
			day = names[0]
		}
		v.day.OnChanged = nil
		v.day.SetOptions(names)
		v.day.SetSelected(day)
		v.day.OnChanged = func(string) { v.rebuild(false) }
		loc := v.displayZone(forum)
		g := newDayGrid(days[day], loc, v.state.check.InClash)
		title := widget.NewLabelWithStyle(forum.Name+" · "+day+" · "+zoneName(loc), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		grid = container.NewBorder(title, nil, nil, nil, gridView(g, loc, v.editor.editSession, v.editor.tipLayer()))
	}
	v.holder.Objects = []fyne.CanvasObject{grid}
	v.holder.Refresh()
}

// forumHeading names a forum, where and when it meets, and the clocks its
// sessions' times are shown on: the forum's, or the viewer's.
func (v *sessionsView) forumHeading(f *model.Forum) string {
	where := strings.Join(nonEmpty(f.City, f.Country), ", ")
	clocks := f.Zone.String()
	if loc := v.displayZone(f); loc != f.Zone {
		clocks = "times in your zone, " + loc.String()
	}
	return fmt.Sprintf("%s  ·  %s  ·  %s – %s  ·  %s", f.Name, where,
		f.FirstDay.Format("2 Jan"), f.LastDay.Format("2 Jan 2006"), clocks)
}

// agendaItem is the template of every row; a row shows either its heading
// or its session's parts.
type agendaItem struct {
	widget.BaseWidget
	heading *canvas.Text
	accent  *canvas.Rectangle
	when    *widget.Label
	title   *clippedText
	people  *clippedText
	status  *statusPill
	clash   *widget.Label
	room    *clippedText
	orgs    *widget.Label
	balance *balanceBar
	session *fyne.Container
	box     *fyne.Container
}

func (v *sessionsView) newAgendaItem() fyne.CanvasObject {
	tips := v.editor.tipLayer()
	it := &agendaItem{
		heading: canvas.NewText("", theme.Color(theme.ColorNameForeground)),
		accent:  canvas.NewRectangle(theme.Color(theme.ColorNamePrimary)),
		when:    widget.NewLabel(""),
		title:   newClippedText(tips),
		people:  newClippedText(tips),
		status:  newStatusPill(),
		clash:   widget.NewLabelWithStyle("⚠ clash", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		room:    newClippedText(tips),
		orgs:    widget.NewLabel(""),
		balance: newBalanceBar(),
	}
	it.heading.TextStyle = fyne.TextStyle{Bold: true}
	it.accent.SetMinSize(fyne.NewSize(theme.Padding(), 0))
	it.when.TextStyle = fyne.TextStyle{Monospace: true}
	it.people.sizeName = theme.SizeNameCaptionText
	it.room.sizeName = theme.SizeNameCaptionText
	it.orgs.SizeName = theme.SizeNameCaptionText
	it.clash.SizeName = theme.SizeNameCaptionText
	it.clash.Importance = widget.DangerImportance

	right := container.NewVBox(
		container.NewHBox(layout.NewSpacer(), it.clash, it.status, it.orgs),
		container.NewHBox(layout.NewSpacer(), it.balance),
	)
	roomCol := container.NewGridWrap(fyne.NewSize(170, it.room.MinSize().Height), it.room)
	// The right edge keeps clear of the list's scroll bar.
	edge := canvas.NewRectangle(color.Transparent)
	edge.SetMinSize(fyne.NewSize(theme.ScrollBarSize(), 0))
	it.session = container.NewBorder(nil, nil,
		container.NewHBox(it.accent, it.when),
		container.NewHBox(roomCol, right, edge),
		container.NewVBox(it.title, it.people))
	it.box = container.NewStack(container.NewPadded(it.heading), it.session)
	it.ExtendBaseWidget(it)
	return it
}

func (it *agendaItem) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(it.box)
}

func (v *sessionsView) updateItem(id widget.ListItemID, obj fyne.CanvasObject) {
	it := obj.(*agendaItem)
	if id >= len(v.rows) {
		return
	}
	row := v.rows[id]
	if row.kind != sessionRow {
		it.session.Hide()
		it.heading.Text = row.text
		if row.kind == forumRow {
			it.heading.TextSize = theme.TextSubHeadingSize()
			it.heading.Color = theme.Color(theme.ColorNamePrimary)
		} else {
			it.heading.TextSize = theme.TextSize()
			it.heading.Color = theme.Color(theme.ColorNameForeground)
		}
		it.heading.Show()
		it.heading.Refresh()
		return
	}
	it.heading.Hide()
	it.session.Show()
	s := &v.state.plan.Sessions[row.session]
	f := v.state.index.Forums[s.ForumID]
	it.when.SetText(v.hours(s, f))
	it.title.SetText(s.Title, fyne.TextStyle{Bold: s.Joint()})
	it.people.SetText(v.peopleLine(s), fyne.TextStyle{})
	it.status.set(s.Status)
	if v.state.check.InClash(s.ID) {
		it.clash.Show()
	} else {
		it.clash.Hide()
	}
	it.room.SetText(s.Room, fyne.TextStyle{})
	if s.Joint() {
		it.accent.Show()
		it.orgs.SetText("Joint: " + strings.Join(s.Organisers, " + "))
		it.orgs.Importance = widget.HighImportance
	} else {
		it.accent.Hide()
		it.orgs.SetText(strings.Join(s.Organisers, " + "))
		it.orgs.Importance = widget.MediumImportance
	}
	it.orgs.Refresh()
	it.balance.set(model.SessionBalance(s, v.state.index.People))
}

// hours is a session's start and end in the zone shown, with the zone's
// abbreviation when it is the viewer's.
func (v *sessionsView) hours(s *model.Session, f *model.Forum) string {
	if !s.Scheduled() {
		return "  —  "
	}
	loc := v.displayZone(f)
	start, end := s.Start.In(loc), s.End.In(loc)
	text := start.Format("15:04") + "–" + end.Format("15:04")
	if model.DateOf(end) != model.DateOf(start) {
		text += " +1"
	}
	return text
}

// peopleLine names the people of a session with their roles and whether
// they have confirmed: ✓ confirmed, ? invited, ✗ declined.
func (v *sessionsView) peopleLine(s *model.Session) string {
	if len(s.Participants) == 0 {
		return "No one yet"
	}
	parts := make([]string, 0, len(s.Participants))
	for _, pt := range s.Participants {
		name := "?"
		if p := v.state.index.People[pt.PersonID]; p != nil {
			name = p.Name
		}
		parts = append(parts, fmt.Sprintf("%s (%s %s)", name, pt.Role, confirmationMark(pt.Status)))
	}
	return strings.Join(parts, " · ")
}

func confirmationMark(c model.Confirmation) string {
	switch c {
	case model.Confirmed:
		return "✓"
	case model.Declined:
		return "✗ declined"
	}
	return "? invited"
}

func nonEmpty(parts ...string) []string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return kept
}
