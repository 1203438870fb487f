package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// maxOffers is how many values a field offers at once: enough to find one
// by a few letters, few enough to read at a glance.
const maxOffers = 8

// offerField is a text field that offers, under it while typing, the
// values that match what is typed; a click or Enter takes the one wanted.
// Unlike a drop-down, the offers need no click to appear and never take
// the keyboard from the field.
//
// It is validatable, so a form keeps its confirm button off while the field
// is wrong; its validator only reports, and never validates anything else
// (a validator that did froze the first version's session form).
type offerField struct {
	widget.BaseWidget
	entry  *formEntry
	offers *fyne.Container
	box    *fyne.Container
	// offer lists what to offer for a text: nothing once the text is one
	// of the values.
	offer func(text string) []string

	onValidationChanged func(error)
	// onChanged runs after every change of the text, once the offers are shown.
	onChanged func(text string)
}

func newOfferField(value, placeholder string, offer func(string) []string, validate fyne.StringValidator) *offerField {
	f := &offerField{entry: newFormEntry(), offers: container.NewVBox(), offer: offer}
	f.entry.SetText(value)
	f.entry.SetPlaceHolder(placeholder)
	f.entry.Validator = validate
	f.entry.SetOnValidationChanged(func(err error) {
		if f.onValidationChanged != nil {
			f.onValidationChanged(err)
		}
	})
	f.entry.OnChanged = f.changed
	f.entry.OnSubmitted = func(string) {
		if len(f.offers.Objects) > 0 {
			f.offers.Objects[0].(*widget.Button).OnTapped()
		}
	}
	f.box = container.NewVBox(f.entry, f.offers)
	f.ExtendBaseWidget(f)
	return f
}

func (f *offerField) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(f.box)
}

// Validate checks the field's text.
func (f *offerField) Validate() error { return f.entry.Validate() }

// SetOnValidationChanged is how a form learns that the field became right or wrong.
func (f *offerField) SetOnValidationChanged(fn func(error)) { f.onValidationChanged = fn }

// SetText replaces what the field says, as typing would.
func (f *offerField) SetText(text string) { f.entry.SetText(text) }

// Text is what the field says.
func (f *offerField) Text() string { return f.entry.Text }

// changed shows what the text may mean.
func (f *offerField) changed(text string) {
	f.offers.RemoveAll()
	for _, value := range f.offer(text) {
		b := widget.NewButton(value, func() { f.entry.SetText(value) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		f.offers.Add(b)
	}
	f.offers.Refresh()
	if f.onChanged != nil {
		f.onChanged(text)
	}
}
