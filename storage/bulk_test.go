package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/plangen"
	"github.com/convene-planner/convene/storage/postgres"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// bulkPlan is an empty plan the bulk stories write to.
type bulkPlan struct {
	name         string
	update, view func(context.Context, func(*storage.Tx) error) error
}

// bulkPlans are an empty plan file, an empty team plan written by its
// owner, and one written by a coordinator the owner gave 'write' (who
// may add rows but not call the tables' sequences).
func bulkPlans(t *testing.T) []bulkPlan {
	ctx := context.Background()
	file, err := storage.Open(ctx, filepath.Join(t.TempDir(), "plan.convene"), storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { file.Close() })
	owner, ownerView := storage.TeamPlanForTest(t)

	d := pgtest.Shared(t).NewDatabase(t)
	made, err := storage.Open(ctx, d.URL(d.Owner), storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	made.Close()
	writer := d.NewRole(t)
	db, err := postgres.Open(ctx, d.URL(d.Owner))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := postgres.Grant(ctx, db, writer.Name, true); err != nil {
		t.Fatal(err)
	}
	granted, err := storage.Open(ctx, d.URL(writer), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { granted.Close() })
	return []bulkPlan{
		{"file", file.Update, file.View},
		{"team plan, its owner", owner, ownerView},
		{"team plan, a writer", granted.Update, granted.View},
	}
}

// sheets are the spreadsheets of kinds of the plan, with contacts.
func sheets(t testing.TB, p *model.Plan, kinds ...csvio.Kind) map[csvio.Kind][]byte {
	files := map[csvio.Kind][]byte{}
	for _, k := range kinds {
		var buf bytes.Buffer
		if err := csvio.Export(&buf, p, k, csvio.Options{WithContacts: true}); err != nil {
			t.Fatal(err)
		}
		files[k] = buf.Bytes()
	}
	return files
}

func importSheets(ctx context.Context, bp bulkPlan, files map[csvio.Kind][]byte, kinds ...csvio.Kind) error {
	for _, k := range kinds {
		err := bp.update(ctx, func(tx *storage.Tx) error {
			_, err := csvio.Import(ctx, tx, k, string(k)+".csv", bytes.NewReader(files[k]))
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: import %s: %w", bp.name, k, err)
		}
	}
	return nil
}

// readPlan reads the whole plan. Who changed each record last, and when,
// is left out: each plan has a
// writer of its own (a team plan's server signs with its owner's role).
func readPlan(t *testing.T, bp bulkPlan) *model.Plan {
	var p *model.Plan
	err := bp.view(context.Background(), func(tx *storage.Tx) error {
		var err error
		p, err = tx.Plan(context.Background())
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", bp.name, err)
	}
	unsign := func(r *model.Revision) { r.ChangedBy, r.ChangedAt = "", time.Time{} }
	for i := range p.People {
		unsign(&p.People[i].Revision)
	}
	for i := range p.Sessions {
		unsign(&p.Sessions[i].Revision)
	}
	for i := range p.Actions {
		unsign(&p.Actions[i].Revision)
	}
	return p
}

var fourKinds = []csvio.Kind{csvio.Forums, csvio.People, csvio.Sessions, csvio.Actions}

// A secretariat imports its four spreadsheets into a plan file and into
// a team plan (whose new rows go to the server with COPY), then a second
// sessions sheet that changes ten sessions and adds five: every plan
// reads back the same, record for record and ID for ID, as the file's
// (whose rows are written one by one), but for people's random UIDs.
func TestAnImportIntoATeamPlanReadsBackAsTheSameImportIntoAFile(t *testing.T) {
	ctx := context.Background()
	p := plangen.Plan(plangen.Realistic)
	files := sheets(t, p, fourKinds...)
	changed := *p
	changed.Sessions = append([]model.Session(nil), p.Sessions...)
	for i := range 10 {
		changed.Sessions[i].Title += " (moved)"
	}
	for i := range 5 {
		s := p.Sessions[20+i]
		s.ID, s.UID, s.Title = 0, fmt.Sprintf("added-%d@example.org", i), fmt.Sprintf("Added session %d", i)
		changed.Sessions = append(changed.Sessions, s)
	}
	second := sheets(t, &changed, csvio.Sessions)

	plans := bulkPlans(t)
	var want *model.Plan
	for _, bp := range plans {
		if err := importSheets(ctx, bp, files, fourKinds...); err != nil {
			t.Fatal(err)
		}
		if err := importSheets(ctx, bp, second, csvio.Sessions); err != nil {
			t.Fatal(err)
		}
		got := readPlan(t, bp)
		// A person the sheet brings gets a random UID of their own.
		for i := range got.People {
			got.People[i].UID = ""
		}
		if want == nil {
			want = got
			if n := len(got.Sessions); n != len(p.Sessions)+5 || len(got.People) != len(p.People) || len(got.Actions) != len(p.Actions) {
				t.Fatalf("the file holds %d sessions, %d people, %d actions; want %d, %d, %d",
					n, len(got.People), len(got.Actions), len(p.Sessions)+5, len(p.People), len(p.Actions))
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s reads back otherwise than the file", bp.name)
			for i := range min(len(got.Sessions), len(want.Sessions)) {
				if !reflect.DeepEqual(got.Sessions[i], want.Sessions[i]) {
					t.Errorf("first differing session:\n got  %+v\n want %+v", got.Sessions[i], want.Sessions[i])
					break
				}
			}
			for i := range min(len(got.People), len(want.People)) {
				if !reflect.DeepEqual(got.People[i], want.People[i]) {
					t.Errorf("first differing person:\n got  %+v\n want %+v", got.People[i], want.People[i])
					break
				}
			}
			for i := range min(len(got.Actions), len(want.Actions)) {
				if !reflect.DeepEqual(got.Actions[i], want.Actions[i]) {
					t.Errorf("first differing action:\n got  %+v\n want %+v", got.Actions[i], want.Actions[i])
					break
				}
			}
		}
	}
}

// A sessions sheet with two bad rows among good ones: the import names
// both lines, on a file and on a team plan, and the plan holds no
// session afterwards.
func TestABadRowInABulkImportIsNamedByItsLineAndNothingIsWritten(t *testing.T) {
	ctx := context.Background()
	p := plangen.Plan(plangen.Realistic)
	p.Sessions = append([]model.Session(nil), p.Sessions...)
	p.Sessions[3].Status = "postponed"
	p.Sessions[60].Status = "postponed"
	files := sheets(t, p, fourKinds...)
	// Where the two rows are: the line their UID is on (a description
	// may run over several lines, but comes after the UID).
	lineOf := func(uid string) int {
		text := string(files[csvio.Sessions])
		return strings.Count(text[:strings.Index(text, uid)], "\n") + 1
	}
	want := []int{lineOf(p.Sessions[3].UID), lineOf(p.Sessions[60].UID)}
	slices.Sort(want)

	for _, bp := range bulkPlans(t) {
		if err := importSheets(ctx, bp, files, csvio.Forums, csvio.People); err != nil {
			t.Fatal(err)
		}
		err := importSheets(ctx, bp, files, csvio.Sessions)
		var ie *csvio.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("%s: the import gave %v, want the problems of lines %v", bp.name, err, want)
		}
		var named []int
		for _, pr := range ie.Problems {
			named = append(named, pr.Line)
		}
		if !reflect.DeepEqual(named, want) {
			t.Errorf("%s: the problems are on lines %v, want %v:\n%v", bp.name, named, want, err)
		}
		if n := len(readPlan(t, bp).Sessions); n != 0 {
			t.Errorf("%s: the refused import left %d sessions", bp.name, n)
		}
	}
}

// Sessions added together are refused as each would be alone: one names
// someone not in the plan, one has the UID of a session the plan has.
// Both are named by their place, with the field at fault, the same on a
// file and on a team plan, and the change is not kept.
func TestSessionsAddedTogetherAreRefusedAsEachAlone(t *testing.T) {
	ctx := context.Background()
	p := plangen.Plan(plangen.Realistic)
	files := sheets(t, p, fourKinds...)
	var told []string
	for _, bp := range bulkPlans(t) {
		if err := importSheets(ctx, bp, files, fourKinds...); err != nil {
			t.Fatal(err)
		}
		before := readPlan(t, bp)
		batch := []model.Session{p.Sessions[0], p.Sessions[1], p.Sessions[2], p.Sessions[3]}
		for i := range batch {
			batch[i].ID, batch[i].UID = 0, fmt.Sprintf("new-%d@example.org", i)
		}
		batch[1].Participants = append(batch[1].Participants, model.Participation{PersonID: 99999, Role: model.Roles()[0], Status: model.Confirmations()[0]})
		batch[2].UID = p.Sessions[7].UID
		err := bp.update(ctx, func(tx *storage.Tx) error { return tx.CreateSessions(ctx, batch) })
		var refused storage.RecordErrors
		if !errors.As(err, &refused) {
			t.Fatalf("%s: adding them gave %v, want the two refused", bp.name, err)
		}
		var said []string
		for _, r := range refused {
			pr, _ := model.AsProblems(r.Err)
			said = append(said, fmt.Sprintf("%d %v", r.Index, pr))
		}
		if len(refused) != 2 || refused[0].Index != 1 || refused[1].Index != 2 ||
			!strings.Contains(said[0], "participants") || !strings.Contains(said[1], "uid") {
			t.Errorf("%s: refused %q, want the second for its participants and the third for its uid", bp.name, said)
		}
		if told == nil {
			told = said
		} else if !reflect.DeepEqual(said, told) {
			t.Errorf("%s says %q; the file says %q", bp.name, said, told)
		}
		if after := readPlan(t, bp); !reflect.DeepEqual(after, before) {
			t.Errorf("%s: the refused change was kept", bp.name)
		}
	}
}

// A team plan's owner has given the person table a rule of their own
// that Convene does not know: the COPY of a people sheet is refused as a
// whole, and the import then goes row by row and names the line the
// server refused, writing nothing.
func TestARowOnlyTheServerRefusesIsNamedByItsLine(t *testing.T) {
	ctx := context.Background()
	p := plangen.Plan(plangen.Realistic)
	files := sheets(t, p, csvio.People)
	d := pgtest.Shared(t).NewDatabase(t)
	s, err := storage.Open(ctx, d.URL(d.Owner), storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	refusedName := p.People[4].Name
	// The sheet lists people by name, header on line 1.
	lines := strings.Split(string(files[csvio.People]), "\n")
	line := 0
	for i, l := range lines {
		if strings.Contains(l, refusedName) {
			line = i + 1
			break
		}
	}
	if _, err := d.Admin(t).Exec(fmt.Sprintf(`ALTER TABLE person ADD CONSTRAINT house_rule CHECK (name <> '%s')`,
		strings.ReplaceAll(refusedName, "'", "''"))); err != nil {
		t.Fatal(err)
	}
	err = importSheets(ctx, bulkPlan{"team plan", s.Update, s.View}, files, csvio.People)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("people.csv:%d:", line)) || !strings.Contains(err.Error(), "house_rule") {
		t.Errorf("the import gave %v, want the server's refusal of line %d", err, line)
	}
	if n := len(readPlan(t, bulkPlan{"team plan", s.Update, s.View}).People); n != 0 {
		t.Errorf("the refused import left %d people", n)
	}
}

// A talk deleted after its people were invited comes back in an import
// with other sessions, and a speaker deleted comes back in an import with
// other people: on a file and on a team plan (where the rows come in one
// COPY, and what gives the invitations back runs once for all of them),
// what was sent about each comes back with it, and nothing is left owed.
func TestWhatWasSentComesBackWithSessionsAndPeopleAddedTogether(t *testing.T) {
	ctx := context.Background()
	path := samplePlan(t)
	d := pgtest.Shared(t).NewDatabase(t)
	if err := storage.Copy(ctx, path, d.URL(d.Owner)); err != nil {
		t.Fatal(err)
	}
	file := openPlan(t, path)
	team, err := storage.Open(ctx, d.URL(d.Owner), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer team.Close()
	for _, s := range []*storage.Store{file, team} {
		talk := inviteTalk(t, s)
		update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.DeleteSession(ctx, talk.ID, talk.Version) })
		if kept := withdrawn(t, s); len(kept) != 3 {
			t.Fatalf("%s: the deleted talk left %d invitations, want 3", s.Path(), len(kept))
		}
		other := talk
		other.UID, other.Title, other.Participants = "another-talk@example.org", "Another talk", nil
		batch := []model.Session{talk, other}
		batch[0].ID = 0
		update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.CreateSessions(ctx, batch) })
		back := batch[0]
		if kept := withdrawn(t, s); len(kept) != 0 {
			t.Errorf("%s: with the talk back, the plan still keeps %+v", s.Path(), kept)
		}
		for _, pt := range talk.Participants {
			inv, err := viewed(s, func(ctx context.Context, tx *storage.Tx) (storage.Invitation, error) {
				return tx.InvitationTo(ctx, back.ID, pt.PersonID)
			})
			if err != nil || inv.Method != "REQUEST" {
				t.Errorf("%s: person %d: %+v, %v; want the invitation back", s.Path(), pt.PersonID, inv, err)
			}
		}

		speaker, err := viewed(s, func(ctx context.Context, tx *storage.Tx) (model.Person, error) {
			return tx.Person(ctx, talk.Participants[0].PersonID)
		})
		if err != nil {
			t.Fatal(err)
		}
		update(t, s, func(ctx context.Context, tx *storage.Tx) error {
			return tx.DeletePerson(ctx, speaker.ID, speaker.Version)
		})
		if kept := withdrawn(t, s); len(kept) != 1 {
			t.Fatalf("%s: the deleted speaker left %d invitations, want 1", s.Path(), len(kept))
		}
		people := []model.Person{speaker, {Name: "Someone New", Email: "new@example.org", Group: speaker.Group, Zone: speaker.Zone}}
		people[0].ID, people[0].UID = 0, ""
		update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.CreatePeople(ctx, people) })
		if kept := withdrawn(t, s); len(kept) != 0 {
			t.Errorf("%s: with the speaker back, the plan still keeps %+v", s.Path(), kept)
		}
		inv, err := viewed(s, func(ctx context.Context, tx *storage.Tx) (storage.Invitation, error) {
			return tx.InvitationTo(ctx, back.ID, people[0].ID)
		})
		if err != nil || inv.Method != "REQUEST" {
			t.Errorf("%s: the speaker back: %+v, %v; want their invitation back", s.Path(), inv, err)
		}
	}
}

