package ical

import (
	"bufio"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/model"
)

// maxOctets is the longest a line of the file may be, CRLF not counted
// (RFC 5545 §3.1). Longer content lines are folded: CRLF and one space.
const maxOctets = 75

// writer writes content lines to a buffered stream. Each line is built in
// one reused buffer, then written folded at 75 octets, never inside a UTF-8
// sequence or an escape, and ended with CRLF; nothing else is kept, so a
// calendar of any size streams without allocating per line. Write errors
// are kept by the bufio.Writer and reported by its Flush.
type writer struct {
	w    *bufio.Writer
	line []byte // the content line being built, unfolded

	people []attendee // reused by attendees from one event to the next
}

func newWriter(w *bufio.Writer) *writer {
	return &writer{w: w, line: make([]byte, 0, 4096)}
}

// endLine writes the line built so far, folded, and starts a new one. A
// fold is moved back to the start of a UTF-8 sequence, and off the middle
// of an escape (`\n`, `^n`), for readers that unescape before they unfold.
func (w *writer) endLine() {
	s, limit := w.line, maxOctets
	for len(s) > limit {
		cut := limit
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
		if odd(s[:cut], '\\') || odd(s[:cut], '^') {
			cut--
		}
		w.w.Write(s[:cut])
		w.w.WriteString("\r\n ")
		s, limit = s[cut:], maxOctets-1
	}
	w.w.Write(s)
	w.w.WriteString("\r\n")
	w.line = w.line[:0]
}

// odd reports whether s ends in an odd number of c: a cut after it would
// split an escape, since escapes come in pairs from the run's start.
func odd(s []byte, c byte) bool {
	n := 0
	for n < len(s) && s[len(s)-1-n] == c {
		n++
	}
	return n%2 == 1
}

// begin and end open and close a component.
func (w *writer) begin(c ics.ComponentType) {
	w.line = append(append(w.line[:0], "BEGIN:"...), c...)
	w.endLine()
}

func (w *writer) end(c ics.ComponentType) {
	w.line = append(append(w.line[:0], "END:"...), c...)
	w.endLine()
}

// calendar opens the VCALENDAR every file we write starts with, with the
// method when one is given (a resource on a CalDAV server has none).
func (w *writer) calendar(method ics.Method) {
	w.begin(ics.ComponentVCalendar)
	w.name(ics.PropertyVersion)
	w.raw("2.0")
	w.name(ics.PropertyProductId)
	w.text(ProductID)
	w.name(ics.PropertyCalscale)
	w.raw("GREGORIAN")
	if method != "" {
		w.name(ics.PropertyMethod)
		w.raw(string(method))
	}
}

// eventHead opens a session's VEVENT with what an export and an invitation
// both say of it: its UID, stamp and sequence, its times in the forum's
// zone when it has them, its title, and its room (a link also as URL).
func (w *writer) eventHead(s *model.Session, zone *time.Location, stamp time.Time, sequence int) {
	w.begin(ics.ComponentVEvent)
	w.name(ics.PropertyUid)
	w.text(s.UID)
	w.name(ics.PropertyDtstamp)
	w.timeValue(stamp.UTC().Truncate(time.Second), utcLayout)
	w.name(ics.PropertySequence)
	w.integer(sequence)
	if s.Scheduled() {
		w.name(ics.PropertyDtstart)
		w.param(ics.ParameterTzid, zone.String())
		w.timeValue(s.Start.In(zone), localLayout)
		// RFC 5545 has DTEND later than DTSTART; without one the event
		// is an instant. A session typed with its end before its start
		// (which Check names) is shown at its start rather than written
		// as a calendar clients and imports refuse.
		if s.End.After(s.Start) {
			w.name(ics.PropertyDtend)
			w.param(ics.ParameterTzid, zone.String())
			w.timeValue(s.End.In(zone), localLayout)
		}
	}
	w.name(ics.PropertySummary)
	w.text(s.Title)
	if s.Room != "" {
		w.name(ics.PropertyLocation)
		w.text(s.Room)
		if isLink(s.Room) {
			w.name(ics.PropertyUrl)
			w.raw(s.Room)
		}
	}
}

// name starts a property. Its parameters follow with param, then one of the
// value methods ends the line.
func (w *writer) name(p ics.Property) { w.line = append(w.line[:0], p...) }

// param adds ;NAME=VALUE, quoting the value when it holds a character that
// would otherwise end it (RFC 5545 has no escapes in parameters). RFC
// 6868's caret escapes carry what quotes cannot: ^, " and line breaks;
// other control characters are dropped.
func (w *writer) param(p ics.Parameter, value string) {
	value = validUTF8(value)
	w.line = append(append(append(w.line, ';'), p...), '=')
	if !strings.ContainsAny(value, ",:;\"^") && !hasControl(value) {
		w.line = append(w.line, value...)
		return
	}
	w.line = append(w.line, '"')
	for i := 0; i < len(value); i++ {
		switch c := value[i]; {
		case c == '^':
			w.line = append(w.line, "^^"...)
		case c == '"':
			w.line = append(w.line, "^'"...)
		case c == '\n':
			w.line = append(w.line, "^n"...)
		case c == '\r':
			w.line = append(w.line, "^n"...)
			if i+1 < len(value) && value[i+1] == '\n' {
				i++
			}
		case isControl(c):
		default:
			w.line = append(w.line, c)
		}
	}
	w.line = append(w.line, '"')
}

// text ends the property with a TEXT value: backslash, semicolon, comma and
// line breaks escaped (RFC 5545 §3.3.11); CR, CRLF and LF are each one line
// break; other control characters but tab are dropped, so no text can end
// the line it stands on.
func (w *writer) text(s string) {
	w.line = appendText(append(w.line, ':'), s)
	w.endLine()
}

// list ends the property with a list of TEXT values, comma-separated.
func (w *writer) list(items []string) {
	w.line = append(w.line, ':')
	for i, it := range items {
		if i > 0 {
			w.line = append(w.line, ',')
		}
		w.line = appendText(w.line, it)
	}
	w.endLine()
}

func appendText(b []byte, s string) []byte {
	s = validUTF8(s)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			b = append(b, `\\`...)
		case c == ';':
			b = append(b, `\;`...)
		case c == ',':
			b = append(b, `\,`...)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '\r':
			b = append(b, `\n`...)
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case isControl(c):
		default:
			b = append(b, c)
		}
	}
	return b
}

// raw ends the property with a value that needs no escaping, given in
// parts: a URI, a date or a keyword. Control characters are dropped all
// the same.
func (w *writer) raw(parts ...string) {
	w.line = append(w.line, ':')
	for _, s := range parts {
		s = validUTF8(s)
		for i := 0; i < len(s); i++ {
			if !isControl(s[i]) {
				w.line = append(w.line, s[i])
			}
		}
	}
	w.endLine()
}

// integer ends the property with an INTEGER value.
func (w *writer) integer(n int) {
	w.line = strconv.AppendInt(append(w.line, ':'), int64(n), 10)
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
	w.line = t.AppendFormat(append(w.line, ':'), layout)
	w.endLine()
}

// offset ends the property with a UTC-OFFSET value, ±hhmm[ss].
func (w *writer) offset(seconds int) {
	sign := byte('+')
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	w.line = append(w.line, ':', sign)
	w.line = appendTwo(w.line, seconds/3600)
	w.line = appendTwo(w.line, seconds/60%60)
	if s := seconds % 60; s != 0 {
		w.line = appendTwo(w.line, s)
	}
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
