package transfer_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/sample/sampletest"
	"github.com/convene-planner/convene/storage/transfer"
)

// A coordinator adds a forum by a sheet, then imports the same sheet again:
// the first import keeps one snapshot of the plan before it, the second
// changes nothing and keeps none.
func TestASheetImportedTwiceKeepsOneSnapshotOfThePlanBeforeIt(t *testing.T) {
	ctx := context.Background()
	store := sampletest.Store(t)
	sheet := exportCSV(t, store, csvio.Forums)
	first := forums(t, store)[0].Name
	sheet = strings.Replace(sheet, first, "Renamed Forum 2099", 1)
	for i, want := range []csvio.Summary{{Added: 1}, {}} {
		sum, err := transfer.ImportCSV(ctx, store, csvio.Forums, transfer.Source{Name: "forums.csv", R: strings.NewReader(sheet)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Added != want.Added || sum.Updated != 0 {
			t.Errorf("import %d: %s; want %d added, none updated", i+1, sum, want.Added)
		}
		if got := snapshots(t, store); len(got) != 1 || got[0].Reason != "import-forums" {
			t.Errorf("after import %d the snapshots are %+v; want the one taken before the first", i+1, got)
		}
	}
}

// A sheet with one bad row writes nothing and keeps no snapshot that would
// push an older, useful one out.
func TestASheetWithABadRowChangesNothingAndKeepsNoSnapshot(t *testing.T) {
	ctx := context.Background()
	store := sampletest.Store(t)
	before := len(forums(t, store))
	sheet := strings.Replace(exportCSV(t, store, csvio.Forums), forums(t, store)[0].Name, "Renamed Forum 2099", 1) + "only one cell\r\n"
	_, err := transfer.ImportCSV(ctx, store, csvio.Forums, transfer.Source{Name: "forums.csv", R: strings.NewReader(sheet)}, nil)
	var problems *csvio.ImportError
	if !errors.As(err, &problems) || !strings.Contains(err.Error(), "forums.csv:") {
		t.Fatalf("import of a sheet with a bad row: %v; want its problems named by file and line", err)
	}
	if after := len(forums(t, store)); after != before {
		t.Errorf("the plan has %d forums after the refused import, had %d", after, before)
	}
	if got := snapshots(t, store); len(got) != 0 {
		t.Errorf("a refused import kept snapshots %+v", got)
	}
}

// The app's progress bar is told how much of the file has been read, up to
// all of it.
func TestAnImportTellsHowMuchOfTheFileIsRead(t *testing.T) {
	store := sampletest.Store(t)
	sheet := exportCSV(t, store, csvio.People)
	var seen []float64
	_, err := transfer.ImportCSV(context.Background(), store, csvio.People,
		transfer.Source{Name: "people.csv", R: strings.NewReader(sheet), Size: int64(len(sheet))},
		func(done float64) { seen = append(seen, done) })
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 || seen[len(seen)-1] != 1 {
		t.Errorf("progress went %v; want it to end at 1", seen)
	}
}

// A forum's published programme needs the forum it belongs to; imported
// into it, the sessions it came from are unchanged and no snapshot is kept.
func TestAProgrammeIsImportedIntoTheForumNamedOnly(t *testing.T) {
	ctx := context.Background()
	store := sampletest.Store(t)
	forum := forums(t, store)[0]
	var cal bytes.Buffer
	if err := transfer.ExportICS(ctx, store, transfer.Destination{W: &cal, Name: "the test"}, transfer.Selection{Forum: forum.Name}, ical.Options{}); err != nil {
		t.Fatal(err)
	}
	_, err := transfer.ImportICS(ctx, store, "", transfer.Source{Name: "programme.ics", R: bytes.NewReader(cal.Bytes())}, nil)
	if !errors.Is(err, transfer.ErrNoForum) {
		t.Fatalf("a programme with no forum named: %v; want ErrNoForum", err)
	}
	got, err := transfer.ImportICS(ctx, store, forum.Name, transfer.Source{Name: "programme.ics", R: bytes.NewReader(cal.Bytes())}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Forum == nil || got.Forum.ID != forum.ID || got.Summary.Added+got.Summary.Updated != 0 || got.Summary.Unchanged == 0 {
		t.Errorf("import of the forum's own calendar: forum %v, %s; want %s, every session unchanged", got.Forum, got.Summary, forum.Name)
	}
	if s := snapshots(t, store); len(s) != 0 {
		t.Errorf("an import that changed nothing kept snapshots %+v", s)
	}
}

// An answer to an invitation is taken as an answer whatever forum is
// named, and the change it makes keeps a snapshot of the plan before it.
func TestAnAnswerIsTakenAsAnAnswerWhateverForumIsNamed(t *testing.T) {
	ctx := context.Background()
	store := sampletest.Store(t)
	session, person, pt := participantWithEmail(t, store)
	partstat, want := "ACCEPTED", model.Confirmed
	if pt.Status == model.Confirmed {
		partstat, want = "DECLINED", model.Declined
	}
	reply := strings.Join([]string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Convene tests//EN", "METHOD:REPLY",
		"BEGIN:VEVENT", "UID:" + session.UID, "DTSTAMP:20260101T000000Z", "SEQUENCE:0",
		"ATTENDEE;PARTSTAT=" + partstat + ";CN=" + person.Name + ":mailto:" + person.Email,
		"END:VEVENT", "END:VCALENDAR", ""}, "\r\n")
	got, err := transfer.ImportICS(ctx, store, "No Such Forum", transfer.Source{Name: "answer.ics", R: strings.NewReader(reply)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Forum != nil || len(got.Answers) != 1 || got.Answers[0].Now != want {
		t.Fatalf("import of an answer: %+v; want one answer setting %s", got, want)
	}
	if s := snapshots(t, store); len(s) != 1 || s[0].Reason != "import-answer" {
		t.Errorf("snapshots after an answer that changed a status: %+v; want one", s)
	}
}

// An export named for the plan's own file is refused, and the plan is left
// as it was.
func TestAnExportNeverReplacesThePlan(t *testing.T) {
	store := sampletest.Store(t)
	before, err := os.ReadFile(store.Path())
	if err != nil {
		t.Fatal(err)
	}
	err = transfer.ExportCSV(context.Background(), store, csvio.Sessions, transfer.Destination{Path: store.Path()}, csvio.Options{})
	if !errors.Is(err, storage.ErrNotWritten) {
		t.Errorf("an export over the plan: %v; want it refused", err)
	}
	if after, _ := os.ReadFile(store.Path()); !bytes.Equal(before, after) {
		t.Error("the plan changed")
	}
}

// A calendar for someone the plan does not have is an error, never a
// calendar of everyone, and no file is written.
func TestACalendarOfSomeoneThePlanDoesNotHaveIsRefused(t *testing.T) {
	store := sampletest.Store(t)
	out := filepath.Join(t.TempDir(), "nobody.ics")
	err := transfer.ExportICS(context.Background(), store, transfer.Destination{Path: out}, transfer.Selection{Person: "Nobody At All"}, ical.Options{})
	if err == nil || !strings.Contains(err.Error(), `no one in the plan has the email or name "Nobody At All"`) {
		t.Errorf("a calendar of no one: %v; want the name said missing", err)
	}
	if _, serr := os.Stat(out); !errors.Is(serr, os.ErrNotExist) {
		t.Errorf("a file was left at %s: %v", out, serr)
	}
}

func exportCSV(t *testing.T, store *storage.Store, kind csvio.Kind) string {
	t.Helper()
	var b bytes.Buffer
	if err := transfer.ExportCSV(context.Background(), store, kind, transfer.Destination{W: &b, Name: "the test"}, csvio.Options{WithContacts: true}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func forums(t *testing.T, store *storage.Store) []model.Forum {
	t.Helper()
	var f []model.Forum
	err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
		f, err = tx.Forums(context.Background())
		return err
	})
	if err != nil || len(f) == 0 {
		t.Fatal(f, err)
	}
	return f
}

func snapshots(t *testing.T, store *storage.Store) []storage.SnapshotInfo {
	t.Helper()
	s, err := storage.Snapshots(store.Path())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// participantWithEmail is a session of the sample plan with a participant
// who has an email, and that participation.
func participantWithEmail(t *testing.T, store *storage.Store) (model.Session, model.Person, model.Participation) {
	t.Helper()
	ctx := context.Background()
	var (
		session model.Session
		person  model.Person
		pt      model.Participation
	)
	err := store.View(ctx, func(tx *storage.Tx) error {
		sessions, err := tx.Sessions(ctx, storage.SessionFilter{})
		if err != nil {
			return err
		}
		for _, s := range sessions {
			for _, p := range s.Participants {
				who, err := tx.Person(ctx, p.PersonID)
				if err != nil {
					return err
				}
				if who.Email != "" && s.UID != "" {
					session, person, pt = s, who, p
					return nil
				}
			}
		}
		return errors.New("no participant with an email in the sample plan")
	})
	if err != nil {
		t.Fatal(err)
	}
	return session, person, pt
}
