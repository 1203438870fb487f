package ui_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/ui"
)

// openSample opens a new plan with the sample in a test window, as a
// coordinator in Auckland sees it on 1 December 2021.
func openSample(t *testing.T) (fyne.Window, *ui.Window, string) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	auckland, _ := model.LoadZone("Pacific/Auckland")
	path := filepath.Join(t.TempDir(), "dc-iot.convene")
	mw := ui.Create(w, ui.Plan{Path: path, Sample: true, Zone: auckland,
		Today: model.Date{Year: 2021, Month: 12, Day: 1}})
	<-mw.Loaded()
	w.Resize(fyne.NewSize(1280, 800))
	return w, mw, path
}

func entryWithPlaceholder(t testing.TB, obj fyne.CanvasObject, placeholder string) *widget.Entry {
	t.Helper()
	for _, e := range viewFind[*widget.Entry](obj) {
		if e.PlaceHolder == placeholder {
			return e
		}
	}
	t.Fatalf("no field with placeholder %q", placeholder)
	return nil
}

func shown(w fyne.Window) string { return strings.Join(texts(w.Content()), "\n") }

func TestAddAJointSessionAndSeeItInSessionsAndCheck(t *testing.T) {
	w, mw, path := openSample(t)
	test.Tap(button(t, w.Content(), "New session"))
	form := w.Canvas().Overlays().Top()
	if form == nil {
		t.Fatal("New session opened no form")
	}
	viewFind[*widget.Select](form)[0].SetSelected("IGF 2021")
	test.Type(entryWithPlaceholder(t, form, "What the session is about"), "Securing home routers together")
	viewFind[*widget.Select](form)[2].SetSelected("scheduled")
	dates := slices.DeleteFunc(viewFind[*widget.Entry](form), func(e *widget.Entry) bool { return e.PlaceHolder != "YYYY-MM-DD" })
	test.Type(dates[0], "2021-12-09")
	clocks := slices.DeleteFunc(viewFind[*widget.Entry](form), func(e *widget.Entry) bool { return e.PlaceHolder != "HH:MM" })
	test.Type(clocks[0], "16:00")
	test.Type(clocks[1], "17:00")
	test.Type(entryWithPlaceholder(t, form, "Room, Online, or a meeting link"), "Room 7")
	viewFind[*widget.CheckGroup](form)[0].SetSelected([]string{"DC-IoT", "DC-CIV"})

	add := button(t, form, "Add session")
	if add.Disabled() {
		t.Fatal("the form cannot be confirmed although every field is right")
	}
	test.Tap(add)
	<-mw.Idle()

	test.Type(entryWithPlaceholder(t, w.Content(), "Search titles, rooms, people, topics (Ctrl+F)"), "home routers")
	got := shown(w)
	for _, want := range []string{"Securing home routers together", "Joint: DC-IoT + DC-CIV", "16:00–17:00", "Room 7", "1 of 11 sessions match"} {
		if !strings.Contains(got, want) {
			t.Errorf("the agenda does not show %q:\n%s", want, got)
		}
	}

	// The check view names the new session: a scheduled session with no
	// moderator and no rapporteur.
	tabs := viewFind[*container.AppTabs](w.Content())[0]
	tabs.SelectIndex(4)
	if got := shown(w); !strings.Contains(got, "Securing home routers together") {
		t.Errorf("the check view does not name the new session:\n%s", got)
	}

	// And it is in the plan file, joint.
	store, err := storage.Open(context.Background(), path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var sessions []model.Session
	store.View(context.Background(), func(tx *storage.Tx) (err error) {
		sessions, err = tx.Sessions(context.Background(), storage.SessionFilter{})
		return err
	})
	i := slices.IndexFunc(sessions, func(s model.Session) bool { return s.Title == "Securing home routers together" })
	if i < 0 || !sessions[i].Joint() {
		t.Errorf("the plan file does not hold the joint session: %v", sessions)
	}
}

// typeNewSession opens the form for a new IGF 2021 session and types a
// title, a day and its times; it returns the form and its day, start and
// end fields.
func typeNewSession(t *testing.T, title, day, from, to string) (form fyne.CanvasObject, dayField, start, end *widget.Entry) {
	t.Helper()
	w, _, _ := openSample(t)
	test.Tap(button(t, w.Content(), "New session"))
	form = w.Canvas().Overlays().Top()
	viewFind[*widget.Select](form)[0].SetSelected("IGF 2021")
	test.Type(entryWithPlaceholder(t, form, "What the session is about"), title)
	dates := slices.DeleteFunc(viewFind[*widget.Entry](form), func(e *widget.Entry) bool { return e.PlaceHolder != "YYYY-MM-DD" })
	clocks := slices.DeleteFunc(viewFind[*widget.Entry](form), func(e *widget.Entry) bool { return e.PlaceHolder != "HH:MM" })
	test.Type(dates[0], day)
	test.Type(clocks[0], from)
	test.Type(clocks[1], to)
	return form, dates[0], clocks[0], clocks[1]
}

func TestATimeSkippedByTheClocksKeepsTheFormClosed(t *testing.T) {
	form, _, start, _ := typeNewSession(t, "Spring forward", "2021-03-28", "02:30", "03:30")
	if !button(t, form, "Add session").Disabled() {
		t.Error("a session starting at 02:30 on the night Warsaw's clocks skip it can be added")
	}
	if err := start.Validate(); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("the start field says %v, want that the time does not exist there", err)
	}
}

