package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// balanceBar draws a session's balance at a glance: one cell per stakeholder
// group, gender and UN region, filled when a confirmed speaker or moderator
// brings it, and a caption counting them. Under the pointer it names what
// the filled cells stand for, drawn over the row to its left like a
// tooltip: a pop-up would take the keyboard from the search field.
type balanceBar struct {
	widget.BaseWidget
	cells   []*canvas.Rectangle
	caption *canvas.Text
	tip     *canvas.Text
	tipBack *canvas.Rectangle
	balance model.Balance
}

var _ desktop.Hoverable = (*balanceBar)(nil)

const (
	balanceCell = 7
	balanceGap  = 2
	balanceSet  = 6 // the gap between the three sets of cells, in cells' gaps
)

func newBalanceBar() *balanceBar {
	b := &balanceBar{caption: canvas.NewText("", theme.Color(theme.ColorNameForeground)),
		tip: canvas.NewText("", theme.Color(theme.ColorNameForeground)), tipBack: canvas.NewRectangle(nil)}
	b.caption.TextSize = theme.CaptionTextSize()
	b.tip.TextSize = theme.CaptionTextSize()
	b.tip.Hide()
	b.tipBack.Hide()
	n := len(model.StakeholderGroups()) + len(model.Genders()) + len(model.Regions())
	for range n {
		b.cells = append(b.cells, canvas.NewRectangle(theme.Color(theme.ColorNameDisabled)))
	}
	b.ExtendBaseWidget(b)
	return b
}

// set shows another balance.
func (b *balanceBar) set(bal model.Balance) {
	b.balance = bal
	b.Refresh()
}

// MouseIn names what the filled cells stand for.
func (b *balanceBar) MouseIn(*desktop.MouseEvent) {
	b.tip.Text = balanceWords(b.balance)
	b.tip.Show()
	b.tipBack.Show()
	b.Refresh()
}

func (b *balanceBar) MouseMoved(*desktop.MouseEvent) {}

// MouseOut puts the tip away.
func (b *balanceBar) MouseOut() {
	b.tip.Hide()
	b.tipBack.Hide()
	b.Refresh()
}

// balanceWords says which groups, genders and regions a balance has:
// "civil-society, government · female, male · weog".
func balanceWords(bal model.Balance) string {
	if bal.People == 0 {
		return "No speaker or moderator has confirmed yet"
	}
	var parts []string
	add := func(counts []int, words []string) {
		var have []string
		for i, n := range counts {
			if n > 0 {
				have = append(have, words[i])
			}
		}
		parts = append(parts, strings.Join(have, ", "))
	}
	add(bal.Groups[:], enumWords(model.StakeholderGroups()))
	add(bal.Genders[:], enumWords(model.Genders()))
	add(bal.Regions[:], enumWords(model.Regions()))
	return strings.Join(parts, " · ")
}

func enumWords[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// balanceLegend says what the balance cells mean, in their colours.
func balanceLegend() fyne.CanvasObject {
	key := func(colour fyne.ThemeColorName, words string) fyne.CanvasObject {
		cell := canvas.NewRectangle(theme.Color(colour))
		cell.SetMinSize(fyne.NewSize(balanceCell+2, balanceCell+2))
		text := widget.NewLabel(words)
		text.SizeName = theme.SizeNameCaptionText
		return container.NewHBox(container.NewCenter(cell), text)
	}
	intro := widget.NewLabel("Confirmed speakers and moderators bring, a square each:")
	intro.SizeName = theme.SizeNameCaptionText
	return container.NewHBox(intro, key(theme.ColorNamePrimary, "stakeholder groups"),
		key(theme.ColorNameWarning, "genders"), key(theme.ColorNameSuccess, "UN regions"))
}

func (b *balanceBar) CreateRenderer() fyne.WidgetRenderer {
	objects := []fyne.CanvasObject{b.caption}
	for _, c := range b.cells {
		objects = append(objects, c)
	}
	objects = append(objects, b.tipBack, b.tip)
	return &balanceRenderer{bar: b, objects: objects}
}

type balanceRenderer struct {
	bar     *balanceBar
	objects []fyne.CanvasObject
}

func (r *balanceRenderer) Destroy() {}

func (r *balanceRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *balanceRenderer) cellsWidth() float32 {
	n := float32(len(r.bar.cells))
	return n*balanceCell + (n-1)*balanceGap + 2*balanceSet*balanceGap
}

func (r *balanceRenderer) MinSize() fyne.Size {
	c := r.bar.caption.MinSize()
	return fyne.NewSize(c.Width+theme.Padding()+r.cellsWidth(), max(c.Height, balanceCell))
}

func (r *balanceRenderer) Layout(size fyne.Size) {
	c := r.bar.caption.MinSize()
	r.bar.caption.Move(fyne.NewPos(0, (size.Height-c.Height)/2))
	r.bar.caption.Resize(c)
	x := size.Width - r.cellsWidth()
	y := (size.Height - balanceCell) / 2
	sets := []int{len(model.StakeholderGroups()), len(model.Genders())}
	for i, cell := range r.bar.cells {
		if i == sets[0] || i == sets[0]+sets[1] {
			x += balanceSet * balanceGap
		}
		cell.Move(fyne.NewPos(x, y))
		cell.Resize(fyne.NewSize(balanceCell, balanceCell))
		x += balanceCell + balanceGap
	}
	// The tip ends where the bar does and reaches left as far as it needs.
	t := r.bar.tip.MinSize()
	pad := theme.Padding()
	r.bar.tipBack.Resize(t.AddWidthHeight(2*pad, pad))
	r.bar.tipBack.Move(fyne.NewPos(size.Width-t.Width-2*pad, (size.Height-t.Height-pad)/2))
	r.bar.tip.Resize(t)
	r.bar.tip.Move(r.bar.tipBack.Position().AddXY(pad, pad/2))
}

func (r *balanceRenderer) Refresh() {
	bal := r.bar.balance
	counts := append(append(bal.Groups[:len(bal.Groups):len(bal.Groups)], bal.Genders[:]...), bal.Regions[:]...)
	colours := []fyne.ThemeColorName{theme.ColorNamePrimary, theme.ColorNameWarning, theme.ColorNameSuccess}
	sets := []int{len(bal.Groups), len(bal.Genders), len(bal.Regions)}
	i := 0
	groups, genders, regions := 0, 0, 0
	for set, n := range sets {
		for range n {
			if counts[i] > 0 {
				r.bar.cells[i].FillColor = theme.Color(colours[set])
				switch set {
				case 0:
					groups++
				case 1:
					genders++
				default:
					regions++
				}
			} else {
				r.bar.cells[i].FillColor = theme.Color(theme.ColorNameInputBorder)
			}
			r.bar.cells[i].Refresh()
			i++
		}
	}
	if bal.People == 0 {
		r.bar.caption.Text = "no one confirmed"
	} else {
		r.bar.caption.Text = plural(groups, "group") + " · " + plural(genders, "gender") + " · " + plural(regions, "region")
	}
	r.bar.caption.Color = theme.Color(theme.ColorNameForeground)
	r.bar.caption.Refresh()
	r.bar.tip.Color = theme.Color(theme.ColorNameForeground)
	r.bar.tipBack.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	r.bar.tipBack.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	r.bar.tipBack.StrokeWidth = 1
	r.bar.tipBack.CornerRadius = theme.SelectionRadiusSize()
	r.bar.tip.Refresh()
	r.bar.tipBack.Refresh()
	r.Layout(r.bar.Size())
}

// plural writes a count with its noun: "1 group", "3 groups".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
