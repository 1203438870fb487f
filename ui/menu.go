package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"

	plans "github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/imip"
)

// The main menu and the keyboard shortcuts, and the plans they open.

func (mw *Window) mainMenu() *fyne.MainMenu {
	recent := fyne.NewMenuItem("Open recent", nil)
	for _, path := range fyne.CurrentApp().Preferences().StringList(prefRecentPlans) {
		recent.ChildMenu = appendItem(recent.ChildMenu, fyne.NewMenuItem(path, func() { mw.open(path, false, plans.Options{}) }))
	}
	if recent.ChildMenu == nil {
		recent.Disabled = true
	}
	// What needs an open plan does nothing until one is on screen.
	withPlan := func(fn func()) func() {
		return func() {
			if mw.planShown() {
				fn()
			}
		}
	}
	// What changes the plan is greyed out, and does nothing, while the
	// plan may only be read.
	changing := func(item *fyne.MenuItem) *fyne.MenuItem {
		action := item.Action
		item.Action = func() {
			if !mw.readOnly {
				action()
			}
		}
		item.Disabled = mw.readOnly
		return item
	}
	file := fyne.NewMenu("File",
		fyne.NewMenuItem("New plan…", mw.newPlan),
		withShortcut(fyne.NewMenuItem("Open plan…", mw.openPlan), fyne.KeyO),
		fyne.NewMenuItem("Open team plan…", mw.openTeamPlanDialog),
		recent,
		fyne.NewMenuItemSeparator(),
		changing(fyne.NewMenuItem("Import spreadsheet (CSV)…", withPlan(mw.importCSVDialog))),
		changing(fyne.NewMenuItem("Import forum calendar (ICS)…", withPlan(mw.importICSDialog))),
		changing(fyne.NewMenuItem("Import answers to invitations…", withPlan(mw.importAnswersDialog))),
		changing(fyne.NewMenuItem("Restore a snapshot…", withPlan(mw.restoreDialog))),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Export spreadsheet (CSV)…", withPlan(mw.exportCSVDialog)),
		withShortcut(fyne.NewMenuItem("Export calendar (ICS)…", withPlan(func() { mw.exportICSDialog(0) })), fyne.KeyE),
		changing(fyne.NewMenuItem("Invite by email…", withPlan(func() { mw.inviteDialog(imip.Scope{}) }))),
		fyne.NewMenuItem("Year report…", withPlan(mw.yearReportDialog)),
		changing(fyne.NewMenuItem("Publish calendars…", withPlan(mw.publishDialog))),
	)
	// Ctrl+Z is Fyne's own Undo shortcut, which a field being typed in
	// also answers to: undo hands it on while a form is open.
	mw.undoItem = changing(fyne.NewMenuItem("Undo", withPlan(mw.undo)))
	mw.undoItem.Shortcut = &fyne.ShortcutUndo{}
	mw.showUndo()
	edit := fyne.NewMenu("Edit",
		mw.undoItem,
		fyne.NewMenuItemSeparator(),
		withShortcut(changing(fyne.NewMenuItem("New session", withPlan(func() { showSessionForm(mw, nil) }))), fyne.KeyN),
		withShortcut(fyne.NewMenuItem("Search sessions", withPlan(mw.focusSearch)), fyne.KeyF),
	)
	return fyne.NewMainMenu(file, edit)
}

func appendItem(menu *fyne.Menu, item *fyne.MenuItem) *fyne.Menu {
	if menu == nil {
		return fyne.NewMenu("", item)
	}
	menu.Items = append(menu.Items, item)
	return menu
}

// withShortcut gives a menu item Ctrl (⌘ on macOS) plus the key, shown in
// the menu and working anywhere in the window.
func withShortcut(item *fyne.MenuItem, key fyne.KeyName) *fyne.MenuItem {
	item.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
	return item
}

// addShortcuts makes the menu's shortcuts work even where the window has no
// native menu bar.
func (mw *Window) addShortcuts() {
	for _, m := range mw.win.MainMenu().Items {
		for _, item := range m.Items {
			if item.Shortcut != nil {
				action := item.Action
				mw.win.Canvas().AddShortcut(item.Shortcut, func(fyne.Shortcut) { action() })
			}
		}
	}
}

func (mw *Window) focusSearch() {
	mw.tabs.SelectIndex(1)
	mw.win.Canvas().Focus(mw.sessions.search)
}

// planFilter is what the file dialogs offer as a plan.
var planFilter = storage.NewExtensionFileFilter([]string{".convene"})

func (mw *Window) openPlan() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		mw.open(r.URI().Path(), false, plans.Options{})
	}, mw.win)
	d.SetFilter(planFilter)
	d.Show()
}

// newPlan makes a new, empty plan where the user says, never over a file
// already there.
func (mw *Window) newPlan() {
	mw.chooseFile("New plan", "Create", "plan.convene", prefPlanFolder, func(path string) {
		if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
			showError(mw.win, "New plan", fmt.Errorf("%s is already there: choose another name, or open it with Open plan…", path))
			return
		}
		mw.open(path, false, plans.Options{Create: true})
	})
}
