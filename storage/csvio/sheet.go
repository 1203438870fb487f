package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// sheet reads a CSV file one row at a time, after checking what PRODUCT.md
// promises about it: UTF-8 (with or without BOM), a comma or semicolon
// delimiter detected from the header, RFC 4180 quoting, and a header whose
// names are matched without regard to case or order.
type sheet struct {
	csv  *csv.Reader
	sep  string         // separates the items of a list in a cell
	cols map[string]int // column name → its position in the file's rows
	// unnamed are the positions of columns with an empty header cell, which
	// spreadsheets leave after the last column; their cells must be empty.
	unnamed []int

	// The row last read: its cells with any formula guard taken off, the
	// line each cell starts on, and the line the row starts on.
	cells []string
	lines []int
	line  int
}

// errNotUTF8 explains why a file in another encoding is refused rather than
// imported as mojibake.
var errNotUTF8 error = unreadable(`is not UTF-8 text; spreadsheets offer it as "CSV UTF-8" when saving, so save it that way and import it again`)

// ErrUnreadable is what every problem with a file that cannot be read as
// UTF-8 text at all is (errors.Is), as opposed to rows the plan refuses:
// the command line exits 2 for it.
var ErrUnreadable = errors.New("cannot be read as UTF-8 text")

// unreadable is a problem that makes the whole file unreadable.
type unreadable string

func (u unreadable) Error() string { return string(u) }

func (unreadable) Is(target error) bool { return target == ErrUnreadable }

// headerLimit bounds how far the first line is looked at to tell the
// delimiter; no real header comes near it.
const headerLimit = 64 << 10

// openSheet reads and checks the header of a file of the given kind. The
// problems it returns (wrong encoding, unknown or missing columns) concern
// the whole file: no row could be read meaningfully.
func openSheet(rep *report, k Kind, r io.Reader) (*sheet, error) {
	br := bufio.NewReaderSize(r, headerLimit)
	start, err := br.Peek(3)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("read %s: %w", rep.file, err)
	}
	switch {
	case bytes.HasPrefix(start, []byte("\xEF\xBB\xBF")):
		br.Discard(3) // the UTF-8 BOM some spreadsheets write first
	case bytes.HasPrefix(start, []byte("\xFF\xFE")), bytes.HasPrefix(start, []byte("\xFE\xFF")):
		rep.add(0, "", unreadable(`is UTF-16 text, not UTF-8; save it as "CSV UTF-8" and import it again`))
		return nil, rep.err()
	}
	if crOnly(br) {
		// Older Mac programs end lines with CR alone, which Go's CSV reader
		// does not take for a line end; within a quoted cell too, so each
		// CR becomes a LF.
		br = bufio.NewReaderSize(crToLF{br}, headerLimit)
	}
	comma, err := detectDelimiter(br)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rep.file, err)
	}
	sh := &sheet{sep: ";", csv: csv.NewReader(br)} // br is big enough that csv uses it as it is
	if comma == ';' {
		sh.sep = "|"
	}
	sh.csv.Comma = comma
	sh.csv.FieldsPerRecord = -1 // a row of the wrong width is reported with its line, below
	sh.csv.ReuseRecord = true
	header, err := sh.csv.Read()
	switch {
	case err == io.EOF:
		rep.add(0, "", fmt.Errorf("is empty; the first line must name the columns: %s", strings.Join(Columns(k), ", ")))
		return nil, rep.err()
	case err != nil:
		if perr := (*csv.ParseError)(nil); errors.As(err, &perr) {
			rep.add(perr.Line, "", fmt.Errorf("the header %s", quoteProblem(perr)))
			return nil, rep.err()
		}
		return nil, fmt.Errorf("read %s: %w", rep.file, err)
	}
	if err := sh.readHeader(rep, k, header); err != nil {
		return nil, err
	}
	return sh, nil
}

// detectDelimiter looks at the first line, outside quotes, and takes
// whichever of comma and semicolon it holds more of: column names hold
// neither, so only the delimiter is there.
func detectDelimiter(br *bufio.Reader) (rune, error) {
	head, err := br.Peek(headerLimit)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return 0, err
	}
	commas, semicolons, quoted := 0, 0, false
	for _, b := range head {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == ',':
			commas++
		case b == ';':
			semicolons++
		case b == '\n':
			return pick(commas, semicolons), nil
		}
	}
	return pick(commas, semicolons), nil
}

// crOnly reports whether the file's first line ends with CR alone.
func crOnly(br *bufio.Reader) bool {
	head, _ := br.Peek(headerLimit)
	quoted := false
	for i, b := range head {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			return false
		case b == '\r':
			return i+1 < len(head) && head[i+1] != '\n' || i+1 == len(head) && len(head) < headerLimit
		}
	}
	return false
}

// crToLF turns every CR it reads into a LF.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

func pick(commas, semicolons int) rune {
	if semicolons > commas {
		return ';'
	}
	return ','
}