// The generated plan of 200 sessions written record by record, and
// written with its people, sessions and action items each added
// together: on a file and on a team plan, the two read back the same,
// IDs included.
func TestRecordsAddedTogetherAreAsAddedOneByOne(t *testing.T) {
	ctx := context.Background()
	together := func(tx *storage.Tx, p *model.Plan) error {
		for i := range p.Coalitions {
			if err := tx.CreateCoalition(ctx, &p.Coalitions[i]); err != nil {
				return err
			}
		}
		for i := range p.Forums {
			if err := tx.CreateForum(ctx, &p.Forums[i]); err != nil {
				return err
			}
		}
		if err := tx.CreatePeople(ctx, p.People); err != nil {
			return err
		}
		if err := tx.CreateSessions(ctx, p.Sessions); err != nil {
			return err
		}
		return tx.CreateActions(ctx, p.Actions)
	}
	oneByOne := func(tx *storage.Tx, p *model.Plan) error { return plangen.WriteTx(ctx, tx, p) }
	for _, backend := range []string{"file", "team"} {
		var read [2]*model.Plan
		for i, write := range []func(*storage.Tx, *model.Plan) error{oneByOne, together} {
			bp := bulkPlan{name: backend}
			if backend == "file" {
				s, err := storage.Open(ctx, filepath.Join(t.TempDir(), "plan.convene"), storage.Options{Create: true})
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				bp.update, bp.view = s.Update, s.View
			} else {
				bp.update, bp.view = storage.TeamPlanForTest(t)
			}
			p := plangen.Plan(plangen.Realistic)
			if err := bp.update(ctx, func(tx *storage.Tx) error { return write(tx, p) }); err != nil {
				t.Fatalf("%s: %v", backend, err)
			}
			read[i] = readPlan(t, bp)
			for j := range read[i].People {
				read[i].People[j].UID = ""
			}
		}
		if len(read[0].Sessions) != plangen.Realistic {
			t.Fatalf("%s: %d sessions written, want %d", backend, len(read[0].Sessions), plangen.Realistic)
		}
		if !reflect.DeepEqual(read[0], read[1]) {
			t.Errorf("%s: the plan written together reads back otherwise than the one written one by one", backend)
		}
	}
}