// A year typed wrong is named on the day field, and the form stays open
// with everything typed, rather than the save failing after it closed.
func TestAYearTypedWrongIsNamedOnTheDayField(t *testing.T) {
	form, day, _, _ := typeNewSession(t, "Typo", "2921-12-07", "10:00", "11:00")
	if !button(t, form, "Add session").Disabled() {
		t.Error("a session in 2921 can be added")
	}
	if err := day.Validate(); err == nil || !strings.Contains(err.Error(), "2921") {
		t.Errorf("the day field says %v, want that 2921 is outside the years a session may take place", err)
	}
}

func TestSwitchingToMyZoneShowsTimesOnMyClock(t *testing.T) {
	w, _, _ := openSample(t)
	test.Type(entryWithPlaceholder(t, w.Content(), "Search titles, rooms, people, topics (Ctrl+F)"), "Vulnerability management")
	if got := shown(w); !strings.Contains(got, "09:00–10:30") {
		t.Fatalf("the IGF session is not at 09:00–10:30 Warsaw time:\n%s", got)
	}
	var mine *widget.Check
	for _, c := range viewFind[*widget.Check](w.Content()) {
		if c.Text == "Times in my zone (Pacific/Auckland)" {
			mine = c
		}
	}
	if mine == nil {
		t.Fatal("no switch to my own zone")
	}
	test.Tap(mine)
	got := shown(w)
	if !strings.Contains(got, "21:00–22:30") || !strings.Contains(got, "Tuesday 7 December 2021") {
		t.Errorf("in Auckland the session is at 21:00–22:30 on Tuesday 7 December:\n%s", got)
	}
}

func TestTheCheckViewNamesTheDoubleBooking(t *testing.T) {
	w, _, _ := openSample(t)
	tabs := viewFind[*container.AppTabs](w.Content())[0]
	if !strings.HasPrefix(tabs.Items[4].Text, "Check (1 ·") {
		t.Errorf("the Check tab says %q, want one conflict", tabs.Items[4].Text)
	}
	tabs.SelectIndex(4)
	got := shown(w)
	if !strings.Contains(got, "Zofia Wróblewska") || !strings.Contains(got, "double-booked") {
		t.Errorf("the check view does not name Zofia's double booking:\n%s", got)
	}
}
