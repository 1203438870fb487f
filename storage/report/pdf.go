package report

import (
	"io"
	"strconv"
	"strings"
	"time"
)

// The page's geometry and the report's type sizes, in points.
const (
	marginX      = 50.0
	marginTop    = 54.0
	marginBottom = 62.0
	bodySize     = 10.0
	tableSize    = 8.5
	cellPad      = 3.5
	leading      = 1.35 // line height as a multiple of the type size
)

var (
	ink      = rgb{0.1, 0.1, 0.1}
	grey     = rgb{0.4, 0.4, 0.4}
	rule     = rgb{0.75, 0.75, 0.75}
	shade    = rgb{0.93, 0.93, 0.93}
	stripe   = rgb{0.975, 0.975, 0.975}
	alarm    = rgb{0.69, 0, 0.13}
	headings = [4]float64{0, 15, 12.5, 11}
)

// WritePDF writes the document as an A4 PDF with its fonts embedded, so
// every script the plan holds shows wherever it is opened.
func WritePDF(w io.Writer, d *Document) error {
	sh, err := newShaper()
	if err != nil {
		return err
	}
	l := &pdfLayout{doc: newPDFDoc(d.Title), sh: sh, footer: d.Title}
	l.width = l.doc.width - 2*marginX
	l.newPage()
	l.paragraph([]Span{{Text: d.Title, Strong: true}}, 18, ink, 0)
	if d.Subtitle != "" {
		l.paragraph([]Span{{Text: d.Subtitle}}, 9, grey, 0)
	}
	l.y += 6
	for i, b := range d.Blocks {
		switch x := b.(type) {
		case Heading:
			l.heading(x, d.Blocks[i+1:])
		case Paragraph:
			l.paragraph(x.Spans, bodySize, ink, 0)
			l.y += 4
		case List:
			for _, it := range x.Items {
				l.listItem(it)
			}
			l.y += 4
		case Table:
			l.table(x)
		case Chart:
			l.chart(x)
		case Timeline:
			l.timeline(x)
		}
	}
	return l.doc.write(w)
}

type pdfLayout struct {
	doc    *pdfDoc
	sh     *shaper
	y      float64 // from the page's top
	width  float64
	footer string
}

func (l *pdfLayout) bottom() float64 { return l.doc.height - marginBottom }

func (l *pdfLayout) newPage() {
	l.doc.newPage()
	l.y = marginTop
	n := strconv.Itoa(l.doc.pageCount())
	foot := l.sh.shape(clip(l.footer, 90), regular)
	l.doc.text(marginX, l.doc.height-marginBottom+30, 7.5, foot, grey)
	num := l.sh.shape(n, regular)
	l.doc.text(l.doc.width-marginX-num.width*7.5, l.doc.height-marginBottom+30, 7.5, num, grey)
}

// room starts a new page unless h points fit on this one.
func (l *pdfLayout) room(h float64) {
	if l.y+h > l.bottom() {
		l.newPage()
	}
}

func styleOf(sp Span) style {
	switch {
	case sp.Strong:
		return bold
	case sp.Emph:
		return italic
	}
	return regular
}

// piece is a word, or part of one, placed on a line.
type piece struct {
	sh    *shaped
	x     float64 // from the line's start, in points
	space bool    // a space precedes it
}

// lines breaks spans into lines no wider than width at the size.
func (l *pdfLayout) lines(spans []Span, size, width float64) [][]piece {
	if len(spans) == 1 {
		// Most text is one span that fits on its line: shaped whole, it
		// also keeps the order of right-to-left words.
		whole := l.sh.shape(spans[0].Text, styleOf(spans[0]))
		if whole.width*size <= width {
			return [][]piece{{{sh: whole}}}
		}
	}
	var (
		out      [][]piece
		line     []piece
		x        float64
		spaceW   = l.sh.shape(" ", regular).width * size
		pendingS bool
	)
	place := func(sh *shaped, space bool) {
		gap := 0.0
		if space && len(line) > 0 {
			gap = spaceW
		}
		if len(line) > 0 && x+gap+sh.width*size > width {
			out = append(out, line)
			line, x, gap = nil, 0, 0
		}
		line = append(line, piece{sh: sh, x: x + gap, space: space})
		x += gap + sh.width*size
	}
	for _, sp := range spans {
		st := styleOf(sp)
		text := sp.Text
		if strings.HasPrefix(text, " ") {
			pendingS = true
		}
		for i, word := range strings.Fields(text) {
			space := i > 0 || pendingS
			pendingS = false
			sh := l.sh.shape(word, st)
			if sh.width*size <= width {
				place(sh, space)
				continue
			}
			// A word wider than the line breaks after its hyphens, as a
			// double-barrelled name would by hand; what is still too wide
			// (an address, a run of CJK letters) breaks between letters.
			for _, chunk := range strings.SplitAfter(word, "-") {
				if chunk == "" {
					continue
				}
				if sh := l.sh.shape(chunk, st); sh.width*size <= width {
					place(sh, space)
					space = false
					continue
				}
				var part []rune
				for _, r := range chunk {
					next := l.sh.shape(string(append(part, r)), st)
					if len(part) > 0 && next.width*size > width {
						place(l.sh.shape(string(part), st), space)
						space, part = false, nil
					}
					part = append(part, r)
				}
				if len(part) > 0 {
					place(l.sh.shape(string(part), st), space)
					space = false
				}
			}
		}
		if strings.HasSuffix(text, " ") {
			pendingS = true
		}
	}
	if len(line) > 0 {
		out = append(out, line)
	}
	return out
}

