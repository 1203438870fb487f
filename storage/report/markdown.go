package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteMarkdown writes the document as Markdown (CommonMark with GitHub's
// tables), for a wiki or the IGF's web forms. Charts become tables of
// their numbers.
func WriteMarkdown(w io.Writer, d *Document) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "# %s\n\n", mdEscape(d.Title))
	if d.Subtitle != "" {
		fmt.Fprintf(b, "*%s*\n\n", mdEscape(d.Subtitle))
	}
	for _, bl := range d.Blocks {
		switch x := bl.(type) {
		case Heading:
			// The title is the only level-1 heading; the document's
			// chapters are one level below it.
			fmt.Fprintf(b, "%s %s\n\n", strings.Repeat("#", x.Level+1), mdEscape(x.Text))
		case Paragraph:
			fmt.Fprintf(b, "%s\n\n", mdSpans(x.Spans))
		case List:
			for _, it := range x.Items {
				fmt.Fprintf(b, "%s- %s\n", strings.Repeat("  ", it.Depth), mdSpans(it.Spans))
			}
			b.WriteString("\n")
		case Table:
			mdTable(b, x.Columns, x.Numeric, x.Rows)
		case Chart:
			fmt.Fprintf(b, "**%s**\n\n", mdEscape(x.Title))
			cols := append(append([]string{""}, x.Categories...), "IGF expectation")
			numeric := make([]bool, len(cols))
			for i := 1; i <= len(x.Categories); i++ {
				numeric[i] = true
			}
			rows := make([][]string, len(x.Rows))
			for i, r := range x.Rows {
				row := []string{r.Label}
				for _, n := range r.Counts {
					row = append(row, strconv.Itoa(n))
				}
				rows[i] = append(row, r.Note)
			}
			mdTable(b, cols, numeric, rows)
		case Timeline:
			// The forums' table beside it says the same in words.
		}
	}
	return b.Flush()
}

func mdTable(b *bufio.Writer, cols []string, numeric []bool, rows [][]string) {
	b.WriteString("|")
	for _, c := range cols {
		b.WriteString(" " + mdCell(c) + " |")
	}
	b.WriteString("\n|")
	for i := range cols {
		if i < len(numeric) && numeric[i] {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		b.WriteString("|")
		for _, c := range r {
			b.WriteString(" " + mdCell(c) + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

func mdSpans(spans []Span) string {
	var s strings.Builder
	for _, sp := range spans {
		t := mdEscape(sp.Text)
		// Emphasis marks must hug the text, so spaces at the ends stay outside.
		lead := t[:len(t)-len(strings.TrimLeft(t, " "))]
		trail := t[len(strings.TrimRight(t, " ")):]
		core := strings.TrimSpace(t)
		mark := ""
		switch {
		case core == "":
		case sp.Strong && sp.Emph:
			mark = "***"
		case sp.Strong:
			mark = "**"
		case sp.Emph:
			mark = "*"
		}
		s.WriteString(lead + mark + core + mark + trail)
	}
	return s.String()
}

// mdEscape keeps text a person wrote from being read as Markdown.
var mdEscape = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `_`, `\_`, "`", "\\`", `[`, `\[`, `]`, `\]`,
	`<`, `&lt;`, `>`, `&gt;`, `#`, `\#`, `|`, `\|`).Replace

func mdCell(s string) string { return strings.ReplaceAll(mdEscape(s), "\n", " ") }
