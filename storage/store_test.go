package storage_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

func newPlan(t *testing.T) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "plan.convene"), storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func checksum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestANewPlanIsReadableByItsOwnerOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plans")
	path := filepath.Join(dir, "coalition.convene")
	s, err := storage.Open(context.Background(), path, storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for p, want := range map[string]os.FileMode{path: 0o600, dir: 0o700} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s has mode %o, want %o", p, got, want)
		}
	}
	// It is marked as a Convene plan, so it is recognised when opened again.
	s, err = storage.Open(context.Background(), path, storage.Options{})
	if err != nil {
		t.Fatalf("reopening my own plan: %v", err)
	}
	s.Close()
}

func TestFilesThatAreNotPlansAreRefusedAndLeftAsTheyWere(t *testing.T) {
	dir := t.TempDir()
	otherDB := filepath.Join(dir, "firefox-places.sqlite")
	db, err := sql.Open("sqlite", otherDB)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('https://eurodig.org')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	newer := filepath.Join(dir, "from-the-future.convene")
	s, err := storage.Open(context.Background(), newer, storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, _ = sql.Open("sqlite", newer)
	if _, err := db.Exec(`PRAGMA user_version = 999`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	files := map[string][]byte{
		"notes.txt":   []byte("Ask Zofia about the IGF 2021 proposal\n"),
		"empty.plan":  nil,
		"short.plan":  []byte("SQLite format 3"),
		"binary.plan": bytes.Repeat([]byte{0xff, 0x00}, 4096),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := map[string]error{
		"notes.txt":               storage.ErrNotPlan,
		"empty.plan":              storage.ErrNotPlan,
		"short.plan":              storage.ErrNotPlan,
		"binary.plan":             storage.ErrNotPlan,
		"firefox-places.sqlite":   storage.ErrNotPlan,
		"from-the-future.convene": storage.ErrNewerPlan,
	}
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			before := checksum(t, path)
			info, _ := os.Stat(path)
			_, err := storage.Open(context.Background(), path, storage.Options{Create: true})
			if !errors.Is(err, want) {
				t.Fatalf("opening %s: got %v, want %v", name, err, want)
			}
			var pe *storage.PlanError
			if !errors.As(err, &pe) || pe.Path != path {
				t.Errorf("the error does not name the file: %v", err)
			}
			if checksum(t, path) != before {
				t.Errorf("%s was changed by the attempt", name)
			}
			after, _ := os.Stat(path)
			if after.Mode() != info.Mode() {
				t.Errorf("%s's mode changed from %v to %v", name, info.Mode(), after.Mode())
			}
			for _, side := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(path + side); err == nil {
					t.Errorf("the attempt left %s%s behind", name, side)
				}
			}
		})
	}
}

func TestAnEmptyFileTheUserAskedForBecomesAPlan(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.convene")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(context.Background(), path, storage.Options{Empty: true})
	if err != nil {
		t.Fatalf("a new plan in a file the save dialog made: %v", err)
	}
	s.Close()
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("the new plan has mode %o, want 600", info.Mode().Perm())
	}
}

func TestAMissingPlanIsNotCreatedUnlessAsked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo.convene")
	if _, err := storage.Open(context.Background(), path, storage.Options{}); !errors.Is(err, storage.ErrNoPlan) {
		t.Fatalf("got %v, want ErrNoPlan", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("a plan was created although not asked for")
	}
}

