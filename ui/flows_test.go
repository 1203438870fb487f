package ui_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/ui"
)

// The jobs a coordinator does in the app, each from the first key pressed
// to what they would check at the end.

// press types a shortcut (Ctrl and a key) on the window, as the keyboard does.
func press(w fyne.Window, key fyne.KeyName) {
	w.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault})
}

// selectNamed finds the select that offers the given option.
func selectNamed(t *testing.T, obj fyne.CanvasObject, option string) *widget.Select {
	t.Helper()
	for _, s := range viewFind[*widget.Select](obj) {
		if slices.Contains(s.Options, option) {
			return s
		}
	}
	t.Fatalf("no choice offers %q", option)
	return nil
}

// A coordinator looking at EuroDIG's agenda presses Ctrl+N, plans a
// workshop there with a moderator, two speakers and a rapporteur picked by
// typing part of their names, and sees it in the agenda and the file.
func TestPlanASessionWithFourPeopleFromTheKeyboard(t *testing.T) {
	w, mw, path := viewOpen(t, "Sessions")
	selectNamed(t, w.Content(), "All forums").SetSelected("EuroDIG 2021")

	press(w, fyne.KeyN)
	form := w.Canvas().Overlays().Top()
	if form == nil {
		t.Fatal("Ctrl+N opened no form")
	}
	if got := selectNamed(t, form, "EuroDIG 2021").Selected; got != "EuroDIG 2021" {
		t.Errorf("the new session is at %q, not at the forum the agenda shows", got)
	}
	test.Type(entryWithPlaceholder(t, form, "What the session is about"), "Patching the smart home")
	selectNamed(t, form, "scheduled").SetSelected("scheduled")
	test.Type(entryWithPlaceholder(t, form, "YYYY-MM-DD"), "2021-06-29")
	clocks := slices.DeleteFunc(viewFind[*widget.Entry](form), func(e *widget.Entry) bool { return e.PlaceHolder != "HH:MM" })
	test.Type(clocks[0], "14:00")
	test.Type(clocks[1], "15:30")

	cast := []struct {
		typed, name string
		role        model.Role
		status      model.Confirmation
	}{
		{"hel", "Helen Marsh", model.RoleModerator, model.Confirmed},
		{"kenj", "Kenji Watanabe", model.RoleSpeaker, model.Confirmed},
		{"amar", "Amara Okafor", model.RoleSpeaker, model.Invited},
		{"tom", "Tomás Herrera", model.RoleRapporteur, model.Confirmed},
	}
	for i, c := range cast {
		test.Tap(viewButton(t, form, "Add person"))
		fields := slices.DeleteFunc(viewFind[*widget.Entry](form), func(e *widget.Entry) bool { return e.PlaceHolder != "Type part of a name" })
		pickPerson(t, form, fields[i], c.typed, c.name)
		roles := slices.DeleteFunc(viewFind[*widget.Select](form), func(s *widget.Select) bool { return !slices.Contains(s.Options, "rapporteur") })
		statuses := slices.DeleteFunc(viewFind[*widget.Select](form), func(s *widget.Select) bool { return !slices.Contains(s.Options, "declined") })
		roles[i].SetSelected(string(c.role))
		statuses[i].SetSelected(string(c.status))
	}
	for _, name := range []string{"Helen Marsh", "Kenji Watanabe", "Amara Okafor", "Tomás Herrera"} {
		if e := slices.IndexFunc(viewFind[*widget.Entry](form), func(e *widget.Entry) bool { return strings.HasPrefix(e.Text, name) }); e < 0 {
			t.Errorf("the form does not show %s", name)
		}
	}

	add := viewButton(t, form, "Add session")
	if add.Disabled() {
		t.Fatalf("the session cannot be added:\n%s", strings.Join(viewTexts(form), "\n"))
	}
	test.Tap(add)
	<-mw.Idle()

	agenda := strings.Join(viewTexts(w.Content()), "\n")
	rows := viewRows(viewFind[*widget.List](w.Content())[0])
	if viewRow(rows, "Patching the smart home") < 0 {
		t.Errorf("the agenda does not show the new session:\n%s\n%s", agenda, viewDump(rows))
	}
	p := viewStored(t, path)
	i := slices.IndexFunc(p.Sessions, func(s model.Session) bool { return s.Title == "Patching the smart home" })
	if i < 0 {
		t.Fatal("the plan file does not have the new session")
	}
	s, ix := p.Sessions[i], p.Index()
	if ix.Forums[s.ForumID].Name != "EuroDIG 2021" {
		t.Errorf("the session is at %s", ix.Forums[s.ForumID].Name)
	}
	if len(s.Participants) != 4 {
		t.Fatalf("the session has %d people, not 4: %+v", len(s.Participants), s.Participants)
	}
	for _, c := range cast {
		j := slices.IndexFunc(s.Participants, func(pt model.Participation) bool { return ix.People[pt.PersonID].Name == c.name })
		if j < 0 || s.Participants[j].Role != c.role || s.Participants[j].Status != c.status {
			t.Errorf("%s is not on the session as a %s, %s: %+v", c.name, c.role, c.status, s.Participants)
		}
	}
}

