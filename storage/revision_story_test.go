package storage

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/postgres"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// coordinators is one plan open twice at once, as two coordinators have
// it, with the names the plan is to say each changed things under.
type coordinators struct {
	a, b         testPlan
	aName, bName string
}

// twoOnAFile opens one plan file through two stores, each signing with
// its coordinator's name as the computer's user would.
func twoOnAFile(t *testing.T) coordinators {
	path := filepath.Join(t.TempDir(), "plan.convene")
	open := func(who string, opts Options) testPlan {
		opts.Who = who
		s, err := Open(context.Background(), path, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return testPlan{name: "file", update: s.Update, view: s.View, store: s}
	}
	return coordinators{a: open("Ana Souza", Options{Create: true}), b: open("Bea Kim", Options{}), aName: "Ana Souza", bName: "Bea Kim"}
}

// twoOnATeamPlan opens one team plan as its owner and as a role given
// write access. Each Convene claims to sign with a name of its own
// choosing: the server signs with the role instead.
func twoOnATeamPlan(t *testing.T) coordinators {
	ctx := context.Background()
	d := pgtest.Shared(t).NewDatabase(t)
	open := func(r pgtest.Role, claimed string) *Store {
		s, err := Open(ctx, d.URL(r), Options{Create: true, Who: claimed})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	owner := open(d.Owner, "Bea Kim")
	writer := d.NewRole(t)
	if err := postgres.Grant(ctx, owner.db, writer.Name, true); err != nil {
		t.Fatal(err)
	}
	other := open(writer, "Ana Souza")
	return coordinators{
		a:     testPlan{name: "team", update: owner.Update, view: owner.View, store: owner},
		b:     testPlan{name: "team", update: other.Update, view: other.View, store: other},
		aName: d.Owner.Name,
		bName: writer.Name,
	}
}

// versioned is one kind of record as a form edits it: read, changed as
// typed, saved, deleted.
type versioned[T any] struct {
	kind     string
	read     func(context.Context, *Tx) (T, error)
	revision func(*T) *model.Revision
	change   func(*T, string)
	save     func(*Tx, context.Context, *T) error
	remove   func(context.Context, *Tx, T) error
}

var (
	versionedSession = versioned[model.Session]{
		kind:     "session",
		read:     func(ctx context.Context, tx *Tx) (model.Session, error) { return tx.Session(ctx, 1) },
		revision: func(s *model.Session) *model.Revision { return &s.Revision },
		change:   func(s *model.Session, text string) { s.Title = text },
		save:     (*Tx).UpdateSession,
		remove: func(ctx context.Context, tx *Tx, s model.Session) error {
			return tx.DeleteSession(ctx, s.ID, s.Version)
		},
	}
	versionedPerson = versioned[model.Person]{
		kind:     "person",
		read:     func(ctx context.Context, tx *Tx) (model.Person, error) { return tx.Person(ctx, 2) },
		revision: func(p *model.Person) *model.Revision { return &p.Revision },
		change:   func(p *model.Person, text string) { p.Affiliation = text },
		save:     (*Tx).UpdatePerson,
		remove:   func(ctx context.Context, tx *Tx, p model.Person) error { return tx.DeletePerson(ctx, p.ID, p.Version) },
	}
	versionedAction = versioned[model.ActionItem]{
		kind:     "action item",
		read:     func(ctx context.Context, tx *Tx) (model.ActionItem, error) { return tx.Action(ctx, 1) },
		revision: func(a *model.ActionItem) *model.Revision { return &a.Revision },
		change:   func(a *model.ActionItem, text string) { a.Notes = text },
		save:     (*Tx).UpdateAction,
		remove: func(ctx context.Context, tx *Tx, a model.ActionItem) error {
			return tx.DeleteAction(ctx, a.ID, a.Version)
		},
	}
)

// Two coordinators open the same session, person and action item. Ana
// saves first; Bea's save, based on what she read before, is refused with
// Ana's name and the time of her save, and changes nothing. Bea reads it
// again and saves: the record went from version 1 to 2 to 3, and says
// Bea changed it last. On a team plan the names are the server's roles,
// whatever the program claimed.
func TestASaveOverAColleaguesNewerChangeIsRefusedWithWhoAndWhen(t *testing.T) {
	for _, open := range []func(*testing.T) coordinators{twoOnAFile, twoOnATeamPlan} {
		c := open(t)
		t.Run(c.a.name, func(t *testing.T) {
			enterStoryPlan(t, c.a)
			t.Run("session", func(t *testing.T) { staleSave(t, c, versionedSession) })
			t.Run("person", func(t *testing.T) { staleSave(t, c, versionedPerson) })
			t.Run("action item", func(t *testing.T) { staleSave(t, c, versionedAction) })
		})
	}
}

// Deleting a record someone changed after it was opened is refused the
// same way, and goes through once it is read again.
func TestDeletingARecordAColleagueChangedIsRefusedWithWhoAndWhen(t *testing.T) {
	for _, open := range []func(*testing.T) coordinators{twoOnAFile, twoOnATeamPlan} {
		c := open(t)
		t.Run(c.a.name, func(t *testing.T) {
			enterStoryPlan(t, c.a)
			t.Run("session", func(t *testing.T) { staleDelete(t, c, versionedSession) })
			t.Run("person", func(t *testing.T) { staleDelete(t, c, versionedPerson) })
			t.Run("action item", func(t *testing.T) { staleDelete(t, c, versionedAction) })
		})
	}
}

func enterStoryPlan(t *testing.T, b testPlan) {
	t.Helper()
	p := storyPlan(t)
	if err := b.update(context.Background(), func(tx *Tx) error { return write(context.Background(), tx, p) }); err != nil {
		t.Fatal(err)
	}
}

// readIn reads the record as one coordinator's form opens it.
func (v versioned[T]) readIn(t *testing.T, b testPlan) T {
	t.Helper()
	var rec T
	err := b.view(context.Background(), func(tx *Tx) (err error) {
		rec, err = v.read(context.Background(), tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func (v versioned[T]) saveIn(b testPlan, rec *T) error {
	return b.update(context.Background(), func(tx *Tx) error { return v.save(tx, context.Background(), rec) })
}

// refusedBy checks that err is a refusal naming who, at about the time
// of their save (between from and to, to the second).
func refusedBy(t *testing.T, err error, kind, who string, from, to time.Time) {
	t.Helper()
	var stale *StaleError
	if !errors.Is(err, ErrStale) || !errors.As(err, &stale) {
		t.Fatalf("the save over a newer change: %v; want it refused as stale", err)
	}
	if stale.Who != who || stale.Kind != kind || stale.When.Before(from.Truncate(time.Second)) || stale.When.After(to) {
		t.Errorf("refused as changed by %q at %v (%s); want %q between %v and %v (%s)", stale.Who, stale.When, stale.Kind, who, from, to, kind)
	}
	if msg := err.Error(); !strings.Contains(msg, who+" changed this "+kind) || !strings.Contains(msg, "nothing was saved") {
		t.Errorf("the refusal says %q", msg)
	}
}

func staleSave[T any](t *testing.T, c coordinators, v versioned[T]) {
	ana, bea := v.readIn(t, c.a), v.readIn(t, c.b)
	start := *v.revision(&ana)

	from := time.Now()
	v.change(&ana, "Ana's change")
	if err := v.saveIn(c.a, &ana); err != nil {
		t.Fatal(err)
	}
	to := time.Now()
	if got := *v.revision(&ana); got.Version != start.Version+1 || got.ChangedBy != c.aName {
		t.Errorf("after Ana's save the %s is at %+v, want version %d by %s", v.kind, got, start.Version+1, c.aName)
	}

	v.change(&bea, "Bea's change, typed over the old version")
	refusedBy(t, v.saveIn(c.b, &bea), v.kind, c.aName, from, to)
	if now := v.readIn(t, c.b); *v.revision(&now) != *v.revision(&ana) {
		t.Errorf("the refused save changed the %s: %+v, want %+v", v.kind, *v.revision(&now), *v.revision(&ana))
	}

	bea = v.readIn(t, c.b)
	v.change(&bea, "Bea's change, after reading Ana's")
	if err := v.saveIn(c.b, &bea); err != nil {
		t.Fatalf("Bea's save after reading again: %v", err)
	}
	got := v.readIn(t, c.a)
	if r := *v.revision(&got); r.Version != start.Version+2 || r.ChangedBy != c.bName || r.ChangedAt.Before(to.Truncate(time.Second)) {
		t.Errorf("the %s reads back at %+v; want version %d, by %s, at %v or later", v.kind, r, start.Version+2, c.bName, to)
	}
}

func staleDelete[T any](t *testing.T, c coordinators, v versioned[T]) {
	ctx := context.Background()
	ana, bea := v.readIn(t, c.a), v.readIn(t, c.b)
	from := time.Now()
	v.change(&ana, "Ana's last change")
	if err := v.saveIn(c.a, &ana); err != nil {
		t.Fatal(err)
	}
	to := time.Now()
	err := c.b.update(ctx, func(tx *Tx) error { return v.remove(ctx, tx, bea) })
	refusedBy(t, err, v.kind, c.aName, from, to)

	bea = v.readIn(t, c.b)
	if err := c.b.update(ctx, func(tx *Tx) error { return v.remove(ctx, tx, bea) }); err != nil {
		t.Fatalf("deleting after reading again: %v", err)
	}
	err = c.a.view(ctx, func(tx *Tx) error { _, err := v.read(ctx, tx); return err })
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("after the deletion the %s reads as %v, want not found", v.kind, err)
	}
	// A deletion from a form opened before it finds the record gone.
	err = c.a.update(ctx, func(tx *Tx) error { return v.remove(ctx, tx, ana) })
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting the deleted %s again: %v, want not found", v.kind, err)
	}
}

// Bea has a session open when the plan is restored from a snapshot taken
// before Ana changed it; then Ana changes it again, as often as before.
// Bea's save, based on content the restore took away, is still refused:
// the restored records are put above every version the replaced plan had.
func TestAFormOpenedBeforeARestoreCannotSaveOverWhatCameAfter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "restored.convene")
	s, err := Open(ctx, path, Options{Create: true, Who: "Ana Souza"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ana := testPlan{name: "file", update: s.Update, view: s.View, store: s}
	enterStoryPlan(t, ana)
	snap, err := s.Snapshot(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	v := versionedSession
	first := v.readIn(t, ana)
	v.change(&first, "Ana's change before the restore")
	if err := v.saveIn(ana, &first); err != nil {
		t.Fatal(err)
	}
	bea := v.readIn(t, ana) // version 2, with Ana's change

	if _, err := Restore(ctx, path, snap); err != nil {
		t.Fatal(err)
	}
	again := v.readIn(t, ana)
	if again.Title == first.Title {
		t.Fatal("the restore did not take Ana's change away")
	}
	v.change(&again, "Ana's change after the restore")
	if err := v.saveIn(ana, &again); err != nil {
		t.Fatal(err)
	}

	v.change(&bea, "Bea's change, typed before the restore")
	if err := v.saveIn(ana, &bea); !errors.Is(err, ErrStale) {
		t.Errorf("a save from a form opened before the restore: %v; want it refused as stale", err)
	}
	if got := v.readIn(t, ana); got.Title != "Ana's change after the restore" {
		t.Errorf("the session is titled %q after Bea's save", got.Title)
	}
}

// A session's description mentions someone who is then forgotten. A form
// opened on the session before cannot write the mention back: its save
// is refused, since forgetting changed the session.
func TestAFormOpenedBeforeAPersonIsForgottenCannotWriteTheirNameBack(t *testing.T) {
	for _, ana := range []testPlan{filePlanForTest(t), teamPlanForTest(t)} {
		t.Run(ana.name, func(t *testing.T) { formOpenedBeforeForget(t, ana) })
	}
}

func formOpenedBeforeForget(t *testing.T, ana testPlan) {
	ctx := context.Background()
	s := ana.store
	enterStoryPlan(t, ana)
	v := versionedSession
	mention := v.readIn(t, ana)
	mention.Description = "Émile Zola opens the session."
	if err := v.saveIn(ana, &mention); err != nil {
		t.Fatal(err)
	}
	opened := v.readIn(t, ana)

	if _, err := s.Forget(ctx, 1); err != nil {
		t.Fatal(err)
	}
	opened.Title = "Typed in a form opened before"
	if err := v.saveIn(ana, &opened); !errors.Is(err, ErrStale) {
		t.Errorf("a save from a form opened before the person was forgotten: %v; want it refused as stale", err)
	}
	if got := v.readIn(t, ana); strings.Contains(got.Description, "Zola") {
		t.Errorf("the description reads %q", got.Description)
	}
}
