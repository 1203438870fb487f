package ui

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/caldav/radicaletest"
	"github.com/convene-planner/convene/storage/keyring"
	"github.com/convene-planner/convene/storage/keyring/keyringtest"
)

// openPublishDialog opens File › Publish calendars… and waits for what it
// asks the keyring on opening.
func openPublishDialog(t *testing.T, mw *Window) fyne.CanvasObject {
	t.Helper()
	menuItem(t, mw.win, "File", "Publish calendars…").Action()
	<-mw.Idle()
	return dialogShown(t, mw.win)
}

// fillPublishDialog opens File › Publish calendars… and types into its
// entries in order: target, user, password, person.
func fillPublishDialog(t *testing.T, mw *Window, entries ...string) {
	t.Helper()
	d := openPublishDialog(t, mw)
	shown := shownWidgets[*widget.Entry](d)
	if len(shown) < len(entries) {
		t.Fatalf("the dialog has %d entries, want at least %d", len(shown), len(entries))
	}
	for i, text := range entries {
		test.Type(shown[i], text)
	}
	tapButton(t, d, "Publish")
	<-mw.Idle()
}

func tapCheck(t *testing.T, obj fyne.CanvasObject, text string) *widget.Check {
	t.Helper()
	for _, c := range shownWidgets[*widget.Check](obj) {
		if c.Text == text {
			test.Tap(c)
			return c
		}
	}
	t.Fatalf("no check %q", text)
	return nil
}

// noPasswordKept checks that no byte of the plan's folder (the plan, its
// journal, its snapshots) and no preference holds the password.
func noPasswordKept(t *testing.T, plan, password string) {
	t.Helper()
	filepath.WalkDir(filepath.Dir(plan), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, err := os.ReadFile(path); err == nil && bytes.Contains(b, []byte(password)) {
				t.Errorf("%s holds the password", path)
			}
		}
		return nil
	})
	// The test app keeps preferences in memory: they are checked as the
	// JSON a desktop app writes them to its preferences file.
	prefs, ok := fyne.CurrentApp().Preferences().(interface{ ReadValues(func(map[string]any)) })
	if !ok {
		t.Fatal("the test app's preferences cannot be read back")
	}
	prefs.ReadValues(func(values map[string]any) {
		b, err := json.Marshal(values)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(password)) {
			t.Errorf("the preferences hold the password: %s", b)
		}
	})
}

func TestPublishingFeedsToAFolderFromTheFileMenu(t *testing.T) {
	path, s := samplePlanFile(t)
	s.Close()
	_, mw := openWindow(t, path)
	dir := t.TempDir()
	fillPublishDialog(t, mw, dir)
	said := shownText(dialogShown(t, mw.win))
	if !strings.Contains(said, "published: ") || !strings.Contains(said, " added, 0 updated, 0 removed, 0 unchanged") {
		t.Errorf("the window does not say what was published:\n%s", said)
	}
	if _, err := os.Stat(filepath.Join(dir, "plan.ics")); err != nil {
		t.Errorf("no plan.ics in the folder: %v", err)
	}
}

func TestPublishingToACalDAVCalendarFromTheFileMenu(t *testing.T) {
	srv := radicaletest.Start(t)
	path, s := samplePlanFile(t)
	s.Close()
	_, mw := openWindow(t, path)
	fillPublishDialog(t, mw, srv.Calendar("dc-iot"), srv.User, srv.Password)
	said := shownText(dialogShown(t, mw.win))
	if !strings.Contains(said, "published: ") || strings.Contains(said, "published: 0 added") {
		t.Errorf("the window does not say the sessions were published:\n%s\n%s", said, srv.Log())
	}
}

