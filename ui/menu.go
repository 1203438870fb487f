package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	plans "github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/ical"
)

// Preference keys: what the app remembers between runs.
const (
	prefLastPlan     = "plan.last"
	prefRecentPlans  = "plan.recent"
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
	recentPlans      = 8
)

// LastPlan is the plan the app had open when it last closed, if it still exists.
func LastPlan(a fyne.App) string {
	return a.Preferences().String(prefLastPlan)
}

// remember records the plan now open as the last and most recent one.
func (mw *Window) remember(path string) {
	prefs := fyne.CurrentApp().Preferences()
	prefs.SetString(prefLastPlan, path)
	recent := slices.DeleteFunc(prefs.StringList(prefRecentPlans), func(p string) bool { return p == path })
	recent = append([]string{path}, recent...)
	prefs.SetStringList(prefRecentPlans, recent[:min(len(recent), recentPlans)])
	mw.win.SetMainMenu(mw.mainMenu())
}

// restoreSize gives the window the size it had when it was last closed, and
// remembers it when it closes.
func (mw *Window) restoreSize() {
	prefs := fyne.CurrentApp().Preferences()
	w, h := prefs.FloatWithFallback(prefWindowWidth, 1200), prefs.FloatWithFallback(prefWindowHeight, 780)
	mw.win.Resize(fyne.NewSize(float32(w), float32(h)))
	mw.win.SetOnClosed(func() {
		size := mw.win.Canvas().Size()
		prefs.SetFloat(prefWindowWidth, float64(size.Width))
		prefs.SetFloat(prefWindowHeight, float64(size.Height))
		<-mw.Idle()
		if mw.store != nil {
			mw.store.Close()
		}
	})
}

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
			if mw.tabs != nil && mw.win.Content() == mw.tabs {
				fn()
			}
		}
	}
	file := fyne.NewMenu("File",
		fyne.NewMenuItem("New plan…", mw.newPlan),
		withShortcut(fyne.NewMenuItem("Open plan…", mw.openPlan), fyne.KeyO),
		recent,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Import spreadsheet (CSV)…", withPlan(mw.importCSVDialog)),
		fyne.NewMenuItem("Import forum calendar (ICS)…", withPlan(mw.importICSDialog)),
		fyne.NewMenuItem("Restore a snapshot…", withPlan(mw.restoreDialog)),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Export spreadsheet (CSV)…", withPlan(mw.exportCSVDialog)),
		withShortcut(fyne.NewMenuItem("Export calendar (ICS)…", withPlan(func() { mw.exportICSDialog(0) })), fyne.KeyE),
		fyne.NewMenuItem("Publish calendars…", withPlan(mw.publishDialog)),
	)
	edit := fyne.NewMenu("Edit",
		withShortcut(fyne.NewMenuItem("New session", withPlan(func() { showSessionForm(mw, nil) })), fyne.KeyN),
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
	for _, m := range mw.mainMenu().Items {
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

func (mw *Window) newPlan() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		w.Close()
		// The dialog has just made the file, empty: that is the plan the
		// user asked for.
		mw.open(w.URI().Path(), false, plans.Options{Empty: true})
	}, mw.win)
	d.SetFileName("plan.convene")
	d.Show()
}

