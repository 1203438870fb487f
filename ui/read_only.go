package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// A plan that may only be read (a file on read-only media, a team plan
// the role may not change) is shown without the ways to change it: the
// buttons that add, edit or delete are hidden, the menu's changes are
// greyed out, and a form opens to be read, with its fields disabled and
// Close in place of Save.

// readOnlyCanvases are the windows showing a plan that may only be read,
// by their canvas, which is all a form is given. Only the UI goroutine
// touches it.
var readOnlyCanvases = map[fyne.Canvas]bool{}

// offerEdits shows objs, which change the plan, or hides them when it may
// only be read.
func (s *planState) offerEdits(objs ...fyne.CanvasObject) {
	for _, o := range objs {
		if s.readOnly {
			o.Hide()
		} else {
			o.Show()
		}
	}
}

// readOnlyForm makes a form on a plan that may only be read a form to
// read: its fields disabled, Save and the other buttons hidden, Cancel
// called Close. It does nothing on a plan that may be changed.
func readOnlyForm(win fyne.Window, form *widget.Form, save, cancel *widget.Button, extra []fyne.CanvasObject) {
	if !readOnlyCanvases[win.Canvas()] {
		return
	}
	for _, item := range form.Items {
		if d, ok := item.Widget.(fyne.Disableable); ok {
			d.Disable()
		}
	}
	save.Hide()
	for _, o := range extra {
		o.Hide()
	}
	cancel.SetText("Close")
}
