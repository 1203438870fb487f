package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// actionsView is what people have promised to do, by due date, owner or
// status, with the overdue ones standing out and their status a click away.
// It is a virtual list: rows are indexes into the plan's action items,
// rebuilt when the plan or the order changes, and only those on screen are
// drawn.
type actionsView struct {
	state  *planState
	editor editor
	// add is hidden while the plan may only be read.
	add *widget.Button

	order   *widget.Select
	closed  *widget.Check
	summary *widget.Label
	list    *widget.List
	content fyne.CanvasObject

	rows []int
	// kept holds items closed from their row since the order or the filter
	// last changed: the row stays, showing its new status, so a click on
	// Done does not make it vanish under the pointer and a slip can be undone.
	kept map[int64]bool
}

// Orders the view offers.
const (
	byDue    = "due date"
	byOwner  = "owner"
	byStatus = "status"
)

func newActionsView(state *planState, ed editor) *actionsView {
	v := &actionsView{state: state, editor: ed, summary: widget.NewLabel(""), kept: map[int64]bool{}}
	v.summary.Truncation = fyne.TextTruncateEllipsis
	v.summary.Alignment = fyne.TextAlignCenter
	v.order = widget.NewSelect([]string{byDue, byOwner, byStatus}, nil)
	v.order.SetSelected(byDue)
	v.order.OnChanged = func(string) { v.reorder() }
	v.closed = widget.NewCheck("Show done and dropped", func(bool) { v.reorder() })
	v.list = widget.NewList(func() int { return len(v.rows) }, func() fyne.CanvasObject { return newActionItem(ed.tipLayer()) }, v.updateItem)
	v.list.OnSelected = func(id widget.ListItemID) {
		v.list.Unselect(id)
		if id < len(v.rows) {
			v.editor.editAction(v.state.plan.Actions[v.rows[id]].ID)
		}
	}
	v.add = widget.NewButtonWithIcon("Add action", theme.ContentAddIcon(), func() { ed.editAction(0) })
	v.add.Importance = widget.HighImportance
	top := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel("Order by:"), v.order, v.closed), v.add, v.summary)
	v.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, v.list)
	return v
}

func (v *actionsView) object() fyne.CanvasObject { return v.content }

// reorder starts afresh after the order or the filter changed.
func (v *actionsView) reorder() {
	clear(v.kept)
	v.refresh()
}

// refresh picks and orders the rows from the plan.
func (v *actionsView) refresh() {
	v.state.offerEdits(v.add)
	actions, today := v.state.plan.Actions, v.state.opts.Today
	v.rows = v.rows[:0]
	open, overdue, hidden := 0, 0, 0
	for i := range actions {
		a := &actions[i]
		if !a.Status.Closed() {
			open++
		}
		if a.Overdue(today) {
			overdue++
		}
		if a.Status.Closed() && !v.closed.Checked && !v.kept[a.ID] {
			hidden++
			continue
		}
		v.rows = append(v.rows, i)
	}
	owner := func(a *model.ActionItem) string {
		if p := v.state.index.People[a.OwnerID]; p != nil {
			return p.Name
		}
		return ""
	}
	slices.SortStableFunc(v.rows, func(i, j int) int {
		a, b := &actions[i], &actions[j]
		switch v.order.Selected {
		case byOwner:
			// Items without an owner come last, where nobody is looking.
			oa, ob := owner(a), owner(b)
			switch {
			case oa == "" && ob != "":
				return 1
			case oa != "" && ob == "":
				return -1
			}
			if c := strings.Compare(oa, ob); c != 0 {
				return c
			}
		case byStatus:
			if c := cmp.Compare(slices.Index(model.ActionStatuses(), a.Status), slices.Index(model.ActionStatuses(), b.Status)); c != 0 {
				return c
			}
		}
		return compareActions(*a, *b)
	})
	summary := fmt.Sprintf("%d to do", open)
	if overdue > 0 {
		summary += fmt.Sprintf(", %d overdue", overdue)
	}
	if hidden > 0 {
		summary += fmt.Sprintf(" · %d done or dropped not shown", hidden)
	}
	v.summary.SetText(summary)
	v.list.Refresh()
}

// setStatus saves an action item with a new status: the one-click change
// each row offers.
func (v *actionsView) setStatus(id int64, status model.ActionStatus) {
	i := slices.IndexFunc(v.state.plan.Actions, func(a model.ActionItem) bool { return a.ID == id })
	if i < 0 || v.state.plan.Actions[i].Status == status {
		return
	}
	a := v.state.plan.Actions[i]
	a.Status = status
	v.kept[id] = true
	v.editor.saveAction(a)
}

