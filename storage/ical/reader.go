package ical

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// ErrUnreadable means the file itself could not be read, as opposed to
// holding lines that are not iCalendar (Errors).
var ErrUnreadable = errors.New("cannot be read")

// LineError is a problem with one line of a calendar file.
type LineError struct {
	File string
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

// Errors is every problem found in a calendar file, in line order, so the
// user can fix them all before trying again.
type Errors []*LineError

// After the first ShownProblems, the rest are counted, not printed: a
// hostile file with a problem on each of 400,000 lines says so in a
// screenful.
func (es Errors) Error() string {
	msgs := es.Lines()[:min(len(es), ShownProblems)]
	if rest := len(es) - len(msgs); rest > 0 {
		msgs = append(msgs, fmt.Sprintf("%s: and %d more problems", es[0].File, rest))
	}
	return strings.Join(msgs, "\n")
}

// Lines is every problem, one line each: what the app lists in full where
// Error names the first few.
func (es Errors) Lines() []string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return msgs
}

// ShownProblems is how many of a file's problems an error message names.
const ShownProblems = 20

func (es *Errors) add(file string, line int, format string, args ...any) {
	*es = append(*es, &LineError{File: file, Line: line, Err: fmt.Errorf(format, args...)})
}

// property is one content line, unfolded and split into its parts.
type property struct {
	name   string              // upper case
	params map[string][]string // names upper case, values decoded
	value  string              // as written: escapes are undone by whoever knows its type
	line   int                 // the line of the file it starts on
}

// param returns the property's first value of a parameter, or "".
func (p *property) param(name string) string {
	if vs := p.params[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// component is a BEGIN … END block with its properties and the blocks inside.
type component struct {
	name  string // upper case
	line  int    // of its BEGIN
	props []*property
	subs  []*component
}

// first returns the component's first property of that name, or nil.
func (c *component) first(name string) *property {
	for _, p := range c.props {
		if p.name == name {
			return p
		}
	}
	return nil
}

// maxLineOctets bounds one line of a file: far above any real calendar's,
// low enough that a file that is not a calendar fails fast.
const maxLineOctets = 1 << 20

// maxPropertyOctets bounds one property once its folded lines are joined:
// a description of a whole book fits several times over.
const maxPropertyOctets = 4 << 20

// maxDepth bounds how deeply components nest; real calendars nest three deep.
const maxDepth = 16

// parse reads an iCalendar stream into its top-level components (normally
// one VCALENDAR). Lines are unfolded (CRLF or LF, then a space or a tab);
// every line that cannot be read is reported with its line number, and the
// structure is checked: each BEGIN closed by its own END. What could be
// read is returned with the errors, so the events in it can be checked too
// and every problem reported at once. The error is for a file that cannot
// be read at all.
func parse(r io.Reader, file string) ([]*component, Errors, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLineOctets)
	var (
		errs  Errors
		roots []*component
		stack []*component
		cur   strings.Builder
		start int // line where the content line in cur began
		n     int
		// notUTF8 is the first line that is not UTF-8 text: then the file
		// is no calendar, but some other kind of file.
		notUTF8 int
	)
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		text := cur.String()
		cur.Reset()
		if !utf8.ValidString(text) && notUTF8 == 0 {
			notUTF8 = start
		}
		p, err := splitProperty(text)
		if err != nil {
			errs.add(file, start, "%v", err)
			return
		}
		p.line = start
		switch p.name {
		case "BEGIN":
			c := &component{name: strings.ToUpper(p.value), line: start}
			switch {
			case len(stack) == 0 && c.name != "VCALENDAR":
				errs.add(file, start, "BEGIN:%s outside a calendar; an iCalendar file starts with BEGIN:VCALENDAR", p.value)
				return
			case len(stack) >= maxDepth:
				errs.add(file, start, "components nest more than %d deep", maxDepth)
				return
			case len(stack) == 0:
				roots = append(roots, c)
			default:
				top := stack[len(stack)-1]
				top.subs = append(top.subs, c)
			}
			stack = append(stack, c)
		case "END":
			if len(stack) == 0 {
				errs.add(file, start, "END:%s without a BEGIN", p.value)
				return
			}
			top := stack[len(stack)-1]
			if !strings.EqualFold(p.value, top.name) {
				errs.add(file, start, "END:%s closes BEGIN:%s of line %d", p.value, top.name, top.line)
				return
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				errs.add(file, start, "%s outside a calendar; an iCalendar file starts with BEGIN:VCALENDAR", p.name)
				return
			}
			top := stack[len(stack)-1]
			top.props = append(top.props, p)
		}
	}
	for sc.Scan() {
		n++
		line := sc.Bytes()
		if n == 1 {
			line = trimBOM(line)
		}
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') && cur.Len() > 0 {
			if cur.Len()+len(line) > maxPropertyOctets {
				errs.add(file, start, "a property folded over many lines holds more than %d MB; no event needs as much", maxPropertyOctets>>20)
				return nil, errs, nil
			}
			cur.Write(line[1:])
			continue
		}
		flush()
		if len(line) == 0 {
			continue // blank lines are not content; some producers end with one
		}
		start = n
		cur.Write(line)
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		errs.add(file, n+1, "is longer than %d bytes; this is not an iCalendar file", maxLineOctets)
		return nil, errs, nil
	} else if err != nil {
		return nil, nil, fmt.Errorf("%s %w: %w", file, ErrUnreadable, err)
	}
	flush()
	if notUTF8 > 0 {
		return nil, nil, fmt.Errorf("%s:%d: %w: it is not UTF-8 text, so not an iCalendar file", file, notUTF8, ErrUnreadable)
	}
	for _, c := range stack {
		errs.add(file, c.line, "BEGIN:%s is never closed by END:%s", c.name, c.name)
	}
	if len(roots) == 0 && len(errs) == 0 {
		errs.add(file, max(n, 1), "holds no calendar: there is no BEGIN:VCALENDAR")
	}
	return roots, errs, nil
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// splitProperty splits a content line (RFC 5545 §3.1):
//
//	name *(";" param-name "=" param-value *("," param-value)) ":" value
//
// Parameter values may be quoted, and are decoded as RFC 6868 says (^n, ^',
// ^^). The value is kept as written.
func splitProperty(s string) (*property, error) {
	if !utf8.ValidString(s) {
		return nil, errors.New("is not UTF-8 text")
	}
	i := tokenEnd(s, 0)
	if i == 0 {
		return nil, fmt.Errorf("%q is not a property: it should start with a name such as SUMMARY", clip(s))
	}
	p := &property{name: strings.ToUpper(s[:i])}
	for i < len(s) && s[i] == ';' {
		j := tokenEnd(s, i+1)
		if j == i+1 || j >= len(s) || s[j] != '=' {
			return nil, fmt.Errorf("%s has a parameter without a name and '='", p.name)
		}
		pname := strings.ToUpper(s[i+1 : j])
		i = j
		for {
			i++ // past '=' or ','
			v, next, err := paramValue(s, i)
			if err != nil {
				return nil, fmt.Errorf("%s: parameter %s %w", p.name, pname, err)
			}
			if p.params == nil {
				p.params = map[string][]string{}
			}
			p.params[pname] = append(p.params[pname], v)
			i = next
			if i >= len(s) || s[i] != ',' {
				break
			}
		}
	}
	if i >= len(s) || s[i] != ':' {
		return nil, fmt.Errorf("%q is not a property: it has no ':' before a value", clip(s))
	}
	p.value = s[i+1:]
	if hasControl(p.value) {
		return nil, fmt.Errorf("%s holds a control character; a line break inside a value must be written \\n", p.name)
	}
	return p, nil
}

