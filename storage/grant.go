package storage

import (
	"context"
	"errors"

	"github.com/convene-planner/convene/storage/postgres"
)

// ErrFileAccess means access was to be granted to a plan file: who may
// read or change a file is the file system's to say.
var ErrFileAccess = errors.New("is a plan file: who may read or change it is the file system's to say (the file's permissions), not Convene's; 'convene grant' shares a team plan (postgres://…)")

// Grant lets role, a role of the server that keeps the team plan at
// location, read the plan, or read and change it (write); a role given
// read after write may no longer change it. The plan's owner grants. A
// plan file is refused before it is opened, and so left as it was.
func Grant(ctx context.Context, location, role string, write bool) error {
	if !IsTeamPlan(location) {
		return &PlanError{Path: location, Err: ErrFileAccess}
	}
	s, err := Open(ctx, location, Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := postgres.Grant(ctx, s.db, role, write); err != nil {
		if postgres.Classify(err) == postgres.Offline {
			return s.failed(err)
		}
		return &PlanError{Path: s.path, Err: err}
	}
	return nil
}
