package ui

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/sample"
)

// samplePlanFile writes the sample plan to a file and returns its path,
// with the store still open for the test to change it further.
func samplePlanFile(t *testing.T) (string, *storage.Store) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dc-iot.convene")
	s, err := storage.Open(ctx, path, storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Update(ctx, func(tx *storage.Tx) error { return sample.Load(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	return path, s
}

func addForumNamed(t *testing.T, s *storage.Store, name string) {
	t.Helper()
	ctx := context.Background()
	zone, _ := model.LoadZone("Europe/Warsaw")
	f := model.Forum{Name: name, Kind: model.KindNational, Format: model.Online, Zone: zone,
		FirstDay: model.Date{Year: 2021, Month: 11, Day: 3}, LastDay: model.Date{Year: 2021, Month: 11, Day: 4}}
	if err := s.Update(ctx, func(tx *storage.Tx) error { return tx.CreateForum(ctx, &f) }); err != nil {
		t.Fatal(err)
	}
}

// openWindow shows the plan at path in a test window, as a coordinator
// would see it on 1 December 2021.
func openWindow(t *testing.T, path string) (fyne.Window, *Window) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	mw := Create(w, Plan{Path: path, Today: model.Date{Year: 2021, Month: 12, Day: 1}})
	<-mw.Loaded()
	if mw.plan == nil {
		t.Fatal("the plan is not on screen")
	}
	return w, mw
}

// dialogShown returns the dialog on top of the window.
func dialogShown(t *testing.T, w fyne.Window) fyne.CanvasObject {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is shown")
	}
	return top
}

// shownWidgets returns every widget of type T inside obj, as rendered,
// among them those that are a T with more to them.
func shownWidgets[T fyne.CanvasObject](obj fyne.CanvasObject) []T {
	var out []T
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if v, ok := AsA[T](o); ok {
			out = append(out, v)
		}
		switch v := o.(type) {
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(obj)
	return out
}

func tapButton(t *testing.T, obj fyne.CanvasObject, text string) {
	t.Helper()
	for _, b := range shownWidgets[*widget.Button](obj) {
		if b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q", text)
}

func menuItem(t *testing.T, w fyne.Window, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range w.MainMenu().Items {
		for _, item := range m.Items {
			if m.Label == menu && item.Label == label {
				return item
			}
		}
	}
	t.Fatalf("no menu item %s ▸ %s", menu, label)
	return nil
}

func shownText(obj fyne.CanvasObject) string {
	var said []string
	for _, l := range shownWidgets[*widget.Label](obj) {
		said = append(said, l.Text)
	}
	return strings.Join(said, "\n")
}

func forumNamed(p *model.Plan, name string) bool {
	return slices.ContainsFunc(p.Forums, func(f model.Forum) bool { return f.Name == name })
}

// A coordinator imported the wrong forums sheet and goes back to the
// snapshot Convene kept before it, from the File menu.
func TestRestoringASnapshotFromTheWindowUndoesAnImport(t *testing.T) {
	ctx := context.Background()
	path, s := samplePlanFile(t)
	if _, err := s.Snapshot(ctx, "import-forums"); err != nil {
		t.Fatal(err)
	}
	addForumNamed(t, s, "Wrong forum")
	s.Close()
	w, mw := openWindow(t, path)
	if !forumNamed(mw.plan, "Wrong forum") {
		t.Fatal("the window does not show the imported forum")
	}

	menuItem(t, w, "File", "Restore a snapshot…").Action()
	<-mw.Idle()
	d := dialogShown(t, w)
	choices := shownWidgets[*widget.RadioGroup](d)
	if len(choices) != 1 || len(choices[0].Options) != 1 || !strings.Contains(choices[0].Selected, "before import-forums") {
		t.Fatalf("the dialog does not offer the snapshot before the import: %v", choices)
	}
	tapButton(t, d, "Restore")
	<-mw.Idle()

	if forumNamed(mw.plan, "Wrong forum") {
		t.Error("after the restore the window still shows the imported forum")
	}
	if said := shownText(dialogShown(t, w)); !strings.Contains(said, "before import-forums") {
		t.Errorf("the window does not say what the plan now is:\n%s", said)
	}
	list, err := storage.Snapshots(path)
	if err != nil || len(list) != 2 || list[0].Reason != "restore" {
		t.Errorf("the plan the restore replaced is not kept: %+v %v", list, err)
	}
}

func TestAPlanWithoutSnapshotsSaysSo(t *testing.T) {
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)
	menuItem(t, w, "File", "Restore a snapshot…").Action()
	<-mw.Idle()
	if said := shownText(dialogShown(t, w)); !strings.Contains(said, "no snapshots yet") {
		t.Errorf("the dialog does not say there are none:\n%s", said)
	}
}

// A restore after invitations went out keeps the record of them, and the
// window says so and where the speakers' calendars are brought in step.
func TestRestoringAfterInvitationsSaysWhatWasSentIsKept(t *testing.T) {
	ctx := context.Background()
	path, s := samplePlanFile(t)
	if _, err := s.Snapshot(ctx, "import-forums"); err != nil {
		t.Fatal(err)
	}
	err := s.Update(ctx, func(tx *storage.Tx) error {
		sessions, err := tx.Sessions(ctx, storage.SessionFilter{})
		if err != nil {
			return err
		}
		for _, ses := range sessions {
			if len(ses.Participants) > 0 {
				return tx.RecordInvitation(ctx, storage.Invitation{SessionID: ses.ID, PersonID: ses.Participants[0].PersonID,
					Sequence: ses.Sequence, Method: "REQUEST", Sent: time.Date(2021, 11, 1, 9, 0, 0, 0, time.UTC), Shown: "as sent"})
			}
		}
		return errors.New("the sample has no session with people")
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	w, mw := openWindow(t, path)

	menuItem(t, w, "File", "Restore a snapshot…").Action()
	<-mw.Idle()
	tapButton(t, dialogShown(t, w), "Restore")
	<-mw.Idle()
	if said := shownText(dialogShown(t, w)); !strings.Contains(said, "What it sent by email is kept (1 message): Invite by email… sends") {
		t.Errorf("the window does not say the message sent is kept:\n%s", said)
	}
}