// task runs long work off the UI goroutine behind a dialog with a progress
// bar and a Cancel button. work reports progress from 0 to 1 (or never, for
// an unknown length) and returns what to tell the user. With reread, work
// that may have changed anything in the plan (an import, a restore) is
// followed, on the same goroutine, by reading the whole plan again, which
// the window then shows.
func (mw *Window) task(title string, work func(ctx context.Context, progress func(float64)) (string, error), reread bool) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	infinite := widget.NewProgressBarInfinite()
	bar.Hide()
	d := dialog.NewCustom(title, "Cancel", container.NewVBox(widget.NewLabel(title+" …"), bar, infinite), mw.win)
	d.SetOnClosed(cancel)
	d.Resize(fyne.NewSize(420, d.MinSize().Height))
	d.Show()
	var last atomic.Int64
	progress := func(v float64) {
		// A redraw per percent is plenty, however many rows there are.
		if pct := int64(v * 100); last.Swap(pct) != pct {
			fyne.Do(func() {
				infinite.Hide()
				infinite.Stop()
				bar.Show()
				bar.SetValue(v)
			})
		}
	}
	store := mw.store
	mw.busy()
	go func() {
		msg, err := work(ctx, progress)
		var p *checkedPlan
		if err == nil && reread {
			p, err = mw.readPlan(store)
		}
		fyne.Do(func() {
			defer mw.settle()
			infinite.Stop()
			d.Hide()
			switch {
			case errors.Is(err, context.Canceled):
				dialog.ShowInformation(title, "Cancelled: nothing was changed.", mw.win)
			case err != nil:
				showError(mw.win, title, err)
			default:
				if p != nil {
					mw.setPlan(p)
					mw.refresh()
				}
				if msg != "" {
					dialog.ShowInformation(title, msg, mw.win)
				}
			}
		})
	}()
}

// showError shows an error as the command line prints it, one problem a
// line, scrolling when there are many.
func showError(win fyne.Window, title string, err error) {
	text := widget.NewLabel(err.Error())
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(560, min(text.MinSize().Height, 320)))
	d := dialog.NewCustom(title+": nothing was changed", "Close", scroll, win)
	d.Show()
}

// reload reads the whole plan again after a change that may touch anything
// (an import), off the UI goroutine.
func (mw *Window) reload() {
	store := mw.store
	mw.busy()
	go func() {
		p, err := mw.readPlan(store)
		fyne.Do(func() {
			defer mw.settle()
			if err != nil {
				dialog.ShowError(err, mw.win)
				return
			}
			mw.setPlan(p)
			mw.refresh()
		})
	}()
}

// progressReader reports how much of a file has been read.
type progressReader struct {
	r        io.Reader
	read     int64
	size     int64
	progress func(float64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.read += int64(n)
	if p.size > 0 {
		p.progress(min(1, float64(p.read)/float64(p.size)))
	}
	return n, err
}

// fileSize is the size of a local file, or 0 when it cannot be known.
func fileSize(uri fyne.URI) int64 {
	if uri.Scheme() != "file" {
		return 0
	}
	info, err := os.Stat(uri.Path())
	if err != nil {
		return 0
	}
	return info.Size()
}

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
				mw.importCSV(csvio.Kind(kind.Selected), r.URI().Name(), r, fileSize(r.URI()))
			}, mw.win)
			d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV"}))
			d.Show()
		}, mw.win)
}

// importCSV imports an open file of one kind into the plan, all or nothing,
// with progress, then shows the plan as it now is.
func (mw *Window) importCSV(kind csvio.Kind, name string, r io.ReadCloser, size int64) {
	store := mw.store
	mw.task("Import "+name, func(ctx context.Context, progress func(float64)) (string, error) {
		defer r.Close()
		var sum csvio.Summary
		err := store.Update(ctx, func(tx *plans.Tx) (err error) {
			sum, err = csvio.Import(ctx, tx, kind, name, &progressReader{r: r, size: size, progress: progress})
			if err == nil {
				_, err = store.Snapshot(ctx, "import-"+string(kind))
			}
			return err
		})
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

func (mw *Window) forumNames() []string {
	names := make([]string, len(mw.plan.Forums))
	for i, f := range mw.plan.Forums {
		names[i] = f.Name
	}
	return names
}

func (mw *Window) forumNamed(name string) *model.Forum {
	for i := range mw.plan.Forums {
		if mw.plan.Forums[i].Name == name {
			return &mw.plan.Forums[i]
		}
	}
	return nil
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
			forumCopy := *f
			d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
				if err != nil || r == nil {
					return
				}
				mw.importICS(&forumCopy, r.URI().Name(), r, fileSize(r.URI()))
			}, mw.win)
			d.SetFilter(storage.NewExtensionFileFilter([]string{".ics", ".ICS", ".ical"}))
			d.Show()
		}, mw.win)
}

