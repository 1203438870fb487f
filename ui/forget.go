package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/storage"
)

// confirmForget asks before a person is forgotten, saying what that does,
// which is more than a delete: their name and email are removed from the
// plan file's bytes and from its snapshots too.
func (mw *Window) confirmForget(id int64) {
	p := mw.index.People[id]
	if p == nil {
		return
	}
	name := p.Name
	d := dialog.NewConfirm("Forget "+name+"?", strings.Join([]string{
		"Their record, roles in sessions and availability are removed;",
		"action items they own stay, without an owner.",
		"Where other texts mention their name or email, it becomes " + storage.Redacted + ".",
		"The plan's snapshots are cleaned of them too, or deleted.",
		"This cannot be undone, not even by restoring a snapshot.",
	}, "\n"), func(ok bool) {
		if ok {
			mw.forget(id, name)
		}
	}, mw.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.SetConfirmText("Forget")
	d.Show()
}

// forget forgets the person off the UI goroutine, then reads the plan
// again: other records' texts may have changed too.
func (mw *Window) forget(id int64, name string) {
	store := mw.store
	mw.task("Forget "+name, func(ctx context.Context, _ func(float64)) (string, error) {
		f, err := store.Forget(ctx, id)
		if err != nil {
			return "", err
		}
		say := []string{
			f.Name + " is forgotten.",
			fmt.Sprintf("Removed: their record, roles in sessions (%d) and availability windows (%d).", f.Participations, f.Availability),
			fmt.Sprintf("Action items they owned, now without an owner: %d.", f.Actions),
			fmt.Sprintf("Mentions of them in other texts, now %s: %d.", storage.Redacted, f.Mentions),
			fmt.Sprintf("Snapshots cleaned of them: %d.", len(f.Scrubbed)),
		}
		for _, d := range f.Deleted {
			say = append(say, fmt.Sprintf("A snapshot was deleted, as they could not be removed from it (%s).", d.Why))
		}
		if f.SharedName != "" {
			say = append(say, "Their name stays, as that of another person, "+f.SharedName+".")
		}
		if len(f.Lingering) > 0 {
			say = append(say, "Not every trace is gone yet:\n"+strings.Join(f.Lingering, "\n"))
		}
		return strings.Join(say, "\n"), nil
	}, true)
}
