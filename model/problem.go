package model

import (
	"errors"
	"fmt"
	"strings"
)

// FieldError is one thing wrong with one field of a record.
type FieldError struct {
	Field string // the field's name as the CSV columns spell it, e.g. "timezone"
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

func (e *FieldError) Unwrap() error { return e.Err }

// Problems is every FieldError found in a record, so a form or an import can
// show all of them at once instead of the first only.
type Problems []*FieldError

func (p Problems) Error() string {
	msgs := make([]string, len(p))
	for i, e := range p {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Add records a problem with a field; a nil err is ignored so callers can
// pass the result of a parse straight in.
func (p *Problems) Add(field string, err error) {
	if err != nil {
		*p = append(*p, &FieldError{Field: field, Err: err})
	}
}

// Addf records a problem described by a format string.
func (p *Problems) Addf(field, format string, args ...any) {
	p.Add(field, fmt.Errorf(format, args...))
}

// Err returns the problems as an error, or nil when there are none.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

// Field returns the first problem of the named field, or nil.
func (p Problems) Field(name string) *FieldError {
	for _, e := range p {
		if e.Field == name {
			return e
		}
	}
	return nil
}

// AsProblems extracts the Problems from an error chain, if it holds any.
func AsProblems(err error) (Problems, bool) {
	var p Problems
	ok := errors.As(err, &p)
	return p, ok
}
