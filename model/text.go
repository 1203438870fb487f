package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanLine prepares text for a single-line field (a name, a title, a room):
// invalid UTF-8 is replaced, control characters and every run of white space,
// line breaks included, become one space, and the ends are trimmed.
func CleanLine(s string) string {
	if cleanASCIILine(s) {
		// Most text is clean already: an import of 20,000 sessions
		// cleans some 200,000 fields, twice.
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cleanASCIILine reports whether s is printable ASCII that CleanLine
// would leave as it is: no space at either end, none after another.
func cleanASCIILine(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
		case c < '!' || c > '~':
			return false
		}
	}
	return true
}

// CleanText prepares text for a multi-line field (a description, a bio,
// notes): line breaks are kept and made "\n", tabs are kept, other control
// characters are removed, trailing space on each line and blank lines at the
// ends are trimmed.
func CleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r', r == '\u2028', r == '\u2029':
			return '\n'
		case r == '\n', r == '\t':
			return r
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// CleanList cleans each item as a single line and drops the empty ones, so
// "a; ;b" and "a;b" mean the same list.
func CleanList(items []string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		if c := CleanLine(it); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// tooLong reports whether s is longer than max characters.
func tooLong(s string, max int) bool { return utf8.RuneCountInString(s) > max }
