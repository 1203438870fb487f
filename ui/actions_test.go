package ui_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/plangen"
	"github.com/convene-planner/convene/ui"
)

const actionsOverdue = "Get the online moderator confirmed for the IGF-USA session"

// actionsRow returns the row of the list on screen that shows the title.
func actionsRow(t *testing.T, w fyne.Window, title string) fyne.CanvasObject {
	t.Helper()
	var row fyne.CanvasObject
	for _, o := range viewFind[fyne.Widget](viewFind[*widget.List](w.Content())[0]) {
		// The innermost widget showing both the title and a Done button.
		if slices.Contains(viewTexts(o), title) && len(viewFind[*widget.Button](o)) == 1 {
			row = o
		}
	}
	if row == nil {
		t.Fatalf("no row shows %q:\n%s", title, strings.Join(viewTexts(w.Content()), "\n"))
	}
	return row
}

func TestMarkAnActionDoneInOneClick(t *testing.T) {
	w, mw, path := viewOpen(t, "Actions")
	row := actionsRow(t, w, actionsOverdue)
	if !slices.Contains(viewTexts(row), "153 days overdue") {
		t.Fatalf("the overdue action does not say so: %q", viewTexts(row))
	}

	test.Tap(viewButton(t, row, "Done"))
	<-mw.Idle()

	p := viewStored(t, path)
	i := slices.IndexFunc(p.Actions, func(a model.ActionItem) bool { return a.Title == actionsOverdue })
	if i < 0 || p.Actions[i].Status != model.ActionDone {
		t.Fatalf("the plan file does not say the action is done: %+v", p.Actions)
	}
	// The row stays, so a slip can be undone, but no longer as overdue.
	row = actionsRow(t, w, actionsOverdue)
	if got := viewTexts(row); slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "overdue") }) || !slices.Contains(got, "done") {
		t.Errorf("the done action's row shows %q", got)
	}
	if got := viewTexts(w.Content()); !slices.Contains(got, "4 to do · 4 done or dropped not shown") {
		t.Errorf("the summary does not count the action as done:\n%s", strings.Join(got, "\n"))
	}
}

func TestActionsInOrderOfOwnerWithTheClosedOnesOnRequest(t *testing.T) {
	w, _, _ := viewOpen(t, "Actions")
	list := viewFind[*widget.List](w.Content())[0]
	selects := viewFind[*widget.Select](w.Content())
	selects[0].SetSelected("owner")
	rows := viewRows(list)
	if len(rows) != 5 {
		t.Fatalf("want the 5 actions still to do, got:\n%s", viewDump(rows))
	}
	if !slices.IsSortedFunc(rows, func(a, b []string) int { return strings.Compare(actionsOwner(a), actionsOwner(b)) }) {
		t.Errorf("the actions are not in order of owner:\n%s", viewDump(rows))
	}

	test.Tap(viewFind[*widget.Check](w.Content())[0])
	rows = viewRows(list)
	if len(rows) != 9 || viewRow(rows, "Submit the IGF 2021 joint session proposal with DC-CIV before the deadline", "done") < 0 {
		t.Errorf("showing done and dropped shows:\n%s", viewDump(rows))
	}
}

// actionsOwner is the owner's name in a row's second line, "owner · forum: session".
func actionsOwner(row []string) string {
	name, _, _ := strings.Cut(row[1], " · ")
	return name
}

func TestAddAnActionForAPersonTyped(t *testing.T) {
	w, mw, path := viewOpen(t, "Actions")
	test.Tap(viewButton(t, w.Content(), "Add action"))
	form := w.Canvas().Overlays().Top()
	entries := viewFind[*widget.Entry](form)
	title := entries[slices.IndexFunc(entries, func(e *widget.Entry) bool { return e.PlaceHolder == "What is to be done" })]
	test.Type(title, "Book the room for the DC-IoT annual meeting")
	owner := entryWithPlaceholder(t, form, "Type part of a name; empty for no owner")
	add := viewButton(t, form, "Add")

	test.Type(owner, "Nobody Known")
	if !add.Disabled() {
		t.Error("an action can be given to someone not in the plan")
	}
	owner.SetText("")
	pickPerson(t, form, owner, "wanj", "Wanjiru Kamau")
	forum := viewFind[*widget.Select](form)[1]
	forum.SetSelected("IGF 2021")
	session := viewFind[*widget.Select](form)[2]
	if !slices.Contains(session.Options, "Vulnerability management and disclosure: from law to practice") || slices.Contains(session.Options, "Security standards for IoT across the economy") {
		t.Errorf("the sessions offered are not IGF 2021's: %q", session.Options)
	}
	if add.Disabled() {
		t.Fatalf("a right action cannot be added:\n%s", strings.Join(viewTexts(form), "\n"))
	}
	test.Tap(add)
	<-mw.Idle()

	p := viewStored(t, path)
	i := slices.IndexFunc(p.Actions, func(a model.ActionItem) bool { return a.Title == "Book the room for the DC-IoT annual meeting" })
	if i < 0 {
		t.Fatal("the plan file does not have the new action")
	}
	ix := p.Index()
	if a := p.Actions[i]; ix.People[a.OwnerID] == nil || ix.People[a.OwnerID].Name != "Wanjiru Kamau" || ix.Forums[a.ForumID].Name != "IGF 2021" {
		t.Errorf("the new action is %+v", a)
	}
}

// BenchmarkMarkActionDoneHuge measures one click on Done in a plan of 20,000
// sessions, from the click until the plan file has it and every view shows it.
func BenchmarkMarkActionDoneHuge(b *testing.B) {
	src, err := os.ReadFile(plangen.File(b, plangen.Huge))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "huge.convene")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		b.Fatal(err)
	}
	test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	w.Resize(fyne.NewSize(1280, 800))
	mw := ui.Create(w, ui.Plan{Path: path, Today: model.Date{Year: 2022, Month: 1, Day: 1}})
	<-mw.Loaded()
	for _, tabs := range viewFind[*container.AppTabs](w.Content()) {
		tabs.SelectIndex(3)
	}
	b.ResetTimer()
	for b.Loop() {
		done := viewFind[*widget.Button](viewFind[*widget.List](w.Content())[0])
		i := slices.IndexFunc(done, func(x *widget.Button) bool { return x.Text == "Done" && !x.Disabled() })
		if i < 0 {
			b.Fatal("no action left to do on screen")
		}
		test.Tap(done[i])
		<-mw.Idle()
	}
}