// importICS imports a forum's published calendar, by UID, all or nothing.
func (mw *Window) importICS(forum *model.Forum, name string, r io.ReadCloser, size int64) {
	store := mw.store
	mw.task("Import "+name, func(ctx context.Context, progress func(float64)) (string, error) {
		defer r.Close()
		events, err := ical.Read(&progressReader{r: r, size: size, progress: progress}, name, forum.Zone)
		if err != nil {
			return "", err
		}
		var sum ical.Summary
		err = store.Update(ctx, func(tx *plans.Tx) (err error) {
			sum, err = ical.Import(ctx, tx, forum, name, events)
			if err == nil {
				_, err = store.Snapshot(ctx, "import-ics")
			}
			return err
		})
		return forum.Name + ": " + sum.String(), err
	}, true)
}

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
			mw.saveFile(string(k)+".csv", "Export "+string(k), func(w io.Writer, p *model.Plan) error {
				return csvio.Export(w, p, k, opts)
			})
		}, mw.win)
}

// exportICSDialog asks what a calendar holds (the plan, a forum's sessions or
// a person's) and where to write it; personID preselects a person.
func (mw *Window) exportICSDialog(personID int64) {
	const whole = "The whole plan"
	scopes := append([]string{whole}, mw.forumNames()...)
	scope := widget.NewSelect(scopes, nil)
	scope.SetSelected(whole)
	people := make([]string, 0, len(mw.plan.People))
	for i := range mw.plan.People {
		people = append(people, personLabel(&mw.plan.People[i]))
	}
	person := widget.NewSelectEntry(nil)
	person.SetPlaceHolder("Or one person's sessions: type a name")
	person.OnChanged = func(text string) {
		var options []string
		for _, p := range people {
			if text != "" && strings.Contains(strings.ToLower(p), strings.ToLower(text)) && len(options) < 12 {
				options = append(options, p)
			}
		}
		person.SetOptions(options)
	}
	if p := mw.index.People[personID]; p != nil {
		person.SetText(personLabel(p))
	}
	todos := widget.NewCheck("Add action items as tasks", nil)
	contacts := widget.NewCheck("Include emails and attendees (personal data)", nil)
	dialog.ShowCustomConfirm("Export a calendar", "Choose file…", "Cancel",
		container.NewVBox(scope, person, todos, contacts), func(ok bool) {
			if !ok {
				return
			}
			opts := ical.Options{PlanName: strings.TrimPrefix(mw.win.Title(), "Convene — "),
				Todos: todos.Checked, WithContacts: contacts.Checked}
			name := "plan"
			if f := mw.forumNamed(scope.Selected); f != nil {
				opts.ForumID, name = f.ID, f.Name
			}
			for i := range mw.plan.People {
				if p := &mw.plan.People[i]; person.Text != "" && (personLabel(p) == person.Text || strings.EqualFold(p.Name, person.Text)) {
					opts.PersonID, name = p.ID, p.Name
				}
			}
			mw.saveFile(name+".ics", "Export "+name, func(w io.Writer, p *model.Plan) error {
				return ical.Export(w, p, opts)
			})
		}, mw.win)
}

// saveFile asks where to save, then reads the plan and writes the file off
// the UI goroutine.
func (mw *Window) saveFile(name, title string, write func(io.Writer, *model.Plan) error) {
	store := mw.store
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		mw.task(title, func(ctx context.Context, _ func(float64)) (string, error) {
			var p *model.Plan
			err := store.View(ctx, func(tx *plans.Tx) (err error) {
				p, err = tx.Plan(ctx)
				return err
			})
			if err == nil {
				err = write(w, p)
			}
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return "", fmt.Errorf("%s: %w", w.URI().Path(), err)
			}
			return fmt.Sprintf("Saved %s at %s.", filepath.Base(w.URI().Path()), time.Now().Format("15:04")), nil
		}, false)
	}, mw.win)
	d.SetFileName(name)
	d.Show()
}
