package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
}

// Window is the main window on a plan.
type Window struct {
	win    fyne.Window
	loaded chan struct{}
}

// Create fills the window with the app on the given plan. The plan is opened
// and read off the UI goroutine; until then the window says what it is doing.
func Create(w fyne.Window, plan Plan) *Window {
	mw := &Window{win: w, loaded: make(chan struct{})}
	w.SetTitle(windowTitle(plan.Path))
	progress := widget.NewProgressBarInfinite()
	w.SetContent(container.NewCenter(container.NewVBox(
		widget.NewLabel("Opening "+plan.Path+" …"), progress)))
	w.Resize(fyne.NewSize(1100, 720))

	go func() {
		data, err := load(context.Background(), plan)
		fyne.Do(func() {
			defer close(mw.loaded)
			progress.Stop()
			if err != nil {
				w.SetContent(container.NewCenter(errorLabel(err)))
				return
			}
			w.SetContent(newSessionsView(data).object())
		})
	}()
	return mw
}

// Loaded is closed once the plan is on screen, or the reason it cannot be is.
func (mw *Window) Loaded() <-chan struct{} { return mw.loaded }

// windowTitle is "Convene — NAME", the plan named by its file.
func windowTitle(path string) string {
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return "Convene — " + name
}

// load opens the plan, creating it with the sample when asked, and reads it.
func load(ctx context.Context, plan Plan) (*model.Plan, error) {
	store, err := storage.Open(ctx, plan.Path, storage.Options{})
	if errors.Is(err, storage.ErrNoPlan) && plan.Sample {
		store, err = storage.Open(ctx, plan.Path, storage.Options{Create: true})
		if err == nil {
			err = store.Update(ctx, func(tx *storage.Tx) error { return sample.Load(ctx, tx) })
		}
	}
	if err != nil {
		if store != nil {
			store.Close()
		}
		return nil, err
	}
	defer store.Close()
	var p *model.Plan
	err = store.View(ctx, func(tx *storage.Tx) (err error) {
		p, err = tx.Plan(ctx)
		return err
	})
	return p, err
}

func errorLabel(err error) *widget.Label {
	l := widget.NewLabel(fmt.Sprintf("This plan cannot be opened.\n\n%v", err))
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	return l
}
