package report

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/convene-planner/convene/model"
)

// palette colours a chart's categories; chosen to stay apart in print and
// for the common colour blindnesses (Okabe and Ito's).
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"}

const htmlStyle = `
:root { color-scheme: light; }
body { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", system-ui, sans-serif; color: #1a1a1a;
  max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #bbb; margin-top: 2rem; }
h3 { font-size: 1.1rem; }
.subtitle { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .5rem; text-align: start; vertical-align: top; }
th { background: #f2f2f2; }
td.n, th.n { text-align: end; font-variant-numeric: tabular-nums; }
/* On a phone's screen a wide table scrolls sideways, not the whole page. */
@media screen { .wide { overflow-x: auto; } }
/* Not on a phone's screen, where six such cells would not fit. */
@media print, (min-width: 48rem) { td.k { white-space: nowrap; } }
figure { margin: 1rem 0; break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: .3rem; }
svg { max-width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 11px; fill: #1a1a1a; }
svg .short { fill: #B00020; }
@page { margin: 16mm 14mm; }
@media print {
  /* On the root, so tables and headings sized in rem shrink with the text. */
  html { font-size: 10pt; }
  body { max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  /* A chart's or table's one-line introduction goes over with it, not
     stranded below its section's heading at the foot of the page before. */
  p:has(+ figure, + .wide) { break-after: avoid; }
  tr, figure, li { break-inside: avoid; }
  thead { display: table-header-group; }
}
`

// WriteHTML writes the document as one self-contained HTML file: styles
// inline, charts as inline SVG, nothing fetched from anywhere. It prints on
// A4 and Letter alike: the page's margins and no fixed widths.
func WriteHTML(w io.Writer, d *Document) error {
	b := bufio.NewWriterSize(w, 64<<10)
	fmt.Fprintf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n",
		esc(d.Title), htmlStyle)
	fmt.Fprintf(b, "<h1>%s</h1>\n", esc(d.Title))
	if d.Subtitle != "" {
		fmt.Fprintf(b, "<p class=\"subtitle\">%s</p>\n", esc(d.Subtitle))
	}
	for _, bl := range d.Blocks {
		switch x := bl.(type) {
		case Heading:
			fmt.Fprintf(b, "<h%d>%s</h%d>\n", x.Level+1, esc(x.Text), x.Level+1)
		case Paragraph:
			fmt.Fprintf(b, "<p>%s</p>\n", htmlSpans(x.Spans))
		case List:
			htmlList(b, x.Items)
		case Table:
			htmlTable(b, x)
		case Chart:
			htmlChart(b, x)
		case Timeline:
			htmlTimeline(b, x)
		}
	}
	b.WriteString("</body>\n</html>\n")
	return b.Flush()
}

var esc = html.EscapeString

// dirAuto lets a browser set each cell's direction by its first strong
// letter, so a name in Arabic reads right to left within its cell.
const dirAuto = ` dir="auto"`

func htmlSpans(spans []Span) string {
	var s strings.Builder
	for _, sp := range spans {
		t := esc(sp.Text)
		if sp.Emph {
			t = "<em>" + t + "</em>"
		}
		if sp.Strong {
			t = "<strong>" + t + "</strong>"
		}
		s.WriteString(t)
	}
	return s.String()
}

func htmlList(b *bufio.Writer, items []Item) {
	depth := -1
	for _, it := range items {
		for depth < it.Depth {
			b.WriteString("<ul>\n")
			depth++
		}
		for depth > it.Depth {
			b.WriteString("</ul>\n")
			depth--
		}
		fmt.Fprintf(b, "<li%s>%s</li>\n", dirAuto, htmlSpans(it.Spans))
	}
	for ; depth >= 0; depth-- {
		b.WriteString("</ul>\n")
	}
}

