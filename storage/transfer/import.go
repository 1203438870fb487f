package transfer

import (
	"bufio"
	"context"
	"errors"
	"io"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/imip"
)

// ErrNoForum means a calendar that is a forum's programme, not answers to
// invitations, was imported without naming the forum it belongs to.
var ErrNoForum = errors.New("the calendar is a programme, and no forum was named for it")

// ImportCSV reads a spreadsheet of one kind into the plan, all or nothing,
// as csvio.Import does. A file that cannot be read as text is a
// csvio.ErrUnreadable; bad rows are a *csvio.ImportError naming each.
func ImportCSV(ctx context.Context, store *storage.Store, kind csvio.Kind, src Source, progress func(float64)) (csvio.Summary, error) {
	var sum csvio.Summary
	err := update(ctx, store, "import-"+string(kind), func(tx *storage.Tx) (err error) {
		sum, err = csvio.Import(ctx, tx, kind, src.Name, src.reader(progress))
		return err
	})
	return sum, err
}

// Calendar is what ImportICS did: a forum's programme imported, or
// answers to invitations taken.
type Calendar struct {
	// Forum is the forum whose programme the file was; nil for answers.
	Forum   *model.Forum
	Summary ical.Summary
	Answers []imip.Answer
}

// ImportICS imports a calendar file. Answers to invitations (METHOD:REPLY,
// as a calendar program wrote them or in the email they came in) are taken
// as ImportAnswers does, whatever forum is named. Any other calendar is the
// programme of the forum named forum, whose events are added to it as
// sessions or update the sessions with their UIDs (ical.Import); with no
// forum named, it is ErrNoForum and nothing is read. A file that cannot be
// read is an ical.ErrUnreadable.
func ImportICS(ctx context.Context, store *storage.Store, forum string, src Source, progress func(float64)) (Calendar, error) {
	in := bufio.NewReader(src.reader(progress))
	if head, _ := in.Peek(4096); imip.IsAnswer(head) {
		answers, err := importAnswers(ctx, store, src.Name, in)
		return Calendar{Answers: answers}, err
	}
	if forum == "" {
		return Calendar{}, ErrNoForum
	}
	var c Calendar
	err := update(ctx, store, "import-ics", func(tx *storage.Tx) error {
		f, err := tx.FindForum(ctx, forum)
		if err != nil {
			return err
		}
		events, err := ical.Read(in, src.Name, f.Zone)
		if err != nil {
			return err
		}
		c.Forum = &f
		c.Summary, err = ical.Import(ctx, tx, &f, src.Name, events)
		return err
	})
	return c, err
}

// ImportAnswers applies the answers to invitations in one file (a REPLY
// calendar or the email it came in) as imip.Apply does: all of them, or,
// when one is refused, none.
func ImportAnswers(ctx context.Context, store *storage.Store, src Source, progress func(float64)) ([]imip.Answer, error) {
	return importAnswers(ctx, store, src.Name, src.reader(progress))
}

func importAnswers(ctx context.Context, store *storage.Store, name string, r io.Reader) ([]imip.Answer, error) {
	replies, err := imip.ReadAnswers(r, name)
	if err != nil {
		return nil, err
	}
	var answers []imip.Answer
	err = update(ctx, store, "import-answer", func(tx *storage.Tx) (err error) {
		answers, err = imip.Apply(ctx, tx, replies)
		return err
	})
	return answers, err
}

// update runs an import in one transaction and, once it has succeeded and
// only if it has changed something, keeps a snapshot of the plan as it was
// before, named for reason: the one place an import takes its snapshot.
// Taken inside the transaction, the snapshot is the plan just before this
// change, and a refused import keeps none that would push an older, useful
// one out (see storage.Store.Snapshot).
func update(ctx context.Context, store *storage.Store, reason string, fn func(tx *storage.Tx) error) error {
	return store.Update(ctx, func(tx *storage.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		_, err := store.Snapshot(ctx, reason)
		return err
	})
}
