package ui

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// The building blocks of every edit form: entries that validate as the user
// types and say what is wrong, so a form's confirm button stays off until
// every field is right (dialog.NewForm's pattern).

// lineEntry is a single-line text field; required ones refuse empty text.
func lineEntry(value, placeholder string, required bool) *formEntry {
	e := newFormEntry()
	e.SetText(value)
	e.SetPlaceHolder(placeholder)
	if required {
		e.Validator = func(s string) error {
			if model.CleanLine(s) == "" {
				return errors.New("is empty")
			}
			return nil
		}
	}
	return e
}

// textEntry is a multi-line text field.
func textEntry(value, placeholder string) *formEntry {
	e := newFormEntry()
	e.MultiLine = true
	e.SetText(value)
	e.SetPlaceHolder(placeholder)
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	e.Validator = func(s string) error {
		if n := utf8.RuneCountInString(s); n > model.MaxText {
			return fmt.Errorf("is %d characters long, more than the %d a field holds: was a whole file pasted?", n, model.MaxText)
		}
		return nil
	}
	return e
}

// dateEntry is a YYYY-MM-DD field; the format is its placeholder.
func dateEntry(value model.Date, required bool) *formEntry {
	e := newFormEntry()
	e.SetText(value.String())
	e.SetPlaceHolder("YYYY-MM-DD")
	e.Validator = func(s string) error {
		d, err := model.ParseDate(s)
		if err == nil && required && d.IsZero() {
			return errors.New("is empty; write it YYYY-MM-DD")
		}
		return err
	}
	return e
}

// clockEntry is an HH:MM field.
func clockEntry(value string) *formEntry {
	e := newFormEntry()
	e.SetText(value)
	e.SetPlaceHolder("HH:MM")
	e.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		_, err := parseClock(s)
		return err
	}
	return e
}

// parseClock reads HH:MM as minutes after midnight.
func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a time written HH:MM", strings.TrimSpace(s))
	}
	return t.Hour()*60 + t.Minute(), nil
}

// zoneField is a time zone field: the zones whose name holds what is typed
// are offered under it ("buenos aires" finds America/Argentina/Buenos_Aires),
// and it accepts only IANA zone names.
func zoneField(value *time.Location, placeholder string) *offerField {
	text := ""
	if value != nil {
		text = value.String()
	}
	return newOfferField(text, placeholder, offerZones, func(s string) error {
		_, err := model.LoadZone(s)
		return err
	})
}

// offerZones lists the zones whose name holds the text, spaces read as the
// underscores of zone names, until the text is one of them.
func offerZones(text string) []string {
	want := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(text), " ", "_"))
	if want == "" {
		return nil
	}
	var out []string
	for _, z := range zoneNames() {
		if z == strings.TrimSpace(text) {
			return nil
		}
		if strings.Contains(strings.ToLower(z), want) && len(out) < maxOffers {
			out = append(out, z)
		}
	}
	return out
}

// enumSelect is a choice among an enumeration's words.
func enumSelect[T ~string](options []T, value T) *widget.Select {
	s := widget.NewSelect(enumWords(options), nil)
	s.SetSelected(string(value))
	return s
}

// formItem is a labelled field with a hint under it; the hint gives way to
// the field's validation error while there is one.
func formItem(label string, field fyne.CanvasObject, hint string) *widget.FormItem {
	item := widget.NewFormItem(label, field)
	item.HintText = hint
	return item
}

// showForm shows a modal form that can be confirmed only while every field
// validates (dialog.NewForm's pattern), scrolling when it is taller than the
// window; onSave runs on confirmation. Below the fields it shows extra
// objects (a Delete button, say) when given.
func showForm(win fyne.Window, title, confirm string, items []*widget.FormItem, onSave func(), extra ...fyne.CanvasObject) *formDialog {
	return showCheckedForm(win, title, confirm, items, func() error { return nil }, onSave, extra...)
}

// showCheckedForm is showForm for a form whose fields are also checked as a
// whole on confirmation: when check says what is wrong, the form stays open
// with everything typed, under the message.
func showCheckedForm(win fyne.Window, title, confirm string, items []*widget.FormItem, check func() error, onSave func(), extra ...fyne.CanvasObject) *formDialog {
	return showSavingForm(win, title, confirm, items, check, func(saved func()) {
		saved()
		onSave()
	}, extra...)
}

