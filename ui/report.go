package ui

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/report"
)

// reportFormat is a file a report can be saved as.
type reportFormat struct {
	label, ext string
	write      func(io.Writer, *report.Document) error
}

var reportFormats = []reportFormat{
	{"PDF", ".pdf", report.WritePDF},
	{"Web page (HTML)", ".html", report.WriteHTML},
	{"Markdown", ".md", report.WriteMarkdown},
}

// previewRows is how many rows of a table the preview shows; the saved
// report has them all.
const previewRows = 30

// reportChooser is File › Year report…: a year's report and plan of
// engagement, shown as it will read, then saved as PDF, HTML or Markdown.
type reportChooser struct {
	mw      *Window
	year    *widget.Select
	format  *widget.RadioGroup
	preview *widget.RichText
}

func (mw *Window) yearReportDialog() {
	r := &reportChooser{mw: mw, preview: widget.NewRichText()}
	r.preview.Wrapping = fyne.TextWrapWord
	r.year = widget.NewSelect(reportYears(mw.plan, mw.opts.Today), func(string) { r.showPreview() })
	labels := make([]string, len(reportFormats))
	for i, f := range reportFormats {
		labels[i] = f.label
	}
	r.format = widget.NewRadioGroup(labels, nil)
	r.format.Horizontal = true
	r.format.Required = true
	r.format.SetSelected(labels[0])
	focus := widget.NewButton("Write the year's focus…", func() {
		if year, err := strconv.Atoi(r.year.Selected); err == nil {
			showNarrativeForm(mw, year, r.showPreview)
		}
	})
	top := container.NewVBox(container.NewHBox(widget.NewLabel("Year"), r.year, focus), r.format)
	content := container.NewBorder(top, nil, nil, nil, container.NewVScroll(r.preview))
	d := dialog.NewCustomConfirm("Year report", "Save…", "Close", content, func(ok bool) {
		if ok {
			r.save()
		}
	}, mw.win)
	size := mw.win.Canvas().Size()
	d.Resize(fyne.NewSize(size.Width*0.9, size.Height*0.9))
	d.Show()
	// Choosing the year draws the preview, once the dialog is drawn.
	r.year.SetSelected(defaultReportYear(mw.plan, mw.opts.Today))
}

// reportYears offers the years of the plan's forums and this year.
func reportYears(p *model.Plan, today model.Date) []string {
	years := []int{today.Year}
	for _, f := range p.Forums {
		if !slices.Contains(years, f.FirstDay.Year) {
			years = append(years, f.FirstDay.Year)
		}
	}
	slices.Sort(years)
	out := make([]string, len(years))
	for i, y := range years {
		out[i] = strconv.Itoa(y)
	}
	return out
}

// defaultReportYear is the last year up to today that has forums: the year
// a coordinator reports on at its end or early in the next.
func defaultReportYear(p *model.Plan, today model.Date) string {
	year := 0
	for _, f := range p.Forums {
		if f.FirstDay.Year <= today.Year {
			year = max(year, f.FirstDay.Year)
		}
	}
	if year == 0 {
		year = today.Year
	}
	return strconv.Itoa(year)
}

// showPreview builds the chosen year's report off the UI goroutine and
// shows it. The plan on screen is replaced, never changed, by a reload, and
// the dialog keeps edits out while it is open.
func (r *reportChooser) showPreview() {
	year, err := strconv.Atoi(r.year.Selected)
	if err != nil {
		return
	}
	plan, today := r.mw.plan, r.mw.opts.Today
	r.mw.busy()
	go func() {
		segs := previewSegments(report.Year(plan, year, today))
		fyne.Do(func() {
			defer r.mw.settle()
			r.preview.Segments = segs
			r.preview.Refresh()
		})
	}()
}

func (r *reportChooser) chosen() reportFormat {
	for _, f := range reportFormats {
		if f.label == r.format.Selected {
			return f
		}
	}
	return reportFormats[0]
}

// save asks where, then reads the plan afresh and writes the report.
func (r *reportChooser) save() {
	year, err := strconv.Atoi(r.year.Selected)
	if err != nil {
		return
	}
	f, today := r.chosen(), r.mw.opts.Today
	r.mw.saveFile(fmt.Sprintf("report-%d%s", year, f.ext), fmt.Sprintf("Year report %d", year), false, func(w io.Writer, p *model.Plan) error {
		return f.write(w, report.Year(p, year, today))
	})
}

// previewSegments lays a report out in rich text: headings, paragraphs and
// lists as they are, tables and charts as lines of text.
func previewSegments(d *report.Document) []widget.RichTextSegment {
	segs := []widget.RichTextSegment{
		&widget.TextSegment{Text: d.Title, Style: widget.RichTextStyleHeading},
		&widget.TextSegment{Text: d.Subtitle, Style: widget.RichTextStyleParagraph},
	}
	line := func(text string, bold bool) {
		st := widget.RichTextStyleParagraph
		st.TextStyle.Bold = bold
		segs = append(segs, &widget.TextSegment{Text: text, Style: st})
	}
	for _, b := range d.Blocks {
		switch x := b.(type) {
		case report.Heading:
			st := widget.RichTextStyleSubHeading
			if x.Level > 1 {
				st = widget.RichTextStyleParagraph
				st.TextStyle.Bold = true
			}
			segs = append(segs, &widget.TextSegment{Text: x.Text, Style: st})
		case report.Paragraph:
			segs = append(segs, spanSegments(x.Spans)...)
		case report.List:
			list := &widget.ListSegment{}
			for _, it := range x.Items {
				items := spanSegments(it.Spans)
				if it.Depth > 0 {
					items = append([]widget.RichTextSegment{&widget.TextSegment{Text: strings.Repeat("   ", it.Depth) + "– ", Style: widget.RichTextStyleInline}}, items...)
				}
				list.Items = append(list.Items, &widget.ParagraphSegment{Texts: items})
			}
			segs = append(segs, list)
		case report.Table:
			line(strings.Join(x.Columns, "  ·  "), true)
			for i, row := range x.Rows {
				if i == previewRows {
					line(fmt.Sprintf("… and %d more rows in the saved report", len(x.Rows)-previewRows), false)
					break
				}
				line(strings.Join(row, "  ·  "), false)
			}
		case report.Chart:
			line(x.Title, true)
			for _, row := range x.Rows {
				var parts []string
				for i, n := range row.Counts {
					if n > 0 {
						parts = append(parts, fmt.Sprintf("%s %d", x.Categories[i], n))
					}
				}
				line(fmt.Sprintf("%s: %s (%s)", row.Label, strings.Join(parts, ", "), row.Note), row.Short)
			}
		}
	}
	return segs
}

// spanSegments sets a run of text with its emphasis, as one paragraph.
func spanSegments(spans []report.Span) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	for i, sp := range spans {
		st := widget.RichTextStyleInline
		if i == len(spans)-1 {
			st = widget.RichTextStyleParagraph
		}
		st.TextStyle.Bold, st.TextStyle.Italic = sp.Strong, sp.Emph
		out = append(out, &widget.TextSegment{Text: sp.Text, Style: st})
	}
	return out
}
