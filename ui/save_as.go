package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chooseFile asks where a new file goes: a folder, picked in a folder
// dialog, and a name, typed. A save dialog would create the file the
// moment it closed, emptying whatever was there, the open plan included;
// here nothing is written until the work that writes knows the path, and
// it can refuse one it must not replace. folderKey is the preference that
// remembers the folder for the next time.
func (mw *Window) chooseFile(title, confirm, name, folderKey string, chosen func(path string)) {
	folder := fyne.CurrentApp().Preferences().String(folderKey)
	if info, err := os.Stat(folder); folder == "" || err != nil || !info.IsDir() {
		folder, _ = os.UserHomeDir()
	}
	where := widget.NewLabel(folder)
	where.Wrapping = fyne.TextWrapBreak
	pick := widget.NewButtonWithIcon("Choose…", theme.FolderOpenIcon(), func() {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				folder = u.Path()
				where.SetText(folder)
			}
		}, mw.win)
		if u, err := storage.ListerForURI(storage.NewFileURI(folder)); err == nil {
			d.SetLocation(u)
		}
		d.Show()
	})
	file := lineEntry(name, "File name", true)
	file.Validator = func(s string) error {
		switch s = strings.TrimSpace(s); {
		case s == "":
			return errors.New("is empty")
		case strings.ContainsAny(s, `/\`):
			return errors.New("is a name, not a path: choose the folder above")
		}
		return nil
	}
	items := []*widget.FormItem{
		formItem("Folder", container.NewBorder(nil, nil, nil, pick, where), ""),
		formItem("File name", file, ""),
	}
	showForm(mw.win, title, confirm, items, func() {
		fyne.CurrentApp().Preferences().SetString(folderKey, folder)
		chosen(filepath.Join(folder, strings.TrimSpace(file.Text)))
	})
}
