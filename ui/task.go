package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/convene-planner/convene/model"
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