// A speaker asks for her calendar: the coordinator presses Ctrl+E, types
// part of her name, and saves the file in the folder used last time. A name
// that is not yet one person's keeps the dialog from going on: it never
// exports everyone's sessions instead.
func TestExportOnePersonsCalendarFromTheKeyboard(t *testing.T) {
	w, mw, planPath := viewOpen(t, "Sessions")
	folder := t.TempDir()
	fyne.CurrentApp().Preferences().SetString("folder.export", folder)

	press(w, fyne.KeyE)
	form := w.Canvas().Overlays().Top()
	for _, label := range []string{"Sessions at", "Person", "Tasks", "Contacts"} {
		if !slices.Contains(viewTexts(form), label) {
			t.Errorf("the export dialog has no field labelled %q: %q", label, viewTexts(form))
		}
	}
	person := entryWithPlaceholder(t, form, "Type part of a name")
	choose := viewButton(t, form, "Choose file…")
	test.Type(person, "zof")
	if !choose.Disabled() {
		t.Error("the calendar can be exported while the person field names no one")
	}
	person.SetText("")
	pickPerson(t, form, person, "zof", "Zofia Wróblewska")
	test.Tap(choose)

	save := w.Canvas().Overlays().Top()
	if !slices.Contains(viewTexts(save), folder) {
		t.Errorf("the file goes to %q, not to the folder used last (%s)", viewTexts(save), folder)
	}
	if name := entryWithPlaceholder(t, save, "File name"); name.Text != "Zofia Wróblewska.ics" {
		t.Errorf("the file is named %q", name.Text)
	}
	test.Tap(viewButton(t, save, "Save"))
	<-mw.Idle()

	want := filepath.Join(folder, "Zofia Wróblewska.ics")
	said := strings.Join(viewTexts(w.Canvas().Overlays().Top()), "\n")
	if !strings.Contains(said, "Saved "+want) {
		t.Errorf("the app does not say where it saved the file:\n%s", said)
	}
	b, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	p := viewStored(t, planPath)
	var hers []string
	for _, s := range p.Sessions {
		for _, pt := range s.Participants {
			if p.Index().People[pt.PersonID].Name == "Zofia Wróblewska" && s.Scheduled() {
				hers = append(hers, s.UID)
			}
		}
	}
	if got := strings.Count(string(b), "BEGIN:VEVENT"); got != len(hers) || len(hers) == 0 {
		t.Errorf("the calendar holds %d sessions; Zofia takes part in %d", got, len(hers))
	}
	for _, uid := range hers {
		if !strings.Contains(string(b), "UID:"+uid) {
			t.Errorf("the calendar lacks her session %s", uid)
		}
	}
}

