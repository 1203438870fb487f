package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// On a small screen the agenda cuts long titles and people's names; a
// coordinator points at a cut line and reads it whole in a tip, which goes
// away with the pointer.
func TestACutLineInASmallWindowIsReadWholeByPointingAtIt(t *testing.T) {
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)
	w.Resize(fyne.NewSize(900, 600))
	mw.tabs.SelectIndex(1)

	var line *clippedText
	for _, c := range shownWidgets[*clippedText](w.Content()) {
		if c.cut && c.Visible() && c.Size().Width > 0 {
			line = c
			break
		}
	}
	if line == nil {
		t.Fatal("at 900×600 the agenda cuts no line; the test needs one that is cut")
	}
	if !strings.HasSuffix(line.shown.Text, "…") || len(line.shown.Text) >= len(line.Text()) {
		t.Fatalf("a cut line shows %q for %q: not cut with an ellipsis", line.shown.Text, line.Text())
	}

	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(line).AddXY(line.Size().Width/2, line.Size().Height/2)
	test.MoveMouse(w.Canvas(), at)
	if !mw.tips.layer.Visible() || mw.tips.text.Text != line.Text() {
		t.Fatalf("pointing at %q shows no tip with it whole (tip shown: %v, %q)",
			line.shown.Text, mw.tips.layer.Visible(), mw.tips.text.Text)
	}
	tip := d.AbsolutePositionForObject(mw.tips.back)
	size, window := mw.tips.back.Size(), w.Canvas().Size()
	if tip.X < 0 || tip.Y < 0 || tip.X+size.Width > window.Width || tip.Y+size.Height > window.Height {
		t.Errorf("the tip at %v, %v leaves the %v window", tip, size, window)
	}

	test.MoveMouse(w.Canvas(), fyne.NewPos(1, 1))
	if mw.tips.layer.Visible() {
		t.Error("the tip stays after the pointer has left the line")
	}
}

// A cut keeps as much of the text as fits, never splits a letter from its
// accent, and leaves a text that fits as it is.
func TestFitTextKeepsWhatFits(t *testing.T) {
	test.NewTempApp(t)
	size := theme.TextSize()
	measure := func(s string) float32 { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width }
	title := "Meaningful access: connecting the next billion in Zürich and São Paulo"

	if got, cut := fitText(title, measure(title), size, fyne.TextStyle{}); cut || got != title {
		t.Errorf("a text that fits comes back as %q (cut %v)", got, cut)
	}
	for _, width := range []float32{measure(title) - 1, measure(title) / 2, 40} {
		got, cut := fitText(title, width, size, fyne.TextStyle{})
		if !cut || !strings.HasSuffix(got, "…") || !strings.HasPrefix(title, strings.TrimSuffix(got, "…")) {
			t.Errorf("cut to %v, %q is not the title's start with an ellipsis", width, got)
		}
		if measure(got) > width {
			t.Errorf("cut to %v, %q is %v wide", width, got, measure(got))
		}
		if longer := []rune(strings.TrimSuffix(got, "…")); len(longer) < len([]rune(title)) &&
			measure(string([]rune(title)[:len(longer)+1])+"…") <= width-measure(" ") {
			t.Errorf("cut to %v, %q leaves room for more of the title", width, got)
		}
	}

	decomposed := "Cafe\u0301 de la Paix"
	for w := float32(10); w < measure(decomposed); w += 2 {
		got, _ := fitText(decomposed, w, size, fyne.TextStyle{})
		if strings.HasSuffix(got, "e…") && strings.HasPrefix(got, "Cafe") && len(got) == len("Cafe…") {
			t.Errorf("cut to %v, the accent is split from its letter: %q", w, got)
		}
	}
}

// A finding too long for its two lines in Check is read whole by pointing
// at it; one that fits shows no tip.
func TestALongFindingIsReadWholeByPointingAtIt(t *testing.T) {
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)
	w.Resize(fyne.NewSize(900, 600))
	mw.tabs.SelectIndex(4)

	d := fyne.CurrentApp().Driver()
	var long, short int
	for _, it := range shownWidgets[*findingItem](w.Content()) {
		if it.message.Size().Height == 0 {
			continue
		}
		test.MoveMouse(w.Canvas(), d.AbsolutePositionForObject(it.message).AddXY(20, 10))
		whole := fyne.MeasureText(it.message.Text, theme.TextSize(), fyne.TextStyle{}).Width
		twoLines := 2 * it.message.Size().Width
		switch {
		case whole > twoLines:
			long++
			if !mw.tips.layer.Visible() || mw.tips.text.Text != it.message.Text {
				t.Errorf("pointing at a finding cut short shows no tip with it whole: %q", it.message.Text)
			}
		case whole < twoLines*0.8:
			short++
			if mw.tips.layer.Visible() {
				t.Errorf("a finding that fits its lines shows a tip: %q", it.message.Text)
			}
		}
		test.MoveMouse(w.Canvas(), fyne.NewPos(1, 1))
	}
	if long == 0 || short == 0 {
		t.Fatalf("the sample's findings at 900×600 give %d cut and %d whole; the test needs both", long, short)
	}
}

// In the day × room grid a short session's block cuts its title; pointing
// at the block shows the title whole.
func TestAGridBlockTooSmallForItsTitleShowsItWholeUnderThePointer(t *testing.T) {
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)
	w.Resize(fyne.NewSize(900, 600))
	mw.tabs.SelectIndex(1)
	mw.sessions.forum.SetSelected("IGF 2021")
	mw.sessions.grid.SetChecked(true)

	d := fyne.CurrentApp().Driver()
	var cut int
	for _, day := range mw.sessions.day.Options {
		mw.sessions.day.SetSelected(day)
		for _, b := range shownWidgets[*sessionBlock](w.Content()) {
			if !wrapsPastItsHeight(b.text) {
				continue
			}
			cut++
			test.MoveMouse(w.Canvas(), d.AbsolutePositionForObject(b).AddXY(4, 4))
			if !mw.tips.layer.Visible() || mw.tips.text.Text != b.text.Text {
				t.Errorf("pointing at the block of %q shows no tip with it whole", b.text.Text)
			}
			test.MoveMouse(w.Canvas(), fyne.NewPos(1, 1))
		}
	}
	if cut == 0 {
		t.Fatal("no block of IGF 2021 cuts its title at 900×600; the test needs one")
	}
}
