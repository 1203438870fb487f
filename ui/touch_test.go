package ui_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/ui"
)

// A coordinator who tries every control the app has, in every view, form
// and dialog, meets no freeze and no crash. The first version froze for
// minutes, then crashed, when "Add person" was pressed in a session form:
// this test drives every button, select, check and field the way a person
// would, under a watchdog that names the control that hung.
func TestTouchingEverythingNeverHangsOrCrashes(t *testing.T) {
	if testing.Short() {
		// make test runs it in full first. Under the race detector (the
		// -short run) it would report Fyne's test driver, not the app: the
		// driver runs fyne.Do on the goroutine that calls it, so a write
		// finished in the background redraws while the select that started
		// it is still redrawing itself; the app's own driver runs both on
		// its one UI goroutine.
		t.Skip("runs in the full test run; see the comment")
	}
	w, mw, _ := viewOpen(t, "Year")
	// What the forms would save, new plans and exports, goes to a folder
	// of the test's, never the tester's home.
	for _, key := range []string{"folder.export", "folder.plan", "folder.import"} {
		fyne.CurrentApp().Preferences().SetString(key, t.TempDir())
	}
	to := &toucher{t: t, w: w, mw: mw, seen: map[string]bool{}}

	tabs := viewFind[*container.AppTabs](w.Content())[0]
	for i, tab := range tabs.Items {
		name := strings.SplitN(tab.Text, " ", 2)[0] + " view"
		to.do(name, "select the tab", func() { tabs.SelectIndex(i) })
		to.surface(name, 0, func() fyne.CanvasObject { return tab.Content })
	}
	for _, m := range w.MainMenu().Items {
		for _, item := range m.Items {
			if item.Action == nil || item.IsSeparator {
				continue
			}
			name := m.Label + " › " + item.Label
			to.opening(name, 0, func() { item.Action() })
		}
	}
	t.Logf("touched %d controls in %d places", to.controls, len(to.seen))
	if to.controls < 300 {
		t.Errorf("only %d controls were touched: the walk no longer reaches the forms", to.controls)
	}
}

// watchdog is how long one touch may take before it counts as a hang. A
// runaway re-validation spins for minutes before it overflows the stack.
const watchdog = 20 * time.Second

// maxDepth is how many dialogs deep the walk goes: a view opens a form, the
// form a confirmation or a picker. Deeper dialogs are closed unexplored, so
// no confirmation is ever confirmed and no file is ever chosen.
const maxDepth = 2

// toucher walks the app like a very thorough new user.
type toucher struct {
	t        *testing.T
	w        fyne.Window
	mw       *ui.Window
	controls int
	// seen holds the places explored, so a form opened from many rows of a
	// list is explored once.
	seen map[string]bool
}

// do runs one touch and waits for the work it started, and panics naming
// the control when that takes longer than the watchdog allows: the
// goroutine that hangs cannot be stopped, so the test binary has to end.
func (to *toucher) do(where, what string, touch func()) {
	to.t.Helper()
	// A runaway recursion ends the test binary with a stack overflow
	// before any watchdog can speak: this line, the last before the
	// crash, names the control.
	fmt.Fprintf(os.Stderr, "touch everything: %s: %s\n", where, what)
	timer := time.AfterFunc(watchdog, func() {
		panic(fmt.Sprintf("touch everything: %s: %s did not return within %v (a hang or a runaway re-validation)", where, what, watchdog))
	})
	defer timer.Stop()
	func() {
		defer func() {
			if r := recover(); r != nil {
				to.t.Fatalf("%s: %s panicked: %v", where, what, r)
			}
		}()
		touch()
		<-to.mw.Idle()
	}()
	to.controls++
}

// opening touches something that may open a dialog, and explores what it
// opened, then closes it.
func (to *toucher) opening(where string, depth int, touch func()) {
	before := len(to.w.Canvas().Overlays().List())
	to.do(where, "open it", touch)
	overlays := to.w.Canvas().Overlays().List()
	for len(overlays) > before {
		top := overlays[len(overlays)-1]
		title := dialogTitle(top)
		place := where + " › " + title
		// Fyne's own file dialogs are left alone: exploring them would
		// make files in the tester's home folder.
		if depth+1 <= maxDepth && !to.seen[title] && title != "Open File" && title != "Save File" {
			to.seen[title] = true
			to.surface(place, depth+1, func() fyne.CanvasObject { return top })
		}
		to.close(place, top)
		overlays = to.w.Canvas().Overlays().List()
		if len(overlays) > 0 && overlays[len(overlays)-1] == top {
			to.t.Fatalf("%s: the dialog does not close", place)
		}
	}
}

// close shuts a dialog as a person would: Cancel, Close or No when it has
// one, else by clicking outside it (which hides a pop-up).
func (to *toucher) close(where string, top fyne.CanvasObject) {
	for _, b := range viewFind[*widget.Button](top) {
		if slices.Contains([]string{"Cancel", "Close", "No", "OK"}, b.Text) {
			to.do(where, "press "+b.Text, func() { test.Tap(b) })
			return
		}
	}
	to.do(where, "dismiss it", top.Hide)
	to.w.Canvas().Overlays().Remove(top)
}

