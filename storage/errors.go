package storage

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/convene-planner/convene/model"
)

// uniqueErr turns SQLite's "UNIQUE constraint failed" into a problem with the
// field a person typed, so a form can show it beside that field.
func uniqueErr(err error, field, value string) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE {
		return model.Problems{{Field: field, Err: fmt.Errorf("%q is already in the plan", value)}}
	}
	return err
}