// A coordinator plans a session for Zofia and learns while typing its time
// that she is already elsewhere then; saved anyway, the clash shows in the
// agenda on both sessions, and the Check view offers to open either.
func TestAClashShowsWhileTheTimeIsTypedAndWhereTheCoordinatorWorks(t *testing.T) {
	w, mw, _ := viewOpen(t, "Sessions")
	selectNamed(t, w.Content(), "All forums").SetSelected("IGF 2021")
	press(w, fyne.KeyN)
	form := w.Canvas().Overlays().Top()
	test.Type(entryWithPlaceholder(t, form, "What the session is about"), "Labelling connected toys")
	test.Tap(viewButton(t, form, "Add person"))
	pickPerson(t, form, entryWithPlaceholder(t, form, "Type part of a name"), "zof", "Zofia Wróblewska")
	test.Type(entryWithPlaceholder(t, form, "YYYY-MM-DD"), "2021-12-08")
	clocks := slices.DeleteFunc(viewFind[*widget.Entry](form), func(e *widget.Entry) bool { return e.PlaceHolder != "HH:MM" })
	test.Type(clocks[0], "10:00")
	test.Type(clocks[1], "12:00")

	const core = "Core Internet Values and the Internet of Things: secure devices at a global scale"
	warning := "Zofia Wróblewska is in “" + core + "” 11:30–13:00"
	if said := strings.Join(viewTexts(form), "\n"); !strings.Contains(said, warning) {
		t.Errorf("the form does not warn %q while the time is typed:\n%s", warning, said)
	}
	clocks[1].SetText("")
	test.Type(clocks[1], "11:30")
	if said := strings.Join(viewTexts(form), "\n"); strings.Contains(said, "Zofia Wróblewska is in") || !strings.Contains(said, "None: its people are free then") {
		t.Errorf("ending as the other session starts still warns of a clash:\n%s", said)
	}
	clocks[1].SetText("")
	test.Type(clocks[1], "12:00")
	test.Tap(viewButton(t, form, "Add session"))
	<-mw.Idle()

	rows := viewRows(viewFind[*widget.List](w.Content())[0])
	for _, title := range []string{"Labelling connected toys", core} {
		if viewRow(rows, title, "⚠ clash") < 0 {
			t.Errorf("the agenda does not mark %q as clashing:\n%s", title, viewDump(rows))
		}
	}
	if viewRow(rows, "Software update in practice: three manufacturers compare notes", "⚠ clash") >= 0 {
		t.Error("the agenda marks a session without a clash")
	}

	tabs := viewFind[*container.AppTabs](w.Content())[0]
	tabs.SelectIndex(4)
	list := viewFind[*widget.List](tabs.Selected().Content)[0]
	checkRows := viewRows(list)
	i := slices.IndexFunc(checkRows, func(r []string) bool {
		return slices.ContainsFunc(r, func(s string) bool { return strings.Contains(s, "Labelling connected toys") })
	})
	if i < 0 {
		t.Fatalf("the Check view does not name the new clash:\n%s", viewDump(checkRows))
	}
	list.Select(i)
	chooser := w.Canvas().Overlays().Top()
	if chooser == nil {
		t.Fatal("clicking the clash opened nothing")
	}
	var offers []string
	for _, b := range viewFind[*widget.Button](chooser) {
		offers = append(offers, b.Text)
	}
	for _, title := range []string{"Labelling connected toys — IGF 2021", core + " — IGF 2021"} {
		if !slices.ContainsFunc(offers, func(o string) bool { return strings.HasPrefix(o, title) }) {
			t.Errorf("the clash does not offer %q: %q", title, offers)
		}
	}
	for _, b := range viewFind[*widget.Button](chooser) {
		if strings.HasPrefix(b.Text, core) {
			test.Tap(b)
		}
	}
	if form := w.Canvas().Overlays().Top(); form == nil || !slices.ContainsFunc(viewFind[*widget.Entry](form), func(e *widget.Entry) bool { return e.Text == core }) {
		t.Error("choosing the other session does not open its form")
	}
}

