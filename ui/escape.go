package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// An edit form closes on Esc, as dialogs do elsewhere on the desktop, and
// asks first when something was typed into it. Fyne hands a key only to the
// field that has the keyboard, and its entries ignore Esc, so the form's
// fields are formEntries, which pass Esc on to the form they are in; with
// no field focused, the window passes it on.

// openForm is the edit form a window shows, if any.
type openForm struct {
	win   fyne.Window
	close func()
	// typed says whether anything was typed since the form opened.
	typed bool
}

// openForms are the forms shown, by the canvas of their window. Only the
// UI goroutine touches it.
var openForms = map[fyne.Canvas]*openForm{}

// formOpened notes a form shown in win, which close puts away, and makes
// Esc close it. It returns what to call once the form is gone.
func formOpened(win fyne.Window, close func()) (closed func()) {
	c := win.Canvas()
	f := &openForm{win: win, close: close}
	openForms[c] = f
	before := c.OnTypedKey()
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			escape(c)
		} else if before != nil {
			before(k)
		}
	})
	return func() {
		if openForms[c] == f {
			delete(openForms, c)
			c.SetOnTypedKey(before)
		}
	}
}

// escape closes the form on c, asking first when something was typed.
func escape(c fyne.Canvas) {
	f := openForms[c]
	if f == nil {
		return
	}
	if !f.typed {
		f.close()
		return
	}
	d := dialog.NewConfirm("Close without saving?", "What was typed into the form is lost.", func(ok bool) {
		if ok {
			f.close()
		}
	}, f.win)
	d.SetConfirmText("Close")
	d.SetDismissText("Keep editing")
	d.Show()
}

// formEntry is a field of an edit form: Esc in it closes the form, and
// typing in it marks the form as typed into.
type formEntry struct {
	widget.Entry
}

func newFormEntry() *formEntry {
	e := &formEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *formEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
			escape(c)
		}
		return
	}
	e.typedInto()
	e.Entry.TypedKey(k)
}

func (e *formEntry) TypedRune(r rune) {
	e.typedInto()
	e.Entry.TypedRune(r)
}

func (e *formEntry) TypedShortcut(s fyne.Shortcut) {
	if _, paste := s.(*fyne.ShortcutPaste); paste {
		e.typedInto()
	}
	e.Entry.TypedShortcut(s)
}

// typedInto marks the form the field is in as typed into.
func (e *formEntry) typedInto() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
		if f := openForms[c]; f != nil {
			f.typed = true
		}
	}
}
