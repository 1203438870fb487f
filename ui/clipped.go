package ui

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// clippedText is one line of text that takes the width it is given: cut
// with "…" when the text is longer, and shown whole in a tip while the
// pointer rests on it, so nothing a narrow window cuts is out of reach.
//
// It stands in for a Label with Truncation in the lists. Fyne 2.7 shapes a
// truncating label's text anew, with a HarfBuzz font built for the
// purpose, every time the label is set; in an agenda that redraws its rows
// on every key typed in the search, that was most of the keystroke's time.
// Here each text and each letter is measured once (Fyne caches what it
// measures), and only a text that does not fit is measured again, cut.
type clippedText struct {
	widget.BaseWidget

	text       string
	style      fyne.TextStyle
	sizeName   fyne.ThemeSizeName
	importance widget.Importance
	alignment  fyne.TextAlign
	tips       *tipLayer

	shown *canvas.Text
	// cut says whether the text shown is the text cut to fit; fitted is
	// what it was fitted for.
	cut    bool
	fitted fitting
}

// fitting is what a cut was made for: a text, in a style, in a width.
type fitting struct {
	text  string
	style fyne.TextStyle
	size  float32
	width float32
}

var _ desktop.Hoverable = (*clippedText)(nil)

// newClippedText makes a line of body text that shows its whole text in
// tips when it has to be cut.
func newClippedText(tips *tipLayer) *clippedText {
	t := &clippedText{sizeName: theme.SizeNameText, tips: tips, shown: canvas.NewText("", nil)}
	t.ExtendBaseWidget(t)
	return t
}

// SetText shows another text, in the style given.
func (t *clippedText) SetText(text string, style fyne.TextStyle) {
	t.text, t.style = text, style
	t.Refresh()
}

// Text is the whole text, cut or not.
func (t *clippedText) Text() string { return t.text }

func (t *clippedText) textSize() float32 { return t.Theme().Size(t.sizeName) }

// MouseIn shows the whole text when what is shown is cut.
func (t *clippedText) MouseIn(*desktop.MouseEvent) {
	if t.cut && t.tips != nil {
		t.tips.show(t, t.text)
	}
}

// MouseMoved does nothing: the tip stays where it was shown.
func (t *clippedText) MouseMoved(*desktop.MouseEvent) {}

// MouseOut puts the tip away.
func (t *clippedText) MouseOut() {
	if t.tips != nil {
		t.tips.hide(t)
	}
}

func (t *clippedText) CreateRenderer() fyne.WidgetRenderer {
	return &clippedRenderer{t: t}
}

type clippedRenderer struct {
	t *clippedText
}

func (r *clippedRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.t.shown} }

func (r *clippedRenderer) Destroy() {}

// MinSize is one line high, like a Label's, and as narrow as the ellipsis.
func (r *clippedRenderer) MinSize() fyne.Size {
	pad := r.t.Theme().Size(theme.SizeNameInnerPadding)
	line := fyne.MeasureText("…", r.t.textSize(), r.t.style)
	return fyne.NewSize(line.Width+2*pad, line.Height+2*pad)
}

func (r *clippedRenderer) Layout(size fyne.Size) {
	t := r.t
	pad := t.Theme().Size(theme.SizeNameInnerPadding)
	width := size.Width - 2*pad
	if want := (fitting{t.text, t.style, t.textSize(), width}); want != t.fitted {
		t.shown.Text, t.cut = fitText(want.text, want.width, want.size, want.style)
		t.fitted = want
		t.shown.Refresh()
	}
	line := t.shown.MinSize()
	t.shown.Alignment = t.alignment
	t.shown.Move(fyne.NewPos(pad, (size.Height-line.Height)/2))
	t.shown.Resize(fyne.NewSize(width, line.Height))
}

func (r *clippedRenderer) Refresh() {
	t := r.t
	t.shown.TextSize = t.textSize()
	t.shown.TextStyle = t.style
	t.shown.Color = t.Theme().Color(importanceColor(t.importance), fyne.CurrentApp().Settings().ThemeVariant())
	r.Layout(t.Size())
	canvas.Refresh(t.shown)
}

// importanceColor is the colour a Label of that importance draws its text in.
func importanceColor(i widget.Importance) fyne.ThemeColorName {
	switch i {
	case widget.HighImportance:
		return theme.ColorNamePrimary
	case widget.DangerImportance:
		return theme.ColorNameError
	case widget.WarningImportance:
		return theme.ColorNameWarning
	case widget.SuccessImportance:
		return theme.ColorNameSuccess
	case widget.LowImportance:
		return theme.ColorNamePlaceHolder
	}
	return theme.ColorNameForeground
}

