package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/storage"
)

// restoreDialog lists the snapshots Convene kept of the plan before its
// bulk changes and makes the one chosen the plan again, as `convene
// restore` does: the plan it replaces is kept as a snapshot first.
//
// A plan file's snapshots are files beside it; a team plan keeps its own in
// its database, where every coordinator sees the same ones.
func (mw *Window) restoreDialog() {
	store, path := mw.store, mw.store.Path()
	mw.busy()
	go func() {
		var (
			list []storage.SnapshotInfo
			err  error
		)
		if store.Team() {
			list, err = store.TeamSnapshots(context.Background())
		} else {
			list, err = storage.Snapshots(path)
		}
		fyne.Do(func() {
			defer mw.settle()
			switch {
			case err != nil:
				showError(mw.win, "Restore a snapshot", err)
			case len(list) == 0:
				dialog.ShowInformation("Restore a snapshot",
					"This plan has no snapshots yet: Convene keeps one before every import and restore.", mw.win)
			default:
				mw.chooseSnapshot(path, list)
			}
		})
	}()
}

func (mw *Window) chooseSnapshot(path string, list []storage.SnapshotInfo) {
	labels := make([]string, len(list))
	byLabel := map[string]storage.SnapshotInfo{}
	for i, sn := range list {
		labels[i] = fmt.Sprintf("%s, before %s (%s)", sn.Time.Local().Format("Mon 2 Jan 2006 15:04:05"), sn.Reason, sizeText(sn.Size))
		byLabel[labels[i]] = sn
	}
	choice := widget.NewRadioGroup(labels, nil)
	choice.Required = true
	choice.SetSelected(labels[0])
	note := widget.NewLabel("The plan as it is now is kept as a snapshot first,\nso a restore can be undone by another.")
	d := dialog.NewCustomConfirm("Restore a snapshot", "Restore", "Cancel",
		container.NewVBox(widget.NewLabel("Go back to the plan as it was:"), choice, note), func(ok bool) {
			if sn, found := byLabel[choice.Selected]; ok && found {
				mw.restore(path, sn)
			}
		}, mw.win)
	d.Show()
}

// restore makes the plan what the snapshot holds, off the UI goroutine,
// then reads it again. The window's own connections see the restore as any
// other change: it is written through the plan's log, not by swapping files.
func (mw *Window) restore(path string, sn storage.SnapshotInfo) {
	store := mw.store
	mw.task("Restore a snapshot", func(ctx context.Context, _ func(float64)) (string, error) {
		var (
			done storage.Restored
			err  error
		)
		if store.Team() {
			done, err = store.RestoreTeam(ctx, sn.ID)
		} else {
			done, err = storage.Restore(ctx, path, sn.Path)
		}
		if err != nil {
			return "", err
		}
		said := fmt.Sprintf("The plan is now as it was on %s, before %s.\nThe plan it replaced is kept as the newest snapshot.",
			sn.Time.Local().Format("Mon 2 Jan 2006 15:04:05"), sn.Reason)
		if done.MessagesKept > 0 {
			said += fmt.Sprintf("\nWhat it sent by email is kept (%s): Invite by email… sends the speakers what the restore changed.",
				plural(done.MessagesKept, "message"))
		}
		return said, nil
	}, true)
}

// sizeText writes a number of bytes as people read them.
func sizeText(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%d kB", n/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
