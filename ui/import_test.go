package ui

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
)

// The file dialog is the operating system's business; this story starts
// where it hands over the chosen file.
func TestImportingASheetWithABadLineNamesItAndChangesNothing(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	path := filepath.Join(t.TempDir(), "plan.convene")
	mw := Create(w, Plan{Path: path, Sample: true, Today: model.Date{Year: 2021, Month: 12, Day: 1}})
	<-mw.Loaded()
	w.Resize(fyne.NewSize(1280, 800))
	peopleBefore := len(mw.plan.People)

	sheet := "name,email,stakeholder_group,timezone\n" +
		"Ana Pérez,ana@example.org,civil-society,America/Lima\n" +
		"Jan Kowalski,jan@example.org,business,Europe/Warsaw\n"
	mw.importCSV(csvio.People, "people.csv", io.NopCloser(strings.NewReader(sheet)), int64(len(sheet)))
	<-mw.Idle()

	overlay := w.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("no dialog after a failed import")
	}
	var said []string
	for _, l := range shownWidgets[*widget.Label](overlay) {
		said = append(said, l.Text)
	}
	text := strings.Join(said, "\n")
	if !strings.Contains(text, "people.csv:3") || !strings.Contains(text, "stakeholder_group") {
		t.Errorf("the dialog does not name line 3's stakeholder group:\n%s", text)
	}
	store, err := storage.Open(context.Background(), path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var people []model.Person
	store.View(context.Background(), func(tx *storage.Tx) (err error) {
		people, err = tx.People(context.Background())
		return err
	})
	if len(people) != peopleBefore {
		t.Errorf("the plan has %d people after the failed import, want %d", len(people), peopleBefore)
	}
}

// A sheet with hundreds of bad lines: every one is listed, however many,
// and Copy all hands them to the clipboard to fix the file beside the list.
func TestEveryBadLineOfABigSheetIsListedAndCanBeCopied(t *testing.T) {
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)

	var sheet strings.Builder
	sheet.WriteString("name,email,stakeholder_group,timezone\n")
	for i := range 300 {
		fmt.Fprintf(&sheet, "Person %d,p%d@example.org,civil-society,Europe/Warsow\n", i, i)
	}
	mw.importCSV(csvio.People, "people.csv", io.NopCloser(strings.NewReader(sheet.String())), int64(sheet.Len()))
	<-mw.Idle()

	d := dialogShown(t, w)
	lists := shownWidgets[*widget.List](d)
	if len(lists) != 1 {
		t.Fatalf("the errors are not in a list: %s", shownText(d))
	}
	if n := lists[0].Length(); n < 300 {
		t.Errorf("the list holds %d problems, want every one of the 300 bad lines", n)
	}
	lists[0].ScrollToBottom()
	if said := shownText(d); !strings.Contains(said, "people.csv:301") {
		t.Errorf("scrolled to the end, the list does not show line 301:\n%s", said)
	}
	tapButton(t, d, "Copy all")
	copied := fyne.CurrentApp().Clipboard().Content()
	for _, line := range []string{"people.csv:2:", "people.csv:150:", "people.csv:301:"} {
		if !strings.Contains(copied, line) {
			t.Errorf("the copied text lacks %q", line)
		}
	}
}

// Only an import's list of bad lines says the file was not imported; a
// publish the server refused half-way says what went wrong and no more,
// for some of it may have gone.
func TestAFailureThatIsNoImportDoesNotSayAFileWasNotImported(t *testing.T) {
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)
	mw.task("Publish calendars", func(context.Context, func(float64)) (string, error) {
		return "", fmt.Errorf("the server is out of room (507 Insufficient Storage)")
	}, false)
	<-mw.Idle()
	said := shownText(dialogShown(t, w))
	if !strings.Contains(said, "507 Insufficient Storage") {
		t.Errorf("the dialog does not say what the server said:\n%s", said)
	}
	if strings.Contains(said, "not imported") || strings.Contains(said, "nothing was changed") {
		t.Errorf("a refused publish is told as a failed import:\n%s", said)
	}
}
