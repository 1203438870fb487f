package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/sample"
)

// Plan says which plan file the window opens.
type Plan struct {
	Path string
	// Sample creates the plan with the sample 2021 plan when no file exists
	// at Path: what a first start on the default plan does.
	Sample bool
	// Zone is the viewer's own time zone, which the agenda can switch to;
	// nil means the computer's.
	Zone *time.Location
	// Today is the day planning checks count from; zero means today.
	Today model.Date
	// FitMemory keeps the process's memory near what the open plan needs
	// (see fitMemory): for the app, which owns its process; tests, which
	// share one, leave it off.
	FitMemory bool
	// Who signs the changes made in the window; empty means the
	// computer's user (see storage.Options.Who).
	Who string
}

// planState is what every view reads: the plan as last read, its index,
// what the checks found in it, and the viewer's clocks. The window replaces
// its parts whenever the plan changes and then has each view refresh.
type planState struct {
	plan  *model.Plan
	index model.Index
	check *model.Checker
	opts  Plan
	// readOnly is set for a plan that may only be read: a file that
	// cannot be written, or a team plan the role may not change. The
	// views offer no edit then.
	readOnly bool
}

// Window is the main window on a plan: the views, one click apart, over the
// plan as last read from its file. Every view reads the same in-memory plan;
// an edit is written to the file off the UI goroutine, then patched into the
// plan, re-checked incrementally and shown in every view.
type Window struct {
	planState
	win    fyne.Window
	store  *storage.Store
	loaded chan struct{}

	// Writes and rereads under way; idle is closed while there are none.
	pending int
	idle    chan struct{}
	// ownChanges counts the window's own changes put in the plan on
	// screen. A read of others' changes that began before one of them
	// and ends after it may lack what the window just saved: it is
	// made again (reread, reload).
	ownChanges int

	// status says what the window cannot do with its plan now.
	status *planStatus
	// offline is set while a team plan's server cannot be reached;
	// waiting are the changes saved meanwhile, kept to be saved once it
	// can, and saving is set while they are.
	offline bool
	waiting []waitingChange
	saving  bool
	// kept numbers the changes kept while offline, so that those saved
	// are told from one kept while they were being saved.
	kept int

	// The edits Edit › Undo can take back, newest last, and that menu item.
	undos    []undoable
	undoItem *fyne.MenuItem

	tabs *container.AppTabs
	tips *tipLayer
	// body is the window's content while a plan is on screen: the views,
	// with the tips over them.
	body     fyne.CanvasObject
	year     *yearView
	sessions *sessionsView
	people   *peopleView
	actions  *actionsView
	checks   *checkView
}

// Create fills the window with the app on the given plan. The plan is opened
// and read off the UI goroutine; until then the window says what it is doing.
func Create(w fyne.Window, plan Plan) *Window {
	if plan.Zone == nil {
		plan.Zone = localZone()
	}
	if plan.Today.IsZero() {
		plan.Today = model.DateOf(time.Now())
	}
	mw := &Window{planState: planState{opts: plan}, win: w, loaded: make(chan struct{}), idle: make(chan struct{}), tips: newTipLayer(), status: newPlanStatus()}
	close(mw.idle)
	mw.restoreSize()
	w.SetMainMenu(mw.mainMenu())
	mw.addShortcuts()
	w.SetOnDropped(mw.dropped)
	mw.open(plan.Path, plan.Sample, storage.Options{})
	return mw
}

// Loaded is closed once a plan is on screen, or the reason it cannot be is.
func (mw *Window) Loaded() <-chan struct{} { return mw.loaded }

// planShown says whether a plan is on screen, rather than what the window
// shows while one opens or why it cannot.
func (mw *Window) planShown() bool { return mw.body != nil && mw.win.Content() == mw.body }

// Idle returns a channel that is closed once no change is being written: a
// test, or a window about to close, waits on it.
func (mw *Window) Idle() <-chan struct{} { return mw.idle }

