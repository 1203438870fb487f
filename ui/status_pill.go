package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// statusPill shows a session's status as a word on a ground tinted with its
// status colour and edged in it. The word is in the theme's own text colour,
// so it reads in the light theme and the dark alike: coloured words on the
// window's ground, and white on the light theme's bright green, did not.
type statusPill struct {
	widget.BaseWidget
	status model.SessionStatus
}

func newStatusPill() *statusPill {
	p := &statusPill{}
	p.ExtendBaseWidget(p)
	return p
}

// set shows another status.
func (p *statusPill) set(s model.SessionStatus) {
	if p.status != s {
		p.status = s
		p.Refresh()
	}
}

// statusColour is the colour that marks a status.
func statusColour(s model.SessionStatus) fyne.ThemeColorName {
	switch s {
	case model.StatusScheduled, model.StatusHeld:
		return theme.ColorNameSuccess
	case model.StatusCancelled:
		return theme.ColorNameError
	case model.StatusIdea:
		return theme.ColorNameDisabled
	}
	return theme.ColorNameWarning
}

// tint is a colour faded to a fifth, to lie under text.
func tint(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x30}
}

func (p *statusPill) CreateRenderer() fyne.WidgetRenderer {
	r := &pillRenderer{pill: p, ground: canvas.NewRectangle(nil), word: canvas.NewText("", nil)}
	r.word.TextStyle = fyne.TextStyle{Bold: true}
	r.Refresh()
	return r
}

type pillRenderer struct {
	pill   *statusPill
	ground *canvas.Rectangle
	word   *canvas.Text
}

func (r *pillRenderer) Destroy() {}

func (r *pillRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.ground, r.word} }

func (r *pillRenderer) MinSize() fyne.Size {
	w := r.word.MinSize()
	return fyne.NewSize(w.Width+2*theme.InnerPadding(), w.Height+theme.Padding())
}

func (r *pillRenderer) Layout(size fyne.Size) {
	min := r.MinSize()
	r.ground.Resize(min)
	r.ground.Move(fyne.NewPos(size.Width-min.Width, (size.Height-min.Height)/2))
	w := r.word.MinSize()
	r.word.Move(r.ground.Position().Add(fyne.NewPos((min.Width-w.Width)/2, (min.Height-w.Height)/2)))
	r.word.Resize(w)
}

func (r *pillRenderer) Refresh() {
	th, v := r.pill.Theme(), fyne.CurrentApp().Settings().ThemeVariant()
	mark := th.Color(statusColour(r.pill.status), v)
	r.ground.FillColor = tint(mark)
	r.ground.StrokeColor = mark
	r.ground.StrokeWidth = 1
	r.ground.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
	r.word.Text = string(r.pill.status)
	r.word.Color = th.Color(theme.ColorNameForeground, v)
	r.word.TextSize = th.Size(theme.SizeNameCaptionText)
	r.Layout(r.pill.Size())
	r.ground.Refresh()
	r.word.Refresh()
}
