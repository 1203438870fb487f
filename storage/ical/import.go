package ical

import (
	"context"
	"errors"
	"fmt"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// Summary counts what an import did to the forum's sessions.
type Summary struct {
	Added, Updated, Unchanged int
}

func (s Summary) String() string {
	return fmt.Sprintf("added %d, updated %d, unchanged %d", s.Added, s.Updated, s.Unchanged)
}

// Import adds the events as sessions of the forum, or updates the sessions
// that have their UIDs, within tx. A session whose calendar fields the event
// leaves as they are is not written, so importing a file again changes
// nothing, not even a SEQUENCE. A new session keeps the event's UID and
// SEQUENCE, is organised by the plan's own coalition, has the format
// `other` and, unless the event says TENTATIVE or CANCELLED, is scheduled.
// Every event that cannot be applied is reported, naming its line in file;
// the caller's transaction must then be rolled back, so nothing is written.
func Import(ctx context.Context, tx *storage.Tx, forum *model.Forum, file string, events []Event) (Summary, error) {
	var (
		sum  Summary
		errs Errors
	)
	own, err := ownCoalition(ctx, tx)
	if err != nil {
		return sum, err
	}
	for i := range events {
		ev := &events[i]
		old, err := tx.SessionByUID(ctx, ev.UID)
		switch {
		case errors.Is(err, storage.ErrNotFound):
			s := model.Session{ForumID: forum.ID, Format: model.FormatOther,
				Status: model.StatusScheduled, Organisers: own, Sequence: ev.Sequence}
			apply(ev, &s)
			if err := tx.Attempt(ctx, func() error { return tx.CreateSession(ctx, &s) }); err != nil {
				errs.add(file, ev.Line, "%v", err)
				continue
			}
			sum.Added++
		case err != nil:
			return sum, fmt.Errorf("import %s: %w", file, err)
		case old.ForumID != forum.ID:
			other, err := tx.Forum(ctx, old.ForumID)
			if err != nil {
				return sum, fmt.Errorf("import %s: %w", file, err)
			}
			errs.add(file, ev.UIDLine, "UID %q is the session %q of %s, not of %s", ev.UID, old.Title, other.Name, forum.Name)
		default:
			s := old
			apply(ev, &s) // replaces fields whole, so old keeps its own slices
			s.Clean()
			if model.CalendarEqual(&old, &s) {
				sum.Unchanged++
				continue
			}
			if err := tx.Attempt(ctx, func() error { return tx.UpdateSession(ctx, &s) }); err != nil {
				errs.add(file, ev.Line, "%v", err)
				continue
			}
			sum.Updated++
		}
	}
	if len(errs) > 0 {
		return sum, errs
	}
	return sum, nil
}

// apply sets the session's fields from what the event gives.
func apply(ev *Event, s *model.Session) {
	s.UID = ev.UID
	s.Start, s.End = ev.Start, ev.End
	if ev.Summary.Set {
		s.Title = ev.Summary.Value
	}
	if ev.Location.Set {
		s.Room = ev.Location.Value
	}
	if ev.Description.Set {
		s.Description = ev.Description.Value
	}
	if ev.Categories.Set {
		s.Topics = ev.Categories.Value
	}
	// A status the event's STATUS already stands for is kept: TENTATIVE
	// says nothing to change an accepted session into a proposed one.
	if ev.Status.Set && EventStatus(s.Status) != ev.Status.Value {
		s.Status = sessionStatus(ev.Status.Value)
	}
}

// sessionStatus is the status a session takes from an event's STATUS.
func sessionStatus(st ics.ObjectStatus) model.SessionStatus {
	switch st {
	case ics.ObjectStatusTentative:
		return model.StatusProposed
	case ics.ObjectStatusCancelled:
		return model.StatusCancelled
	}
	return model.StatusScheduled
}

// ownCoalition returns the short name of the plan's own coalition, as a new
// session's organisers, or none when the plan has no coalition yet.
func ownCoalition(ctx context.Context, tx *storage.Tx) ([]string, error) {
	all, err := tx.Coalitions(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		if c.Own {
			return []string{c.ShortName}, nil
		}
	}
	return nil, nil
}