// actionItem is the template of a row: the due day and how it stands, the
// title with its owner and forum, and the status with a Done button.
type actionItem struct {
	widget.BaseWidget
	due    *widget.Label
	when   *widget.Label
	flag   *widget.Icon
	title  *clippedText
	about  *clippedText
	status *widget.Select
	done   *widget.Button
	box    *fyne.Container
}

func newActionItem(tips *tipLayer) fyne.CanvasObject {
	it := &actionItem{
		due:    widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		when:   widget.NewLabel(""),
		flag:   widget.NewIcon(nil),
		title:  newClippedText(tips),
		about:  newClippedText(tips),
		status: enumSelect(model.ActionStatuses(), model.ActionOpen),
		done:   widget.NewButtonWithIcon("Done", theme.ConfirmIcon(), nil),
	}
	it.when.SizeName = theme.SizeNameCaptionText
	it.about.sizeName = theme.SizeNameCaptionText
	pad := layout.NewCustomPaddedVBoxLayout(-theme.InnerPadding())
	// The due column is as wide as the widest day, so titles line up.
	dueSize := widget.NewLabelWithStyle("Wed 30 Sep 2021", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}).MinSize()
	dueSize.Height = 0
	due := container.NewGridWrap(dueSize, container.New(pad, it.due, it.when))
	it.box = container.NewBorder(nil, nil,
		container.NewHBox(it.flag, due),
		container.NewCenter(container.NewHBox(it.status, it.done)),
		container.New(pad, it.title, it.about))
	it.ExtendBaseWidget(it)
	return it
}

func (it *actionItem) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(it.box)
}

func (v *actionsView) updateItem(id widget.ListItemID, obj fyne.CanvasObject) {
	if id >= len(v.rows) {
		return
	}
	it, a := obj.(*actionItem), v.state.plan.Actions[v.rows[id]]
	today := v.state.opts.Today

	if a.Due.IsZero() {
		it.due.SetText("No due date")
	} else {
		it.due.SetText(a.Due.Format("Mon 2 Jan 2006"))
	}
	it.due.Importance, it.when.Importance = widget.MediumImportance, widget.MediumImportance
	it.flag.SetResource(nil)
	switch {
	case a.Overdue(today):
		it.due.Importance, it.when.Importance = widget.DangerImportance, widget.DangerImportance
		it.when.SetText(plural(daysBetween(a.Due, today), "day") + " overdue")
		it.flag.SetResource(theme.NewErrorThemedResource(theme.WarningIcon()))
	case a.Status.Closed():
		it.when.SetText(string(a.Status))
	case a.Due.IsZero():
		it.when.SetText("")
	default:
		it.when.SetText(dueIn(a.Due, today))
	}
	it.due.Refresh()
	it.when.Refresh()

	// What is still to do reads heavier than what is finished.
	it.title.SetText(a.Title, fyne.TextStyle{Bold: !a.Status.Closed()})
	it.about.SetText(v.about(&a), fyne.TextStyle{})

	// The select is reused by other rows: it must not report the value it
	// is given here as the user's choice.
	it.status.OnChanged = nil
	it.status.SetSelected(string(a.Status))
	it.status.OnChanged = func(s string) { v.setStatus(a.ID, model.ActionStatus(s)) }
	it.done.OnTapped = func() { v.setStatus(a.ID, model.ActionDone) }
	if a.Status.Closed() || v.state.readOnly {
		it.done.Disable()
	} else {
		it.done.Enable()
	}
	if v.state.readOnly {
		it.status.Disable()
	} else {
		it.status.Enable()
	}
}

// about names an item's owner and what it is tied to.
func (v *actionsView) about(a *model.ActionItem) string {
	owner := "No owner"
	if p := v.state.index.People[a.OwnerID]; p != nil {
		owner = p.Name
	}
	var forum, session string
	if f := v.state.index.Forums[a.ForumID]; f != nil {
		forum = f.Name
	}
	if s := v.state.index.Sessions[a.SessionID]; s != nil {
		session = s.Title
	}
	return strings.Join(nonEmpty(owner, strings.Join(nonEmpty(forum, session), ": ")), " · ")
}

// dueIn says how long until a day: "today", "tomorrow", "in 5 days".
func dueIn(d, today model.Date) string {
	switch n := daysBetween(today, d); n {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	default:
		return fmt.Sprintf("in %d days", n)
	}
}
