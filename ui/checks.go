package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// checkView lists the plan's conflicts, then its warnings, as `convene check`
// prints them. A click opens what a finding names: the session, else the
// action item, else the person. It reads the window's incremental checker,
// so an edit anywhere shows up here at once. Rows read the checker's
// findings one by one: a large plan has tens of thousands.
type checkView struct {
	state   *planState
	editor  editor
	summary *widget.Label
	list    *widget.List
	content fyne.CanvasObject
}

func newCheckView(state *planState, ed editor) *checkView {
	v := &checkView{state: state, editor: ed, summary: widget.NewLabel("")}
	v.summary.TextStyle = fyne.TextStyle{Bold: true}
	v.list = widget.NewList(v.length, func() fyne.CanvasObject { return newFindingItem(ed.tipLayer()) }, v.updateItem)
	v.list.OnSelected = func(id widget.ListItemID) {
		v.list.Unselect(id)
		if id < v.length() {
			v.open(v.state.check.At(id))
		}
	}
	v.content = container.NewBorder(container.NewPadded(v.summary), nil, nil, nil, v.list)
	return v
}

func (v *checkView) object() fyne.CanvasObject { return v.content }

// length is how many findings the list shows.
func (v *checkView) length() int {
	conflicts, warnings := v.state.check.Counts()
	return conflicts + warnings
}

func (v *checkView) refresh() {
	conflicts, warnings := v.state.check.Counts()
	switch {
	case conflicts == 0 && warnings == 0:
		v.summary.SetText("Nothing to fix: no conflicts and no warnings.")
	case conflicts == 0:
		v.summary.SetText(fmt.Sprintf("No conflicts. %s worth a look.", plural(warnings, "warning")))
	default:
		v.summary.SetText(fmt.Sprintf("%s to fix, then %s worth a look. Click one to open what it names.",
			plural(conflicts, "conflict"), plural(warnings, "warning")))
	}
	v.list.Refresh()
}

// open shows what a finding is about, most specific first. A finding that
// names two sessions (a double booking, a room taken twice) asks which to
// open: either may be the one to move.
func (v *checkView) open(f model.Finding) {
	switch {
	case len(f.SessionIDs) > 1:
		v.chooseSession(f.SessionIDs)
	case len(f.SessionIDs) == 1:
		v.editor.editSession(f.SessionIDs[0])
	case f.ActionID != 0:
		v.editor.openAction(f.ActionID)
	case len(f.PersonIDs) > 0:
		v.editor.openPerson(f.PersonIDs[0])
	}
}

// chooseSession offers the sessions a finding names, each by its title,
// forum and time, and opens the one chosen.
func (v *checkView) chooseSession(ids []int64) {
	var d dialog.Dialog
	choices := container.NewVBox()
	for _, id := range ids {
		s := v.state.index.Sessions[id]
		if s == nil {
			continue
		}
		label := s.Title
		if f := v.state.index.Forums[s.ForumID]; f != nil && s.Scheduled() {
			label += fmt.Sprintf(" — %s, %s %s", f.Name, s.Start.In(f.Zone).Format("Mon 2 Jan"), hoursIn(s.Start, s.End, f.Zone))
		}
		b := widget.NewButton(label, func() {
			d.Hide()
			v.editor.editSession(id)
		})
		b.Alignment = widget.ButtonAlignLeading
		choices.Add(b)
	}
	d = dialog.NewCustom("Open which session?", "Cancel", choices, v.editor.window())
	d.Show()
}

// findingItem is one finding: an icon for its severity, its kind, and what
// it says.
type findingItem struct {
	widget.BaseWidget
	icon    *widget.Icon
	kind    *widget.Label
	message *widget.Label
	box     *fyne.Container
	tips    *tipLayer
}

var _ desktop.Hoverable = (*findingItem)(nil)

// MouseIn shows a message too long for its two lines whole.
func (it *findingItem) MouseIn(*desktop.MouseEvent) {
	if wrapsPastItsHeight(it.message) {
		it.tips.show(it.message, it.message.Text)
	}
}

// MouseMoved does nothing: the tip stays where it was shown.
func (it *findingItem) MouseMoved(*desktop.MouseEvent) {}

// MouseOut puts the tip away.
func (it *findingItem) MouseOut() { it.tips.hide(it.message) }

func newFindingItem(tips *tipLayer) fyne.CanvasObject {
	it := &findingItem{tips: tips, icon: widget.NewIcon(theme.ErrorIcon()), kind: widget.NewLabel(""), message: widget.NewLabel("")}
	it.kind.TextStyle = fyne.TextStyle{Bold: true}
	// Messages name sessions in full; two lines hold nearly all of them.
	it.message.Wrapping = fyne.TextWrapWord
	it.message.Truncation = fyne.TextTruncateEllipsis
	kindCol := container.NewGridWrap(fyne.NewSize(190, it.kind.MinSize().Height), it.kind)
	// Every row is two lines tall, set by the template rather than row by
	// row: telling a list one row's height redraws all of it.
	// A label of one line, with its padding, and one line more: a label
	// given less shows only its first line.
	line := fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{}).Height
	tall := canvas.NewRectangle(color.Transparent)
	tall.SetMinSize(fyne.NewSize(0, widget.NewLabel("M").MinSize().Height+line+theme.LineSpacing()))
	it.box = container.NewStack(tall,
		container.NewBorder(nil, nil, container.NewVBox(container.NewHBox(it.icon, kindCol)), nil, it.message))
	it.ExtendBaseWidget(it)
	return it
}

func (it *findingItem) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(it.box)
}

func (v *checkView) updateItem(id widget.ListItemID, obj fyne.CanvasObject) {
	if id >= v.length() {
		return
	}
	f, it := v.state.check.At(id), obj.(*findingItem)
	if f.Severity() == model.Conflict {
		it.icon.SetResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
		it.kind.Importance = widget.DangerImportance
	} else {
		it.icon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
		it.kind.Importance = widget.WarningImportance
	}
	it.kind.SetText(string(f.Kind))
	it.message.SetText(f.Message)
}