// tokenEnd returns where the name that starts at i ends: names are letters,
// digits and '-'.
func tokenEnd(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			break
		}
		i++
	}
	return i
}

// paramValue reads one parameter value starting at i, quoted or not, and
// returns it decoded with the index just past it.
func paramValue(s string, i int) (string, int, error) {
	if i < len(s) && s[i] == '"' {
		end := strings.IndexByte(s[i+1:], '"')
		if end < 0 {
			return "", 0, errors.New("has an opening quote but no closing one")
		}
		v := s[i+1 : i+1+end]
		if hasControl(v) {
			return "", 0, errors.New("holds a control character")
		}
		return decodeCaret(v), i + 1 + end + 1, nil
	}
	j := i
	for j < len(s) && !strings.ContainsRune(",;:\"", rune(s[j])) {
		j++
	}
	if hasControl(s[i:j]) {
		return "", 0, errors.New("holds a control character")
	}
	return decodeCaret(s[i:j]), j, nil
}

// decodeCaret undoes RFC 6868's escapes in a parameter value.
func decodeCaret(v string) string {
	if !strings.Contains(v, "^") {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '^' && i+1 < len(v) {
			switch v[i+1] {
			case 'n':
				b.WriteByte('\n')
				i++
				continue
			case '\'':
				b.WriteByte('"')
				i++
				continue
			case '^':
				b.WriteByte('^')
				i++
				continue
			}
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// unescapeText undoes TEXT escaping (RFC 5545 §3.3.11). A backslash before
// any other character is dropped, as lenient readers do with the `\:` some
// producers write.
func unescapeText(v string) string {
	if !strings.Contains(v, `\`) {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] != '\\' || i+1 == len(v) {
			b.WriteByte(v[i])
			continue
		}
		i++
		switch v[i] {
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			b.WriteByte(v[i])
		}
	}
	return b.String()
}

// splitList splits a list of TEXT values at the commas that are not
// escaped, and unescapes each.
func splitList(v string) []string {
	var items []string
	start := 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case ',':
			items = append(items, unescapeText(v[start:i]))
			start = i + 1
		}
	}
	return append(items, unescapeText(v[start:]))
}

// clip shortens text quoted in an error message.
func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	cut := 40
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
