package ical

import (
	"bufio"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// maxOctets is the longest a line of the file may be, CRLF not counted
// (RFC 5545 §3.1). Longer content lines are folded: CRLF and one space.
const maxOctets = 75

// writer writes content lines straight to a buffered stream: folded at 75
// octets and never inside a UTF-8 sequence or an escape, with CRLF ends. It
// remembers nothing of what it wrote, so a calendar of any size streams.
// Write errors are kept by the bufio.Writer and reported by its Flush.
type writer struct {
	w       *bufio.Writer
	n       int    // octets on the current line so far
	scratch []byte // for numbers and times, so they need no allocation
}

func newWriter(w *bufio.Writer) *writer {
	return &writer{w: w, scratch: make([]byte, 0, 32)}
}

// put writes s, folding where the line is full. A fold never splits a
// UTF-8 sequence: it is made before the byte that starts the rune.
func (w *writer) put(s string) {
	for len(s) > 0 {
		room := maxOctets - w.n
		if len(s) <= room {
			w.w.WriteString(s)
			w.n += len(s)
			return
		}
		cut := room
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.w.WriteString(s[:cut])
		w.fold()
		s = s[cut:]
	}
}

// unit writes s whole on one line, folding first if it does not fit, so an
// escape like `\n` is never cut in two for readers that unescape before
// they unfold.
func (w *writer) unit(s string) {
	if w.n+len(s) > maxOctets {
		w.fold()
	}
	w.w.WriteString(s)
	w.n += len(s)
}

func (w *writer) fold() {
	w.w.WriteString("\r\n ")
	w.n = 1
}

func (w *writer) endLine() {
	w.w.WriteString("\r\n")
	w.n = 0
}

// begin and end open and close a component.
func (w *writer) begin(c ics.ComponentType) {
	w.put("BEGIN:" + string(c))
	w.endLine()
}

func (w *writer) end(c ics.ComponentType) {
	w.put("END:" + string(c))
	w.endLine()
}

// name starts a property. Its parameters follow with param, then one of the
// value methods ends the line.
func (w *writer) name(p ics.Property) { w.put(string(p)) }

// param writes ;NAME=VALUE, quoting the value when it holds a character
// that would otherwise end it (RFC 5545 has no escapes in parameters).
// RFC 6868's caret escapes carry the characters quotes cannot: ^ " and line
// breaks; other control characters are dropped.
func (w *writer) param(p ics.Parameter, value string) {
	value = validUTF8(value)
	w.put(";" + string(p) + "=")
	if !strings.ContainsAny(value, ",:;\"^") && !hasControl(value) {
		w.put(value)
		return
	}
	w.unit(`"`)
	start := 0
	for i := 0; i < len(value); i++ {
		var esc string
		switch c := value[i]; {
		case c == '^':
			esc = "^^"
		case c == '"':
			esc = "^'"
		case c == '\n':
			esc = "^n"
		case c == '\r':
			esc = "^n"
			if i+1 < len(value) && value[i+1] == '\n' {
				w.put(value[start:i])
				start = i + 1 // the \n that follows writes the ^n
				continue
			}
		case isControl(c):
		default:
			continue
		}
		w.put(value[start:i])
		if esc != "" {
			w.unit(esc)
		}
		start = i + 1
	}
	w.put(value[start:])
	w.unit(`"`)
}

// text ends the property with a TEXT value: backslash, semicolon, comma and
// line breaks escaped (RFC 5545 §3.3.11); CR, CRLF and LF are each one line
// break; other control characters but tab are dropped, so no text can end
// the line it stands on.
func (w *writer) text(s string) {
	w.unit(":")
	w.textValue(s)
	w.endLine()
}

// list ends the property with a list of TEXT values, comma-separated.
func (w *writer) list(items []string) {
	w.unit(":")
	for i, it := range items {
		if i > 0 {
			w.unit(",")
		}
		w.textValue(it)
	}
	w.endLine()
}

func (w *writer) textValue(s string) {
	s = validUTF8(s)
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch c := s[i]; {
		case c == '\\':
			esc = `\\`
		case c == ';':
			esc = `\;`
		case c == ',':
			esc = `\,`
		case c == '\n':
			esc = `\n`
		case c == '\r':
			esc = `\n`
			if i+1 < len(s) && s[i+1] == '\n' {
				w.put(s[start:i])
				start = i + 1 // the \n that follows writes the escape
				continue
			}
		case isControl(c):
		default:
			continue
		}
		w.put(s[start:i])
		if esc != "" {
			w.unit(esc)
		}
		start = i + 1
	}
	w.put(s[start:])
}

// raw ends the property with a value that needs no escaping: a URI, a
// number, a date or a keyword.
func (w *writer) raw(s string) {
	w.unit(":")
	w.put(stripControls(validUTF8(s)))
	w.endLine()
}

// integer ends the property with an INTEGER value.
func (w *writer) integer(n int) {
	w.unit(":")
	w.scratch = strconv.AppendInt(w.scratch[:0], int64(n), 10)
	w.put(string(w.scratch))
	w.endLine()
}

// Layouts of DATE-TIME and DATE values.
const (
	localLayout = "20060102T150405"
	utcLayout   = "20060102T150405Z"
	dateLayout  = "20060102"
)

// timeValue ends the property with t formatted by layout in t's own zone.
func (w *writer) timeValue(t time.Time, layout string) {
	w.unit(":")
	w.scratch = t.AppendFormat(w.scratch[:0], layout)
	w.put(string(w.scratch))
	w.endLine()
}

// offset ends the property with a UTC-OFFSET value, ±hhmm[ss].
func (w *writer) offset(seconds int) {
	sign := byte('+')
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	b := append(w.scratch[:0], ':', sign)
	b = appendTwo(b, seconds/3600)
	b = appendTwo(b, seconds/60%60)
	if s := seconds % 60; s != 0 {
		b = appendTwo(b, s)
	}
	w.scratch = b
	w.put(string(b))
	w.endLine()
}

func appendTwo(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

// validUTF8 replaces what is not UTF-8, which no reader could show and a
// fold could split, with U+FFFD.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

func isControl(c byte) bool { return (c < 0x20 && c != '\t') || c == 0x7f }

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if isControl(s[i]) {
			return true
		}
	}
	return false
}

func stripControls(s string) string {
	if !hasControl(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && isControl(byte(r)) {
			return -1
		}
		return r
	}, s)
}
