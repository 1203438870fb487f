package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/keyring"
	"github.com/convene-planner/convene/storage/keyring/keyringtest"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
	"github.com/convene-planner/convene/storage/sample"
)

// sampleTeamPlan makes a team plan holding the sample plan, and returns
// its database.
func sampleTeamPlan(t *testing.T) *pgtest.Database {
	t.Helper()
	ctx := context.Background()
	d := pgtest.Shared(t).NewDatabase(t)
	s, err := storage.Open(ctx, d.URL(d.Owner), storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Update(ctx, func(tx *storage.Tx) error { return sample.Load(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	return d
}

// heard waits until the watch has something new to say, failing the test
// after a long while.
func heard(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatal("the window's watch heard nothing")
	}
}

// fieldShowing is the entry in obj that shows text, as a person reads it:
// what it holds, or, while it is empty, what it asks for.
func fieldShowing(t *testing.T, obj fyne.CanvasObject, text string) *widget.Entry {
	t.Helper()
	for _, e := range shownWidgets[*widget.Entry](obj) {
		if e.Text == text || e.Text == "" && e.PlaceHolder == text {
			return e
		}
	}
	t.Fatalf("no field shows %q", text)
	return nil
}

// everyText is every text obj shows: labels, canvas texts, and what
// shows its text whole (a session's title in the list).
func everyText(obj fyne.CanvasObject) string {
	var said []string
	for _, o := range shownWidgets[fyne.CanvasObject](obj) {
		switch v := o.(type) {
		case *widget.Label:
			said = append(said, v.Text)
		case *canvas.Text:
			said = append(said, v.Text)
		case interface{ Text() string }:
			said = append(said, v.Text())
		}
	}
	return strings.Join(said, "\n")
}

// Two coordinators on one team plan: what one renames, the other's
// window shows without being asked. Then the second coordinator's
// network goes: the window says it is offline, and a session renamed
// and saved meanwhile, twice, is kept, and saved in that order once the
// server is back, where the first coordinator sees it.
func TestAnotherCoordinatorsEditShowsAndASaveWhileOfflineWaitsForTheServer(t *testing.T) {
	ctx := context.Background()
	d := sampleTeamPlan(t)
	proxy := d.Proxy(t)
	w, mw := openWindow(t, proxy.URL(d.Owner))
	if got := w.Title(); got != "Convene — "+d.Name+" on "+strings.Split(strings.TrimPrefix(storage.PlanName(proxy.URL(d.Owner)), "postgres://"+d.Owner.Name+"@"), "/")[0] {
		t.Errorf("the window's title is %q", got)
	}
	if strings.Contains(w.Title(), d.Owner.Password) {
		t.Error("the window's title shows the password")
	}
	watch, err := newWatcher(mw, mw.store, mw.idle)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.watch.Close()

	other, err := storage.Open(ctx, d.URL(d.Owner), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	first := mw.plan.Sessions[0]
	renamed := first
	renamed.Title = "Renamed by a coordinator in Nairobi"
	changed := watch.watch.Changed()
	if err := other.Update(ctx, func(tx *storage.Tx) error { return tx.UpdateSession(ctx, &renamed) }); err != nil {
		t.Fatal(err)
	}
	saved := time.Now()
	heard(t, changed)
	if reloaded, _ := watch.check(); !reloaded {
		t.Fatal("the other coordinator's change was not noticed")
	}
	<-mw.Idle()
	t.Logf("the window shows the other coordinator's change %v after their save returned", time.Since(saved))
	if !strings.Contains(everyText(w.Content()), renamed.Title) {
		t.Fatalf("the window does not show the session renamed by the other coordinator")
	}

	changed = watch.watch.Changed()
	proxy.Cut()
	heard(t, changed)
	watch.check()
	if said := everyText(w.Content()); !strings.Contains(said, "Offline") {
		t.Fatalf("with the server out of reach the window does not say so:\n%s", said)
	}

	mw.editSession(first.ID)
	form := dialogShown(t, w)
	title := fieldShowing(t, form, renamed.Title)
	title.SetText("")
	test.Type(title, "Typed while offline")
	tapButton(t, form, "Save")
	<-mw.Idle()
	if said := everyText(w.Content()); !strings.Contains(said, "1 change waits to be saved") {
		t.Fatalf("the window does not say a change waits:\n%s", said)
	}
	if top := w.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("a dialog was shown over the save kept for later:\n%s", shownText(top))
	}
	// A second thought, still offline: the next save tries the first
	// again, and what waits for the session is now the title typed last
	// (both were typed over the version read before the server went).
	mw.editSession(first.ID)
	form = dialogShown(t, w)
	title = fieldShowing(t, form, renamed.Title)
	title.SetText("")
	test.Type(title, "Typed again while offline")
	tapButton(t, form, "Save")
	<-mw.Idle()
	if said := everyText(w.Content()); !strings.Contains(said, "1 change waits to be saved") {
		t.Fatalf("the window does not say the session's change waits, once:\n%s", said)
	}

	changed = watch.watch.Changed()
	proxy.Mend(t)
	for {
		heard(t, changed)
		changed = watch.watch.Changed()
		if _, err := watch.watch.Version(ctx); err == nil {
			break
		}
	}
	watch.check()
	<-mw.Idle()
	if said := everyText(w.Content()); strings.Contains(said, "Offline") || strings.Contains(said, "wait") {
		t.Errorf("back online, the window still says:\n%s", said)
	}
	var seen *model.Session
	if err := other.View(ctx, func(tx *storage.Tx) (err error) {
		p, err := tx.Plan(ctx)
		if err == nil {
			seen = p.Index().Sessions[first.ID]
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if seen == nil || seen.Title != "Typed again while offline" {
		t.Errorf("the other coordinator reads %+v, not the title typed last while offline", seen)
	}
	if !strings.Contains(everyText(w.Content()), "Typed again while offline") {
		t.Error("the window does not show the title saved once the server was back")
	}
}

// A viewer whose role may only read the team plan sees it all, is told
// so under the title, and is offered no way to change it: no button to
// add, no change in the menus, and a session's form to read, with Close
// in place of Save.
func TestAViewerWhoMayOnlyReadSeesThePlanAndNoWayToChangeIt(t *testing.T) {
	d := sampleTeamPlan(t)
	viewer := d.NewRole(t)
	if _, err := d.Admin(t).Exec(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ` + viewer.Name); err != nil {
		t.Fatal(err)
	}
	w, mw := openWindow(t, d.URL(viewer))
	if !mw.store.ReadOnly() {
		t.Fatal("the plan did not open read-only for a role that may only read it")
	}
	if said := everyText(w.Content()); !strings.Contains(said, "Read-only: your role may read this team plan but not change it") {
		t.Errorf("the window does not say the plan is read-only:\n%s", said)
	}
	for _, b := range shownWidgets[*widget.Button](w.Content()) {
		switch b.Text {
		case "New session", "Add person", "Add action", "Add forum":
			t.Errorf("the window offers %q", b.Text)
		}
	}
	for _, item := range []struct{ menu, label string }{
		{"File", "Import spreadsheet (CSV)…"},
		{"File", "Restore a snapshot…"},
		{"File", "Publish calendars…"},
		{"Edit", "New session"},
	} {
		if !menuItem(t, w, item.menu, item.label).Disabled {
			t.Errorf("%s › %s is offered", item.menu, item.label)
		}
	}

	s := mw.plan.Sessions[0]
	mw.editSession(s.ID)
	form := dialogShown(t, w)
	if title := fieldShowing(t, form, s.Title); !title.Disabled() {
		t.Error("the session's title can be typed into")
	}
	for _, b := range shownWidgets[*widget.Button](form) {
		if b.Text == "Save" || b.Text == "Delete…" {
			t.Errorf("the session's form offers %q", b.Text)
		}
	}
	tapButton(t, form, "Close")
	if w.Canvas().Overlays().Top() != nil {
		t.Error("Close left the form open")
	}
}

// typeTeamPlanAddress opens File › Open team plan… and types the address
// into it, then leaves the field, which asks the keyring for its
// password; it returns the dialog and the address field.
func typeTeamPlanAddress(t *testing.T, w fyne.Window, mw *Window, address string) (fyne.CanvasObject, *widget.Entry) {
	t.Helper()
	menuItem(t, w, "File", "Open team plan…").Action()
	dialog := dialogShown(t, w)
	addr := fieldShowing(t, dialog, "postgres://USER@HOST:5432/DATABASE")
	test.Type(addr, address)
	w.Canvas().Unfocus()
	<-mw.Idle()
	return dialog, addr
}

// A coordinator opens a team plan from the File menu: a wrong password
// is refused in plain words and the dialog stays open with the address
// typed; the right one opens the plan, named in the title and the list
// of recent plans without the password.
func TestATeamPlanOpensFromTheFileMenuAndARefusedLoginKeepsTheDialog(t *testing.T) {
	d := sampleTeamPlan(t)
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)
	address := storage.PlanName(d.URL(d.Owner))

	dialog, addr := typeTeamPlanAddress(t, w, mw, address)
	password := fieldShowing(t, dialog, "Password (else the keyring, $PGPASSWORD or ~/.pgpass)")
	test.Type(password, "not-the-password")
	tapButton(t, dialog, "Open")
	<-mw.Idle()
	if w.Canvas().Overlays().Top() != dialog {
		t.Fatal("the dialog closed after a refused login")
	}
	said := everyText(dialog)
	if !strings.Contains(said, "the server refused the login") || !strings.Contains(said, "check the user and password") {
		t.Errorf("the dialog does not say the login was refused:\n%s", said)
	}
	if strings.Contains(said, "not-the-password") || addr.Text != address {
		t.Errorf("the dialog shows the password, or lost the address %q", addr.Text)
	}
	if !strings.Contains(w.Title(), "dc-iot") {
		t.Errorf("the plan file was put away before the team plan opened: %q", w.Title())
	}

	password.SetText("")
	test.Type(password, d.Owner.Password)
	tapButton(t, dialog, "Open")
	<-mw.Idle()
	if w.Canvas().Overlays().Top() != nil {
		t.Fatalf("the dialog is still open:\n%s", everyText(w.Canvas().Overlays().Top()))
	}
	if !storage.IsTeamPlan(mw.store.Path()) || !strings.HasPrefix(w.Title(), "Convene — "+d.Name+" on 127.0.0.1:") {
		t.Errorf("the window shows %q, titled %q", mw.store.Path(), w.Title())
	}
	recent := fyne.CurrentApp().Preferences().StringList(prefRecentPlans)
	if len(recent) == 0 || recent[0] != address {
		t.Errorf("the recent plans are %q, want %q first", recent, address)
	}
	for _, r := range recent {
		if strings.Contains(r, d.Owner.Password) {
			t.Errorf("a recent plan holds the password: %q", r)
		}
	}
	if !strings.Contains(everyText(w.Content()), mw.plan.Sessions[0].Title) {
		t.Error("the team plan's sessions are not shown")
	}
}

// A coordinator asks the app to remember a team plan's password: the
// system keyring keeps it under the server and the user, the plan file
// and the preferences do not, and opening the team plan again from the
// recent plans logs in with it, without asking.
func TestATeamPlansPasswordRememberedOpensItAgainFromTheRecentPlans(t *testing.T) {
	k := keyringtest.Start(t)
	d := sampleTeamPlan(t)
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)
	address := storage.PlanName(d.URL(d.Owner))

	dialog, _ := typeTeamPlanAddress(t, w, mw, address)
	test.Type(fieldShowing(t, dialog, "Password (else the keyring, $PGPASSWORD or ~/.pgpass)"), d.Owner.Password)
	tapCheck(t, dialog, "Remember in the system keyring")
	tapButton(t, dialog, "Open")
	<-mw.Idle()
	told := dialogShown(t, w)
	if said := shownText(told); !strings.Contains(said, "The system keyring remembers the password of "+d.Owner.Name+" at 127.0.0.1:") {
		t.Errorf("after opening, the window says:\n%s", said)
	}
	tapButton(t, told, "OK")
	host := strings.TrimPrefix(strings.Split(address, "/")[2], d.Owner.Name+"@")
	if got, found := k.Lookup(t, keyring.Key{Host: host, User: d.Owner.Name}); !found || got != d.Owner.Password {
		t.Errorf("secret-tool finds %q (found %v), want the password typed", got, found)
	}
	noPasswordKept(t, path, d.Owner.Password)

	mw.loaded = make(chan struct{})
	mw.open(path, false, storage.Options{})
	<-mw.Loaded()
	mw.loaded = make(chan struct{})
	menuItem(t, w, "File", "Open recent").ChildMenu.Items[1].Action()
	<-mw.Loaded()
	<-mw.Idle()
	if mw.store == nil || mw.store.Path() != address {
		t.Fatalf("the recent team plan did not open: %s", everyText(w.Content()))
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Errorf("opening the recent team plan asked:\n%s", everyText(w.Canvas().Overlays().Top()))
	}
}

// Two sessions are retitled while the server is away; it comes back far
// away (300 ms a round trip), and while the kept changes are being saved
// the coordinator retitles the first session once more. What the window
// shows is what the plan holds, and what she typed last is saved, or she
// is told it was not: never shown on screen and lost.
func TestAChangeTypedWhileKeptChangesAreSavedIsNotLostUnseen(t *testing.T) {
	if testing.Short() {
		// make test runs it in full first. It types while the saving
		// goroutine finishes, which Fyne's test driver runs on that
		// goroutine (the app's driver, on its one UI goroutine): under
		// the race detector (the -short run) it would report the driver.
		t.Skip("runs in the full test run; see the comment")
	}
	ctx := context.Background()
	d := sampleTeamPlan(t)
	proxy := d.Proxy(t)
	w, mw := openWindow(t, proxy.URL(d.Owner))
	other, err := storage.Open(ctx, d.URL(d.Owner), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	a, b := mw.plan.Sessions[0], mw.plan.Sessions[1]
	retitle := func(id int64, was, now string) {
		t.Helper()
		mw.editSession(id)
		form := dialogShown(t, w)
		title := fieldShowing(t, form, was)
		title.SetText("")
		test.Type(title, now)
		tapButton(t, form, "Save")
	}
	proxy.Cut()
	retitle(a.ID, a.Title, "A typed offline")
	<-mw.Idle()
	retitle(b.ID, b.Title, "B typed offline")
	<-mw.Idle()
	if len(mw.waiting) != 2 {
		t.Fatalf("%d changes wait; want 2", len(mw.waiting))
	}
	proxy.Mend(t)
	proxy.Delay(300 * time.Millisecond)
	mw.saveWaiting()
	retitle(a.ID, a.Title, "A typed last")
	for {
		<-mw.Idle()
		if len(mw.waiting) == 0 && !mw.saving {
			break
		}
		mw.saveWaiting()
	}
	var held model.Session
	if err := other.View(ctx, func(tx *storage.Tx) (err error) {
		held, err = tx.Session(ctx, a.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if shown := mw.index.Sessions[a.ID].Title; shown != held.Title {
		t.Errorf("the window shows %q, the plan holds %q", shown, held.Title)
	}
	if held.Title != "A typed last" {
		if top := w.Canvas().Overlays().Top(); top == nil || !strings.Contains(everyText(top), "not saved") {
			t.Errorf("the plan holds %q, and she is not told that %q was not saved", held.Title, "A typed last")
		}
	}
}
