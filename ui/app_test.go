package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/ui"
)

// button returns the visible button with the given text.
func button(t *testing.T, obj fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, b := range viewFind[*widget.Button](obj) {
		if b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

// texts returns the text of every label and canvas text the object shows.
func texts(obj fyne.CanvasObject) []string {
	var out []string
	viewWalk(obj, func(o fyne.CanvasObject) bool {
		switch v := o.(type) {
		case *widget.Label:
			out = append(out, v.Text)
			return false
		case *canvas.Text:
			out = append(out, v.Text)
			return false
		case wholeText:
			out = append(out, v.Text())
			return false
		}
		return true
	})
	return out
}

func TestFirstStartCreatesTheDefaultPlanWithTheSample(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	path := filepath.Join(t.TempDir(), "convene", "plan.convene")

	<-ui.Create(w, ui.Plan{Path: path, Sample: true}).Loaded()

	if w.Title() != "Convene — plan" {
		t.Errorf("window title %q, want %q", w.Title(), "Convene — plan")
	}
	shown := strings.Join(texts(w.Content()), "\n")
	for _, want := range []string{"Fórum da Internet no Brasil 2021", "EuroDIG 2021", "Security standards for IoT across the economy"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the window does not show %q; it shows:\n%s", want, shown)
		}
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the default plan was not created owner-only: %v %v", info, err)
	}
}

func TestAFileThatIsNotAPlanIsNamedInTheWindowAndUntouched(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	<-ui.Create(w, ui.Plan{Path: path, Sample: true}).Loaded()

	shown := strings.Join(texts(w.Content()), "\n")
	if !strings.Contains(shown, path) || !strings.Contains(shown, "not a Convene plan") {
		t.Errorf("the window does not say the file is not a plan:\n%s", shown)
	}
	if b, _ := os.ReadFile(path); string(b) != "my notes\n" {
		t.Errorf("notes.txt was changed to %q", b)
	}
}