// paragraph sets spans from the left margin plus indent, page by page.
func (l *pdfLayout) paragraph(spans []Span, size float64, c rgb, indent float64) {
	lh := size * leading
	for _, line := range l.lines(spans, size, l.width-indent) {
		l.room(lh)
		for _, p := range line {
			l.doc.text(marginX+indent+p.x, l.y+size, size, p.sh, c)
		}
		l.y += lh
	}
}

// heading keeps a heading with the start of what follows it.
func (l *pdfLayout) heading(h Heading, after []Block) {
	size := headings[min(max(h.Level, 1), 3)]
	need := size*leading + 8 + 3*bodySize*leading
	if len(after) > 0 {
		switch x := after[0].(type) {
		case Chart, Timeline:
			need += 60
		case Table:
			// The table's header and first rows, or all of a short table:
			// a guess of 60 points more sent a three-row table that fitted
			// to a page of its own.
			need = size*leading + 8 + float64(min(len(x.Rows), 3)+1)*(tableSize*leading+2*cellPad)
		}
	}
	if l.y > marginTop {
		l.y += size * 0.6
	}
	l.room(need)
	l.paragraph([]Span{{Text: h.Text, Strong: true}}, size, ink, 0)
	if h.Level == 1 {
		l.doc.line(marginX, l.y, marginX+l.width, l.y, 0.6, rule)
		l.y += 4
	}
	l.y += 2
}

func (l *pdfLayout) listItem(it Item) {
	indent := 12 + 14*float64(it.Depth)
	l.room(bodySize * leading)
	bullet := "•"
	if it.Depth > 0 {
		bullet = "–"
	}
	l.doc.text(marginX+indent-9, l.y+bodySize, bodySize, l.sh.shape(bullet, regular), ink)
	l.paragraph(it.Spans, bodySize, ink, indent)
}

func (l *pdfLayout) table(t Table) {
	n := len(t.Columns)
	if n == 0 {
		return
	}
	numeric := func(i int) bool { return i < len(t.Numeric) && t.Numeric[i] }
	natural := make([]float64, n)
	for i, c := range t.Columns {
		natural[i] = l.sh.shape(c, bold).width*tableSize + 2*cellPad
	}
	for _, r := range t.Rows {
		for i := 0; i < n && i < len(r); i++ {
			natural[i] = max(natural[i], l.sh.shape(r[i], regular).width*tableSize+2*cellPad)
		}
	}
	widths := fitColumns(natural, l.width)
	lh := tableSize * leading
	cellLines := func(text string, st style, i int) [][]piece {
		return l.lines([]Span{{Text: text, Strong: st == bold}}, tableSize, widths[i]-2*cellPad)
	}
	drawRow := func(cells []string, st style, fill *rgb) {
		lines := make([][][]piece, n)
		rows := 1
		for i := 0; i < n && i < len(cells); i++ {
			lines[i] = cellLines(cells[i], st, i)
			rows = max(rows, len(lines[i]))
		}
		h := float64(rows)*lh + 2*cellPad - 2
		x := marginX
		if fill != nil {
			l.doc.fillRect(marginX, l.y, l.width, h, *fill)
		}
		for i := range n {
			for j, line := range lines[i] {
				lineW := 0.0
				if len(line) > 0 {
					last := line[len(line)-1]
					lineW = last.x + last.sh.width*tableSize
				}
				dx := cellPad
				if numeric(i) || (len(line) == 1 && rtlText(cells[i])) {
					dx = widths[i] - cellPad - lineW
				}
				for _, p := range line {
					l.doc.text(x+dx+p.x, l.y+cellPad+float64(j)*lh+tableSize, tableSize, p.sh, ink)
				}
			}
			x += widths[i]
		}
		l.y += h
		l.doc.line(marginX, l.y, marginX+l.width, l.y, 0.3, rule)
	}
	header := func() {
		// A table of a thing's fields has no column names to show.
		if strings.Join(t.Columns, "") != "" {
			drawRow(t.Columns, bold, &shade)
		}
	}
	l.room(3 * lh)
	header()
	for k, r := range t.Rows {
		if l.y+lh+2*cellPad > l.bottom() {
			l.newPage()
			header()
		}
		var fill *rgb
		if k%2 == 1 {
			fill = &stripe
		}
		drawRow(r, regular, fill)
	}
	l.y += 10
}

