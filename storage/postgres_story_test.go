package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// The stories in this file hold the store to one text for its statements:
// the same Tx methods run on a plan file and on a team plan, answer the
// same, refuse the same, and read back the same plan, record for record
// and in the same order.

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// testPlan is a plan as the stories use it: a change, and a look.
type testPlan struct {
	name         string
	update, view func(ctx context.Context, fn func(tx *Tx) error) error
	store        *Store
	// For a team plan: its database, to look at its files.
	pg *pgtest.Database
}

func filePlanForTest(t *testing.T) testPlan {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "plan.convene"), Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return testPlan{name: "file", update: s.Update, view: s.View, store: s}
}

func teamPlanForTest(tb testing.TB) testPlan {
	d := pgtest.Shared(tb).NewDatabase(tb)
	s, err := Open(context.Background(), d.URL(d.Owner), Options{Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return testPlan{name: "team", update: s.Update, view: s.View, store: s, pg: d}
}

// TeamPlanForTest makes an empty team plan for the test and returns its
// change and its look, for the tests and benchmarks outside the package
// that compare it with a plan file (storage_test may use plangen, which
// this package's own tests may not).
func TeamPlanForTest(tb testing.TB) (update, view func(ctx context.Context, fn func(tx *Tx) error) error) {
	b := teamPlanForTest(tb)
	return b.update, b.view
}

// storyPlan is what a coordinator enters: people whose names sort
// differently byte by byte than in English, a session scheduled and one
// not, organisers, speakers, availability, an action, a report.
func storyPlan(t *testing.T) *model.Plan {
	warsaw, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	start, _ := model.WallClock(2021, 12, 7, 11, 30, warsaw)
	person := func(uid, name, email string) model.Person {
		return model.Person{UID: uid, Name: name, Email: email, Group: model.GroupCivilSociety,
			Gender: model.GenderFemale, Zone: warsaw}
	}
	p := &model.Plan{
		Coalitions: []model.Coalition{{Name: "Dynamic Coalition on the Internet of Things", ShortName: "DC-IoT"},
			{Name: "Dynamic Coalition on Core Internet Values", ShortName: "DC-CIV"}},
		Forums: []model.Forum{{Name: "IGF 2021", Kind: model.KindGlobal, City: "Katowice", Country: "PL", Format: model.Hybrid,
			FirstDay: model.Date{Year: 2021, Month: 12, Day: 6}, LastDay: model.Date{Year: 2021, Month: 12, Day: 10}, Zone: warsaw}},
		People: []model.Person{
			person("u1", "Émile Zola", "emile@example.org"),
			person("u2", "bob", ""),
			person("u3", "Alice", "ALICE@example.org"),
			person("u4", "zoë", "zoe@example.org"),
		},
	}
	p.People[0].Availability = []model.Window{{Start: start, End: start.Add(3 * time.Hour)}}
	p.Sessions = []model.Session{
		{UID: "s1@convene", Title: "IoT, trust and the SDGs", Format: model.FormatWorkshop, Start: start, End: start.Add(90 * time.Minute),
			Status: model.StatusScheduled, Room: "Plenary 2", Topics: []string{"IoT", "trust"},
			Organisers:   []string{"DC-IoT", "DC-CIV"},
			Participants: []model.Participation{{PersonID: 1, Role: model.RoleSpeaker, Status: model.Confirmed}, {PersonID: 3, Role: model.RoleModerator}}},
		{UID: "s2@convene", Title: "Core values, unscheduled", Format: model.FormatWorkshop, Status: model.StatusProposed,
			Organisers: []string{"DC-CIV"}},
	}
	p.Actions = []model.ActionItem{{Title: "Send the report", OwnerID: 2, Status: model.ActionOpen, Due: model.Date{Year: 2021, Month: 12, Day: 24}}}
	return p
}

// write enters the plan as the app and imports do, one Tx method a record.
func write(ctx context.Context, tx *Tx, p *model.Plan) error {
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
	for i := range p.People {
		if err := tx.CreatePerson(ctx, &p.People[i]); err != nil {
			return err
		}
	}
	for i := range p.Sessions {
		p.Sessions[i].ForumID = p.Forums[0].ID
		if err := tx.CreateSession(ctx, &p.Sessions[i]); err != nil {
			return err
		}
	}
	for i := range p.Actions {
		if err := tx.CreateAction(ctx, &p.Actions[i]); err != nil {
			return err
		}
	}
	return tx.SaveReport(ctx, &model.SessionReport{SessionID: p.Sessions[0].ID, KeyIssues: "Labels for IoT devices.", Onsite: 40, Online: 25})
}

// A coordinator enters a plan, renames a session and reads the plan
// back: a team plan gives back what a plan file does, record for record
// and in the same order, through the same statements.
func TestATeamPlanKeepsWhatACoordinatorEntersAsAFileDoes(t *testing.T) {
	ctx := context.Background()
	read := map[string]*model.Plan{}
	for _, b := range []testPlan{filePlanForTest(t), teamPlanForTest(t)} {
		p := storyPlan(t)
		err := b.update(ctx, func(tx *Tx) error { return write(ctx, tx, p) })
		if err != nil {
			t.Fatalf("%s: enter the plan: %v", b.name, err)
		}
		renamed := p.Sessions[0]
		renamed.Title = "IoT, trust and the SDGs (renamed)"
		renamed.Participants = renamed.Participants[:1]
		if err := b.update(ctx, func(tx *Tx) error { return tx.UpdateSession(ctx, &renamed) }); err != nil {
			t.Fatalf("%s: rename a session: %v", b.name, err)
		}
		err = b.view(ctx, func(tx *Tx) error {
			read[b.name], err = tx.Plan(ctx)
			return err
		})
		if err != nil {
			t.Fatalf("%s: read the plan back: %v", b.name, err)
		}
	}
	file, team := read["file"], read["team"]
	var names []string
	for _, p := range team.People {
		names = append(names, p.Name)
	}
	if want := "Alice, bob, zoë, Émile Zola"; strings.Join(names, ", ") != want {
		t.Errorf("the team plan lists people as %s; want %s, as a plan file does", strings.Join(names, ", "), want)
	}
	if s := team.Sessions[0]; s.Title != "IoT, trust and the SDGs (renamed)" || s.Sequence != 1 || len(s.Participants) != 1 {
		t.Errorf("the renamed session reads back as %q, sequence %d, %d participants", s.Title, s.Sequence, len(s.Participants))
	}
	for _, part := range []struct {
		name       string
		file, team any
	}{
		{"coalitions", file.Coalitions, team.Coalitions},
		{"forums", file.Forums, team.Forums},
		{"people", file.People, team.People},
		{"sessions", file.Sessions, team.Sessions},
		{"actions", file.Actions, team.Actions},
		{"reports", file.Reports, team.Reports},
	} {
		// Who changed what is the one difference: the OS user signs a
		// file's records, the PostgreSQL role a team plan's.
		if !reflect.DeepEqual(unsigned(part.file), unsigned(part.team)) {
			t.Errorf("%s differ:\nfile %s\nteam %s", part.name, fmt.Sprintf("%+v", part.file), fmt.Sprintf("%+v", part.team))
		}
	}
}

// An email already in the plan, in other capitals, is refused on both,
// and nothing of the change is kept.
func TestAnEmailAlreadyInATeamPlanIsRefusedAsInAFile(t *testing.T) {
	ctx := context.Background()
	for _, b := range []testPlan{filePlanForTest(t), teamPlanForTest(t)} {
		p := storyPlan(t)
		if err := b.update(ctx, func(tx *Tx) error { return write(ctx, tx, p) }); err != nil {
			t.Fatal(err)
		}
		again := model.Person{Name: "Alice Again", Email: "alice@EXAMPLE.org", Group: model.GroupCivilSociety,
			Gender: model.GenderFemale, Zone: time.UTC}
		err := b.update(ctx, func(tx *Tx) error { return tx.CreatePerson(ctx, &again) })
		if err == nil {
			t.Errorf("%s: a second person with Alice's email was added", b.name)
		}
		var n int
		b.view(ctx, func(tx *Tx) error { return tx.q.QueryRowContext(ctx, `SELECT count(*) FROM person`).Scan(&n) })
		if n != len(p.People) {
			t.Errorf("%s: %d people after the refused change, want %d", b.name, n, len(p.People))
		}
	}
}

// step is one thing a coordinator, an import or a publish does, with
// what it gives back.
type step struct {
	name string
	do   func(ctx context.Context, tx *Tx) (any, error)
}

// The rest of what the store reads and writes, step by step after the
// story's plan is entered, gives the same answers on a team plan as on a
// file, refusals included.
func TestEveryOtherReadAndWriteAnswersOnATeamPlanAsOnAFile(t *testing.T) {
	ctx := context.Background()
	sent := time.Date(2021, 11, 30, 8, 0, 0, 0, time.UTC)
	inv := Invitation{SessionID: 1, PersonID: 1, Sequence: 0, Method: "REQUEST", Sent: sent, Shown: "a1"}
	writes := []step{
		{"record an invitation", func(ctx context.Context, tx *Tx) (any, error) { return nil, tx.RecordInvitation(ctx, inv) }},
		{"record it again, changed", func(ctx context.Context, tx *Tx) (any, error) {
			again := inv
			again.Sequence, again.Shown = 1, "b2"
			return nil, tx.RecordInvitation(ctx, again)
		}},
		{"set the sender", func(ctx context.Context, tx *Tx) (any, error) {
			return nil, tx.SetInvitationSender(ctx, "dc@example.org")
		}},
		{"set the sender again", func(ctx context.Context, tx *Tx) (any, error) {
			return nil, tx.SetInvitationSender(ctx, "iot@example.org")
		}},
		{"give a feed token", func(ctx context.Context, tx *Tx) (any, error) {
			token, err := tx.AddFeedToken(ctx, 2)
			return token != "", err
		}},
		{"record a publish", func(ctx context.Context, tx *Tx) (any, error) {
			return nil, tx.SetPublished(ctx, "igf", "s1@convene", Published{Digest: "d1", ETag: `"e1"`})
		}},
		{"record it again", func(ctx context.Context, tx *Tx) (any, error) {
			return nil, tx.SetPublished(ctx, "igf", "s1@convene", Published{Digest: "d2"})
		}},
		{"record another", func(ctx context.Context, tx *Tx) (any, error) {
			return nil, tx.SetPublished(ctx, "igf", "s2@convene", Published{Digest: "d3"})
		}},
		{"unpublish it", func(ctx context.Context, tx *Tx) (any, error) { return nil, tx.Unpublished(ctx, "igf", "s2@convene") }},
		{"write a narrative", func(ctx context.Context, tx *Tx) (any, error) {
			return nil, tx.SaveNarrative(ctx, &model.Narrative{Year: 2021, Text: "Hybrid at last."})
		}},
		{"rewrite it", func(ctx context.Context, tx *Tx) (any, error) {
			return nil, tx.SaveNarrative(ctx, &model.Narrative{Year: 2021, Text: "Hybrid, at last."})
		}},
		{"put 2020 away", func(ctx context.Context, tx *Tx) (any, error) { return nil, tx.SetArchived(ctx, 2020, true) }},
		{"put 2020 away again", func(ctx context.Context, tx *Tx) (any, error) { return nil, tx.SetArchived(ctx, 2020, true) }},
		{"put 2019 away and back", func(ctx context.Context, tx *Tx) (any, error) {
			if err := tx.SetArchived(ctx, 2019, true); err != nil {
				return nil, err
			}
			return nil, tx.SetArchived(ctx, 2019, false)
		}},
		{"ensure a known coalition", func(ctx context.Context, tx *Tx) (any, error) {
			c, added, err := tx.EnsureCoalition(ctx, "DC-IoT")
			return fmt.Sprint(c, added), err
		}},
		{"ensure a new one", func(ctx context.Context, tx *Tx) (any, error) {
			c, added, err := tx.EnsureCoalition(ctx, "DC-SIDS")
			return fmt.Sprint(c, added), err
		}},
		{"make another the plan's own", func(ctx context.Context, tx *Tx) (any, error) { return nil, tx.SetOwnCoalition(ctx, 2) }},
		{"make a missing one the plan's own", func(ctx context.Context, tx *Tx) (any, error) { return nil, tx.SetOwnCoalition(ctx, 99) }},
		{"rename a coalition", func(ctx context.Context, tx *Tx) (any, error) {
			return nil, tx.UpdateCoalition(ctx, &model.Coalition{ID: 3, Name: "Dynamic Coalition on Small Island Developing States", ShortName: "DC-SIDS"})
		}},
		{"delete a coalition that organises", func(ctx context.Context, tx *Tx) (any, error) { return nil, tx.DeleteCoalition(ctx, 1) }},
		{"change a person", func(ctx context.Context, tx *Tx) (any, error) {
			p, err := tx.Person(ctx, 4)
			if err != nil {
				return nil, err
			}
			p.Affiliation, p.Availability = "University of the South Pacific", nil
			return nil, tx.UpdatePerson(ctx, &p)
		}},
		{"change a forum", func(ctx context.Context, tx *Tx) (any, error) {
			f, err := tx.Forum(ctx, 1)
			if err != nil {
				return nil, err
			}
			f.Website = "https://www.intgovforum.org"
			return nil, tx.UpdateForum(ctx, &f)
		}},
		{"mark an action done", func(ctx context.Context, tx *Tx) (any, error) {
			return nil, tx.UpdateAction(ctx, &model.ActionItem{ID: 1, Title: "Send the report", OwnerID: 2, Status: model.ActionDone, Revision: model.Revision{Version: 1}})
		}},
		{"delete a session", func(ctx context.Context, tx *Tx) (any, error) { return nil, tx.DeleteSession(ctx, 2, 1) }},
		{"delete a person who speaks", func(ctx context.Context, tx *Tx) (any, error) { return nil, tx.DeletePerson(ctx, 1, 1) }},
		{"delete a missing person", func(ctx context.Context, tx *Tx) (any, error) { return nil, tx.DeletePerson(ctx, 1, 1) }},
	}
	reads := []step{
		{"each session", func(ctx context.Context, tx *Tx) (any, error) {
			var all []model.Session
			err := tx.EachSession(ctx, SessionFilter{ForumID: 1}, func(s *model.Session) error {
				all = append(all, *s)
				return nil
			})
			return all, err
		}},
		{"spans", func(ctx context.Context, tx *Tx) (any, error) { return tx.Spans(ctx, SessionFilter{}) }},
		{"names", func(ctx context.Context, tx *Tx) (any, error) { return tx.Names(ctx) }},
		{"sessions of a person", func(ctx context.Context, tx *Tx) (any, error) { return tx.SessionsOf(ctx, 3) }},
		{"session titles", func(ctx context.Context, tx *Tx) (any, error) { return tx.SessionTitles(ctx) }},
		{"a session by UID", func(ctx context.Context, tx *Tx) (any, error) { return tx.SessionByUID(ctx, "s1@convene") }},
		{"a missing session", func(ctx context.Context, tx *Tx) (any, error) { return tx.Session(ctx, 2) }},
		{"a forum by name", func(ctx context.Context, tx *Tx) (any, error) { return tx.ForumByName(ctx, "IGF 2021") }},
		{"invitations", func(ctx context.Context, tx *Tx) (any, error) { return tx.Invitations(ctx) }},
		{"an invitation to a forgotten person", func(ctx context.Context, tx *Tx) (any, error) { return tx.InvitationTo(ctx, 1, 1) }},
		{"the sender", func(ctx context.Context, tx *Tx) (any, error) { return tx.InvitationSender(ctx) }},
		{"feed tokens", func(ctx context.Context, tx *Tx) (any, error) {
			tokens, err := tx.FeedTokens(ctx)
			return len(tokens), err
		}},
		{"what was published", func(ctx context.Context, tx *Tx) (any, error) { return tx.PublishedTo(ctx, "igf") }},
		{"a narrative", func(ctx context.Context, tx *Tx) (any, error) { return tx.Narrative(ctx, 2021) }},
		{"a report", func(ctx context.Context, tx *Tx) (any, error) { return tx.Report(ctx, 1) }},
		{"people by name", func(ctx context.Context, tx *Tx) (any, error) { return tx.FindPeople(ctx, "ZOË") }},
		{"a person by email", func(ctx context.Context, tx *Tx) (any, error) { return tx.PersonByEmail(ctx, "alice@example.org") }},
		{"the whole plan", func(ctx context.Context, tx *Tx) (any, error) { return tx.Plan(ctx) }},
	}
	type answer struct {
		value any
		ok    bool
	}
	answers := map[string][]answer{}
	for _, b := range []testPlan{filePlanForTest(t), teamPlanForTest(t)} {
		p := storyPlan(t)
		if err := b.update(ctx, func(tx *Tx) error { return write(ctx, tx, p) }); err != nil {
			t.Fatal(err)
		}
		for _, s := range writes {
			var a answer
			err := b.update(ctx, func(tx *Tx) error {
				var err error
				a.value, err = s.do(ctx, tx)
				a.value = unsigned(a.value)
				return err
			})
			a.ok = err == nil
			answers[b.name] = append(answers[b.name], a)
		}
		for _, s := range reads {
			var a answer
			err := b.view(ctx, func(tx *Tx) error {
				var err error
				a.value, err = s.do(ctx, tx)
				a.value = unsigned(a.value)
				return err
			})
			a.ok = err == nil
			answers[b.name] = append(answers[b.name], a)
		}
	}
	for i, s := range append(writes, reads...) {
		file, team := answers["file"][i], answers["team"][i]
		if !reflect.DeepEqual(file, team) {
			t.Errorf("%s: file %+v, team %+v", s.name, file, team)
		}
	}
}

// An import meets a row whose email is already in the plan: with each row
// an Attempt (a savepoint on a team plan, whose transaction would refuse
// every statement after a failed one), the rows after it are still tried,
// so every bad row can be named, and the refused import writes nothing,
// on both backends.
func TestAnImportTriesEveryRowPastARefusedOneInSavepoints(t *testing.T) {
	ctx := context.Background()
	for _, b := range []testPlan{filePlanForTest(t), teamPlanForTest(t)} {
		p := storyPlan(t)
		if err := b.update(ctx, func(tx *Tx) error { return write(ctx, tx, p) }); err != nil {
			t.Fatal(err)
		}
		rows := []model.Person{
			{Name: "Nadia", Email: "nadia@example.org"},
			{Name: "Alice Again", Email: "alice@EXAMPLE.org"},
			{Name: "Oscar", Email: "oscar@example.org"},
		}
		refused := map[string]bool{}
		err := b.update(ctx, func(tx *Tx) error {
			for _, r := range rows {
				r.Group, r.Gender, r.Zone = model.GroupCivilSociety, model.GenderFemale, time.UTC
				if err := tx.Attempt(ctx, func() error { return tx.CreatePerson(ctx, &r) }); err != nil {
					refused[r.Name] = true
				}
			}
			var n int
			if err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM person`).Scan(&n); err != nil {
				return err
			}
			if n != len(p.People)+2 {
				t.Errorf("%s: %d people inside the import, want the %d before and Nadia and Oscar", b.name, n, len(p.People))
			}
			return fmt.Errorf("%d rows refused", len(refused))
		})
		if err == nil || len(refused) != 1 || !refused["Alice Again"] {
			t.Errorf("%s: refused %v (%v); want Alice Again's row alone, and the import refused", b.name, refused, err)
		}
		var n int
		b.view(ctx, func(tx *Tx) error { return tx.q.QueryRowContext(ctx, `SELECT count(*) FROM person`).Scan(&n) })
		if n != len(p.People) {
			t.Errorf("%s: %d people after the refused import, want %d", b.name, n, len(p.People))
		}
	}
}
