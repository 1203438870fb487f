package storage

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/postgres"
)

// uniqueErr turns a value refused as already in the plan into a problem with the
// field a person typed, so a form can show it beside that field.
func uniqueErr(err error, field, value string) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || postgres.Classify(err) == postgres.Unique {
		return model.Problems{{Field: field, Err: fmt.Errorf("%q is already in the plan", value)}}
	}
	return err
}

// isConstraint reports whether err is a row refused for one of its
// table's rules (a reference to a row that is not there, a unique value).
func isConstraint(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT || postgres.IsConstraint(err)
}
