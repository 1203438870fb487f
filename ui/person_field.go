package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// personField picks one person of the plan by typing part of a name: the
// people whose name holds what is typed are offered under it. A plan may
// hold thousands of people, too many for one list to scroll through.
type personField struct {
	widget.BaseWidget
	field  *offerField
	people []model.Person
	// optional fields may stay empty (an action item without an owner).
	optional bool
	// OnPicked runs when the field comes to name one person, or none.
	OnPicked func(*model.Person)
}

// newPersonField shows the person with the given ID (none for 0), picked
// from people.
func newPersonField(people []model.Person, id int64, placeholder string, optional bool) *personField {
	f := &personField{people: people, optional: optional}
	value := ""
	for i := range people {
		if people[i].ID == id && id != 0 {
			value = personLabel(&people[i])
		}
	}
	f.field = newOfferField(value, placeholder, f.offer, func(text string) error {
		_, err := f.resolve(text)
		return err
	})
	f.field.onChanged = func(text string) {
		if f.OnPicked != nil {
			f.OnPicked(f.Person())
		}
	}
	f.ExtendBaseWidget(f)
	return f
}

func (f *personField) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(f.field)
}

// Validate checks that the field names one person (or is empty, when it may be).
func (f *personField) Validate() error { return f.field.Validate() }

// SetOnValidationChanged is how a form learns that the field became right or wrong.
func (f *personField) SetOnValidationChanged(fn func(error)) { f.field.SetOnValidationChanged(fn) }

// Person is the person the field names, or nil.
func (f *personField) Person() *model.Person {
	p, _ := f.resolve(f.field.Text())
	return p
}

// offer lists the people the text may mean, until it names one.
func (f *personField) offer(text string) []string {
	if p, _ := f.resolve(text); p != nil {
		return nil
	}
	var labels []string
	for _, p := range f.matches(text) {
		labels = append(labels, personLabel(p))
	}
	return labels
}

// resolve finds the one person a text names: by name and affiliation as the
// field offers them, or by name alone when only one person has it. The
// error says what to do next, and says "no one in the plan" only when no
// name in the plan holds what was typed.
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
