package ui

import (
	"cmp"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// noRegion is how the region choice shows a person with no UN regional group.
const noRegion = "(none)"

// showPersonForm edits a person, or adds one when p is nil. Each field is
// checked as the user types by the model's own rules, so Save stays off
// until the person is one the plan file accepts. saved, when given, is told
// of the person as saved.
func showPersonForm(mw *Window, p *model.Person, saved func(model.Person)) {
	title, confirm := "Edit person", "Save"
	if p == nil {
		title, confirm = "Add person", "Add"
		p = &model.Person{Group: model.GroupCivilSociety, Gender: model.GenderUndisclosed}
	}
	id := p.ID

	name := lineEntry(p.Name, "Full name", true)
	email := lineEntry(p.Email, "name@example.org", false)
	email.Validator = func(s string) error {
		probe := model.Person{Email: s}
		probe.Clean()
		if err := fieldError(probe.Validate(), "email"); err != nil || probe.Email == "" {
			return err
		}
		for _, other := range mw.plan.People {
			if other.ID != id && strings.EqualFold(other.Email, probe.Email) {
				return fmt.Errorf("%s already has this address", other.Name)
			}
		}
		return nil
	}
	affiliation := lineEntry(p.Affiliation, "Organisation", false)
	group := enumSelect(model.StakeholderGroups(), p.Group)
	regions := []string{noRegion}
	for _, r := range model.Regions() {
		regions = append(regions, string(r))
	}
	region := widget.NewSelect(regions, nil)
	region.SetSelected(cmp.Or(string(p.Region), noRegion))
	gender := enumSelect(model.Genders(), p.Gender)
	country := lineEntry(p.Country, "AR", false)
	country.Validator = func(s string) error {
		probe := model.Person{Country: s}
		probe.Clean()
		return fieldError(probe.Validate(), "country")
	}
	zone := zoneField(p.Zone, "America/Argentina/Buenos_Aires")
	bio := textEntry(p.Bio, "What they work on, in a few lines")

	items := []*widget.FormItem{
		formItem("Name", name, ""),
		formItem("Email", email, "Optional; used for calendars with contacts"),
		formItem("Affiliation", affiliation, ""),
		formItem("Stakeholder group", group, ""),
		formItem("UN region", region, ""),
		formItem("Gender", gender, "Counts only towards a session's balance"),
		formItem("Country", country, "Two letters, ISO 3166-1 (AR, KE, PL)"),
		formItem("Time zone", zone, "Their schedule is shown on these clocks"),
		formItem("Bio", bio, ""),
	}
	availability := p.Availability
	showForm(mw.win, title, confirm, items, func() {
		out := model.Person{ID: id, Name: name.Text, Email: email.Text, Affiliation: affiliation.Text,
			Group: model.StakeholderGroup(group.Selected), Gender: model.Gender(gender.Selected),
			Country: country.Text, Bio: bio.Text, Availability: availability}
		if region.Selected != noRegion {
			out.Region = model.Region(region.Selected)
		}
		out.Zone, _ = model.LoadZone(zone.Text())
		out.Clean()
		if err := out.Validate(); err != nil {
			dialog.ShowError(err, mw.win)
			return
		}
		// Told before the write starts, so what the view notes is there
		// when the write comes back to refresh it.
		if saved != nil {
			saved(out)
		}
		mw.savePerson(out)
	})
}