// A coordinator deletes the wrong session, sees in the Edit menu what Undo
// would take back, and presses Ctrl+Z: the session is back with its UID,
// its people and the action item tied to it. Ctrl+Z while typing in a form
// belongs to the field, not to the plan.
func TestCtrlZTakesBackADeletedSessionWithItsPeopleAndActions(t *testing.T) {
	w, mw, path := viewOpen(t, "Sessions")
	const title = "Enforcement and waivers: the IoT Cybersecurity Improvement Act in practice"
	before := viewStored(t, path)
	was := before.Sessions[slices.IndexFunc(before.Sessions, func(s model.Session) bool { return s.Title == title })]

	viewTapRow(t, w.Content(), title)
	form := w.Canvas().Overlays().Top()
	test.Tap(viewButton(t, form, "Delete…"))
	test.Tap(viewButton(t, w.Canvas().Overlays().Top(), "Delete"))
	<-mw.Idle()
	if p := viewStored(t, path); slices.ContainsFunc(p.Sessions, func(s model.Session) bool { return s.Title == title }) {
		t.Fatal("the session was not deleted")
	}
	undo := menuEntry(t, w, "Edit", "Undo")
	if want := "Undo deleting “" + title + "”"; undo.Label != want || undo.Disabled {
		t.Errorf("the Edit menu says %q (disabled %v), want %q", undo.Label, undo.Disabled, want)
	}

	press := func() { w.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutUndo{}) }
	press()
	<-mw.Idle()

	p := viewStored(t, path)
	i := slices.IndexFunc(p.Sessions, func(s model.Session) bool { return s.Title == title })
	if i < 0 {
		t.Fatal("Ctrl+Z did not bring the session back")
	}
	back := p.Sessions[i]
	if back.UID != was.UID || len(back.Participants) != len(was.Participants) || !back.Start.Equal(was.Start) {
		t.Errorf("the session came back as %+v, was %+v", back, was)
	}
	if a := p.Actions[slices.IndexFunc(p.Actions, func(a model.ActionItem) bool {
		return strings.HasPrefix(a.Title, "Get the online moderator confirmed")
	})]; a.SessionID != back.ID {
		t.Errorf("the action about the session is not tied to it again: %+v", a)
	}
	if viewRow(viewRows(viewFind[*widget.List](w.Content())[0]), title) < 0 {
		t.Error("the agenda does not show the session again")
	}
	if undo := menuEntry(t, w, "Edit", "Undo"); !undo.Disabled {
		t.Errorf("with nothing left to take back the menu offers %q", undo.Label)
	}

	viewTapRow(t, w.Content(), title)
	form = w.Canvas().Overlays().Top()
	field := entryWithPlaceholder(t, form, "Room, Online, or a meeting link")
	w.Canvas().Focus(field)
	test.Type(field, " B")
	press()
	if p := viewStored(t, path); len(p.Sessions) != len(before.Sessions) {
		t.Error("Ctrl+Z in a form changed the plan")
	}
}

// menuEntry finds a menu's item by the start of its label.
func menuEntry(t *testing.T, w fyne.Window, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range w.MainMenu().Items {
		for _, item := range m.Items {
			if m.Label == menu && strings.HasPrefix(item.Label, label) {
				return item
			}
		}
	}
	t.Fatalf("no menu item %s › %s", menu, label)
	return nil
}

// Esc closes a form as it closes dialogs elsewhere, at once when nothing
// was typed, and after asking when something was.
func TestEscClosesAFormAskingFirstWhenSomethingWasTyped(t *testing.T) {
	w, _, path := viewOpen(t, "Sessions")
	esc := func() {
		key := &fyne.KeyEvent{Name: fyne.KeyEscape}
		if f := w.Canvas().Focused(); f != nil {
			f.TypedKey(key)
		} else {
			w.Canvas().OnTypedKey()(key)
		}
	}

	press(w, fyne.KeyN)
	esc()
	if top := w.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("Esc on an untouched form left %q open", viewTexts(top))
	}

	press(w, fyne.KeyN)
	title := focusField(t, w, entryWithPlaceholder(t, w.Canvas().Overlays().Top(), "What the session is about"))
	test.Type(title, "Half a thought")
	esc()
	ask := w.Canvas().Overlays().Top()
	if !slices.Contains(viewTexts(ask), "Close without saving?") {
		t.Fatalf("Esc after typing does not ask first: %q", viewTexts(ask))
	}
	test.Tap(viewButton(t, ask, "Keep editing"))
	if top := w.Canvas().Overlays().Top(); top == nil || !slices.ContainsFunc(viewFind[*widget.Entry](top), func(e *widget.Entry) bool { return e.Text == "Half a thought" }) {
		t.Fatal("Keep editing lost the form or what was typed")
	}
	w.Canvas().Focus(title)
	esc()
	test.Tap(viewButton(t, w.Canvas().Overlays().Top(), "Close"))
	if top := w.Canvas().Overlays().Top(); top != nil {
		t.Errorf("Close left %q open", viewTexts(top))
	}
	if p := viewStored(t, path); slices.ContainsFunc(p.Sessions, func(s model.Session) bool { return s.Title == "Half a thought" }) {
		t.Error("a form closed with Esc saved the session")
	}
}

