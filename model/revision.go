package model

import "time"

// Revision is what a record keeps of its last change: how many times it
// was saved, by whom and when. A save carries the Version it started from,
// so one made over someone else's newer change is refused rather than
// silently writing over it.
type Revision struct {
	// Version is 1 for a record as added, and one more at every change.
	Version int64
	// ChangedBy names who changed it last: the PostgreSQL role of a team
	// plan, the computer's user of a plan file. Empty when unknown.
	ChangedBy string
	// ChangedAt is when, as an instant; zero when unknown.
	ChangedAt time.Time
}

// Revised returns the record's revision, for code that handles sessions,
// people and action items alike.
func (r *Revision) Revised() *Revision { return r }
