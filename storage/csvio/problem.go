package csvio

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong in an imported file: with a cell, a row, or
// the file itself.
type Problem struct {
	Line  int    // the line of the file, counting the header as 1; 0 for the file as a whole
	Field string // the column at fault; "" when it is the row or the file
	Err   error
}

// ImportError is every problem found in a file. An import reports all of
// them, not only the first, so a secretariat fixes a sheet in one go.
type ImportError struct {
	File     string
	Problems []Problem
}

// Error prints one line per problem, FILE:LINE: field: what is wrong, so
// that editors and terminals can jump to each.
// After the first ShownProblems, the rest are counted, not printed: a file
// that is wrong on every one of 100,000 lines says so in a screenful.
func (e *ImportError) Error() string {
	lines := e.Lines()
	if rest := len(lines) - ShownProblems; rest > 0 {
		lines = append(lines[:ShownProblems], fmt.Sprintf("%s: and %d more problems", e.File, rest))
	}
	return strings.Join(lines, "\n")
}

// Lines is every problem, one line each as Error prints them: what the app
// lists in full where Error names the first few.
func (e *ImportError) Lines() []string {
	lines := make([]string, len(e.Problems))
	var b strings.Builder
	for i, p := range e.Problems {
		b.Reset()
		b.WriteString(e.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
		if p.Field != "" {
			b.WriteString(p.Field + ": ")
		}
		b.WriteString(p.Err.Error())
		lines[i] = b.String()
	}
	return lines
}

// Unwrap gives the problems' errors, so errors.Is finds ErrUnreadable.
func (e *ImportError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p.Err
	}
	return errs
}

// ShownProblems is how many of a file's problems an error message names.
const ShownProblems = 20

// report collects an import's problems.
type report struct {
	file     string
	problems []Problem
}

func (r *report) add(line int, field string, err error) {
	r.problems = append(r.problems, Problem{Line: line, Field: field, Err: err})
}

// err returns the problems, by line, as an *ImportError, or nil when there
// are none.
func (r *report) err() error {
	if len(r.problems) == 0 {
		return nil
	}
	slices.SortStableFunc(r.problems, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	return &ImportError{File: r.file, Problems: r.problems}
}
