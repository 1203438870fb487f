package ui

import (
	"cmp"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// noRegion is how the region choice shows a person with no UN regional group.
const noRegion = "(none)"

// personForm edits one person: a new one when it was opened with none.
// Each field is checked as the user types by the model's own rules, so Save
// stays off until the person is one the plan file accepts.
type personForm struct {
	mw     *Window
	person model.Person
	// saved, when given, is told of the person as saved.
	saved func(model.Person)

	name, email, affiliation *formEntry
	group, region, gender    *widget.Select
	country                  *formEntry
	zone                     *offerField
	bio                      *formEntry
}

// showPersonForm opens the form on a person, or on a new one when p is nil.
func showPersonForm(mw *Window, p *model.Person, saved func(model.Person)) {
	f := &personForm{mw: mw, saved: saved}
	if p != nil {
		f.person = *p
	} else {
		f.person = model.Person{Group: model.GroupCivilSociety, Gender: model.GenderUndisclosed}
	}
	f.build().show(mw.win)
}

func (f *personForm) build() recordForm {
	p, id := f.person, f.person.ID
	f.name = lineEntry(p.Name, "Full name", true)
	f.email = lineEntry(p.Email, "name@example.org", false)
	f.email.Validator = func(s string) error {
		probe := model.Person{Email: s}
		probe.Clean()
		if err := fieldError(probe.Validate(), "email"); err != nil || probe.Email == "" {
			return err
		}
		for _, other := range f.mw.plan.People {
			if other.ID != id && strings.EqualFold(other.Email, probe.Email) {
				return fmt.Errorf("%s already has this address", other.Name)
			}
		}
		return nil
	}
	f.affiliation = lineEntry(p.Affiliation, "Organisation", false)
	f.group = enumSelect(model.StakeholderGroups(), p.Group)
	regions := []string{noRegion}
	for _, r := range model.Regions() {
		regions = append(regions, string(r))
	}
	f.region = widget.NewSelect(regions, nil)
	f.region.SetSelected(cmp.Or(string(p.Region), noRegion))
	f.gender = enumSelect(model.Genders(), p.Gender)
	f.country = lineEntry(p.Country, "AR", false)
	f.country.Validator = func(s string) error {
		probe := model.Person{Country: s}
		probe.Clean()
		return fieldError(probe.Validate(), "country")
	}
	f.zone = zoneField(p.Zone, "America/Argentina/Buenos_Aires")
	f.bio = textEntry(p.Bio, "What they work on, in a few lines")

	form := recordForm{title: "Add person", confirm: "Add", check: f.check, save: f.save, items: []*widget.FormItem{
		formItem("Name", f.name, ""),
		formItem("Email", f.email, "Optional; used for calendars with contacts"),
		formItem("Affiliation", f.affiliation, ""),
		formItem("Stakeholder group", f.group, ""),
		formItem("UN region", f.region, ""),
		formItem("Gender", f.gender, "Counts only towards a session's balance"),
		formItem("Country", f.country, "Two letters, ISO 3166-1 (AR, KE, PL)"),
		formItem("Time zone", f.zone, "Their schedule is shown on these clocks"),
		formItem("Bio", f.bio, ""),
	}}
	if id != 0 {
		form.title, form.confirm = "Edit person", "Save"
		form.changed = changedLabel(p.Revision, f.mw.opts.Zone)
	}
	return form
}

// typed is the person as the fields say, with what the form does not show
// (their availability) as it was.
func (f *personForm) typed() model.Person {
	out := model.Person{ID: f.person.ID, Revision: f.person.Revision, Name: f.name.Text, Email: f.email.Text, Affiliation: f.affiliation.Text,
		Group: model.StakeholderGroup(f.group.Selected), Gender: model.Gender(f.gender.Selected),
		Country: f.country.Text, Bio: f.bio.Text, Availability: f.person.Availability}
	if f.region.Selected != noRegion {
		out.Region = model.Region(f.region.Selected)
	}
	out.Zone, _ = model.LoadZone(f.zone.Text())
	out.Clean()
	return out
}

// check says what is wrong with the person as typed, by the rules the plan
// file holds it to.
func (f *personForm) check() error {
	out := f.typed()
	return out.Validate()
}

func (f *personForm) save(saved func()) {
	out := f.typed()
	// Told before the write starts, so what the view notes is there when
	// the write comes back to refresh it.
	if f.saved != nil {
		f.saved(out)
	}
	save(f.mw, personRecords, out, saved, func() {
		saved()
		f.mw.editPerson(out.ID, f.saved)
	})
}
