package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
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

// yearView is the year at a glance: every month the plan spans, each with
// its forums, proposal deadlines and report due dates in date order, and a
// marker at today, so a coordinator sees where the coalition will be and what
// is due next. The rows are plain data built in refresh and drawn by a
// virtual list, so thousands of report dates cost only the rows on screen.
type yearView struct {
	state  *planState
	editor editor
	// add is hidden while the plan may only be read.
	add *widget.Button

	rows []yearRow
	// month is the offset of today's month heading, where the view opens.
	month float32
	// Row heights: entries take the template's, headings and the today
	// marker less; own holds the rows given a height of their own.
	entryHeight, monthHeight, todayHeight float32
	own                                   []widget.ListItemID

	nextForum *clippedText
	nextDue   *clippedText
	// year picks the year shown, or every year not put away; putAway puts
	// a past year away, or brings it back.
	year    *widget.Select
	putAway *widget.Button
	list    *widget.List
	content fyne.CanvasObject
	// opened says whether the timeline was scrolled to today yet; later
	// refreshes (after an edit) leave it where the user scrolled it.
	opened bool
}

type yearKind int

// Kinds of row; entries of one day are listed in this order.
const (
	yearMonth yearKind = iota
	yearGap
	yearToday
	yearForum
	yearDeadline
	yearReport
)

// yearRow is one line of the timeline.
type yearRow struct {
	kind    yearKind
	day     model.Date
	when    string // the date column
	title   string
	detail  string
	forum   int64 // the forum a forum or deadline row opens
	session int64 // the session a report row opens
	past    bool  // before today: drawn quieter
	now     bool  // a forum under way today
	overdue bool  // a report past due and not in: drawn as an error
}

func newYearView(state *planState, ed editor) *yearView {
	v := &yearView{state: state, editor: ed, nextForum: newClippedText(ed.tipLayer()), nextDue: newClippedText(ed.tipLayer())}
	v.list = widget.NewList(func() int { return len(v.rows) }, func() fyne.CanvasObject { return newYearItem(ed.tipLayer()) }, v.updateItem)
	v.list.HideSeparators = true
	v.list.OnSelected = v.open
	probe := newYearItem(ed.tipLayer()).(*yearItem)
	v.entryHeight, v.monthHeight, v.todayHeight = probe.MinSize().Height, probe.month.MinSize().Height, probe.mark.MinSize().Height
	v.add = widget.NewButtonWithIcon("Add forum", theme.ContentAddIcon(), func() { ed.editForum(0) })
	v.add.Importance = widget.HighImportance
	today := widget.NewButtonWithIcon("Today", theme.CalendarIcon(), v.scrollToToday)
	focus := widget.NewButtonWithIcon("Our focus", theme.DocumentCreateIcon(), func() { ed.editNarrative(state.opts.Today.Year) })
	v.year = widget.NewSelect(nil, func(string) {
		v.refresh()
		// Another year opens at its start; this one, and every year, at today.
		if i := v.year.SelectedIndex(); i > 0 && v.year.Options[i] != strconv.Itoa(state.opts.Today.Year) {
			v.list.ScrollToTop()
		} else {
			v.scrollToToday()
		}
	})
	v.putAway = widget.NewButtonWithIcon("", theme.StorageIcon(), v.togglePutAway)
	top := container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(
		container.NewGridWrap(fyne.NewSize(170, v.year.MinSize().Height), v.year), v.putAway, today, focus, v.add)),
		container.NewVBox(v.nextForum, v.nextDue))
	v.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, v.list)
	return v
}

func (v *yearView) object() fyne.CanvasObject { return v.content }

// allYears is the year choice that shows every year not put away.
const allYears = "All years"

