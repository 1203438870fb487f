package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// balanceBar draws a session's balance at a glance: one cell per stakeholder
// group, gender and UN region, filled when a confirmed speaker or moderator
// brings it, and a caption counting them.
type balanceBar struct {
	widget.BaseWidget
	cells   []*canvas.Rectangle
	caption *canvas.Text
	balance model.Balance
}

const (
	balanceCell = 7
	balanceGap  = 2
	balanceSet  = 6 // the gap between the three sets of cells, in cells' gaps
)

func newBalanceBar() *balanceBar {
	b := &balanceBar{caption: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	b.caption.TextSize = theme.CaptionTextSize()
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

func (b *balanceBar) CreateRenderer() fyne.WidgetRenderer {
	objects := []fyne.CanvasObject{b.caption}
	for _, c := range b.cells {
		objects = append(objects, c)
	}
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
	r.Layout(r.bar.Size())
}

// plural writes a count with its noun: "1 group", "3 groups".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
