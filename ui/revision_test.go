package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// openWindowAs shows the plan at path in a window of the test's app, its
// changes signed by who, as a coordinator on another computer would.
func openWindowAs(t *testing.T, path, who string) (fyne.Window, *Window) {
	t.Helper()
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	mw := Create(w, Plan{Path: path, Today: model.Date{Year: 2021, Month: 12, Day: 1}, Who: who})
	<-mw.Loaded()
	if mw.plan == nil {
		t.Fatal("the plan is not on screen")
	}
	return w, mw
}

// retype replaces what a form's field holds, as a user selecting it all
// and typing would.
func retype(t *testing.T, form fyne.CanvasObject, placeholder, text string) {
	t.Helper()
	for _, e := range shownWidgets[*widget.Entry](form) {
		if e.PlaceHolder == placeholder {
			e.SetText("")
			test.Type(e, text)
			return
		}
	}
	t.Fatalf("no field %q", placeholder)
}

func fieldText(t *testing.T, form fyne.CanvasObject, placeholder string) string {
	t.Helper()
	for _, e := range shownWidgets[*widget.Entry](form) {
		if e.PlaceHolder == placeholder {
			return e.Text
		}
	}
	t.Fatalf("no field %q", placeholder)
	return ""
}

// agendaTitles are the titles the window's agenda lists.
func agendaTitles(mw *Window) []string {
	var titles []string
	for _, r := range mw.sessions.rows {
		if r.kind == sessionRow {
			titles = append(titles, mw.plan.Sessions[r.session].Title)
		}
	}
	return titles
}

const titleField = "What the session is about"

// Ana and Bea have one plan open, each in a window. Ana opens a session;
// meanwhile Bea retitles it. Ana's save is refused: her form stays open
// with what she typed, and a dialog says Bea changed the session and
// when. Ana reloads: the form shows Bea's title and says Bea changed it.
// Ana types her title again and saves: both agendas show it, Bea's once
// her window notices the change. Ctrl+Z then takes Ana's change back,
// as a change of its own.
func TestTwoCoordinatorsEditingOneSessionLoseNoEditAndSeeWhoChangedIt(t *testing.T) {
	path, s := samplePlanFile(t)
	s.Close()
	test.NewTempApp(t)
	wa, ana := openWindowAs(t, path, "Ana Souza")
	wb, bea := openWindowAs(t, path, "Bea Kim")
	id := ana.plan.Sessions[0].ID
	old := ana.plan.Sessions[0].Title

	ana.editSession(id)
	formA := dialogShown(t, wa)
	bea.editSession(id)
	formB := dialogShown(t, wb)
	retype(t, formB, titleField, "Bea's title")
	tapButton(t, formB, "Save")
	<-bea.Idle()
	if top := wb.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("Bea's form is still open after her save: %s", shownText(top))
	}
	// Bea's window watches for changes made outside it from now on.
	watcher, err := newWatcher(bea, bea.store, bea.idle)
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.watch.Close()

	retype(t, formA, titleField, "Ana's title")
	tapButton(t, formA, "Save")
	<-ana.Idle()
	stale := dialogShown(t, wa)
	said := shownText(stale)
	if !strings.Contains(said, "Bea Kim changed this session on ") || !strings.Contains(said, "nothing was saved") ||
		!strings.Contains(said, "what you typed here is then lost") {
		t.Errorf("the refusal says:\n%s", said)
	}
	if fieldText(t, formA, titleField) != "Ana's title" || !slices.Contains(wa.Canvas().Overlays().List(), formA) {
		t.Fatal("Ana's form did not stay open with what she typed")
	}
	if stored := storedSession(t, ana, id); stored.Title != "Bea's title" || stored.Version != 2 || stored.ChangedBy != "Bea Kim" {
		t.Fatalf("after the refused save the plan holds %q at version %d by %q", stored.Title, stored.Version, stored.ChangedBy)
	}

	tapButton(t, stale, "Reload")
	<-ana.Idle()
	formA = dialogShown(t, wa)
	if got := fieldText(t, formA, titleField); got != "Bea's title" {
		t.Errorf("after Reload the form shows the title %q, want Bea's", got)
	}
	stored := storedSession(t, ana, id)
	if want := "Changed by Bea Kim, " + changedWhen(stored.ChangedAt, ana.opts.Zone); !strings.Contains(shownText(formA), want) {
		t.Errorf("the form does not say %q; it shows:\n%s", want, shownText(formA))
	}
	if titles := agendaTitles(ana); !slices.Contains(titles, "Bea's title") || slices.Contains(titles, old) {
		t.Error("after Reload Ana's agenda does not show Bea's title")
	}

	retype(t, formA, titleField, "Ana's title")
	tapButton(t, formA, "Save")
	<-ana.Idle()
	if top := wa.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("Ana's save after reloading did not go through:\n%s", shownText(top))
	}
	if stored := storedSession(t, ana, id); stored.Title != "Ana's title" || stored.Version != 3 || stored.ChangedBy != "Ana Souza" {
		t.Errorf("the plan holds %q at version %d by %q, want Ana's title at version 3 by Ana Souza", stored.Title, stored.Version, stored.ChangedBy)
	}
	if !slices.Contains(agendaTitles(ana), "Ana's title") {
		t.Error("Ana's agenda does not show her title")
	}
	if reloaded, _ := watcher.check(); !reloaded {
		t.Fatal("Bea's window did not notice Ana's change")
	}
	<-bea.Idle()
	if titles := agendaTitles(bea); !slices.Contains(titles, "Ana's title") || slices.Contains(titles, "Bea's title") {
		t.Error("Bea's agenda does not show Ana's title")
	}

	ana.undo()
	<-ana.Idle()
	if stored := storedSession(t, ana, id); stored.Title != "Bea's title" || stored.Version != 4 {
		t.Errorf("after Ctrl+Z the plan holds %q at version %d, want Bea's title back at version 4", stored.Title, stored.Version)
	}
}

// A coordinator whose colleague changed an action item after she opened
// it cannot delete it from the form: she is told who changed it, and the
// item stays.
func TestDeletingAnActionAColleagueChangedIsRefused(t *testing.T) {
	path, s := samplePlanFile(t)
	s.Close()
	test.NewTempApp(t)
	wa, ana := openWindowAs(t, path, "Ana Souza")
	_, bea := openWindowAs(t, path, "Bea Kim")
	a := bea.plan.Actions[0]
	ana.editAction(a.ID)
	formA := dialogShown(t, wa)

	a.Notes = "Bea's notes"
	bea.saveAction(a)
	<-bea.Idle()

	tapButton(t, formA, "Delete…")
	tapButton(t, dialogShown(t, wa), "Delete")
	<-ana.Idle()
	if said := shownText(dialogShown(t, wa)); !strings.Contains(said, "Bea Kim changed this action item") {
		t.Errorf("the refusal says:\n%s", said)
	}
	err := ana.store.View(context.Background(), func(tx *storage.Tx) error {
		got, err := tx.Action(context.Background(), a.ID)
		if err == nil && got.Notes != "Bea's notes" {
			t.Errorf("the action's notes are %q", got.Notes)
		}
		return err
	})
	if err != nil {
		t.Errorf("the action Bea changed is gone: %v", err)
	}
}

func storedSession(t *testing.T, mw *Window, id int64) model.Session {
	t.Helper()
	var s model.Session
	err := mw.store.View(context.Background(), func(tx *storage.Tx) (err error) {
		s, err = tx.Session(context.Background(), id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
