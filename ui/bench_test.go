package ui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/plangen"
	"github.com/convene-planner/convene/ui"
)

// benchWindow opens a copy of a generated plan in a test window.
func benchWindow(b *testing.B, n int) (fyne.Window, *ui.Window) {
	src, err := os.ReadFile(plangen.File(b, n))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "plan.convene")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		b.Fatal(err)
	}
	w := test.NewTempWindow(b, nil)
	w.Resize(fyne.NewSize(1280, 800))
	mw := ui.Create(w, ui.Plan{Path: path, Today: model.Date{Year: 2022, Month: 1, Day: 1}})
	<-mw.Loaded()
	return w, mw
}

// BenchmarkOpenPlan measures opening a plan into the window, from Create
// until every view is drawn with it.
func BenchmarkOpenPlan(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			test.NewTempApp(b)
			for b.Loop() {
				benchWindow(b, n)
			}
		})
	}
}

// BenchmarkSearchKeystroke measures one key typed in the agenda's search,
// until the list shows what matches.
func BenchmarkSearchKeystroke(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			test.NewTempApp(b)
			w, _ := benchWindow(b, n)
			search := entryWithPlaceholder(b, w.Content(), "Search titles, rooms, people, topics (Ctrl+F)")
			for b.Loop() {
				test.Type(search, "1")
				search.SetText("")
			}
		})
	}
}

// BenchmarkPersonFieldKeystroke measures one key typed into a session form's
// person field, until the people it may mean are offered under it.
func BenchmarkPersonFieldKeystroke(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			test.NewTempApp(b)
			w, _ := benchWindow(b, n)
			press(w, fyne.KeyN)
			form := w.Canvas().Overlays().Top()
			test.Tap(viewButton(b, form, "Add person"))
			field := entryWithPlaceholder(b, form, "Type part of a name")
			for b.Loop() {
				b.StopTimer()
				field.SetText("son 00001")
				b.StartTimer()
				test.Type(field, "2")
			}
			if len(offered(form)) == 0 {
				b.Fatal("typing \"son 000012\" offers no one")
			}
		})
	}
}

// BenchmarkOpenGrid measures switching the agenda to a forum's day as a
// grid of rooms, until the grid is drawn.
func BenchmarkOpenGrid(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			test.NewTempApp(b)
			w, _ := benchWindow(b, n)
			var grid *widget.Check
			for _, c := range viewFind[*widget.Check](w.Content()) {
				if c.Text == "Day × room grid" {
					grid = c
				}
			}
			for b.Loop() {
				grid.SetChecked(true)
				grid.SetChecked(false)
			}
		})
	}
}

// BenchmarkOpenTeamPlan measures opening a team plan on a local server
// (loopback TCP, with its login) and on one as far as another continent
// into the window, from Create until every view is drawn with it:
// BenchmarkOpenPlan's work on a server.
func BenchmarkOpenTeamPlan(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		for _, at := range ui.Distances {
			b.Run(fmt.Sprintf("sessions=%d/%s", n, at.Name), func(b *testing.B) { openTeamPlan(b, n, at.Far) })
		}
	}
}

func openTeamPlan(b *testing.B, n int, far bool) {
	address := ui.GeneratedTeamPlan(b, n, far)
	test.NewTempApp(b)
	for b.Loop() {
		w := test.NewWindow(nil)
		w.Resize(fyne.NewSize(1280, 800))
		mw := ui.Create(w, ui.Plan{Path: address, Today: model.Date{Year: 2022, Month: 1, Day: 1}})
		<-mw.Loaded()
		// Its connections go back to the server.
		w.Close()
	}
}