// A coordinator publishes one speaker's calendar, as `convene publish
// --person` does: the calendar on the server holds her sessions alone.
func TestPublishingOnePersonsCalendarPutsHerSessionsAlone(t *testing.T) {
	srv := radicaletest.Start(t)
	path, s := samplePlanFile(t)
	s.Close()
	_, mw := openWindow(t, path)
	var hers []string
	for _, p := range mw.plan.People {
		if p.Name != "Zofia Wróblewska" {
			continue
		}
		for _, s := range mw.plan.Sessions {
			if !s.Start.IsZero() && slices.ContainsFunc(s.Participants, func(pt model.Participation) bool { return pt.PersonID == p.ID }) {
				hers = append(hers, s.UID)
			}
		}
	}
	if len(hers) == 0 {
		t.Fatal("Zofia has no sessions with times in the sample plan")
	}
	fillPublishDialog(t, mw, srv.Calendar("zofia"), srv.User, srv.Password, "Zofia Wróblewska")
	said := shownText(dialogShown(t, mw.win))
	if want := "published: " + strconv.Itoa(len(hers)) + " added, 0 updated, 0 removed, 0 unchanged"; !strings.Contains(said, want) {
		t.Errorf("the window does not say %q:\n%s", want, said)
	}
	files, _ := filepath.Glob(filepath.Join(srv.Dir, "collection-root", srv.User, "zofia", "*.ics"))
	var uids []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\r\n") {
			if uid, ok := strings.CutPrefix(line, "UID:"); ok {
				uids = append(uids, uid)
			}
		}
	}
	slices.Sort(uids)
	slices.Sort(hers)
	if !slices.Equal(uids, hers) {
		t.Errorf("the server holds the events %v, want Zofia's sessions %v", uids, hers)
	}
}

// A coordinator asks the app to remember the calendar's password: after
// the publish, the system keyring holds it (secret-tool reads it back)
// and neither the plan nor the preferences do; the next Publish… has it
// filled in, and Forget takes it out of the keyring again.
func TestAPasswordRememberedWhenPublishingIsFilledInNextTimeAndCanBeForgotten(t *testing.T) {
	k := keyringtest.Start(t)
	srv := radicaletest.Start(t)
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)
	d := openPublishDialog(t, mw)
	entries := shownWidgets[*widget.Entry](d)
	test.Type(entries[0], srv.Calendar("dc-iot"))
	test.Type(entries[1], srv.User)
	test.Type(entries[2], srv.Password)
	tapCheck(t, d, "Remember in the system keyring")
	tapButton(t, d, "Publish")
	<-mw.Idle()
	said := shownText(dialogShown(t, w))
	if !strings.Contains(said, "published: ") || !strings.Contains(said, "The system keyring remembers the password of coordinator at 127.0.0.1.") {
		t.Errorf("after publishing, the window says:\n%s", said)
	}
	key := keyring.Key{Host: "127.0.0.1", User: srv.User}
	if got, found := k.Lookup(t, key); !found || got != srv.Password {
		t.Errorf("secret-tool finds %q (found %v) for %s, want the password typed", got, found, key)
	}
	noPasswordKept(t, path, srv.Password)

	d = openPublishDialog(t, mw)
	entries = shownWidgets[*widget.Entry](d)
	if entries[0].Text != srv.Calendar("dc-iot") || entries[1].Text != srv.User || entries[2].Text != srv.Password {
		t.Errorf("the next Publish… shows %q, %q and a password of %d characters", entries[0].Text, entries[1].Text, len(entries[2].Text))
	}
	if said := shownText(d); !strings.Contains(said, "The password of coordinator at 127.0.0.1 is filled in from the system keyring.") {
		t.Errorf("the dialog says:\n%s", said)
	}
	tapButton(t, d, "Forget")
	<-mw.Idle()
	if _, found := k.Lookup(t, key); found {
		t.Error("the keyring still holds the password after Forget")
	}
	if entries[2].Text != "" {
		t.Error("the password forgotten is still in the entry")
	}
	if said := shownText(d); !strings.Contains(said, "Forgotten: the system keyring no longer holds a password of coordinator at 127.0.0.1.") {
		t.Errorf("after Forget, the dialog says:\n%s", said)
	}
}

// On a desktop without a keyring, the dialog says so in plain words, and
// publishes with the password typed, which is kept nowhere.
func TestWithoutAKeyringPublishSaysSoAndUsesThePasswordTyped(t *testing.T) {
	keyringtest.StartWithout(t)
	srv := radicaletest.Start(t)
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)
	d := openPublishDialog(t, mw)
	if said := shownText(d); !strings.Contains(said, "No system keyring is running (such as GNOME Keyring or KWallet), so the password cannot be remembered: type it each time.") {
		t.Errorf("without a keyring, the dialog says:\n%s", said)
	}
	// The line it says that in grows the dialog rather than push the
	// last fields out of sight.
	for _, sc := range shownWidgets[*container.Scroll](d) {
		if need := sc.Content.MinSize().Height; need > sc.Size().Height {
			t.Errorf("the dialog shows %.0f of the form's %.0f pixels: the last fields need scrolling to", sc.Size().Height, need)
		}
	}
	if c := tapCheck(t, d, "Remember in the system keyring"); !c.Disabled() || c.Checked {
		t.Error("Remember can be ticked with no keyring to remember in")
	}
	entries := shownWidgets[*widget.Entry](d)
	test.Type(entries[0], srv.Calendar("dc-iot"))
	test.Type(entries[1], srv.User)
	test.Type(entries[2], srv.Password)
	tapButton(t, d, "Publish")
	<-mw.Idle()
	said := shownText(dialogShown(t, w))
	if !strings.Contains(said, "published: ") || strings.Contains(said, "published: 0 added") || strings.Contains(said, "keyring") {
		t.Errorf("after publishing, the window says:\n%s", said)
	}
	noPasswordKept(t, path, srv.Password)
}

