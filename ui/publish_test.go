package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/storage/caldav/radicaletest"
)

// fillPublishDialog opens File › Publish calendars… and types into its
// entries in order: target, user, password.
func fillPublishDialog(t *testing.T, mw *Window, entries ...string) {
	t.Helper()
	menuItem(t, mw.win, "File", "Publish calendars…").Action()
	d := dialogShown(t, mw.win)
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
