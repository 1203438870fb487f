package ui

import (
	"context"
	"errors"
	"math"
	"os"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// Long work off the UI goroutine, behind a progress bar with a Cancel
// button, and how its errors are shown.

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
				if p != nil && mw.store == store {
					// What came before a bulk change can no longer be
					// taken back edit by edit; a snapshot can.
					mw.forgetUndo()
					mw.setPlan(p)
					mw.ownChanges++
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
// line, in a list that scrolls however many there are, every line in full
// and selectable, with a button that copies them all: a coordinator fixes
// the file with the list beside it.
func showError(win fyne.Window, title string, err error) {
	// An import's error names its first problems; the list holds them all.
	lines := strings.Split(strings.TrimRight(err.Error(), "\n"), "\n")
	var every interface{ Lines() []string }
	listed := errors.As(err, &every)
	if listed {
		lines = every.Lines()
	}
	width := min(max(win.Canvas().Size().Width*0.8, 560), 1000)
	list := widget.NewList(func() int { return len(lines) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Wrapping = fyne.TextWrapWord
			l.Selectable = true
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(lines[id]) })
	// A line longer than the list is wide wraps, and its row is as tall as
	// its lines.
	one := widget.NewLabel("M").MinSize().Height
	lineHeight := fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{}).Height + theme.LineSpacing()
	room := width - 2*theme.InnerPadding() - theme.ScrollBarSize() - 4*theme.Padding()
	height := float32(0)
	for i, line := range lines {
		h := one
		if w := fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{}).Width; w > room {
			h += lineHeight * float32(math.Ceil(float64(w/room)))
			list.SetItemHeight(i, h)
		}
		height += h
	}
	// Only a file's list of problems says that nothing came in: a
	// publish or a sending cut off half-way may have done some of its work.
	count := widget.NewLabel("")
	if listed {
		count.SetText(plural(len(lines), "problem") + "; the file was not imported.")
		title += ": nothing was changed"
	}
	copyAll := widget.NewButtonWithIcon("Copy all", theme.ContentCopyIcon(), func() {
		fyne.CurrentApp().Clipboard().SetContent(strings.Join(lines, "\n"))
	})
	body := container.NewBorder(container.NewBorder(nil, nil, nil, copyAll, count), nil, nil, nil, list)
	d := dialog.NewCustom(title, "Close", body, win)
	d.Resize(fyne.NewSize(width, min(height, win.Canvas().Size().Height*0.6)+count.MinSize().Height+6*theme.Padding()+one*2))
	d.Show()
}

// reload reads the whole plan again after a change that may touch anything
// (an import), off the UI goroutine; read again if the window saved a
// change of its own meanwhile, which the read may lack.
func (mw *Window) reload() {
	store, since := mw.store, mw.ownChanges
	mw.busy()
	go func() {
		p, err := mw.readPlan(store)
		fyne.Do(func() {
			defer mw.settle()
			mw.takePlan(store, since, p, err)
		})
	}()
}

// takePlan puts the plan reload read from store, begun when the window
// had made since changes of its own, on screen, unless the window shows
// another plan by now; it reads again if the window has saved a change
// since.
func (mw *Window) takePlan(store *storage.Store, since int, p *checkedPlan, err error) {
	switch {
	case mw.store != store:
	case err != nil:
		dialog.ShowError(err, mw.win)
	case mw.ownChanges != since:
		mw.reload()
	default:
		mw.setPlan(p)
		mw.refresh()
	}
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