// refresh rebuilds the timeline from the plan: the year picked, or every
// year not put away.
func (v *yearView) refresh() {
	today := v.state.opts.Today
	all := v.entries(today)
	picked := v.pickYears(all, today)
	archived := func(year int) bool { return slices.Contains(v.state.plan.Archived, year) }
	var entries []yearRow
	for _, e := range all {
		if picked == 0 && !archived(e.day.Year) || e.day.Year == picked {
			entries = append(entries, e)
		}
	}
	v.rows = v.rows[:0]
	first, last := monthOf(today), monthOf(today)
	if picked != 0 && picked != today.Year {
		// Another year is shown whole, without today's marker.
		first, last = monthOf(model.Date{Year: picked, Month: 1, Day: 1}), monthOf(model.Date{Year: picked, Month: 12, Day: 1})
	}
	if len(entries) > 0 {
		first = min(first, monthOf(entries[0].day))
		last = max(last, monthOf(entries[len(entries)-1].day))
	}
	marked := picked != 0 && picked != today.Year
	markToday := func() {
		v.rows = append(v.rows, yearRow{kind: yearToday, day: today, when: "Today",
			title: today.Format("Monday 2 January 2006")})
		marked = true
	}
	next, gap := 0, -1
	for m := first; m <= last; m++ {
		busy := m == monthOf(today) || next < len(entries) && monthOf(entries[next].day) == m
		if !busy {
			if gap < 0 {
				gap = m
			}
			continue
		}
		if gap >= 0 {
			v.rows = append(v.rows, yearRow{kind: yearGap, title: nothingPlanned(gap, m-1)})
			gap = -1
		}
		day := monthStart(m)
		if m == monthOf(today) {
			v.month = v.offsetOf(len(v.rows))
		}
		v.rows = append(v.rows, yearRow{kind: yearMonth, day: day, title: day.Format("January 2006")})
		for ; next < len(entries) && monthOf(entries[next].day) == m; next++ {
			if !marked && !entries[next].day.Before(today) {
				markToday()
			}
			v.rows = append(v.rows, entries[next])
		}
		if !marked && m == monthOf(today) {
			markToday()
		}
	}
	v.summarise(all, today)
	v.setHeights()
	v.list.Refresh()
	if !v.opened {
		v.opened = true
		v.scrollToToday()
	}
}

// pickYears offers the years the plan has entries in, and today's, and
// returns the year picked (0 for every year not put away). It says on the
// button whether the year picked can be put away or brought back.
func (v *yearView) pickYears(entries []yearRow, today model.Date) int {
	years := []int{today.Year}
	for _, e := range entries {
		if !slices.Contains(years, e.day.Year) {
			years = append(years, e.day.Year)
		}
	}
	slices.Sort(years)
	options := []string{allYears}
	for _, y := range years {
		label := strconv.Itoa(y)
		if slices.Contains(v.state.plan.Archived, y) {
			label += " (put away)"
		}
		options = append(options, label)
	}
	// Setting the choices must not refresh the view again.
	onChanged := v.year.OnChanged
	v.year.OnChanged = nil
	was := v.year.SelectedIndex()
	v.year.SetOptions(options)
	v.year.SetSelectedIndex(max(0, min(was, len(options)-1)))
	v.year.OnChanged = onChanged
	picked := 0
	if i := v.year.SelectedIndex(); i > 0 {
		picked = years[i-1]
	}
	v.state.offerEdits(v.add)
	switch {
	case picked == 0 || picked >= today.Year || v.state.readOnly:
		v.putAway.Hide()
	case slices.Contains(v.state.plan.Archived, picked):
		v.putAway.SetText(fmt.Sprintf("Bring %d back", picked))
		v.putAway.Show()
	default:
		v.putAway.SetText(fmt.Sprintf("Put %d away", picked))
		v.putAway.Show()
	}
	return picked
}

// togglePutAway puts the year picked away, or brings it back.
func (v *yearView) togglePutAway() {
	i := v.year.SelectedIndex()
	if i <= 0 {
		return
	}
	year, _ := strconv.Atoi(strings.Fields(v.year.Options[i])[0])
	v.editor.putAway(year, !slices.Contains(v.state.plan.Archived, year))
}

