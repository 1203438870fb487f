package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// maxOffers is how many people a person field offers at once: enough to
// find someone by a few letters, few enough to read at a glance.
const maxOffers = 8

// personField picks one person of the plan by typing part of a name. While
// the text names no one exactly, the people whose name holds it are offered
// under the field as buttons; a click or Enter takes one. A plan may hold
// thousands of people, too many for one list to scroll through.
//
// It is validatable, so a form keeps its confirm button off while the field
// names no one; its validator only reports, and never validates anything
// else (a validator that did froze the first version's session form).
type personField struct {
	widget.BaseWidget
	entry  *widget.Entry
	offers *fyne.Container
	box    *fyne.Container
	people []model.Person
	// optional fields may stay empty (an action item without an owner).
	optional bool

	onValidationChanged func(error)
	// OnPicked runs when the field comes to name one person, or none.
	OnPicked func(*model.Person)
}

// newPersonField shows the person with the given ID (none for 0), picked
// from people.
func newPersonField(people []model.Person, id int64, placeholder string, optional bool) *personField {
	f := &personField{entry: widget.NewEntry(), offers: container.NewVBox(), people: people, optional: optional}
	f.entry.SetPlaceHolder(placeholder)
	for i := range people {
		if people[i].ID == id && id != 0 {
			f.entry.SetText(personLabel(&people[i]))
		}
	}
	f.entry.Validator = func(text string) error {
		_, err := f.resolve(text)
		return err
	}
	f.entry.SetOnValidationChanged(func(err error) {
		if f.onValidationChanged != nil {
			f.onValidationChanged(err)
		}
	})
	f.entry.OnChanged = func(string) { f.offer() }
	f.entry.OnSubmitted = func(string) {
		if len(f.offers.Objects) > 0 {
			f.offers.Objects[0].(*widget.Button).OnTapped()
		}
	}
	f.box = container.NewVBox(f.entry, f.offers)
	f.ExtendBaseWidget(f)
	return f
}

func (f *personField) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(f.box)
}

// Validate checks that the field names one person (or is empty, when it may be).
func (f *personField) Validate() error { return f.entry.Validate() }

// SetOnValidationChanged is how a form learns that the field became right or wrong.
func (f *personField) SetOnValidationChanged(fn func(error)) { f.onValidationChanged = fn }

// SetText replaces what the field says, as typing would.
func (f *personField) SetText(text string) { f.entry.SetText(text) }

// Text is what the field says.
func (f *personField) Text() string { return f.entry.Text }

// Person is the person the field names, or nil.
func (f *personField) Person() *model.Person {
	p, _ := f.resolve(f.entry.Text)
	return p
}

// offer shows the people the text may mean, and tells OnPicked whom it names.
func (f *personField) offer() {
	p, _ := f.resolve(f.entry.Text)
	f.offers.RemoveAll()
	if p == nil {
		for _, m := range f.matches(f.entry.Text) {
			label := personLabel(m)
			b := widget.NewButton(label, func() { f.entry.SetText(label) })
			b.Alignment = widget.ButtonAlignLeading
			b.Importance = widget.LowImportance
			f.offers.Add(b)
		}
	}
	f.offers.Refresh()
	if f.OnPicked != nil {
		f.OnPicked(p)
	}
}

// resolve finds the one person a text names: by name and affiliation as the
// field offers them, or by name alone when only one person has it. The
// error says what to do next, and says "not in the plan" only when no name
// in the plan holds what was typed.
func (f *personField) resolve(text string) (*model.Person, error) {
	text = model.CleanLine(text)
	if text == "" {
		if f.optional {
			return nil, nil
		}
		return nil, errors.New("type a name, then pick the person")
	}
	var named []*model.Person
	for i := range f.people {
		p := &f.people[i]
		if personLabel(p) == text {
			return p, nil
		}
		if strings.EqualFold(p.Name, text) {
			named = append(named, p)
		}
	}
	switch {
	case len(named) == 1:
		return named[0], nil
	case len(named) > 1:
		return nil, fmt.Errorf("%d people are named %q: pick one by their affiliation", len(named), text)
	case len(f.matches(text)) > 0:
		return nil, errors.New("pick one of the people offered, or type the whole name")
	}
	return nil, fmt.Errorf("no one in the plan is called %q; add them in People first", text)
}

// matches are the first people whose name holds the text, in the plan's
// order of names.
func (f *personField) matches(text string) []*model.Person {
	text = strings.ToLower(model.CleanLine(text))
	if text == "" {
		return nil
	}
	var out []*model.Person
	for i := range f.people {
		if p := &f.people[i]; strings.Contains(strings.ToLower(p.Name), text) {
			if out = append(out, p); len(out) == maxOffers {
				break
			}
		}
	}
	return out
}

// personLabel is how a person is shown and picked: name and affiliation,
// which tells apart two people of one name.
func personLabel(p *model.Person) string {
	if p.Affiliation == "" {
		return p.Name
	}
	return p.Name + " — " + p.Affiliation
}