// open reads the plan at path off the UI goroutine and shows it.
func (mw *Window) open(path string, withSample bool, opts storage.Options) {
	opts.Who = mw.opts.Who
	mw.win.SetTitle(windowTitle(path))
	progress := widget.NewProgressBarInfinite()
	mw.win.SetContent(container.NewCenter(container.NewVBox(
		widget.NewLabel("Opening "+storage.PlanName(path)+" …"), progress)))
	go func() {
		ctx := context.Background()
		address := path
		if storage.IsTeamPlan(path) {
			address = withKeptPassword(ctx, path)
		}
		store, plan, err := mw.load(ctx, address, withSample, opts)
		fyne.Do(func() {
			progress.Stop()
			if err != nil {
				mw.win.SetContent(errorPage(err))
				if storage.IsTeamPlan(path) {
					// The address may want another password, or fixing.
					mw.showTeamPlanDialog(storage.PlanName(path), err)
				}
			} else {
				mw.show(store, plan)
			}
			select {
			case <-mw.loaded:
			default:
				close(mw.loaded)
			}
		})
	}()
}

// show puts a freshly opened plan on screen, closing the one before.
func (mw *Window) show(store *storage.Store, plan *checkedPlan) {
	if mw.store != nil {
		mw.store.Close()
	}
	mw.store = store
	mw.readOnly = store.ReadOnly()
	readOnlyCanvases[mw.win.Canvas()] = mw.readOnly
	mw.offline, mw.waiting = false, nil
	mw.forgetUndo()
	mw.watch(store)
	mw.setPlan(plan)
	mw.win.SetTitle(windowTitle(store.Path()))
	if mw.tabs == nil {
		mw.year = newYearView(&mw.planState, mw)
		mw.sessions = newSessionsView(&mw.planState, mw)
		mw.people = newPeopleView(&mw.planState, mw)
		mw.actions = newActionsView(&mw.planState, mw)
		mw.checks = newCheckView(&mw.planState, mw)
		mw.tabs = container.NewAppTabs(
			container.NewTabItem("Year", mw.year.object()),
			container.NewTabItem("Sessions", mw.sessions.object()),
			container.NewTabItem("People", mw.people.object()),
			container.NewTabItem("Actions", mw.actions.object()),
			container.NewTabItem("Check", mw.checks.object()),
		)
		mw.tabs.SelectIndex(1)
	}
	if mw.body == nil {
		mw.body = container.NewBorder(mw.status.line, nil, nil, nil, container.NewStack(mw.tabs, mw.tips.layer))
	}
	mw.showStatus()
	mw.win.SetContent(mw.body)
	mw.remember(store.Path())
	mw.refresh()
}

// setPlan replaces the plan in memory and its findings.
func (mw *Window) setPlan(p *checkedPlan) {
	mw.plan, mw.index, mw.check = p.plan, p.plan.Index(), p.check
}

// refresh redraws every view from the plan in memory.
func (mw *Window) refresh() {
	mw.index = mw.plan.Index()
	mw.year.refresh()
	mw.sessions.refresh()
	mw.people.refresh()
	mw.actions.refresh()
	mw.checks.refresh()
	conflicts, warnings := mw.check.Counts()
	mw.tabs.Items[4].Text = fmt.Sprintf("Check (%d · %d)", conflicts, warnings)
	mw.tabs.Refresh()
}

// write runs a change to the plan file off the UI goroutine, then, back on
// it, applies it to the plan in memory and refreshes every view. An error is
// shown in a dialog and changes nothing.
//
// A change to a team plan whose server cannot be reached is kept, and
// saved once it can be (saveWaiting), after the ones kept before it.
func (mw *Window) write(change func(ctx context.Context, tx *storage.Tx) error, apply func()) {
	mw.writeOr(change, apply, writeHow{})
}

// writeHow says what a form wants of a write beyond write's: all on the
// UI goroutine.
type writeHow struct {
	// failed is told why the change was refused; nil shows it in a dialog.
	failed func(error)
	// kept is told the change was kept for when the server is back.
	kept func()
	// record names the record changed (see waitingChange).
	record string
}

// writeOr is write as how says.
func (mw *Window) writeOr(change func(ctx context.Context, tx *storage.Tx) error, apply func(), how writeHow) {
	failed := how.failed
	if failed == nil {
		failed = func(err error) { dialog.ShowError(err, mw.win) }
	}
	keep := func() {
		mw.keep(waitingChange{record: how.record, change: change, apply: apply})
		if how.kept != nil {
			how.kept()
		}
	}
	if len(mw.waiting) > 0 {
		keep()
		mw.saveWaiting()
		return
	}
	store := mw.store
	mw.busy()
	go func() {
		err := store.Update(context.Background(), func(tx *storage.Tx) error {
			return change(context.Background(), tx)
		})
		fyne.Do(func() {
			defer mw.settle()
			if errors.Is(err, storage.ErrOffline) && store == mw.store {
				keep()
				return
			}
			if err != nil {
				failed(err)
				return
			}
			apply()
			mw.ownChanges++
			mw.refresh()
		})
	}()
}