// entries returns the forums, proposal deadlines and report due dates of
// the plan in date order.
func (v *yearView) entries(today model.Date) []yearRow {
	p := v.state.plan
	sessions := make(map[int64]int, len(p.Forums))
	for _, s := range p.Sessions {
		sessions[s.ForumID]++
	}
	overdue := v.state.check.ReportsOverdue()
	var rows []yearRow
	for i := range p.Forums {
		f := &p.Forums[i]
		now := !today.Before(f.FirstDay) && !f.LastDay.Before(today)
		detail := f.Place() + " · " + f.Zone.String() + " · " + string(f.Format) + " · " + plural(sessions[f.ID], "session")
		if now {
			detail = "Under way · " + detail
		}
		rows = append(rows, yearRow{kind: yearForum, day: f.FirstDay, when: model.DaySpan(f.FirstDay, f.LastDay),
			title: f.Name, detail: detail, forum: f.ID, past: f.LastDay.Before(today), now: now})
		if !f.ProposalDeadline.IsZero() {
			// A deadline falls months before its forum: the forum's days
			// need their year.
			days := model.SpanWithYear(f.FirstDay, f.LastDay)
			rows = append(rows, yearRow{kind: yearDeadline, day: f.ProposalDeadline,
				when: f.ProposalDeadline.Format("Mon 2 Jan"), title: "Proposals due for " + f.Name,
				detail: f.Name + ": " + days + " in " + f.Place(), forum: f.ID,
				past: f.ProposalDeadline.Before(today)})
		}
	}
	for i := range p.Sessions {
		s := &p.Sessions[i]
		f := v.state.index.Forums[s.ForumID]
		due := model.ReportDue(s, f)
		if due.IsZero() {
			continue
		}
		detail := string(s.Status)
		if f != nil {
			detail = f.Name + " · " + detail
		}
		if overdue[s.ID] {
			detail = "Overdue · " + detail
		}
		rows = append(rows, yearRow{kind: yearReport, day: due, when: due.Format("Mon 2 Jan"),
			title: "Report due: " + s.Title, detail: detail, session: s.ID,
			past: due.Before(today), overdue: overdue[s.ID]})
	}
	slices.SortStableFunc(rows, func(a, b yearRow) int {
		return cmp.Or(a.day.Compare(b.day), cmp.Compare(a.kind, b.kind), strings.Compare(a.title, b.title))
	})
	return rows
}

// summarise says where the coalition goes next and what is due next, and
// first what is overdue: a report or promise past its date matters more
// than the next one.
func (v *yearView) summarise(entries []yearRow, today model.Date) {
	v.nextForum.SetText("Next forum: none planned", fyne.TextStyle{})
	v.nextDue.SetText("Next due: nothing", fyne.TextStyle{})
	overdue := ""
	reports, actions := len(v.state.check.ReportsOverdue()), v.state.check.ActionsOverdue()
	switch {
	case reports > 0 && actions > 0:
		overdue = fmt.Sprintf("Overdue: %s and %s. ", plural(reports, "session report"), plural(actions, "action item"))
	case reports > 0:
		overdue = fmt.Sprintf("Overdue: %s. ", plural(reports, "session report"))
	case actions > 0:
		overdue = fmt.Sprintf("Overdue: %s. ", plural(actions, "action item"))
	}
	v.nextDue.importance = widget.MediumImportance
	if overdue != "" {
		v.nextDue.importance = widget.DangerImportance
		v.nextDue.SetText(overdue+"Next due: nothing", fyne.TextStyle{})
	}
	var forum, due bool
	for _, r := range entries {
		switch {
		case r.now && !forum:
			forum = true
			f := v.state.index.Forums[r.forum]
			v.nextForum.SetText(fmt.Sprintf("Now: %s, %s, until %s", r.title, f.Place(), f.LastDay.Format("Mon 2 Jan")), fyne.TextStyle{})
		case r.day.Before(today):
		case r.kind == yearForum && !forum:
			forum = true
			v.nextForum.SetText(fmt.Sprintf("Next forum: %s, %s, %s", r.title, v.state.index.Forums[r.forum].Place(), inDays(r.day, today)), fyne.TextStyle{})
		case r.kind != yearForum && !due:
			due = true
			v.nextDue.SetText(fmt.Sprintf("%sNext due: %s, %s", overdue, r.title, inDays(r.day, today)), fyne.TextStyle{})
		}
	}
}