// fitText cuts text to what fits in width followed by "…", and says whether
// it did. The cut is found from each letter's own width, which is the
// text's width give or take kerning, then checked against the measured
// width of the cut text, one letter back at a time.
func fitText(text string, width, size float32, style fyne.TextStyle) (string, bool) {
	if text == "" || fyne.MeasureText(text, size, style).Width <= width {
		return text, false
	}
	const ellipsis = "…"
	room := width - fyne.MeasureText(ellipsis, size, style).Width
	runes := []rune(text)
	n, used := 0, float32(0)
	for n < len(runes) {
		w := fyne.MeasureText(string(runes[n]), size, style).Width
		if used+w > room {
			break
		}
		used += w
		n++
	}
	for ; n > 0; n-- {
		// Never cut a letter from the accent that follows it.
		if n < len(runes) && unicode.Is(unicode.Mn, runes[n]) {
			continue
		}
		cut := strings.TrimRightFunc(string(runes[:n]), unicode.IsSpace) + ellipsis
		if fyne.MeasureText(cut, size, style).Width <= width {
			return cut, true
		}
	}
	return ellipsis, true
}

// wrapsPastItsHeight says whether a wrapping label holds more text than
// its lines can show, as near as the text's width tells: for the rows whose
// text wraps, to know when the whole of it is worth a tip.
func wrapsPastItsHeight(l *widget.Label) bool {
	pad, spacing := theme.InnerPadding(), theme.LineSpacing()
	size := l.Size()
	sizeName := l.SizeName
	if sizeName == "" { // a label's text is body text unless told otherwise
		sizeName = theme.SizeNameText
	}
	text := fyne.MeasureText(l.Text, l.Theme().Size(sizeName), l.TextStyle)
	lines := float32(max(1, int((size.Height-2*pad+spacing)/(text.Height+spacing))))
	// Words wrap before the edge, so a line holds somewhat less than its width.
	return text.Width > lines*(size.Width-2*pad)*0.9
}

// tipLayer is the top layer of a window, where the whole text of a cut
// line is shown under it. It is part of the window's content, not a
// pop-up: a pop-up would take the keyboard from the field being typed in.
type tipLayer struct {
	layer *fyne.Container
	back  *canvas.Rectangle
	text  *widget.Label
	owner fyne.CanvasObject
}

// maxTipWidth is as wide as a tip grows before its text wraps.
const maxTipWidth = 560

func newTipLayer() *tipLayer {
	t := &tipLayer{back: canvas.NewRectangle(nil), text: widget.NewLabel("")}
	t.text.Wrapping = fyne.TextWrapWord
	t.layer = container.NewWithoutLayout(t.back, t.text)
	t.layer.Hide()
	return t
}

// show puts text in a tip just under the object, within the window.
func (t *tipLayer) show(under fyne.CanvasObject, text string) {
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(under)
	if c == nil {
		return
	}
	t.owner = under
	th := theme.Current()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	t.back.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	t.back.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	t.back.StrokeWidth = 1
	t.back.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
	t.text.SetText(text)

	pad := th.Size(theme.SizeNameInnerPadding)
	window := c.Size()
	width := min(fyne.MeasureText(text, th.Size(theme.SizeNameText), fyne.TextStyle{}).Width+2*pad+2,
		maxTipWidth, window.Width)
	t.text.Resize(fyne.NewSize(width, 0))
	size := fyne.NewSize(width, t.text.MinSize().Height)
	t.text.Resize(size)

	origin := d.AbsolutePositionForObject(t.layer)
	at := d.AbsolutePositionForObject(under).AddXY(0, under.Size().Height)
	if at.Y+size.Height > window.Height { // no room below: above it instead
		at.Y -= under.Size().Height + size.Height
	}
	at.X = max(0, min(at.X, window.Width-size.Width))
	at = at.Subtract(origin)
	t.back.Move(at)
	t.back.Resize(size)
	t.text.Move(at)
	t.layer.Show()
	t.layer.Refresh()
}

// hide puts away the tip the object showed, if it is still the one shown.
func (t *tipLayer) hide(owner fyne.CanvasObject) {
	if t.owner == owner {
		t.owner = nil
		t.layer.Hide()
	}
}