func htmlTable(b *bufio.Writer, t Table) {
	num := func(i int) string {
		if i < len(t.Numeric) && t.Numeric[i] {
			return ` class="n"`
		}
		return ""
	}
	// A short cell, such as a date or a name, keeps to one line: a browser
	// would otherwise give a long neighbour the room and print "21 Jan" over
	// "2022". Six columns of such cells still fit the narrower A4 page.
	cell := func(i int, c string) string {
		if cls := num(i); cls != "" {
			return cls
		}
		if utf8.RuneCountInString(c) <= keepWhole {
			return ` class="k"`
		}
		return ""
	}
	b.WriteString("<div class=\"wide\"><table>\n")
	// A table of a thing's fields has no column names to show.
	if strings.Join(t.Columns, "") != "" {
		b.WriteString("<thead><tr>")
		for i, c := range t.Columns {
			fmt.Fprintf(b, "<th%s>%s</th>", num(i), esc(c))
		}
		b.WriteString("</tr></thead>\n")
	}
	b.WriteString("<tbody>\n")
	for _, r := range t.Rows {
		b.WriteString("<tr>")
		for i, c := range r {
			fmt.Fprintf(b, "<td%s%s>%s</td>", cell(i, c), dirAuto, esc(c))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table></div>\n")
}

// keepWhole is the longest cell, in letters, kept to one line in HTML.
const keepWhole = 13

// The geometry of charts, in SVG user units (about CSS pixels).
const (
	chartWidth = 720.0
	labelWidth = 170.0
	noteWidth  = 210.0
	barHeight  = 16.0
	rowGap     = 8.0
)

func htmlChart(b *bufio.Writer, c Chart) {
	legendRows := (len(c.Categories) + 3) / 4
	top := float64(legendRows)*18 + 6
	height := top + float64(len(c.Rows))*(barHeight+rowGap)
	fmt.Fprintf(b, "<figure>\n<figcaption>%s</figcaption>\n", esc(c.Title))
	fmt.Fprintf(b, `<svg viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="%s">`+"\n",
		chartWidth, height, chartWidth, height, esc(c.Title))
	for i, cat := range c.Categories {
		x, y := float64(i%4)*170, float64(i/4)*18
		fmt.Fprintf(b, `<rect x="%g" y="%g" width="12" height="12" fill="%s"/><text x="%g" y="%g">%s</text>`+"\n",
			x, y, palette[i%len(palette)], x+16, y+10, esc(cat))
	}
	span := chartWidth - labelWidth - noteWidth - 10
	for i, r := range c.Rows {
		y := top + float64(i)*(barHeight+rowGap)
		// Each bar is the row's people, whole: a forum of ten and the year
		// of two thousand show their shares alike.
		most := max(sum(r.Counts), 1)
		fmt.Fprintf(b, `<text x="0" y="%g"%s>%s</text>`+"\n", y+12, dirAuto, esc(rowLabel(r)))
		x := labelWidth
		for j, n := range r.Counts {
			if n == 0 {
				continue
			}
			wd := span * float64(n) / float64(most)
			fmt.Fprintf(b, `<rect x="%.1f" y="%g" width="%.1f" height="%g" fill="%s"><title>%s: %d</title></rect>`,
				x, y, wd, barHeight, palette[j%len(palette)], esc(c.Categories[j]), n)
			if wd >= 18 {
				fmt.Fprintf(b, `<text x="%.1f" y="%g" fill="#fff" style="fill:#fff">%d</text>`, x+3, y+12, n)
			}
			x += wd
		}
		class := ""
		if r.Short {
			class = ` class="short"`
		}
		fmt.Fprintf(b, "\n"+`<text x="%g" y="%g"%s>%s</text>`+"\n", chartWidth-noteWidth, y+12, class, esc(r.Note))
	}
	b.WriteString("</svg>\n</figure>\n")
}

func htmlTimeline(b *bufio.Writer, t Timeline) {
	const rowH = 16.0
	top := 22.0
	height := top + float64(len(t.Spans))*rowH + 4
	plot := chartWidth - labelWidth
	start := time.Date(t.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	yearDays := float64(time.Date(t.Year+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	xOf := func(y int, m time.Month, d int) float64 {
		days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24
		days = min(max(days, 0), yearDays)
		return labelWidth + plot*days/yearDays
	}
	fmt.Fprintf(b, "<figure>\n<figcaption>Forums of %d</figcaption>\n", t.Year)
	fmt.Fprintf(b, `<svg viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="Forums of %d on the months of the year">`+"\n",
		chartWidth, height, chartWidth, height, t.Year)
	for m := time.January; m <= time.December; m++ {
		x := xOf(t.Year, m, 1)
		fmt.Fprintf(b, `<line x1="%.1f" y1="14" x2="%.1f" y2="%g" stroke="#ccc"/><text x="%.1f" y="11">%s</text>`+"\n",
			x, x, height, x+2, m.String()[:3])
	}
	for i, s := range t.Spans {
		y := top + float64(i)*rowH
		x0 := xOf(s.First.Year, s.First.Month, s.First.Day)
		x1 := xOf(s.Last.Year, s.Last.Month, s.Last.Day+1)
		fmt.Fprintf(b, `<text x="0" y="%g"%s>%s</text><rect x="%.1f" y="%g" width="%.1f" height="11" rx="2" fill="%s"><title>%s</title></rect>`+"\n",
			y+10, dirAuto, esc(clip(s.Label, 26)), x0, y+1, max(x1-x0, 3), palette[0], esc(s.Label+": "+model.SpanWithYear(s.First, s.Last)))
	}
	b.WriteString("</svg>\n</figure>\n")
}

// rowLabel is a chart row's label with how many people it counts.
func rowLabel(r ChartRow) string {
	return clip(r.Label, 22) + " (" + strconv.Itoa(sum(r.Counts)) + ")"
}

// clip shortens a label to n letters, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}