// inDays says when a day is, seen from today: "Mon 6 Dec 2021, in 5 days".
func inDays(d, today model.Date) string {
	switch n := daysBetween(today, d); n {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	default:
		return fmt.Sprintf("%s, in %d days", d.Format("Mon 2 Jan 2006"), n)
	}
}

// daysBetween counts the days from one date to another.
func daysBetween(from, to model.Date) int {
	return int(to.Midnight(time.UTC).Sub(from.Midnight(time.UTC)).Hours() / 24)
}

// scrollToToday shows today's month at the top of the timeline.
func (v *yearView) scrollToToday() {
	v.list.ScrollToOffset(v.month)
}

// height is how tall a row is drawn.
func (v *yearView) height(r yearRow) float32 {
	switch r.kind {
	case yearMonth:
		return v.monthHeight
	case yearToday, yearGap:
		return v.todayHeight
	}
	return v.entryHeight
}

// offsetOf is how far down the timeline a row starts: the rows before it
// and the list's padding between rows.
func (v *yearView) offsetOf(id int) float32 {
	var y float32
	for _, r := range v.rows[:id] {
		y += v.height(r) + theme.Padding()
	}
	return y
}

// setHeights gives headings and the today marker their own, smaller
// height. Only those few rows are set, and those set last time are put back
// first, since every height set redraws the list.
func (v *yearView) setHeights() {
	for _, id := range v.own {
		if id < len(v.rows) && v.height(v.rows[id]) == v.entryHeight {
			v.list.SetItemHeight(id, v.entryHeight)
		}
	}
	v.own = v.own[:0]
	for id, r := range v.rows {
		if h := v.height(r); h != v.entryHeight {
			v.list.SetItemHeight(id, h)
			v.own = append(v.own, id)
		}
	}
}

// open edits the forum a row names, or the session whose report is due.
func (v *yearView) open(id widget.ListItemID) {
	v.list.Unselect(id)
	if id >= len(v.rows) {
		return
	}
	r := v.rows[id]
	if r.forum != 0 {
		v.editor.editForum(r.forum)
	} else {
		v.editor.editSession(r.session)
	}
}

// monthOf numbers months consecutively, so a range of them is a for loop.
func monthOf(d model.Date) int { return d.Year*12 + int(d.Month) - 1 }

// monthStart is the first day of a month numbered by monthOf.
func monthStart(m int) model.Date {
	return model.Date{Year: m / 12, Month: time.Month(m%12 + 1), Day: 1}
}

// nothingPlanned stands for a run of months with nothing in them, which
// would otherwise fill the timeline with empty headings.
func nothingPlanned(first, last int) string {
	from, to := monthStart(first), monthStart(last)
	switch {
	case first == last:
		return "Nothing planned in " + from.Format("January 2006")
	case from.Year == to.Year:
		return "Nothing planned from " + from.Format("January") + " to " + to.Format("January 2006")
	}
	return "Nothing planned from " + from.Format("January 2006") + " to " + to.Format("January 2006")
}

// yearItem is the template of every timeline row: a month heading, or an
// entry with its date, icon, title and details, or the today marker, whose
// title is followed by a line across the timeline.
type yearItem struct {
	widget.BaseWidget
	heading *widget.Label
	rule    *widget.Separator
	when    *clippedText
	icon    *widget.Icon
	title   *clippedText
	detail  *clippedText
	text    *fyne.Container
	today   *widget.Label
	line    *canvas.Rectangle
	mark    *fyne.Container
	month   *fyne.Container
	entry   *fyne.Container
	body    *fyne.Container
}