// dialogTitle is a dialog's title: Fyne draws it last, as a bold label.
func dialogTitle(o fyne.CanvasObject) string {
	title := "a pop-up"
	for _, l := range viewFind[*widget.Label](o) {
		if l.TextStyle.Bold && l.Alignment == fyne.TextAlignLeading && l.Text != "" {
			title = l.Text
		}
	}
	return title
}

// surface touches every control inside what root returns: fields first,
// then choices, then buttons and rows, with the buttons that close the
// surface last.
func (to *toucher) surface(where string, depth int, root func() fyne.CanvasObject) {
	obj := root()
	for _, e := range viewFind[*widget.Entry](obj) {
		to.typeInto(where, e, e)
	}
	for _, e := range viewFind[*widget.SelectEntry](obj) {
		to.typeInto(where, e, &e.Entry)
		to.opening(where+" › the list of "+fieldName(&e.Entry), maxDepth, func() { test.Tap(e) })
	}
	for _, s := range viewFind[*widget.Select](obj) {
		was := s.Selected
		for i := range s.Options {
			to.do(where, fmt.Sprintf("choose %q in a select", s.Options[i]), func() { s.SetSelectedIndex(i) })
		}
		to.do(where, fmt.Sprintf("choose %q again", was), func() { s.SetSelected(was) })
		to.opening(where+" › a select's options", maxDepth, func() { test.Tap(s) })
	}
	for _, c := range viewFind[*widget.Check](obj) {
		if !c.Disabled() {
			to.do(where, "tick "+fmt.Sprintf("%q", c.Text), func() { test.Tap(c) })
			to.do(where, "untick "+fmt.Sprintf("%q", c.Text), func() { test.Tap(c) })
		}
	}
	for _, r := range viewFind[*widget.RadioGroup](obj) {
		was := r.Selected
		for _, option := range append(r.Options, was) {
			to.do(where, fmt.Sprintf("pick %q", option), func() { r.SetSelected(option) })
		}
	}
	for _, l := range viewFind[*widget.List](obj) {
		for id := range min(l.Length(), 40) {
			to.opening(where+fmt.Sprintf(" › row %d", id), depth, func() {
				l.Select(id)
				l.UnselectAll()
			})
		}
	}
	buttons := viewFind[*widget.Button](obj)
	closes := func(b *widget.Button) bool {
		return slices.Contains([]string{"Cancel", "Close", "Save", "Add session", "Add person", "Add action", "Add forum", "OK", "Yes", "No"}, b.Text) && depth > 0
	}
	slices.SortStableFunc(buttons, func(a, b *widget.Button) int {
		switch {
		case closes(a) == closes(b):
			return 0
		case closes(a):
			return 1
		}
		return -1
	})
	// A confirmation's dangerous button is left alone: deleting the
	// sample bit by bit would leave less to touch.
	confirmation := depth > 0 && len(viewFind[*widget.Entry](obj)) == 0
	for _, b := range buttons {
		if b.Disabled() || !b.Visible() || (confirmation && b.Importance == widget.DangerImportance) {
			continue
		}
		label := b.Text
		if label == "" {
			label = "an icon button"
		}
		to.opening(where+" › "+label, depth, func() { test.Tap(b) })
	}
}

// typeInto types what a person might into a field: nothing, one letter, a
// right value and a wrong one, then puts back what was there.
func (to *toucher) typeInto(where string, field fyne.Focusable, e *widget.Entry) {
	if e.Disabled() {
		return
	}
	was := e.Text
	name := fieldName(e)
	for _, text := range append([]string{"", "a"}, samples(e.PlaceHolder)...) {
		to.do(where, fmt.Sprintf("type %q into %s", text, name), func() {
			e.SetText("")
			to.w.Canvas().Focus(field)
			test.Type(field, text)
			_ = e.Validate()
		})
	}
	to.do(where, "put back "+name, func() { e.SetText(was) })
}

// fieldName names a field by its placeholder, as a person sees it.
func fieldName(e *widget.Entry) string {
	if e.PlaceHolder != "" {
		return fmt.Sprintf("the field %q", e.PlaceHolder)
	}
	return "a field"
}

// samples are a right and a wrong value for a field, told by its
// placeholder.
func samples(placeholder string) []string {
	switch {
	case placeholder == "YYYY-MM-DD":
		return []string{"2021-12-09", "2021-13-45"}
	case placeholder == "HH:MM":
		return []string{"10:00", "25:61"}
	case strings.Contains(placeholder, "/"):
		return []string{"Europe/Warsaw", "Mars/Olympus"}
	case strings.Contains(strings.ToLower(placeholder), "name"):
		return []string{"Zofia", "Nobody Of That Name"}
	}
	return []string{"Securing home routers", strings.Repeat("x", 300)}
}
