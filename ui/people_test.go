package ui_test

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// peopleOpen shows the page of the one person the search finds.
func peopleOpen(t *testing.T, w fyne.Window, search, name string) {
	t.Helper()
	for _, e := range viewFind[*widget.Entry](w.Content()) {
		if e.PlaceHolder == "Search people" {
			test.Type(e, search)
			viewTapRow(t, w.Content(), name)
			return
		}
	}
	t.Fatal("the people view has no search field")
}

func TestAPersonsPageShowsTheirSessionsOnTheirOwnClocks(t *testing.T) {
	w, _, _ := viewOpen(t, "People")
	peopleOpen(t, w, "álvarez", "José Álvarez-Núñez")
	got := viewTexts(w.Content())
	shown := strings.Join(got, "\n")

	// The IGF workshop at 09:00 in Katowice is at 05:00 in Buenos Aires.
	for _, want := range []string{
		"Schedule in Buenos Aires time (3 sessions)",
		"Tue 7 Dec 2021  05:00–06:30",
		"09:00–10:30 in Katowice",
		"Vulnerability management and disclosure: from law to practice",
		"IGF 2021 · speaker, confirmed · Ballroom B",
		"America/Argentina/Buenos_Aires (UTC−03:00)",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("José's page does not show %q:\n%s", want, shown)
		}
	}
	// In order of start: FIB in June, IGF-USA in July, the IGF in December.
	fib := slices.Index(got, "Tue 1 Jun 2021  10:00–11:30")
	usa := slices.Index(got, "Thu 15 Jul 2021  12:00–13:15")
	igf := slices.Index(got, "Tue 7 Dec 2021  05:00–06:30")
	if fib < 0 || usa < 0 || !(fib < usa && usa < igf) {
		t.Errorf("José's sessions are not in order of start (%d, %d, %d):\n%s", fib, usa, igf, shown)
	}
	// The checks' warning about his night is on his page, in words.
	if !slices.ContainsFunc(got, func(s string) bool {
		return strings.Contains(s, "05:00–06:30 in Buenos Aires") && strings.Contains(s, "Vulnerability management")
	}) {
		t.Errorf("José's page does not warn that the workshop is in his night:\n%s", shown)
	}
}

func TestABadZoneKeepsThePersonFormFromSavingAndSaysWhy(t *testing.T) {
	w, mw, path := viewOpen(t, "People")
	peopleOpen(t, w, "álvarez", "José Álvarez-Núñez")
	test.Tap(viewButton(t, w.Content(), "Edit"))
	form := w.Canvas().Overlays().Top()
	zone := entryWithPlaceholder(t, form, "America/Argentina/Buenos_Aires")
	save := viewButton(t, form, "Save")
	if save.Disabled() {
		t.Fatal("the form of a person as the plan has them cannot be saved")
	}

	zone.SetText("")
	test.Type(zone, "America/Buenos_Ayres")
	if !save.Disabled() {
		t.Error("Save is on with a zone that does not exist")
	}
	if got := viewTexts(form); !slices.Contains(got, `"America/Buenos_Ayres" is not an IANA time zone (such as Europe/Warsaw)`) {
		t.Errorf("the time zone field does not say what is wrong with it:\n%s", strings.Join(got, "\n"))
	}

	zone.SetText("")
	test.Type(zone, "America/Sao_Paulo")
	if save.Disabled() {
		t.Fatalf("Save stays off with a right zone:\n%s", strings.Join(viewTexts(form), "\n"))
	}
	test.Tap(save)
	<-mw.Idle()
	p := viewStored(t, path)
	i := slices.IndexFunc(p.People, func(x model.Person) bool { return x.Name == "José Álvarez-Núñez" })
	if i < 0 || p.People[i].Zone.String() != "America/Sao_Paulo" {
		t.Errorf("the plan file does not have José in São Paulo: %+v", p.People)
	}
	if shown := viewTexts(w.Content()); !slices.Contains(shown, "Schedule in Sao Paulo time (3 sessions)") {
		t.Errorf("José's page is not on his new clocks:\n%s", strings.Join(shown, "\n"))
	}
}

