package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/storage"
)

// planStatus is the line over the views that says what the window cannot
// do with its plan now: that it may only be read, or that the server of a
// team plan cannot be reached and how many changes wait to be saved. It
// is hidden while there is nothing to say.
type planStatus struct {
	line *fyne.Container
	icon *widget.Icon
	text *widget.Label
}

func newPlanStatus() *planStatus {
	s := &planStatus{icon: widget.NewIcon(theme.WarningIcon()), text: widget.NewLabel("")}
	s.text.Importance = widget.WarningImportance
	s.text.Wrapping = fyne.TextWrapWord
	s.line = container.NewBorder(nil, nil, s.icon, nil, s.text)
	s.line.Hide()
	return s
}

// say shows text, or hides the line when it is empty.
func (s *planStatus) say(text string) {
	s.text.SetText(text)
	if text == "" {
		s.line.Hide()
	} else {
		s.line.Show()
	}
}

// showStatus says what holds for the plan on screen now.
func (mw *Window) showStatus() {
	var text string
	switch {
	case mw.offline && len(mw.waiting) > 0:
		text = fmt.Sprintf("Offline: the server of this team plan cannot be reached. %s to be saved; Convene saves %s when the server is back (or at your next save).",
			count(len(mw.waiting), "change waits", "changes wait"), them(len(mw.waiting)))
	case mw.offline:
		text = "Offline: the server of this team plan cannot be reached. What you type is kept, and saved when the server is back."
	case len(mw.waiting) > 0:
		text = fmt.Sprintf("Saving %s kept while offline…", count(len(mw.waiting), "change", "changes"))
	case mw.readOnly && storage.IsTeamPlan(mw.store.Path()):
		text = "Read-only: your role may read this team plan but not change it. Its owner can let you edit it with 'convene grant ROLE write'."
	case mw.readOnly:
		text = "Read-only: this plan file (or its folder) may not be written, so it can be read but not changed."
	}
	mw.status.say(text)
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// setOffline notes whether the team plan's server can be reached; once
// it can again, the changes kept meanwhile are saved.
func (mw *Window) setOffline(offline bool) {
	if mw.offline == offline {
		return
	}
	mw.offline = offline
	mw.showStatus()
	if !offline {
		mw.saveWaiting()
	}
}

// waitingChange is a change saved while the server could not be reached,
// kept to be saved once it can: what the coordinator typed is not lost.
type waitingChange struct {
	// record names the record a form's change is to ("session 3"), or is
	// empty for any other change.
	record string
	change func(ctx context.Context, tx *storage.Tx) error
	apply  func()
	// n is its number in the order the window kept it (Window.kept).
	n int
}

// keep puts a change aside until the server is back. A change to a record
// that already has one waiting takes its place: both were typed over the
// version read before the server went away, and the later is what the
// coordinator wants saved (saving both, the second would be refused as
// made over a version that is no longer the newest).
func (mw *Window) keep(w waitingChange) {
	mw.kept++
	w.n = mw.kept
	i := slices.IndexFunc(mw.waiting, func(k waitingChange) bool { return w.record != "" && k.record == w.record })
	if i >= 0 {
		mw.waiting[i] = w
	} else {
		mw.waiting = append(mw.waiting, w)
	}
	mw.offline = true
	mw.showStatus()
}

// saveWaiting saves the changes kept while offline, in the order they
// were made, off the UI goroutine; each is applied to the plan on screen
// once saved. A server still away keeps the rest waiting; a change the
// plan refuses now (someone else changed or deleted the record) is shown
// as any refused change is, and the rest are saved after it.
func (mw *Window) saveWaiting() {
	if len(mw.waiting) == 0 || mw.saving {
		return
	}
	// A copy: a change kept while these are saved may take the place
	// of one of them in mw.waiting, and is saved after them.
	store, batch := mw.store, slices.Clone(mw.waiting)
	mw.saving = true
	mw.busy()
	go func() {
		saved := 0
		var err error
		for _, c := range batch {
			err = store.Update(context.Background(), func(tx *storage.Tx) error {
				return c.change(context.Background(), tx)
			})
			if err != nil {
				break
			}
			saved++
		}
		fyne.Do(func() {
			defer mw.settle()
			mw.saving = false
			if mw.store != store {
				return
			}
			// done drops from the waiting changes those of batch that
			// are through, saved or refused, and no others.
			done := func(through []waitingChange) {
				mw.waiting = slices.DeleteFunc(mw.waiting, func(w waitingChange) bool {
					return slices.ContainsFunc(through, func(t waitingChange) bool { return t.n == w.n })
				})
			}
			for _, c := range batch[:saved] {
				c.apply()
				mw.ownChanges++
			}
			done(batch[:saved])
			if saved > 0 {
				mw.refresh()
			}
			switch {
			case err == nil:
				// The server took them: it is back, even if the watch
				// has not heard so yet (it says otherwise at its next look).
				mw.offline = false
				if len(mw.waiting) > 0 {
					// Made while these were being saved.
					defer mw.saveWaiting()
				}
			case errors.Is(err, storage.ErrOffline):
				mw.offline = true
			default:
				done(batch[saved : saved+1])
				showError(mw.win, "A change kept while offline was not saved", err)
				defer mw.saveWaiting()
			}
			mw.showStatus()
		})
	}()
}