// rewrite runs a change that may touch much of the plan (taking back a
// deletion, putting a year away) off the UI goroutine, then reads the
// whole plan again on the same goroutine, and back on the UI goroutine
// shows it and runs then (when given). An error is shown and changes
// nothing.
func (mw *Window) rewrite(change func(ctx context.Context, tx *storage.Tx) error, then func()) {
	store := mw.store
	mw.busy()
	go func() {
		err := store.Update(context.Background(), func(tx *storage.Tx) error {
			return change(context.Background(), tx)
		})
		var p *checkedPlan
		if err == nil {
			p, err = mw.readPlan(store)
		}
		fyne.Do(func() {
			defer mw.settle()
			if mw.store != store {
				return
			}
			if err != nil {
				dialog.ShowError(err, mw.win)
				return
			}
			mw.setPlan(p)
			mw.ownChanges++
			mw.refresh()
			if then != nil {
				then()
			}
		})
	}()
}

// busy marks work begun that changes or rereads the plan; settle marks it
// done, closing idle after the last.
func (mw *Window) busy() {
	if mw.pending++; mw.pending == 1 {
		mw.idle = make(chan struct{})
	}
}

func (mw *Window) settle() {
	if mw.pending--; mw.pending == 0 {
		close(mw.idle)
	}
}

// localZone is the computer's time zone under its IANA name, which Go's
// time.Local does not give ("Local"): from $TZ, else from where
// /etc/localtime points.
func localZone() *time.Location {
	name := strings.TrimPrefix(os.Getenv("TZ"), ":")
	if name == "" {
		if target, err := os.Readlink("/etc/localtime"); err == nil {
			if _, after, ok := strings.Cut(target, "zoneinfo/"); ok {
				name = after
			}
		}
	}
	if loc, err := model.LoadZone(name); err == nil {
		return loc
	}
	return time.Local
}

// windowTitle is "Convene — NAME", the plan named by its file, or a team
// plan by its database and server.
func windowTitle(path string) string {
	if storage.IsTeamPlan(path) {
		if u, err := url.Parse(storage.PlanName(path)); err == nil && u.Host != "" {
			return "Convene — " + strings.TrimPrefix(u.Path, "/") + " on " + u.Host
		}
		return "Convene — " + storage.PlanName(path)
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return "Convene — " + name
}

// load opens the plan, creating it with the sample when asked, and reads
// and checks it.
func (mw *Window) load(ctx context.Context, path string, withSample bool, opts storage.Options) (*storage.Store, *checkedPlan, error) {
	store, err := storage.Open(ctx, path, opts)
	if errors.Is(err, storage.ErrNoPlan) && withSample {
		store, err = storage.Open(ctx, path, storage.Options{Create: true, Who: opts.Who})
		if err == nil {
			err = store.Update(ctx, func(tx *storage.Tx) error { return sample.Load(ctx, tx) })
		}
	}
	var p *checkedPlan
	if err == nil {
		p, err = mw.readPlan(store)
	}
	if err != nil {
		if store != nil {
			store.Close()
		}
		return nil, nil, err
	}
	return store, p, nil
}

// errorPage says why a plan cannot be opened, in a column wide enough to
// read, with the way to another plan at hand in the File menu.
func errorPage(err error) fyne.CanvasObject {
	title := widget.NewLabelWithStyle("This plan cannot be opened", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	text := widget.NewLabel(err.Error() + "\n\nOpen another plan, or make a new one, from the File menu.")
	text.Wrapping = fyne.TextWrapWord
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(640, 240), container.NewVBox(title, text)))
}

// checkedPlan is a plan as read from its file with its findings, both made
// off the UI goroutine: checking a large plan takes a good part of a second.
type checkedPlan struct {
	plan  *model.Plan
	check *model.Checker
}

// readPlan reads the whole plan in one consistent view and checks it as of
// the window's today, and fits the process's memory to it when asked. It
// runs off the UI goroutine.
func (mw *Window) readPlan(store *storage.Store) (*checkedPlan, error) {
	var p *model.Plan
	err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
		p, err = tx.Plan(context.Background())
		return err
	})
	if err != nil {
		return nil, err
	}
	checked := &checkedPlan{plan: p, check: model.NewChecker(p, mw.opts.Today)}
	if mw.opts.FitMemory {
		fitMemory()
	}
	return checked, nil
}
