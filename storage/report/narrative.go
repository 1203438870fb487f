package report

import "strings"

// narrativeBlocks reads a coalition's own text, written as the seed report
// is: paragraphs separated by blank lines, "#" headings, "-" (or "*")
// lists indented for sub-items, **strong** and *emphasis*, and links as
// [text](address), of which the text is kept. Headings sit one level
// below the chapter the text opens (level 2 for "#").
func narrativeBlocks(src string) []Block {
	var (
		blocks []Block
		para   []string
		list   *List
	)
	flush := func() {
		if len(para) > 0 {
			blocks = append(blocks, Paragraph{Spans: spans(strings.Join(para, " "))})
			para = nil
		}
		if list != nil {
			blocks = append(blocks, *list)
			list = nil
		}
	}
	for _, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			flush()
		case strings.HasPrefix(trimmed, "#"):
			flush()
			level := len(trimmed) - len(strings.TrimLeft(trimmed, "#"))
			blocks = append(blocks, Heading{Level: min(level, 3) + 1, Text: plain(strings.TrimSpace(trimmed[level:]))})
		case isBullet(trimmed):
			if len(para) > 0 {
				flush()
			}
			if list == nil {
				list = &List{}
			}
			indent := len(line) - len(strings.TrimLeft(line, " \t"))
			list.Items = append(list.Items, Item{Depth: min((indent+1)/2, 3), Spans: spans(strings.TrimSpace(trimmed[2:]))})
		case list != nil && len(line) > len(strings.TrimLeft(line, " \t")):
			// An indented line goes on the list item above it.
			last := &list.Items[len(list.Items)-1]
			last.Spans = append(last.Spans, spans(" "+trimmed)...)
		default:
			if list != nil {
				flush()
			}
			para = append(para, trimmed)
		}
	}
	flush()
	return blocks
}

func isBullet(s string) bool {
	return len(s) > 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' '
}

// spans splits a line into runs of plain, strong and emphasised text.
func spans(s string) []Span {
	s = links(s)
	var (
		out          []Span
		cur          strings.Builder
		strong, emph bool
	)
	emit := func() {
		if cur.Len() > 0 {
			out = append(out, Span{Text: cur.String(), Strong: strong, Emph: emph})
			cur.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "**") && (strong || strings.Contains(s[i+2:], "**")):
			emit()
			strong = !strong
			i++
		case s[i] == '*' && (emph || strings.Contains(s[i+1:], "*")) && !(i+1 < len(s) && s[i+1] == ' ' && !emph):
			emit()
			emph = !emph
		default:
			cur.WriteByte(s[i])
		}
	}
	emit()
	return out
}

// links keeps the text of each [text](address).
func links(s string) string {
	for {
		open := strings.Index(s, "[")
		if open < 0 {
			return s
		}
		mid := strings.Index(s[open:], "](")
		if mid < 0 {
			return s
		}
		end := strings.Index(s[open+mid:], ")")
		if end < 0 {
			return s
		}
		s = s[:open] + s[open+1:open+mid] + s[open+mid+end+1:]
	}
}

// plain is a line without its emphasis marks.
func plain(s string) string {
	var b strings.Builder
	for _, sp := range spans(s) {
		b.WriteString(sp.Text)
	}
	return b.String()
}