// showSavingForm is showCheckedForm for a form that stays open until its
// save is written: onSave calls saved then, and a save refused leaves
// everything typed on screen.
func showSavingForm(win fyne.Window, title, confirm string, items []*widget.FormItem, check func() error, onSave func(saved func()), extra ...fyne.CanvasObject) *formDialog {
	form := widget.NewForm(items...)
	save := widget.NewButtonWithIcon(confirm, theme.ConfirmIcon(), nil)
	save.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), nil)
	buttons := container.NewHBox(extra...)
	buttons.Add(layout.NewSpacer())
	buttons.Add(cancel)
	buttons.Add(save)
	d := dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, buttons, nil, nil, container.NewVScroll(form)), win)
	closed := formOpened(win, d.Hide)
	d.SetOnClosed(closed)
	setSave := func(err error) {
		if err != nil {
			save.Disable()
		} else {
			save.Enable()
		}
	}
	setSave(form.Validate())
	form.SetOnValidationChanged(setSave)
	save.OnTapped = func() {
		if err := check(); err != nil {
			dialog.ShowError(err, win)
			return
		}
		onSave(d.Hide)
	}
	cancel.OnTapped = d.Hide
	readOnlyForm(win, form, save, cancel, extra)
	shown := &formDialog{Dialog: d}
	shown.fit = func() {
		size := win.Canvas().Size()
		// The dialog's title and the hints that appear under fields as
		// they are checked need a few lines more than the form asks for.
		line := fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{}).Height
		want := form.MinSize().Add(fyne.NewSize(theme.Padding()*6, buttons.MinSize().Height+theme.Padding()*14+3*line))
		// The form takes a good part of a wide window, so names, roles
		// and long titles show in full; on a small one it takes nearly all.
		fit := fyne.NewSize(min(max(want.Width, 640, size.Width*0.6), size.Width*0.95), min(want.Height, size.Height*0.95))
		// It only grows: a dialog that shrank under the pointer would
		// move its buttons away from it.
		shown.size = shown.size.Max(fit)
		d.Resize(shown.size)
	}
	shown.fit()
	d.Show()
	return shown
}

// formDialog is a form on screen, which grows when what it shows grows: a
// line that appears under a field once something is known.
type formDialog struct {
	dialog.Dialog
	size fyne.Size
	// fit makes the dialog as big as the form now asks, within the window.
	fit func()
}

// recordForm is every form on one record (a forum, session, person or
// action item), each a struct holding its fields that gives show what
// it is: its title, its fields, how what was typed is saved, and for a
// record that exists, what deleting it takes away.
type recordForm struct {
	title, confirm string
	items          []*widget.FormItem
	// check says what is wrong with what was typed, as a whole, and save
	// saves it, calling saved once it is written.
	check func() error
	save  func(saved func())
	// changed says who changed the record last, and when, above the
	// fields; nil when that is not known (a new record).
	changed *widget.FormItem
	// deleting names what Delete… takes away ("the session “X”"), and
	// remove deletes it; both are empty on a new record.
	deleting func() string
	remove   func()
	// extra are more buttons, left of Delete….
	extra []fyne.CanvasObject
}

// show opens the form. Delete… asks first, over the form, and closes it
// only once the answer is yes.
func (f recordForm) show(win fyne.Window) dialog.Dialog {
	var d dialog.Dialog
	extra := f.extra
	if f.remove != nil {
		del := widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), func() {
			confirmDelete(win, f.deleting(), func() {
				d.Hide()
				f.remove()
			})
		})
		del.Importance = widget.DangerImportance
		extra = append(slices.Clip(extra), del)
	}
	items := f.items
	if f.changed != nil {
		items = append([]*widget.FormItem{f.changed}, items...)
	}
	d = showSavingForm(win, f.title, f.confirm, items, f.check, f.save, extra...)
	return d
}

// confirmDelete asks before something is deleted.
func confirmDelete(win fyne.Window, what string, onYes func()) {
	d := dialog.NewConfirm("Delete "+what+"?", "Edit › Undo (Ctrl+Z) brings it back.", func(ok bool) {
		if ok {
			onYes()
		}
	}, win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.SetConfirmText("Delete")
	d.Show()
}

var (
	zonesOnce sync.Once
	zones     []string
)

// zoneNames lists the IANA zones to choose from: the system's list of zones
// where it has one, else a few that coalitions meet in.
func zoneNames() []string {
	zonesOnce.Do(func() {
		for _, tab := range []string{"/usr/share/zoneinfo/zone1970.tab", "/usr/share/zoneinfo/zone.tab"} {
			if zones = readZoneTab(tab); len(zones) > 0 {
				break
			}
		}
		if len(zones) == 0 {
			zones = []string{"Africa/Nairobi", "America/Argentina/Buenos_Aires", "America/New_York",
				"America/Sao_Paulo", "Asia/Kolkata", "Asia/Tokyo", "Europe/Berlin", "Europe/London",
				"Europe/Rome", "Europe/Warsaw", "Pacific/Auckland", "UTC"}
		}
	})
	return zones
}

func readZoneTab(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		if fields := strings.Split(line, "\t"); len(fields) >= 3 {
			names = append(names, fields[2])
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
