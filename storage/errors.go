package storage

import (
	"fmt"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/postgres"
	"github.com/convene-planner/convene/storage/sqlite"
)

// uniqueErr turns a value refused as already in the plan into a problem with the
// field a person typed, so a form can show it beside that field.
func uniqueErr(err error, field, value string) error {
	if sqlite.Classify(err) == sqlite.Unique || postgres.Classify(err) == postgres.Unique {
		return model.Problems{{Field: field, Err: fmt.Errorf("%q is already in the plan", value)}}
	}
	return err
}

// isConstraint reports whether err is a row refused for one of its
// table's rules (a reference to a row that is not there, a unique value).
func isConstraint(err error) bool {
	return sqlite.IsConstraint(err) || postgres.IsConstraint(err)
}