// focusField gives the keyboard to the field that shows e, as a click in
// it does, and returns it: a form's fields are entries with more to them,
// and keys reach the field, not the entry inside.
func focusField(t *testing.T, w fyne.Window, e *widget.Entry) fyne.Focusable {
	t.Helper()
	var field fyne.Focusable
	viewWalk(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) bool {
		if f, ok := o.(fyne.Focusable); ok && field == nil {
			if inner, ok := ui.AsA[*widget.Entry](o); ok && inner == e {
				field = f
			}
		}
		return field == nil
	})
	if field == nil {
		t.Fatalf("no field shows the entry %q", e.PlaceHolder)
	}
	w.Canvas().Focus(field)
	return field
}

// A coordinator looks at IGF 2021's Wednesday as a grid of its rooms: each
// room a column, the two sessions that double-book Zofia marked, and a
// click on a session opens it.
func TestAForumsDayAsAGridOfRoomsShowsItsClashes(t *testing.T) {
	w, _, _ := viewOpen(t, "Sessions")
	selectNamed(t, w.Content(), "All forums").SetSelected("IGF 2021")
	for _, c := range viewFind[*widget.Check](w.Content()) {
		if c.Text == "Day × room grid" {
			test.Tap(c)
		}
	}
	selectNamed(t, w.Content(), "Wed 8 Dec 2021").SetSelected("Wed 8 Dec 2021")

	said := viewTexts(w.Content())
	for _, room := range []string{"Conference Room 2", "Conference Room 5"} {
		if !slices.Contains(said, room) {
			t.Errorf("the grid has no column for %s: %q", room, said)
		}
	}
	const core = "Core Internet Values and the Internet of Things: secure devices at a global scale"
	for _, block := range []string{"⚠ 11:30–13:00  " + core, "⚠ 12:30–13:30  Data access and interoperability: the EU sector inquiry into consumer IoT"} {
		if !slices.Contains(said, block) {
			t.Errorf("the grid does not mark %q as a clash:\n%s", block, strings.Join(said, "\n"))
		}
	}
	viewTapRow(t, w.Content(), "⚠ 11:30–13:00  "+core)
	if form := w.Canvas().Overlays().Top(); form == nil || !slices.ContainsFunc(viewFind[*widget.Entry](form), func(e *widget.Entry) bool { return e.Text == core }) {
		t.Error("clicking a session in the grid does not open it")
	}
}

// However the coordinator names it, an export never replaces the open
// plan: choosing the plan's own file as where a calendar goes is refused,
// and the plan stays as it was.
func TestAnExportNeverReplacesTheOpenPlan(t *testing.T) {
	w, mw, path := viewOpen(t, "Sessions")
	fyne.CurrentApp().Preferences().SetString("folder.export", filepath.Dir(path))
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	press(w, fyne.KeyE)
	test.Tap(viewButton(t, w.Canvas().Overlays().Top(), "Choose file…"))
	save := w.Canvas().Overlays().Top()
	name := entryWithPlaceholder(t, save, "File name")
	name.SetText(filepath.Base(path))
	test.Tap(viewButton(t, save, "Save"))
	<-mw.Idle()

	said := strings.Join(viewTexts(w.Canvas().Overlays().Top()), "\n")
	if !strings.Contains(said, "never replaces its plan") {
		t.Errorf("exporting onto the plan does not say why it was refused:\n%s", said)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the plan file was changed by an export onto it")
	}
}
