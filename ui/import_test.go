package ui

import (
	"context"
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
	people, _ := store.People(context.Background())
	if len(people) != peopleBefore {
		t.Errorf("the plan has %d people after the failed import, want %d", len(people), peopleBefore)
	}
}