func warsaw(t *testing.T) *time.Location {
	t.Helper()
	loc, err := model.LoadZone("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func igf(t *testing.T) model.Forum {
	return model.Forum{
		Name: "IGF 2021", Kind: model.KindGlobal, City: "Katowice", Country: "PL", Format: model.Hybrid,
		FirstDay: model.Date{Year: 2021, Month: 12, Day: 6}, LastDay: model.Date{Year: 2021, Month: 12, Day: 10},
		Zone: warsaw(t),
	}
}

func TestAPlanKeepsWhatACoordinatorEnters(t *testing.T) {
	forEachPlan(t, aPlanKeepsWhatACoordinatorEnters)
}

func aPlanKeepsWhatACoordinatorEnters(t *testing.T, s *storage.Store) {
	ctx := context.Background()
	forum := igf(t)
	iot := model.Coalition{Name: "Dynamic Coalition on the Internet of Things", ShortName: "DC-IoT"}
	civ := model.Coalition{Name: "Dynamic Coalition on Core Internet Values", ShortName: "DC-CIV"}
	zofia := model.Person{Name: "Zofia Wróblewska", Email: "zofia@example.org", Group: model.GroupGovernment,
		Region: model.RegionEasternEuropean, Gender: model.GenderFemale, Country: "PL", Zone: warsaw(t),
		Bio: "Works on IoT policy.\nSpeaks Polish and English."}
	start, _ := model.WallClock(2021, 12, 7, 11, 30, warsaw(t))
	var session model.Session
	err := s.Update(ctx, func(tx *storage.Tx) error {
		for _, c := range []*model.Coalition{&iot, &civ} {
			if err := tx.CreateCoalition(ctx, c); err != nil {
				return err
			}
		}
		if err := tx.CreateForum(ctx, &forum); err != nil {
			return err
		}
		if err := tx.CreatePerson(ctx, &zofia); err != nil {
			return err
		}
		session = model.Session{ForumID: forum.ID, Title: "Core Internet Values and the IoT",
			Format: model.FormatDCSession, Start: start, End: start.Add(90 * time.Minute), Room: "Room 3",
			Status: model.StatusScheduled, Organisers: []string{"DC-CIV", "DC-IoT"},
			Topics:       []string{"software update", "data protection"},
			Participants: []model.Participation{{PersonID: zofia.ID, Role: model.RoleModerator, Status: model.Confirmed}}}
		return tx.CreateSession(ctx, &session)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !iot.Own || civ.Own {
		t.Errorf("the first coalition is the plan's own: DC-IoT own=%v, DC-CIV own=%v", iot.Own, civ.Own)
	}
	if session.UID == "" {
		t.Error("a new session got no UID")
	}
	var got model.Session
	err = s.View(ctx, func(tx *storage.Tx) (err error) {
		got, err = tx.SessionByUID(ctx, session.UID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Start.Equal(start) || got.Title != session.Title || !got.Joint() || len(got.Participants) != 1 {
		t.Errorf("read back %+v, want %+v", got, session)
	}
	if got.Start.Location() != time.UTC {
		t.Errorf("instants come back in %v, want UTC", got.Start.Location())
	}
	var p model.Person
	err = s.View(ctx, func(tx *storage.Tx) (err error) {
		p, err = tx.PersonByEmail(ctx, "ZOFIA@example.org")
		return err
	})
	if err != nil || p.Bio != zofia.Bio || p.Zone.String() != "Europe/Warsaw" {
		t.Errorf("person read back as %+v, %v", p, err)
	}
	var f model.Forum
	err = s.View(ctx, func(tx *storage.Tx) (err error) {
		f, err = tx.ForumByName(ctx, "igf 2021")
		return err
	})
	if err != nil || f.FirstDay != forum.FirstDay || f.Zone.String() != "Europe/Warsaw" {
		t.Errorf("forum read back as %+v, %v", f, err)
	}
}

func TestAFailedChangeLeavesThePlanAsItWas(t *testing.T) {
	forEachPlan(t, aFailedChangeLeavesThePlanAsItWas)
}

func aFailedChangeLeavesThePlanAsItWas(t *testing.T, s *storage.Store) {
	ctx := context.Background()
	forum := igf(t)
	err := s.Update(ctx, func(tx *storage.Tx) error {
		if err := tx.CreateForum(ctx, &forum); err != nil {
			return err
		}
		again := igf(t)
		return tx.CreateForum(ctx, &again) // same name
	})
	problems, ok := model.AsProblems(err)
	if !ok || problems.Field("name") == nil {
		t.Fatalf("a second forum of the same name: got %v, want a problem with the name", err)
	}
	var forums []model.Forum
	err = s.View(ctx, func(tx *storage.Tx) (err error) {
		forums, err = tx.Forums(ctx)
		return err
	})
	if err != nil || len(forums) != 0 {
		t.Errorf("after the failed change the plan has %d forums (%v), want 0", len(forums), err)
	}
}

// A session naming someone the plan does not hold (deleted in another
// window, say) is refused with that person named, and nothing is saved.
func TestASessionWithSomeoneNotInThePlanIsRefusedNamingThem(t *testing.T) {
	forEachPlan(t, aSessionWithSomeoneNotInThePlanIsRefusedNamingThem)
}

func aSessionWithSomeoneNotInThePlanIsRefusedNamingThem(t *testing.T, s *storage.Store) {
	ctx := context.Background()
	forum := igf(t)
	zofia := model.Person{Name: "Zofia Wróblewska", Email: "zofia@example.org", Group: model.GroupGovernment,
		Gender: model.GenderFemale, Zone: warsaw(t)}
	err := s.Update(ctx, func(tx *storage.Tx) error {
		if err := tx.CreateForum(ctx, &forum); err != nil {
			return err
		}
		if err := tx.CreatePerson(ctx, &zofia); err != nil {
			return err
		}
		session := model.Session{ForumID: forum.ID, Title: "IoT security", Format: model.FormatWorkshop,
			Status: model.StatusIdea, Participants: []model.Participation{
				{PersonID: zofia.ID, Role: model.RoleModerator, Status: model.Confirmed},
				{PersonID: zofia.ID + 41, Role: model.RoleSpeaker, Status: model.Invited},
			}}
		return tx.CreateSession(ctx, &session)
	})
	problems, ok := model.AsProblems(err)
	if !ok || problems.Field("participants") == nil {
		t.Fatalf("got %v, want a problem with the participants", err)
	}
	if msg := problems.Field("participants").Error(); !strings.Contains(msg, fmt.Sprint(zofia.ID+41)) || strings.Contains(msg, fmt.Sprintf("person %d ", zofia.ID)) {
		t.Errorf("the problem names %q, want person %d alone", msg, zofia.ID+41)
	}
	var forums []model.Forum
	if err := s.View(ctx, func(tx *storage.Tx) (err error) { forums, err = tx.Forums(ctx); return err }); err != nil || len(forums) != 0 {
		t.Errorf("after the refused change the plan has %d forums (%v), want none", len(forums), err)
	}
}

func TestSequenceRisesOnlyWhenACalendarWouldShowTheChange(t *testing.T) {
	forEachPlan(t, sequenceRisesOnlyWhenACalendarWouldShowTheChange)
}

func sequenceRisesOnlyWhenACalendarWouldShowTheChange(t *testing.T, s *storage.Store) {
	ctx := context.Background()
	forum := igf(t)
	start, _ := model.WallClock(2021, 12, 8, 9, 0, warsaw(t))
	session := model.Session{Title: "Vulnerability disclosure", Format: model.FormatWorkshop,
		Start: start, End: start.Add(time.Hour), Status: model.StatusScheduled}
	update := func(change func(*model.Session)) int {
		t.Helper()
		err := s.Update(ctx, func(tx *storage.Tx) error {
			got, err := tx.Session(ctx, session.ID)
			if err != nil {
				return err
			}
			change(&got)
			return tx.UpdateSession(ctx, &got)
		})
		if err != nil {
			t.Fatal(err)
		}
		var got model.Session
		s.View(ctx, func(tx *storage.Tx) (err error) { got, err = tx.Session(ctx, session.ID); return err })
		return got.Sequence
	}
	err := s.Update(ctx, func(tx *storage.Tx) error {
		if err := tx.CreateForum(ctx, &forum); err != nil {
			return err
		}
		session.ForumID = forum.ID
		return tx.CreateSession(ctx, &session)
	})
	if err != nil {
		t.Fatal(err)
	}
	if seq := update(func(s *model.Session) { s.ReportDue = model.Date{Year: 2022, Month: 1, Day: 7} }); seq != 0 {
		t.Errorf("a report due date raised SEQUENCE to %d", seq)
	}
	if seq := update(func(s *model.Session) { s.Title = "Vulnerability management and disclosure" }); seq != 1 {
		t.Errorf("a new title left SEQUENCE at %d, want 1", seq)
	}
	if seq := update(func(s *model.Session) {}); seq != 1 {
		t.Errorf("saving unchanged raised SEQUENCE to %d", seq)
	}
	err = s.Update(ctx, func(tx *storage.Tx) error {
		got, _ := tx.Session(ctx, session.ID)
		got.UID = "another@example.org"
		return tx.UpdateSession(ctx, &got)
	})
	if problems, _ := model.AsProblems(err); problems.Field("uid") == nil {
		t.Errorf("changing a session's UID: got %v, want a problem with uid", err)
	}
}

func TestForgettingAPersonKeepsTheirActionsWithoutOwner(t *testing.T) {
	forEachPlan(t, forgettingAPersonKeepsTheirActionsWithoutOwner)
}

func forgettingAPersonKeepsTheirActionsWithoutOwner(t *testing.T, s *storage.Store) {
	ctx := context.Background()
	person := model.Person{Name: "Li Ming", Email: "li.ming@example.org", Group: model.GroupAcademia,
		Gender: model.GenderMale, Zone: warsaw(t)}
	action := model.ActionItem{Title: "Read NIST guidance", Status: model.ActionOpen}
	err := s.Update(ctx, func(tx *storage.Tx) error {
		if err := tx.CreatePerson(ctx, &person); err != nil {
			return err
		}
		action.OwnerID = person.ID
		if err := tx.CreateAction(ctx, &action); err != nil {
			return err
		}
		return tx.DeletePerson(ctx, person.ID, person.Version)
	})
	if err != nil {
		t.Fatal(err)
	}
	var actions []model.ActionItem
	s.View(ctx, func(tx *storage.Tx) (err error) { actions, err = tx.Actions(ctx); return err })
	if len(actions) != 1 || actions[0].OwnerID != 0 {
		t.Errorf("after deleting the owner the actions are %+v, want one without owner", actions)
	}
	var _ model.Person
	if err := s.View(ctx, func(tx *storage.Tx) (err error) { _, err = tx.Person(ctx, person.ID); return err }); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the deleted person is still found: %v", err)
	}
}

func TestAPlanOpenInOneProcessIsRecognisedByAnother(t *testing.T) {
	forEachLocation(t, aPlanOpenInOneProcessIsRecognisedByAnother)
}

func aPlanOpenInOneProcessIsRecognisedByAnother(t *testing.T, path string) {
	ctx := context.Background()
	app, err := storage.Open(ctx, path, storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	// The command line opens the plan the app has open.
	cli, err := storage.Open(ctx, path, storage.Options{})
	if err != nil {
		t.Fatalf("a second opener of a new plan: %v", err)
	}
	cli.Close()
}

func TestFindingAPersonByNameIgnoresCaseBeyondASCII(t *testing.T) {
	forEachPlan(t, findingAPersonByNameIgnoresCaseBeyondASCII)
}

func findingAPersonByNameIgnoresCaseBeyondASCII(t *testing.T, s *storage.Store) {
	ctx := context.Background()
	ba, _ := model.LoadZone("America/Argentina/Buenos_Aires")
	jose := model.Person{Name: "José Álvarez-Núñez", Group: model.GroupCivilSociety, Zone: ba}
	if err := s.Update(ctx, func(tx *storage.Tx) error { return tx.CreatePerson(ctx, &jose) }); err != nil {
		t.Fatal(err)
	}
	var found []model.Person
	err := s.View(ctx, func(tx *storage.Tx) (err error) {
		found, err = tx.FindPeople(ctx, "JOSÉ ÁLVAREZ-NÚÑEZ")
		return err
	})
	if err != nil || len(found) != 1 || found[0].ID != jose.ID {
		t.Errorf("found %v, %v; want José", found, err)
	}
}