// rtlText reports whether a text reads from the right, to align it there.
func rtlText(s string) bool { return rtlFirst([]rune(s)) }

// fitColumns shares the width between columns: each gets what it needs
// when all fit; otherwise narrow columns keep their width and the wide
// ones share what is left in proportion to their needs.
func fitColumns(natural []float64, width float64) []float64 {
	out := make([]float64, len(natural))
	total := 0.0
	for _, w := range natural {
		total += w
	}
	if total <= width {
		extra := (width - total) / float64(len(natural))
		for i, w := range natural {
			out[i] = w + extra
		}
		return out
	}
	fixed := make([]bool, len(natural))
	for {
		left, wide, wideNeed := width, 0, 0.0
		for i, w := range natural {
			if fixed[i] {
				left -= w
			} else {
				wide++
				wideNeed += w
			}
		}
		if wide == 0 {
			copy(out, natural)
			return out
		}
		changed := false
		for i, w := range natural {
			if !fixed[i] && w <= left/float64(wide) {
				fixed[i], changed = true, true
			}
		}
		if !changed {
			for i, w := range natural {
				if fixed[i] {
					out[i] = w
				} else {
					out[i] = left * w / wideNeed
				}
			}
			return out
		}
	}
}

func (l *pdfLayout) chart(c Chart) {
	const (
		barH   = 10.0
		rowH   = 15.0
		labelW = 120.0
		noteW  = 150.0
		size   = 8.0
	)
	l.room(3*rowH + 20)
	l.paragraph([]Span{{Text: c.Title, Strong: true}}, bodySize, ink, 0)
	// The legend: a swatch and a name per category, four to a line.
	for i, cat := range c.Categories {
		if i%4 == 0 {
			if i > 0 {
				l.y += 13
			}
			l.room(13)
		}
		x := marginX + float64(i%4)*(l.width/4)
		l.doc.fillRect(x, l.y+2, 8, 8, hexColour(palette[i%len(palette)]))
		l.doc.text(x+11, l.y+9, size, l.sh.shape(cat, regular), ink)
	}
	l.y += 18
	span := l.width - labelW - noteW - 8
	for _, r := range c.Rows {
		l.room(rowH)
		// Each bar is the row's people, whole (see htmlChart).
		most := max(sum(r.Counts), 1)
		l.doc.text(marginX, l.y+barH-2, size, l.sh.shape(rowLabel(r), regular), ink)
		x := marginX + labelW
		for j, n := range r.Counts {
			if n == 0 {
				continue
			}
			w := span * float64(n) / float64(most)
			l.doc.fillRect(x, l.y, w, barH, hexColour(palette[j%len(palette)]))
			if num := l.sh.shape(strconv.Itoa(n), regular); num.width*7 < w-2 {
				l.doc.text(x+1.5, l.y+barH-2.2, 7, num, rgb{1, 1, 1})
			}
			x += w
		}
		col := ink
		if r.Short {
			col = alarm
		}
		l.doc.text(l.doc.width-marginX-noteW, l.y+barH-2, size, l.sh.shape(r.Note, regular), col)
		l.y += rowH
	}
	l.y += 8
}

func (l *pdfLayout) timeline(t Timeline) {
	const (
		rowH   = 12.0
		labelW = 120.0
		size   = 7.5
	)
	plot := l.width - labelW
	start := time.Date(t.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	yearDays := time.Date(t.Year+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24
	xOf := func(y int, m time.Month, d int) float64 {
		days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24
		return marginX + labelW + plot*min(max(days, 0), yearDays)/yearDays
	}
	axis := func() {
		for m := time.January; m <= time.December; m++ {
			x := xOf(t.Year, m, 1)
			l.doc.text(x+2, l.y+size, size, l.sh.shape(m.String()[:3], regular), grey)
		}
		l.y += 12
	}
	l.room(12 + 3*rowH)
	axis()
	for _, s := range t.Spans {
		if l.y+rowH > l.bottom() {
			l.newPage()
			axis()
		}
		for m := time.January; m <= time.December; m++ {
			x := xOf(t.Year, m, 1)
			l.doc.line(x, l.y, x, l.y+rowH, 0.3, rule)
		}
		l.doc.text(marginX, l.y+size+1.5, size, l.sh.shape(clip(s.Label, 30), regular), ink)
		x0 := xOf(s.First.Year, s.First.Month, s.First.Day)
		x1 := xOf(s.Last.Year, s.Last.Month, s.Last.Day+1)
		l.doc.fillRect(x0, l.y+2, max(x1-x0, 2.5), rowH-4, hexColour(palette[0]))
		l.y += rowH
	}
	l.y += 10
}
