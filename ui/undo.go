package ui

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// maxUndo is how many edits Edit › Undo can take back, newest first.
const maxUndo = 50

// undoable is an edit the coordinator can take back: what the Edit menu
// calls it, and the change that takes it back, one transaction like the
// edit itself.
type undoable struct {
	what string
	back func(ctx context.Context, tx *storage.Tx) error
}

// didEdit records an edit just written, so that Ctrl+Z can take it back.
func (mw *Window) didEdit(what string, back func(ctx context.Context, tx *storage.Tx) error) {
	mw.undos = append(mw.undos, undoable{what: what, back: back})
	if len(mw.undos) > maxUndo {
		mw.undos = slices.Delete(mw.undos, 0, len(mw.undos)-maxUndo)
	}
	mw.showUndo()
}

// showUndo says in the Edit menu what Undo would take back.
func (mw *Window) showUndo() {
	if mw.undoItem == nil {
		return
	}
	if n := len(mw.undos); n > 0 {
		mw.undoItem.Label = "Undo " + mw.undos[n-1].what
		mw.undoItem.Disabled = false
	} else {
		mw.undoItem.Label = "Undo"
		mw.undoItem.Disabled = true
	}
	if menu := mw.win.MainMenu(); menu != nil {
		menu.Refresh()
	}
}

// undo takes back the newest edit, then reads the plan again: taking back
// a deletion can touch many sessions and action items. While a form or
// dialog is open, Ctrl+Z belongs to the field being typed in.
func (mw *Window) undo() {
	if top := mw.win.Canvas().Overlays().Top(); top != nil {
		if field, ok := mw.win.Canvas().Focused().(fyne.Shortcutable); ok {
			field.TypedShortcut(&fyne.ShortcutUndo{})
		}
		return
	}
	n := len(mw.undos)
	if n == 0 || mw.store == nil {
		return
	}
	last := mw.undos[n-1]
	mw.undos = mw.undos[:n-1]
	mw.showUndo()
	mw.rewrite(last.back, nil)
}

// forgetUndo drops every edit that could be taken back: another plan is
// open, or the plan was replaced as a whole.
func (mw *Window) forgetUndo() {
	mw.undos = nil
	mw.showUndo()
}

// quoted names a thing by its title in quotes, as the Edit menu shows it.
func quoted(title string) string { return "“" + title + "”" }

// recreate puts back sessions as they were, with their UIDs, each under the
// new ID it gets; the IDs it gives are by old ID.
func recreate(ctx context.Context, tx *storage.Tx, sessions []model.Session) (map[int64]int64, error) {
	ids := map[int64]int64{}
	for _, s := range sessions {
		old := s.ID
		s.ID = 0
		if err := tx.CreateSession(ctx, &s); err != nil {
			return nil, err
		}
		ids[old] = s.ID
	}
	return ids, nil
}