// A team plan's owner has a rule of their own about session titles that
// Convene does not know. A sheet changing three sessions, the second
// against that rule: the changes, first saved together, are saved again
// one by one, which names the line the server refused, and none of the
// three is kept.
func TestAChangeOnlyTheServerRefusesIsNamedByItsLine(t *testing.T) {
	ctx := context.Background()
	p := plangen.Plan(plangen.Realistic)
	files := sheets(t, p, fourKinds...)
	d := pgtest.Shared(t).NewDatabase(t)
	s, err := storage.Open(ctx, d.URL(d.Owner), storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	team := bulkPlan{"team plan", s.Update, s.View}
	if err := importSheets(ctx, team, files, fourKinds...); err != nil {
		t.Fatal(err)
	}
	before := readPlan(t, team)
	changed := *p
	changed.Sessions = append([]model.Session(nil), p.Sessions...)
	for _, i := range []int{5, 6, 7} {
		changed.Sessions[i].Title += " (changed)"
	}
	refused := changed.Sessions[6].Title
	second := sheets(t, &changed, csvio.Sessions)
	text := string(second[csvio.Sessions])
	line := strings.Count(text[:strings.Index(text, changed.Sessions[6].UID)], "\n") + 1
	if _, err := d.Admin(t).Exec(fmt.Sprintf(`ALTER TABLE session ADD CONSTRAINT house_rule CHECK (title <> '%s')`,
		strings.ReplaceAll(refused, "'", "''"))); err != nil {
		t.Fatal(err)
	}
	err = importSheets(ctx, team, second, csvio.Sessions)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("sessions.csv:%d:", line)) || !strings.Contains(err.Error(), "house_rule") {
		t.Errorf("the import gave %v, want the server's refusal of line %d", err, line)
	}
	if after := readPlan(t, team); !reflect.DeepEqual(after, before) {
		t.Error("the refused import changed the plan")
	}
}
