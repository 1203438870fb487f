package ui

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// The programme grid: one forum's day with a column per room and time
// running down, each session a block as long as it lasts. Sessions that
// overlap in one room stand side by side in it, and every session in a
// clash (its room's or one of its people's) is edged in the error colour,
// so a day's clashes show at a glance.

const (
	gridRoomWidth  = 220
	gridHourHeight = 72
	gridTimeWidth  = 56
	// noRoom heads the column of sessions without a room, online or by link:
	// they never clash by room.
	noRoom = "Online or no room"
)

// gridSession is a session placed on the grid: its column, its lane in the
// column and how many lanes the column needs, and its minutes from the
// grid's first hour.
type gridSession struct {
	s          *model.Session
	column     int
	lane       int
	lanes      int
	from, to   float32
	roomClash  bool
	otherClash bool
}

// dayGrid lays out the sessions of one day on the clocks of loc.
type dayGrid struct {
	rooms    []string
	first    time.Time // the first hour shown
	hours    int
	sessions []gridSession
}

// newDayGrid places the scheduled sessions given on a grid of their rooms.
func newDayGrid(sessions []*model.Session, loc *time.Location, inClash func(int64) bool) dayGrid {
	var g dayGrid
	// Rooms match regardless of case, as the checker matches them; a room
	// is headed by the first spelling met.
	byRoom := map[string][]*model.Session{}
	var first, last time.Time
	for _, s := range sessions {
		room := noRoom
		if s.InARoom() {
			room = strings.TrimSpace(s.Room)
		}
		key := strings.ToLower(room)
		if _, seen := byRoom[key]; !seen {
			g.rooms = append(g.rooms, room)
		}
		byRoom[key] = append(byRoom[key], s)
		if first.IsZero() || s.Start.Before(first) {
			first = s.Start
		}
		if s.End.After(last) {
			last = s.End
		}
	}
	slices.SortFunc(g.rooms, func(a, b string) int {
		if (a == noRoom) != (b == noRoom) {
			if a == noRoom {
				return 1
			}
			return -1
		}
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	})
	if len(sessions) == 0 {
		return g
	}
	start := first.In(loc)
	g.first = time.Date(start.Year(), start.Month(), start.Day(), start.Hour(), 0, 0, 0, loc)
	g.hours = max(1, int(last.Sub(g.first).Hours()+0.999))
	for column, room := range g.rooms {
		in := byRoom[strings.ToLower(room)]
		slices.SortFunc(in, func(a, b *model.Session) int { return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID)) })
		// Each session takes the first lane free when it starts; sessions
		// that overlap share out the column.
		var laneEnds []time.Time
		placed := len(g.sessions)
		for _, s := range in {
			lane := slices.IndexFunc(laneEnds, func(end time.Time) bool { return !end.After(s.Start) })
			if lane < 0 {
				lane = len(laneEnds)
				laneEnds = append(laneEnds, s.End)
			} else {
				laneEnds[lane] = s.End
			}
			g.sessions = append(g.sessions, gridSession{s: s, column: column, lane: lane,
				from: float32(s.Start.Sub(g.first).Minutes()), to: float32(s.End.Sub(g.first).Minutes()),
				otherClash: inClash(s.ID)})
		}
		for i := placed; i < len(g.sessions); i++ {
			g.sessions[i].lanes = len(laneEnds)
			g.sessions[i].roomClash = room != noRoom && len(laneEnds) > 1 && overlapsAny(g.sessions[placed:], i-placed)
		}
	}
	return g
}

// overlapsAny reports whether the i-th session overlaps another of its column.
func overlapsAny(column []gridSession, i int) bool {
	a := column[i]
	for j, b := range column {
		if j != i && a.from < b.to && b.from < a.to {
			return true
		}
	}
	return false
}

