package ui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/convene-planner/convene/model"
	plans "github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/transfer"
)

// Exporting spreadsheets and calendars from the File menu.

func (mw *Window) exportCSVDialog() {
	kind := widget.NewRadioGroup(kindWords(), nil)
	kind.Required = true
	kind.SetSelected(string(csvio.Sessions))
	contacts := widget.NewCheck("Include emails and gender (personal data)", nil)
	dialog.ShowCustomConfirm("Export a spreadsheet", "Choose file…", "Cancel",
		container.NewVBox(kind, contacts), func(ok bool) {
			if !ok {
				return
			}
			k := csvio.Kind(kind.Selected)
			opts := csvio.Options{WithContacts: contacts.Checked}
			mw.export(string(k)+".csv", "Export "+string(k), func(ctx context.Context, store *plans.Store, dest transfer.Destination) error {
				return transfer.ExportCSV(ctx, store, k, dest, opts)
			})
		}, mw.win)
}

// exportICSDialog asks what a calendar holds (the plan, a forum's sessions,
// a person's, or a person's at one forum) and where to write it; personID
// preselects a person. A person field that names no one keeps the dialog
// from going on: it never quietly exports everyone's sessions instead.
func (mw *Window) exportICSDialog(personID int64) {
	const whole = "The whole plan"
	scope := widget.NewSelect(append([]string{whole}, mw.forumNames()...), nil)
	scope.SetSelected(whole)
	person := newPersonField(mw.plan.People, personID, "Type part of a name", true)
	todos := widget.NewCheck("Add action items as tasks", nil)
	contacts := widget.NewCheck("Include emails and attendees (personal data)", nil)
	items := []*widget.FormItem{
		formItem("Sessions at", scope, "The whole plan, or one forum"),
		formItem("Person", person, "Only this person's sessions; empty for everyone's"),
		formItem("Tasks", todos, ""),
		formItem("Contacts", contacts, "Emails leave the app only when you ask"),
	}
	showForm(mw.win, "Export a calendar", "Choose file…", items, func() {
		opts := ical.Options{Todos: todos.Checked, WithContacts: contacts.Checked}
		var name []string
		if f := mw.forumNamed(scope.Selected); f != nil {
			opts.ForumID = f.ID
			name = append(name, f.Name)
		}
		if p := person.Person(); p != nil {
			opts.PersonID = p.ID
			name = append(name, p.Name)
		}
		if len(name) == 0 {
			name = []string{"plan"}
		}
		file := strings.Join(name, " - ")
		mw.export(file+".ics", "Export "+file, func(ctx context.Context, store *plans.Store, dest transfer.Destination) error {
			return transfer.ExportICS(ctx, store, dest, transfer.Selection{}, opts)
		})
	})
}

// saveFile asks where to save, then reads the whole plan and writes the
// file from it, as export does.
func (mw *Window) saveFile(name, title string, personal bool, write func(io.Writer, *model.Plan) error) {
	mw.export(name, title, func(ctx context.Context, store *plans.Store, dest transfer.Destination) error {
		var p *model.Plan
		err := store.View(ctx, func(tx *plans.Tx) (err error) {
			p, err = tx.Plan(ctx)
			return err
		})
		if err != nil {
			return err
		}
		return plans.WriteExport(dest.Path, store.Path(), personal, func(w io.Writer) error { return write(w, p) })
	})
}

// export asks where to save, then writes the file off the UI goroutine
// through the export path the command line uses too: it never replaces
// the plan, a snapshot or another plan, keeps an existing file's mode, and
// gives a file with personal data to its owner only.
func (mw *Window) export(name, title string, write func(ctx context.Context, store *plans.Store, dest transfer.Destination) error) {
	mw.chooseFile(title, "Save", name, prefExportFolder, func(path string) {
		store := mw.store
		mw.task(title, func(ctx context.Context, _ func(float64)) (string, error) {
			if err := write(ctx, store, transfer.Destination{Path: path}); err != nil {
				return "", err
			}
			return fmt.Sprintf("Saved %s at %s.", path, time.Now().Format("15:04")), nil
		}, false)
	})
}
