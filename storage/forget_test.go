package storage_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// filesHolding returns the plan's files (the plan, its log, its snapshots)
// whose bytes hold any of the texts.
func filesHolding(t *testing.T, plan string, texts ...string) []string {
	t.Helper()
	paths := []string{plan, plan + "-wal"}
	snaps, _ := filepath.Glob(filepath.Join(storage.SnapshotDir(plan), "*"))
	var found []string
	for _, p := range append(paths, snaps...) {
		b, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range texts {
			if bytes.Contains(b, []byte(text)) {
				found = append(found, filepath.Base(p)+" holds "+text)
			}
		}
	}
	return found
}

func findOne(t *testing.T, s *storage.Store, key string) model.Person {
	t.Helper()
	var people []model.Person
	err := s.View(context.Background(), func(tx *storage.Tx) (err error) {
		people, err = tx.FindPeople(context.Background(), key)
		return err
	})
	if err != nil || len(people) != 1 {
		t.Fatalf("find %q: %v, %v", key, people, err)
	}
	return people[0]
}

func TestForgetLeavesNoTraceOfAPersonInThePlanItsLogOrItsSnapshots(t *testing.T) {
	ctx := context.Background()
	path := samplePlan(t)
	// The app has the plan open all along, as a coordinator's would.
	app := openPlan(t, path)
	zofia := findOne(t, app, "Zofia Wróblewska")
	const name, email = "Zofia Wróblewska", "zofia.wroblewska@example.org"

	// She is mentioned in texts a coordinator wrote, in any case.
	err := app.Update(ctx, func(tx *storage.Tx) error {
		sessions, err := tx.SessionsOf(ctx, zofia.ID)
		if err != nil {
			return err
		}
		// She, and the others on her sessions, were invited by email.
		for _, s := range sessions {
			for _, pt := range s.Participants {
				inv := storage.Invitation{SessionID: s.ID, PersonID: pt.PersonID, Sequence: s.Sequence,
					Method: "REQUEST", Sent: time.Now(), Shown: "v1"}
				if err := tx.RecordInvitation(ctx, inv); err != nil {
					return err
				}
			}
		}
		s := sessions[0]
		s.Description += "\nZofia Wróblewska (" + email + ") brings the Polish view."
		if err := tx.UpdateSession(ctx, &s); err != nil {
			return err
		}
		forums, err := tx.Forums(ctx)
		if err != nil {
			return err
		}
		f := forums[0]
		f.Notes = "Ask ZOFIA WRÓBLEWSKA, " + strings.ToUpper(email) + ", about visas."
		return tx.UpdateForum(ctx, &f)
	})
	if err != nil {
		t.Fatal(err)
	}
	// Two snapshots hold her, and the log holds pages from before her bio
	// changed.
	for _, reason := range []string{"import-people", "import-sessions"} {
		if _, err := app.Snapshot(ctx, reason); err != nil {
			t.Fatal(err)
		}
	}
	zofia.Bio = "Moved to a new post."
	if err := app.Update(ctx, func(tx *storage.Tx) error { return tx.UpdatePerson(ctx, &zofia) }); err != nil {
		t.Fatal(err)
	}
	if found := filesHolding(t, path, name, email); len(found) < 3 {
		t.Fatalf("the test plan should hold her in the plan and both snapshots: %v", found)
	}
	var owned []int64
	var actions []model.ActionItem
	app.View(ctx, func(tx *storage.Tx) (err error) { actions, err = tx.Actions(ctx); return err })
	for _, a := range actions {
		if a.OwnerID == zofia.ID {
			owned = append(owned, a.ID)
		}
	}

	// convene forget runs beside the app.
	cli := openPlan(t, path)
	got, err := cli.Forget(ctx, zofia.ID)
	if err != nil {
		t.Fatal(err)
	}
	cli.Close()

	if found := filesHolding(t, path, name, email, strings.ToUpper(email)); len(found) > 0 {
		t.Errorf("after forget, her name or email is still in the files: %v", found)
	}
	if len(got.Lingering) > 0 {
		t.Errorf("forget reports traces left: %v", got.Lingering)
	}
	if got.Name != name || got.Participations != 3 || got.Actions != len(owned) || got.Mentions != 2 || got.Invitations != 3 {
		t.Errorf("forget reports %+v; want her name, 3 participations, %d action items, 2 mentions and 3 invitations", got, len(owned))
	}
	if others := invitedOthers(t, app, zofia.ID); others == 0 {
		t.Error("forgetting her removed the invitations sent to the others on her sessions")
	}
	if len(got.Scrubbed) != 2 || len(got.Deleted) != 0 {
		t.Errorf("want both snapshots scrubbed and none deleted; scrubbed %v, deleted %v", got.Scrubbed, got.Deleted)
	}
	var people []model.Person
	app.View(ctx, func(tx *storage.Tx) (err error) { people, err = tx.FindPeople(ctx, email); return err })
	if len(people) != 0 {
		t.Errorf("the app still finds her: %v", people)
	}
	// Her action items stay, without an owner.
	for _, id := range owned {
		found := false
		var actions []model.ActionItem
		app.View(ctx, func(tx *storage.Tx) (err error) { actions, err = tx.Actions(ctx); return err })
		for _, a := range actions {
			if a.ID == id {
				found = true
				if a.OwnerID != 0 {
					t.Errorf("action %q still has owner %d", a.Title, a.OwnerID)
				}
			}
		}
		if !found {
			t.Errorf("action %d she owned is gone; it should stay without an owner", id)
		}
	}
	if err := app.CheckIntegrity(ctx); err != nil {
		t.Error(err)
	}
	for _, sn := range got.Scrubbed {
		s := openCopy(t, sn)
		if err := s.CheckIntegrity(ctx); err != nil {
			t.Error(err)
		}
		var people []model.Person
		s.View(ctx, func(tx *storage.Tx) (err error) { people, err = tx.FindPeople(ctx, email); return err })
		if len(people) != 0 {
			t.Errorf("%s still holds her", sn)
		}
		invitedOthers(t, s, zofia.ID)
	}
}