func (sh *sheet) readHeader(rep *report, k Kind, header []string) error {
	for _, name := range header {
		switch {
		case strings.IndexByte(name, 0) >= 0:
			rep.add(1, "", unreadable(`holds NUL bytes, as UTF-16 text does; save it as "CSV UTF-8" and import it again`))
			return rep.err()
		case !utf8.ValidString(name):
			rep.add(1, "", errNotUTF8)
			return rep.err()
		}
	}
	known := Columns(k)
	sh.cols = make(map[string]int, len(header))
	var unknown, twice []string
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		switch _, dup := sh.cols[name]; {
		case name == "":
			sh.unnamed = append(sh.unnamed, i)
		case !slices.Contains(known, name):
			unknown = append(unknown, fmt.Sprintf("%q", name))
		case dup:
			twice = append(twice, fmt.Sprintf("%q", name))
		default:
			sh.cols[name] = i
		}
	}
	var missing []string
	for _, name := range requiredColumns(k) {
		if _, ok := sh.cols[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(unknown) > 0 {
		rep.add(1, "", fmt.Errorf("unknown columns %s; %s files have the columns %s",
			strings.Join(unknown, ", "), k, strings.Join(known, ", ")))
	}
	if len(twice) > 0 {
		rep.add(1, "", fmt.Errorf("the columns %s are there twice", strings.Join(twice, ", ")))
	}
	if len(missing) > 0 {
		rep.add(1, "", fmt.Errorf("missing columns %s, which %s files need", strings.Join(missing, ", "), k))
	}
	sh.lines = make([]int, len(header))
	sh.cells = make([]string, len(header))
	return rep.err()
}

// next reads the next row that holds anything: a row that is only
// delimiters, as spreadsheets leave below a table, is passed over. It
// reports false at the end of the file. A row that cannot be read is
// reported and passed over, so every such row is named; a file that turns
// out not to be UTF-8 stops the reading with an error.
func (sh *sheet) next(rep *report) (bool, error) {
	for {
		rec, err := sh.csv.Read()
		if err == io.EOF {
			return false, nil
		}
		if perr := (*csv.ParseError)(nil); errors.As(err, &perr) {
			rep.add(perr.StartLine, "", errors.New(quoteProblem(perr)))
			continue
		}
		if err != nil {
			return false, fmt.Errorf("read %s: %w", rep.file, err)
		}
		sh.line, _ = sh.csv.FieldPos(0)
		if len(rec) != len(sh.lines) {
			if !blank(rec) {
				rep.add(sh.line, "", fmt.Errorf("has %d cells but the header has %d", len(rec), len(sh.lines)))
			}
			continue
		}
		if blank(rec) {
			continue
		}
		for i, cell := range rec {
			sh.lines[i], _ = sh.csv.FieldPos(i)
			if !utf8.ValidString(cell) {
				rep.add(sh.lines[i], "", errNotUTF8)
				return false, rep.err()
			}
			if len(cell) > MaxCellBytes {
				rep.add(sh.lines[i], sh.columnName(i), fmt.Errorf("holds %d MB; a cell may hold at most %d MB", len(cell)>>20, MaxCellBytes>>20))
				cell = ""
			}
			sh.cells[i] = unguardFormula(cell)
		}
		for _, i := range sh.unnamed {
			if strings.TrimSpace(sh.cells[i]) != "" {
				rep.add(sh.lines[i], "", fmt.Errorf("has %q in column %d, which the header does not name", sh.cells[i], i+1))
			}
		}
		return true, nil
	}
}

// MaxCellBytes bounds one cell: a bio or a description of a whole book
// fits several times over; what is bigger is a mistake or an attack, and
// would only make the plan slow to read and to show.
const MaxCellBytes = 4 << 20

// columnName is the header's name for the column at position i.
func (sh *sheet) columnName(i int) string {
	for name, pos := range sh.cols {
		if pos == i {
			return name
		}
	}
	return fmt.Sprintf("column %d", i+1)
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// quoteProblem says what is wrong with a row that breaks the CSV syntax, in
// a spreadsheet user's words.
func quoteProblem(perr *csv.ParseError) string {
	where := ""
	if perr.Line != perr.StartLine {
		where = fmt.Sprintf(" (line %d)", perr.Line)
	}
	switch {
	case errors.Is(perr.Err, csv.ErrBareQuote):
		return fmt.Sprintf(`has a " in a cell that is not in quotes%s, column %d; put the cell in quotes and double the " inside`, where, perr.Column)
	case errors.Is(perr.Err, csv.ErrQuote):
		return fmt.Sprintf(`has a quoted cell that is not closed, or a " after one%s, column %d; a " inside a quoted cell is written ""`, where, perr.Column)
	}
	return fmt.Sprintf("cannot be read%s: %v", where, perr.Err)
}

// has reports whether the file has the column.
func (sh *sheet) has(col string) bool {
	_, ok := sh.cols[col]
	return ok
}

// get returns the current row's cell in the column, "" when the file does
// not have the column.
func (sh *sheet) get(col string) string {
	if i, ok := sh.cols[col]; ok {
		return sh.cells[i]
	}
	return ""
}

// position returns the column's place in the file; a field that is no
// column of the file comes after all of them.
func (sh *sheet) position(col string) int {
	if i, ok := sh.cols[col]; ok {
		return i
	}
	return len(sh.cells)
}

// lineOf returns the line the current row's cell in the column starts on:
// with cells that span lines, it is what points at the cell at fault.
func (sh *sheet) lineOf(col string) int {
	if i, ok := sh.cols[col]; ok {
		return sh.lines[i]
	}
	return sh.line
}

// list splits a cell into the items of a list.
func (sh *sheet) list(cell string) []string {
	if strings.TrimSpace(cell) == "" {
		return nil
	}
	return strings.Split(cell, sh.sep)
}