func newYearItem(tips *tipLayer) fyne.CanvasObject {
	it := &yearItem{
		heading: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		rule:    widget.NewSeparator(),
		when:    newClippedText(tips),
		icon:    widget.NewIcon(nil),
		title:   newClippedText(tips),
		detail:  newClippedText(tips),
		today:   widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		line:    canvas.NewRectangle(theme.Color(theme.ColorNamePrimary)),
	}
	it.heading.SizeName = theme.SizeNameSubHeadingText
	it.detail.sizeName = theme.SizeNameCaptionText
	it.when.alignment = fyne.TextAlignTrailing
	it.line.SetMinSize(fyne.NewSize(0, 2))
	// The date column is as wide as a long span of days, so titles line up
	// down the whole year.
	when := container.NewGridWrap(widget.NewLabel("28 Sep – 30 Sep").MinSize(), it.when)
	it.month = container.NewBorder(nil, it.rule, nil, nil, it.heading)
	it.today.Importance = widget.HighImportance
	// Title and details read as one entry: the labels' own padding is
	// space enough between them.
	it.text = container.New(layout.NewCustomPaddedVBoxLayout(-theme.InnerPadding()), it.title, it.detail)
	it.mark = container.NewBorder(nil, nil, it.today, nil,
		container.NewVBox(layout.NewSpacer(), it.line, layout.NewSpacer()))
	it.entry = container.NewBorder(nil, nil, container.NewVBox(container.NewHBox(when, it.icon)), nil,
		container.NewStack(it.text, container.NewVBox(it.mark)))
	it.body = container.NewStack(it.month, it.entry)
	it.ExtendBaseWidget(it)
	return it
}

func (it *yearItem) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(it.body)
}

func (v *yearView) updateItem(id widget.ListItemID, obj fyne.CanvasObject) {
	if id < len(v.rows) {
		obj.(*yearItem).set(v.rows[id])
	}
}

// set shows a row.
func (it *yearItem) set(r yearRow) {
	if r.kind == yearMonth || r.kind == yearGap {
		// A gap between months reads as an aside, not as a heading.
		it.entry.Hide()
		if r.kind == yearMonth {
			it.heading.SizeName, it.heading.TextStyle = theme.SizeNameSubHeadingText, fyne.TextStyle{Bold: true}
			it.rule.Show()
		} else {
			it.heading.SizeName, it.heading.TextStyle = theme.SizeNameText, fyne.TextStyle{Italic: true}
			it.rule.Hide()
		}
		it.heading.SetText(r.title)
		it.month.Show()
		return
	}
	it.month.Hide()
	it.entry.Show()
	it.when.SetText(r.when, fyne.TextStyle{Bold: r.kind == yearToday})
	it.when.importance, it.detail.importance = widget.MediumImportance, widget.MediumImportance
	if r.kind == yearToday {
		it.text.Hide()
		it.when.importance = widget.HighImportance
		it.today.SetText(r.title)
		it.line.FillColor = theme.Color(theme.ColorNamePrimary)
		it.line.Refresh()
		it.mark.Show()
	} else {
		it.mark.Hide()
		it.title.SetText(r.title, fyne.TextStyle{Bold: true})
		it.detail.SetText(r.detail, fyne.TextStyle{})
		it.text.Show()
	}
	var icon fyne.Resource
	switch r.kind {
	case yearToday:
		icon = theme.NewPrimaryThemedResource(theme.MediaPlayIcon())
	case yearForum:
		icon = theme.NewPrimaryThemedResource(theme.HomeIcon())
	case yearDeadline:
		icon = theme.NewWarningThemedResource(theme.MailSendIcon())
	case yearReport:
		icon = theme.NewSuccessThemedResource(theme.DocumentCreateIcon())
	}
	if r.overdue {
		icon = theme.NewErrorThemedResource(theme.DocumentCreateIcon())
		it.when.importance, it.detail.importance = widget.DangerImportance, widget.DangerImportance
	} else if r.past {
		// Past entries stay readable; only their icon steps back.
		icon = theme.NewDisabledResource(icon)
	}
	it.icon.SetResource(icon)
	it.when.Refresh()
	it.detail.Refresh()
}