// invitedOthers fails the test if the plan still records an invitation
// sent to the forgotten person, and returns how many others it records.
func invitedOthers(t *testing.T, s *storage.Store, forgotten int64) int {
	t.Helper()
	var invs []storage.Invitation
	err := s.View(context.Background(), func(tx *storage.Tx) (err error) {
		invs, err = tx.Invitations(context.Background())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range invs {
		if inv.PersonID == forgotten {
			t.Errorf("%s still records an invitation sent to her: %+v", s.Path(), inv)
		}
	}
	return len(invs)
}

func addPeople(t *testing.T, s *storage.Store, people ...*model.Person) {
	t.Helper()
	ctx := context.Background()
	err := s.Update(ctx, func(tx *storage.Tx) error {
		for _, p := range people {
			p.Group, p.Gender, p.Zone = model.GroupAcademia, model.GenderUndisclosed, warsaw(t)
			if err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestForgetKeepsTheNameAnotherPersonHas(t *testing.T) {
	ctx := context.Background()
	s := openPlan(t, samplePlan(t))
	first := &model.Person{Name: "Sam Lee", Email: "sam.lee@example.org"}
	second := &model.Person{Name: "Sam Lee", Email: "s.lee@example.net"}
	addPeople(t, s, first, second)
	got, err := s.Forget(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.SharedName != "Sam Lee" || len(got.Lingering) > 0 {
		t.Errorf("forget reports %+v; want the shared name said, and nothing lingering", got)
	}
	if found := filesHolding(t, s.Path(), first.Email); len(found) > 0 {
		t.Errorf("the forgotten email is still in the files: %v", found)
	}
	if p := findOne(t, s, "Sam Lee"); p.ID != second.ID {
		t.Errorf("the other Sam Lee is not the one left: %+v", p)
	}
}

func TestANameInsideALongerWordIsNotAMention(t *testing.T) {
	ctx := context.Background()
	s := openPlan(t, samplePlan(t))
	ana := &model.Person{Name: "Ana", Email: "ana@example.org", Bio: "x"}
	addPeople(t, s, ana)
	f := igf(t)
	f.Name, f.Notes = "Anápolis forum", "Ana moderates; ask ana@example.org. Anapolis is far."
	if err := s.Update(ctx, func(tx *storage.Tx) error { return tx.CreateForum(ctx, &f) }); err != nil {
		t.Fatal(err)
	}
	got, err := s.Forget(ctx, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	var after model.Forum
	err = s.View(ctx, func(tx *storage.Tx) (err error) {
		after, err = tx.Forum(ctx, f.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "[forgotten] moderates; ask [forgotten]. Anapolis is far."; after.Notes != want {
		t.Errorf("notes became %q, want %q", after.Notes, want)
	}
	// The letters of her name are still in the file, inside "Anapolis",
	// and forget says so rather than promise what it did not do.
	if len(got.Lingering) != 1 || !strings.Contains(got.Lingering[0], "their name") {
		t.Errorf("want the plan reported as still holding the letters of her name; got %v", got.Lingering)
	}
}

func TestASnapshotInWhichThePersonCannotBeToldApartIsDeleted(t *testing.T) {
	ctx := context.Background()
	s := openPlan(t, samplePlan(t))
	first, second := &model.Person{Name: "Kim Park"}, &model.Person{Name: "Kim Park"}
	addPeople(t, s, first, second)
	snap, err := s.Snapshot(ctx, "import-people")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(tx *storage.Tx) error { return tx.DeletePerson(ctx, second.ID, second.Version) }); err != nil {
		t.Fatal(err)
	}
	got, err := s.Forget(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Deleted) != 1 || got.Deleted[0].Path != snap || !strings.Contains(got.Deleted[0].Why, "their name") {
		t.Errorf("want the snapshot deleted, saying why; got %+v", got.Deleted)
	}
	if _, err := os.Stat(snap); !errors.Is(err, os.ErrNotExist) {
		t.Error("the snapshot is still there")
	}
	if found := filesHolding(t, s.Path(), "Kim Park"); len(found) > 0 {
		t.Errorf("the forgotten name is still in the files: %v", found)
	}
}

func TestForgettingSomeoneNotInThePlanIsRefused(t *testing.T) {
	s := openPlan(t, samplePlan(t))
	if _, err := s.Forget(context.Background(), 99999); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("got %v, want ErrNotFound", err)
	}
}
