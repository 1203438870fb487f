package ui

import (
	"context"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/transfer"
)

// Importing spreadsheets and forums' calendars from the File menu.

func (mw *Window) importCSVDialog() {
	kind := widget.NewRadioGroup(kindWords(), nil)
	kind.Required = true
	kind.SetSelected(string(csvio.Sessions))
	dialog.ShowCustomConfirm("Import a spreadsheet", "Choose file…", "Cancel",
		container.NewVBox(widget.NewLabel("The file holds:"), kind,
			widget.NewLabel("Rows that match the plan update it; an import with any\nbad row changes nothing and names every bad line.")),
		func(ok bool) {
			if !ok {
				return
			}
			d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
				if err != nil || r == nil {
					return
				}
				rememberFolder(prefImportFolder, r.URI())
				mw.importCSV(csvio.Kind(kind.Selected), r.URI().Name(), r, fileSize(r.URI()))
			}, mw.win)
			d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV"}))
			startIn(d, prefImportFolder)
			d.Show()
		}, mw.win)
}

// importCSV imports an open file of one kind into the plan, all or nothing,
// with progress, then shows the plan as it now is.
func (mw *Window) importCSV(kind csvio.Kind, name string, r io.ReadCloser, size int64) {
	store := mw.store
	mw.task("Import "+name, func(ctx context.Context, progress func(float64)) (string, error) {
		defer r.Close()
		sum, err := transfer.ImportCSV(ctx, store, kind, transfer.Source{Name: name, R: r, Size: size}, progress)
		return sum.String(), err
	}, true)
}

func kindWords() []string {
	var words []string
	for _, k := range csvio.Kinds() {
		words = append(words, string(k))
	}
	return words
}

func (mw *Window) importICSDialog() {
	if len(mw.plan.Forums) == 0 {
		dialog.ShowInformation("Import a forum's calendar", "Add the forum first, in the Year view.", mw.win)
		return
	}
	forum := widget.NewSelect(mw.forumNames(), nil)
	forum.SetSelectedIndex(0)
	dialog.ShowCustomConfirm("Import a forum's calendar", "Choose file…", "Cancel",
		container.NewVBox(widget.NewLabel("The forum whose published programme it is:"), forum,
			widget.NewLabel("Its sessions are added or updated by UID; importing\nthe same file again changes nothing.")),
		func(ok bool) {
			f := mw.forumNamed(forum.Selected)
			if !ok || f == nil {
				return
			}
			forumName := f.Name
			d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
				if err != nil || r == nil {
					return
				}
				rememberFolder(prefImportFolder, r.URI())
				mw.importICS(forumName, r.URI().Name(), r, fileSize(r.URI()))
			}, mw.win)
			d.SetFilter(storage.NewExtensionFileFilter([]string{".ics", ".ICS", ".ical"}))
			startIn(d, prefImportFolder)
			d.Show()
		}, mw.win)
}

// importICS imports a forum's published calendar, by UID, all or nothing;
// a file of answers to invitations is taken as answers, as `convene import
// ics` does.
func (mw *Window) importICS(forum, name string, r io.ReadCloser, size int64) {
	store := mw.store
	mw.task("Import "+name, func(ctx context.Context, progress func(float64)) (string, error) {
		defer r.Close()
		cal, err := transfer.ImportICS(ctx, store, forum, transfer.Source{Name: name, R: r, Size: size}, progress)
		if err != nil {
			return "", err
		}
		if cal.Forum != nil {
			return cal.Forum.Name + ": " + cal.Summary.String(), nil
		}
		lines := make([]string, len(cal.Answers))
		for i, a := range cal.Answers {
			lines[i] = a.String()
		}
		return strings.Join(lines, "\n"), nil
	}, true)
}
