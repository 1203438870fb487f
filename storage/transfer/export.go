package transfer

import (
	"context"
	"io"
	"path/filepath"
	"strings"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/ical"
)

// ExportCSV writes the plan's records of one kind as a spreadsheet, as
// csvio.Export does, reading only what the rows show or name.
func ExportCSV(ctx context.Context, store *storage.Store, kind csvio.Kind, dest Destination, opts csvio.Options) error {
	var plan *model.Plan
	err := store.View(ctx, func(tx *storage.Tx) (err error) {
		plan, err = csvio.Load(ctx, tx, kind)
		return err
	})
	if err != nil {
		return err
	}
	return dest.write(store, opts.WithContacts, func(w io.Writer) error { return csvio.Export(w, plan, kind, opts) })
}

// Selection names whose sessions a calendar holds as a person typed them:
// a forum by its name, a person by their email or by a name no one else
// has. Empty, it is everyone's, or what the options' ForumID and PersonID
// say (the app, which knows the IDs, sets those instead).
type Selection struct {
	Forum, Person string
}

// ExportICS writes the plan's sessions as a calendar, as ical.Write does:
// the whole plan, a forum's, a person's, or a person's at one forum. The
// calendar is named after the plan file unless opts names it. A forum or
// person the selection names that the plan does not have is an error, and
// nothing is written.
func ExportICS(ctx context.Context, store *storage.Store, dest Destination, sel Selection, opts ical.Options) error {
	if opts.PlanName == "" {
		opts.PlanName = strings.TrimSuffix(filepath.Base(store.Path()), filepath.Ext(store.Path()))
	}
	// The calendar is written as the sessions are read, in one read
	// transaction, so it is one consistent view of the plan.
	return dest.write(store, opts.WithContacts, func(w io.Writer) error {
		return store.View(ctx, func(tx *storage.Tx) error { return writeCalendar(ctx, tx, w, sel, opts) })
	})
}

// writeCalendar writes the calendar the selection and options ask for.
// Only what a calendar shows is read: people's names and emails, action
// items only when asked, and the sessions one by one, straight from the
// plan.
func writeCalendar(ctx context.Context, tx *storage.Tx, w io.Writer, sel Selection, opts ical.Options) error {
	if sel.Forum != "" {
		f, err := tx.FindForum(ctx, sel.Forum)
		if err != nil {
			return err
		}
		opts.ForumID = f.ID
	}
	if sel.Person != "" {
		p, err := tx.FindPerson(ctx, sel.Person)
		if err != nil {
			return err
		}
		opts.PersonID = p.ID
	}
	var (
		src ical.Source
		err error
	)
	if src.Forums, err = tx.Forums(ctx); err != nil {
		return err
	}
	if src.People, err = tx.Names(ctx); err != nil {
		return err
	}
	if opts.Todos {
		if src.Actions, err = tx.Actions(ctx); err != nil {
			return err
		}
	}
	if opts.PersonID != 0 {
		// A person's sessions are few: read them at once.
		sessions, err := tx.SessionsOf(ctx, opts.PersonID)
		if err != nil {
			return err
		}
		return ical.Export(w, &model.Plan{Forums: src.Forums, People: src.People, Sessions: sessions, Actions: src.Actions}, opts)
	}
	filter := storage.SessionFilter{ForumID: opts.ForumID}
	if src.Spans, err = tx.Spans(ctx, filter); err != nil {
		return err
	}
	src.Sessions = func(yield func(*model.Session) error) error { return tx.EachSession(ctx, filter, yield) }
	return ical.Write(w, src, opts)
}
