package ui

import (
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// Preference keys: what the app remembers between runs.
const (
	prefLastPlan     = "plan.last"
	prefRecentPlans  = "plan.recent"
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
	prefImportFolder = "folder.import"
	prefExportFolder = "folder.export"
	prefPlanFolder   = "folder.plan"
	// Where calendars were last published, and as whom; and the mail
	// server and sender invitations last went through. Passwords never:
	// those stay in the system keyring.
	prefPublishTarget = "publish.target"
	prefPublishUser   = "publish.user"
	prefSMTPServer    = "invite.smtp"
	prefSMTPFrom      = "invite.from"
	recentPlans       = 8
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
		delete(readOnlyCanvases, mw.win.Canvas())
		if mw.store != nil {
			mw.store.Close()
		}
	})
}

// startIn opens a file dialog in the folder last used for the same kind of
// work (key), when there is one and it is still there.
func startIn(d *dialog.FileDialog, key string) {
	folder := fyne.CurrentApp().Preferences().String(key)
	if folder == "" {
		return
	}
	if uri, err := storage.ListerForURI(storage.NewFileURI(folder)); err == nil {
		d.SetLocation(uri)
	}
}

// rememberFolder keeps the folder of a file just chosen for the next file
// dialog of the same kind.
func rememberFolder(key string, uri fyne.URI) {
	if uri.Scheme() == "file" {
		fyne.CurrentApp().Preferences().SetString(key, filepath.Dir(uri.Path()))
	}
}