// gridView draws a dayGrid; tapping a session opens it.
func gridView(g dayGrid, loc *time.Location, open func(id int64), tips *tipLayer) fyne.CanvasObject {
	if len(g.sessions) == 0 {
		return container.NewCenter(widget.NewLabel("No session with a time that passes the filters on this day."))
	}
	height := float32(g.hours * gridHourHeight)
	perMinute := float32(gridHourHeight) / 60
	var objects []fyne.CanvasObject
	place := func(o fyne.CanvasObject, pos fyne.Position, size fyne.Size) {
		o.Move(pos)
		o.Resize(size)
		objects = append(objects, o)
	}
	header := theme.TextSize() + 3*theme.Padding()
	for h := 0; h <= g.hours; h++ {
		y := header + float32(h*gridHourHeight)
		line := canvas.NewLine(theme.Color(theme.ColorNameSeparator))
		place(line, fyne.NewPos(gridTimeWidth, y), fyne.NewSize(float32(len(g.rooms)*gridRoomWidth), 0))
		if h < g.hours {
			label := canvas.NewText(g.first.Add(time.Duration(h)*time.Hour).Format("15:04"), theme.Color(theme.ColorNameForeground))
			label.TextSize = theme.CaptionTextSize()
			place(label, fyne.NewPos(theme.Padding(), y+theme.Padding()), label.MinSize())
		}
	}
	for i, room := range g.rooms {
		name := canvas.NewText(room, theme.Color(theme.ColorNameForeground))
		name.TextStyle = fyne.TextStyle{Bold: true}
		place(name, fyne.NewPos(gridTimeWidth+float32(i*gridRoomWidth)+theme.Padding(), theme.Padding()), name.MinSize())
	}
	for _, gs := range g.sessions {
		width := float32(gridRoomWidth)/float32(gs.lanes) - theme.Padding()
		x := gridTimeWidth + float32(gs.column*gridRoomWidth) + float32(gs.lane)*(width+theme.Padding()) + theme.Padding()/2
		y := header + gs.from*perMinute
		block := newSessionBlock(gs, loc, func() { open(gs.s.ID) }, tips)
		place(block, fyne.NewPos(x, y+1), fyne.NewSize(width, max((gs.to-gs.from)*perMinute-2, 20)))
	}
	board := container.NewWithoutLayout(objects...)
	size := fyne.NewSize(gridTimeWidth+float32(len(g.rooms)*gridRoomWidth), header+height+theme.Padding())
	edge := canvas.NewRectangle(nil)
	edge.SetMinSize(size)
	return container.NewScroll(container.NewStack(edge, board))
}

// sessionBlock is a session on the grid: its hours and title on a ground
// of its status colour, edged in the error colour when it is in a clash.
type sessionBlock struct {
	widget.BaseWidget
	ground *canvas.Rectangle
	text   *widget.Label
	tips   *tipLayer
	onTap  func()
}

func newSessionBlock(gs gridSession, loc *time.Location, onTap func(), tips *tipLayer) *sessionBlock {
	b := &sessionBlock{tips: tips, ground: canvas.NewRectangle(tint(theme.Color(statusColour(gs.s.Status)))), onTap: onTap}
	b.ground.CornerRadius = theme.SelectionRadiusSize()
	b.ground.StrokeWidth = 1
	b.ground.StrokeColor = theme.Color(statusColour(gs.s.Status))
	text := hoursIn(gs.s.Start, gs.s.End, loc) + "  " + gs.s.Title
	if gs.roomClash || gs.otherClash {
		b.ground.StrokeWidth = 3
		b.ground.StrokeColor = theme.Color(theme.ColorNameError)
		text = "⚠ " + text
	}
	b.text = widget.NewLabel(text)
	b.text.Wrapping = fyne.TextWrapWord
	b.text.Truncation = fyne.TextTruncateEllipsis
	b.text.SizeName = theme.SizeNameCaptionText
	b.ExtendBaseWidget(b)
	return b
}

func (b *sessionBlock) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(b.ground, b.text))
}

// MouseIn shows a title too long for the block whole.
func (b *sessionBlock) MouseIn(*desktop.MouseEvent) {
	if wrapsPastItsHeight(b.text) {
		b.tips.show(b, b.text.Text)
	}
}

// MouseMoved does nothing: the tip stays where it was shown.
func (b *sessionBlock) MouseMoved(*desktop.MouseEvent) {}

// MouseOut puts the tip away.
func (b *sessionBlock) MouseOut() { b.tips.hide(b) }

// Tapped opens the session.
func (b *sessionBlock) Tapped(*fyne.PointEvent) { b.onTap() }
