// Package report writes the coalition's year-end report and plan of
// engagement, and the IGF's session reports, from a plan: one document
// built from the plan (this file and the builders), written as Markdown,
// as one self-contained HTML file or as a PDF with its fonts embedded.
// Every format is drawn from the same document, so they say the same.
package report

import "github.com/convene-planner/convene/model"

// Document is a report as a sequence of blocks, ready for any format.
type Document struct {
	Title    string
	Subtitle string
	Blocks   []Block
}

// Block is one of Heading, Paragraph, List, Table, Chart or Timeline.
type Block interface{ block() }

// Heading opens a section; level 1 is a chapter, 2 a section within it.
type Heading struct {
	Level int
	Text  string
}

// Span is a piece of running text with its emphasis.
type Span struct {
	Text         string
	Strong, Emph bool
}

// Paragraph is running text.
type Paragraph struct{ Spans []Span }

// Item is one entry of a list, indented by Depth (0 at the margin).
type Item struct {
	Depth int
	Spans []Span
}

// List is a bulleted list.
type List struct{ Items []Item }

// Table is a grid of text with a header row. Numeric columns are aligned
// right.
type Table struct {
	Columns []string
	Numeric []bool // by column; nil: all text
	Rows    [][]string
}

// Chart is a stacked bar per row: how a year's or a forum's speakers and
// moderators divide between the categories, with the IGF's expectation
// beside each bar.
type Chart struct {
	Title      string
	Categories []string
	Rows       []ChartRow
}

// ChartRow is one bar: counts by the chart's categories, and whether the
// IGF's expectation is met ("" when it asks nothing of this measure).
type ChartRow struct {
	Label  string
	Counts []int
	Note   string // the expectation in words, e.g. "4 groups: meets the IGF's 3"
	Short  bool   // falls short of the expectation
}

// Timeline places the year's forums on the months of the year.
type Timeline struct {
	Year  int
	Spans []TimeSpan
}

// TimeSpan is one forum's days on a timeline.
type TimeSpan struct {
	Label       string
	First, Last model.Date
}

func (Heading) block()   {}
func (Paragraph) block() {}
func (List) block()      {}
func (Table) block()     {}
func (Chart) block()     {}
func (Timeline) block()  {}

// text is a paragraph of plain text.
func text(s string) Paragraph { return Paragraph{Spans: []Span{{Text: s}}} }

// Headings lists the document's headings in order, level and text: what
// every format must show alike.
func (d *Document) Headings() []Heading {
	var hs []Heading
	for _, b := range d.Blocks {
		if h, ok := b.(Heading); ok {
			hs = append(hs, h)
		}
	}
	return hs
}