// A password kept by the keyring (another program's, or Seahorse's) for
// the calendar and user typed is filled in as the coordinator leaves the
// user field, and used to publish.
func TestLeavingTheUserFieldFillsInThePasswordTheKeyringHolds(t *testing.T) {
	k := keyringtest.Start(t)
	srv := radicaletest.Start(t)
	k.Store(t, keyring.Key{Host: "127.0.0.1", User: srv.User}, srv.Password)
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)
	d := openPublishDialog(t, mw)
	entries := shownWidgets[*widget.Entry](d)
	// Leaving a field may ask the keyring: the test waits for its answer
	// before the next step, as the app's one UI goroutine would.
	for i, text := range []string{srv.Calendar("dc-iot"), srv.User} {
		w.Canvas().Focus(shownFocusable(t, d, entries[i]))
		test.Type(entries[i], text)
		w.Canvas().Unfocus()
		<-mw.Idle()
	}
	if entries[2].Text != srv.Password {
		t.Fatalf("leaving the user field fills in a password of %d characters", len(entries[2].Text))
	}
	tapButton(t, d, "Publish")
	<-mw.Idle()
	if said := shownText(dialogShown(t, w)); !strings.Contains(said, "published: ") || strings.Contains(said, "published: 0 added") {
		t.Errorf("after publishing, the window says:\n%s", said)
	}
}

// shownFocusable is the widget the canvas focuses for an entry: the entry
// itself, or the widget it is the base of (an address entry).
func shownFocusable(t *testing.T, d fyne.CanvasObject, e *widget.Entry) fyne.Focusable {
	t.Helper()
	for _, o := range shownWidgets[fyne.Widget](d) {
		if x, ok := AsA[*widget.Entry](o); ok && x == e {
			if f, ok := o.(fyne.Focusable); ok {
				return f
			}
		}
	}
	t.Fatal("the entry is not shown")
	return nil
}

// A password the server refuses is not remembered, however Remember is
// ticked: the keyring keeps only one that has worked, and the message
// does not show it.
func TestAPasswordTheServerRefusesIsNotRemembered(t *testing.T) {
	k := keyringtest.Start(t)
	srv := radicaletest.Start(t)
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)
	d := openPublishDialog(t, mw)
	entries := shownWidgets[*widget.Entry](d)
	const wrong = "not-the-password-9"
	test.Type(entries[0], srv.Calendar("dc-iot"))
	test.Type(entries[1], srv.User)
	test.Type(entries[2], wrong)
	tapCheck(t, d, "Remember in the system keyring")
	tapButton(t, d, "Publish")
	<-mw.Idle()
	said := shownText(dialogShown(t, w))
	if strings.Contains(said, "published: ") || strings.Contains(said, wrong) ||
		!strings.Contains(said, "check the user and the password typed here") || strings.Contains(said, "--user") {
		t.Errorf("with a wrong password, the window says:\n%s", said)
	}
	if _, found := k.Lookup(t, keyring.Key{Host: "127.0.0.1", User: srv.User}); found {
		t.Error("the keyring keeps a password the server refused")
	}
	noPasswordKept(t, path, wrong)
}

// Someone keeps the coalition's lunch in the calendar the coordinators
// publish to: the app publishes beside it and says it left it alone.
func TestPublishingFromTheAppBesideSomeoneElsesEventSaysItIsLeftAlone(t *testing.T) {
	srv := radicaletest.Start(t)
	calendar := srv.MakeCalendar(t, "shared")
	srv.PutByHand(t, calendar, "lunch.ics", radicaletest.TeamLunch)
	path, s := samplePlanFile(t)
	s.Close()
	_, mw := openWindow(t, path)
	fillPublishDialog(t, mw, calendar, srv.User, srv.Password)
	said := shownText(dialogShown(t, mw.win))
	if !strings.Contains(said, "published: ") || !strings.Contains(said, "did not publish (lunch.ics)") {
		t.Errorf("the window does not say the lunch was left alone:\n%s", said)
	}
}
