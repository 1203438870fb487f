package sqlite

import (
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// A Failure is what SQLite's result code for a failed statement on a plan
// file means for the person who made the change
// (https://www.sqlite.org/rescode.html).
type Failure int

const (
	// None is an error that is not SQLite's: a value read into the wrong
	// type, a context cancelled.
	None Failure = iota
	// Other is an SQLite error this package has nothing to say about.
	Other
	// Unique is a value another row already holds (an email, a name).
	Unique
	// Constraint is a row refused for another of its table's rules (a
	// reference to a row that is not there, a check).
	Constraint
	// CannotRead is a read of the file that failed or came back short.
	CannotRead
	// ReadOnly is a file, or a folder, that may not be written.
	ReadOnly
	// DiskFull is a full disk.
	DiskFull
	// IOError is a write that failed: the disk may be full, or the file at
	// the size limit set for it.
	IOError
	// Busy is a file another program kept locked for longer than the busy
	// timeout.
	Busy
	// Damaged is a file SQLite finds broken, or not a database at all.
	Damaged
)

// Classify says what the SQLite error in err's chain means, by its
// result code: the primary code, or the extended one for a unique value
// and for reads that failed.
func Classify(err error) Failure {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return None
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE:
		return Unique
	case sqlite3.SQLITE_IOERR_READ, sqlite3.SQLITE_IOERR_SHORT_READ:
		return CannotRead
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_CONSTRAINT:
		return Constraint
	case sqlite3.SQLITE_READONLY:
		return ReadOnly
	case sqlite3.SQLITE_FULL:
		return DiskFull
	case sqlite3.SQLITE_IOERR:
		return IOError
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return Busy
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return Damaged
	}
	return Other
}

// IsConstraint reports whether err is a row refused for one of its
// table's rules, a unique value among them.
func IsConstraint(err error) bool {
	f := Classify(err)
	return f == Unique || f == Constraint
}

// Message is SQLite's own words for the error in err's chain.
func Message(err error) string {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Error()
	}
	return err.Error()
}