func TestSearchingPeopleFiltersAsYouType(t *testing.T) {
	w, _, _ := viewOpen(t, "People")
	list := viewFind[*widget.List](w.Content())[0]
	all := list.Length()
	for _, e := range viewFind[*widget.Entry](w.Content()) {
		if e.PlaceHolder == "Search people" {
			test.Type(e, "gru")
		}
	}
	rows := viewRows(list)
	if len(rows) != 3 || viewRow(rows, "José Álvarez-Núñez") < 0 || viewRow(rows, "Beatriz Souza") < 0 {
		t.Errorf("searching GRULAC's people found:\n%s", viewDump(rows))
	}
	if got := viewTexts(w.Content()); !slices.Contains(got, "3 of 20 people") || all != 20 {
		t.Errorf("the count does not say how many match of %d:\n%s", all, strings.Join(got, "\n"))
	}
}

func TestAPersonJustAddedHasTheirPageOpenEvenWhileASearchHidesThem(t *testing.T) {
	w, mw, path := viewOpen(t, "People")
	peopleOpen(t, w, "álvarez", "José Álvarez-Núñez")
	test.Tap(viewButton(t, w.Content(), "Add person"))
	form := w.Canvas().Overlays().Top()
	entries := viewFind[*widget.Entry](form)
	test.Type(entries[slices.IndexFunc(entries, func(e *widget.Entry) bool { return e.PlaceHolder == "Full name" })], "Ngozi Eze")
	test.Type(entryWithPlaceholder(t, form, "America/Argentina/Buenos_Aires"), "Africa/Lagos")
	test.Tap(viewButton(t, form, "Add"))
	<-mw.Idle()

	if p := viewStored(t, path); !slices.ContainsFunc(p.People, func(x model.Person) bool { return x.Name == "Ngozi Eze" }) {
		t.Fatal("the plan file does not have Ngozi Eze")
	}
	got := viewTexts(w.Content())
	for _, want := range []string{"Ngozi Eze", "Africa/Lagos (UTC+01:00)", "Schedule in Lagos time (0 sessions)", "21 people"} {
		if !slices.Contains(got, want) {
			t.Errorf("after adding Ngozi Eze the view does not show %q:\n%s", want, strings.Join(got, "\n"))
		}
	}
}

// A coordinator who does not know the zone's IANA name types the city:
// the zones holding it are offered as the letters are typed.
func TestTheZoneFieldOffersZonesAsACityIsTyped(t *testing.T) {
	w, _, _ := viewOpen(t, "People")
	test.Tap(viewButton(t, w.Content(), "Add person"))
	form := w.Canvas().Overlays().Top()
	zone := entryWithPlaceholder(t, form, "America/Argentina/Buenos_Aires")
	test.Type(zone, "buenos ai")
	if got := offered(form); !slices.Contains(got, "America/Argentina/Buenos_Aires") {
		t.Fatalf("typing \"buenos ai\" offers %q", got)
	}
	for _, b := range viewFind[*widget.Button](form) {
		if b.Text == "America/Argentina/Buenos_Aires" {
			test.Tap(b)
		}
	}
	if zone.Text != "America/Argentina/Buenos_Aires" || zone.Validate() != nil || len(offered(form)) != 0 {
		t.Errorf("picking the offered zone leaves the field at %q (%v), offering %q", zone.Text, zone.Validate(), offered(form))
	}
}

// In a 900×600 window the people list keeps room to say what its search
// field is for, and every button of a person's page is within the window.
func TestPeopleFitASmallWindow(t *testing.T) {
	w, _, _ := viewOpen(t, "People")
	w.Resize(fyne.NewSize(900, 600))
	peopleOpen(t, w, "Moreau", "Alex Moreau")

	d := fyne.CurrentApp().Driver()
	search := entryWithPlaceholder(t, w.Content(), "Search people")
	if need := fyne.MeasureText(search.PlaceHolder, theme.TextSize(), fyne.TextStyle{}).Width; search.Size().Width < need {
		t.Errorf("the search field is %.0f wide; its placeholder needs %.0f", search.Size().Width, need)
	}
	for _, label := range []string{"Edit", "Export calendar…", "Invite by email…", "Delete…", "Forget this person…"} {
		b := viewButton(t, w.Content(), label)
		at := d.AbsolutePositionForObject(b)
		if at.X+b.Size().Width > w.Canvas().Size().Width || b.Size().Width < b.MinSize().Width {
			t.Errorf("%q is cut: at %v, %v wide in a %v window", label, at, b.Size().Width, w.Canvas().Size())
		}
	}
}
