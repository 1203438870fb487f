package ical_test

import (
	"bytes"
	"cmp"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/plangen"
)

// planStore is a plan file in a temporary folder holding testPlan.
func planStore(t *testing.T) *storage.Store {
	t.Helper()
	ctx := context.Background()
	store, err := storage.Open(ctx, filepath.Join(t.TempDir(), "plan.convene"), storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	p := testPlan(t)
	// The store gives IDs in the order records are added; add them by ID so
	// the plan's references hold.
	slices.SortFunc(p.Forums, func(a, b model.Forum) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(p.People, func(a, b model.Person) int { return cmp.Compare(a.ID, b.ID) })
	if err := plangen.Write(ctx, store, p); err != nil {
		t.Fatal(err)
	}
	return store
}

// importFile imports the calendar into the named forum in one transaction,
// as the command line does, and returns what it printed or the error.
func importFile(t *testing.T, store *storage.Store, forumName, file string, data []byte) (string, error) {
	t.Helper()
	ctx := context.Background()
	var sum ical.Summary
	err := store.Update(ctx, func(tx *storage.Tx) error {
		f, err := tx.ForumByName(ctx, forumName)
		if err != nil {
			return err
		}
		events, err := ical.Read(bytes.NewReader(data), file, f.Zone)
		if err != nil {
			return err
		}
		sum, err = ical.Import(ctx, tx, &f, file, events)
		return err
	})
	return sum.String(), err
}

func producerFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "producers", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func session(t *testing.T, store *storage.Store, uid string) model.Session {
	t.Helper()
	var s model.Session
	err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
		s, err = tx.SessionByUID(context.Background(), uid)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sessionCount(t *testing.T, store *storage.Store) int {
	t.Helper()
	var all []model.Session
	err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
		all, err = tx.Sessions(context.Background(), storage.SessionFilter{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// The secretariat imports IGF's published programme: its sessions join the
// forum with their UIDs, and importing the same file again changes nothing.
func TestImportingAProgrammeTwiceChangesNothingTheSecondTime(t *testing.T) {
	store := planStore(t)
	data := producerFile(t, "google.ics")
	got, err := importFile(t, store, "IGF 2021", "google.ics", data)
	if err != nil || got != "added 3, updated 0, unchanged 0" {
		t.Fatalf("first import: %q, %v", got, err)
	}
	ws := session(t, store, "ws-101@intgovforum.org")
	if ws.Status != model.StatusScheduled || ws.Format != model.FormatOther ||
		!slices.Equal(ws.Organisers, []string{"DC-IoT"}) || ws.Sequence != 2 || ws.Room != "Hall A, Level 2" {
		t.Errorf("a new session from a CONFIRMED event: %+v", ws)
	}
	if of := session(t, store, "of-7@intgovforum.org"); of.Status != model.StatusProposed {
		t.Errorf("a TENTATIVE event became a %s session, want proposed", of.Status)
	}
	got, err = importFile(t, store, "IGF 2021", "google.ics", data)
	if err != nil || got != "added 0, updated 0, unchanged 3" {
		t.Fatalf("second import: %q, %v", got, err)
	}
	if again := session(t, store, "ws-101@intgovforum.org"); again.Sequence != 2 {
		t.Errorf("SEQUENCE %d after importing unchanged data, want 2 kept", again.Sequence)
	}
}

// A session's title changes in the published programme: its SEQUENCE goes
// up by one so subscribers take the change, and only once.
func TestATitleChangeRaisesSequenceOnce(t *testing.T) {
	store := planStore(t)
	data := producerFile(t, "google.ics")
	if _, err := importFile(t, store, "IGF 2021", "google.ics", data); err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(data, []byte("SUMMARY:Open Forum #7"), []byte("SUMMARY:Open Forum #7: IoT labels"), 1)
	for i, want := range []string{"added 0, updated 1, unchanged 2", "added 0, updated 0, unchanged 3"} {
		got, err := importFile(t, store, "IGF 2021", "google.ics", changed)
		if err != nil || got != want {
			t.Fatalf("import %d of the changed file: %q, %v; want %q", i+1, got, err, want)
		}
		if s := session(t, store, "of-7@intgovforum.org"); s.Sequence != 1 || s.Title != "Open Forum #7: IoT labels" {
			t.Errorf("after import %d: %q with SEQUENCE %d, want the new title with 1", i+1, s.Title, s.Sequence)
		}
	}
	// What subscribers' clients see of it in the forum's calendar.
	var p *model.Plan
	err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
		p, err = tx.Plan(context.Background())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	path, _ := export(t, p, ical.Options{ForumID: 2, Stamp: stamp})
	for _, r := range readers {
		if ev := r.read(t, path).event(t, "of-7@intgovforum.org"); ev.Sequence != 1 || ev.Summary != "Open Forum #7: IoT labels" {
			t.Errorf("%s shows %q with SEQUENCE %d, want the new title with 1", r.name, ev.Summary, ev.Sequence)
		}
	}
}

// A forum exported and imported back is left as it was: same descriptions,
// topics, statuses and SEQUENCE, with or without contacts.
func TestExportThenImportLeavesTheForumAsItWas(t *testing.T) {
	for _, withContacts := range []bool{false, true} {
		store := planStore(t)
		ctx := context.Background()
		var p *model.Plan
		err := store.View(ctx, func(tx *storage.Tx) (err error) {
			p, err = tx.Plan(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range p.Forums {
			var b bytes.Buffer
			if err := ical.Export(&b, p, ical.Options{ForumID: f.ID, WithContacts: withContacts, Stamp: stamp}); err != nil {
				t.Fatal(err)
			}
			got, err := importFile(t, store, f.Name, "forum.ics", b.Bytes())
			if err != nil || got != "added 0, updated 0, unchanged 1" {
				t.Errorf("%s (contacts %v): %q, %v; want the one session unchanged", f.Name, withContacts, got, err)
			}
		}
		if s := session(t, store, romeUID); s.Sequence != 3 || s.Status != model.StatusCancelled {
			t.Errorf("the Rome session is now %s with SEQUENCE %d, want cancelled with 3", s.Status, s.Sequence)
		}
	}
}

// A UID that belongs to another forum's session is an error naming its
// line, and nothing of the file is written.
func TestAUIDOfAnotherForumIsRefusedAndNothingIsWritten(t *testing.T) {
	store := planStore(t)
	before := sessionCount(t, store)
	data := strings.ReplaceAll(`BEGIN:VCALENDAR
BEGIN:VEVENT
UID:new-one@test
DTSTART:20211206T100000Z
SUMMARY:New
END:VEVENT
BEGIN:VEVENT
UID:`+romeUID+`
DTSTART:20211206T100000Z
SUMMARY:Moved
END:VEVENT
END:VCALENDAR
`, "\n", "\r\n")
	_, err := importFile(t, store, "IGF 2021", "igf.ics", []byte(data))
	if err == nil || !strings.Contains(err.Error(), `igf.ics:8: UID "rome-summer@test" is the session`) ||
		!strings.Contains(err.Error(), "of EuroDIG 2021, not of IGF 2021") {
		t.Fatalf("error %v, want line 8 named and both forums", err)
	}
	if after := sessionCount(t, store); after != before {
		t.Errorf("%d sessions after a refused import, want the %d there were", after, before)
	}
	if s := session(t, store, romeUID); s.Title != model.CleanLine(romeTitle) {
		t.Errorf("the Rome session was changed: %q", s.Title)
	}
}

// The store raises SEQUENCE when, and only when, something a calendar
// shows changes, whichever way the change comes in.
func TestTheStoreRaisesSequenceOnlyForWhatACalendarShows(t *testing.T) {
	store := planStore(t)
	ctx := context.Background()
	for _, tc := range []struct {
		change func(*model.Session)
		raised bool
	}{
		{func(s *model.Session) { s.ReportDue = model.Date{Year: 2022, Month: 1, Day: 15} }, false},
		{func(s *model.Session) { s.Title = "Core values of the Internet of Things" }, true},
		{func(s *model.Session) { s.Room = "Room 4" }, true},
		{func(s *model.Session) { s.Participants[0].Status = model.Declined }, true},
		{func(*model.Session) {}, false},
	} {
		before := session(t, store, warsawUID)
		s := before
		s.Participants = slices.Clone(before.Participants)
		tc.change(&s)
		if err := store.Update(ctx, func(tx *storage.Tx) error { return tx.UpdateSession(ctx, &s) }); err != nil {
			t.Fatal(err)
		}
		after := session(t, store, warsawUID)
		if raised := after.Sequence > before.Sequence; raised != tc.raised || after.Sequence-before.Sequence > 1 {
			t.Errorf("SEQUENCE %d → %d, want raised by one: %v", before.Sequence, after.Sequence, tc.raised)
		}
	}
}

// exportFromFile writes the calendar straight from the plan file, one
// session at a time, as the command line does.
func exportFromFile(t *testing.T, store *storage.Store, opts ical.Options) []byte {
	t.Helper()
	ctx := context.Background()
	var out bytes.Buffer
	err := store.View(ctx, func(tx *storage.Tx) error {
		filter := storage.SessionFilter{ForumID: opts.ForumID}
		var (
			src ical.Source
			err error
		)
		if src.Forums, err = tx.Forums(ctx); err != nil {
			return err
		}
		if src.Actions, err = tx.Actions(ctx); err != nil {
			return err
		}
		if src.People, err = tx.Names(ctx); err != nil {
			return err
		}
		if src.Spans, err = tx.Spans(ctx, filter); err != nil {
			return err
		}
		src.Sessions = func(yield func(*model.Session) error) error { return tx.EachSession(ctx, filter, yield) }
		return ical.Write(&out, src, opts)
	})
	if err != nil {
		t.Fatalf("export from the plan file: %v", err)
	}
	return out.Bytes()
}

// A calendar written straight from the plan file, one session at a time,
// is byte for byte the one written from the plan in memory.
func TestACalendarStreamedFromThePlanFileIsTheOneFromMemory(t *testing.T) {
	store := planStore(t)
	var p *model.Plan
	err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
		p, err = tx.Plan(context.Background())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []ical.Options{
		{PlanName: "plan", Todos: true, WithContacts: true, Stamp: stamp},
		{ForumID: 2, Todos: true, Stamp: stamp},
	} {
		var fromMemory bytes.Buffer
		if err := ical.Export(&fromMemory, p, opts); err != nil {
			t.Fatal(err)
		}
		if fromFile := exportFromFile(t, store, opts); string(fromFile) != fromMemory.String() {
			t.Errorf("forum %d: streamed from the file:\n%s\nfrom memory:\n%s", opts.ForumID, fromFile, fromMemory.String())
		}
	}
}

// A coordinator types a year wrong: one session now ends three years after
// it starts, another starts two years before it ends. The checks name
// both; the calendar still exports, from the file as from memory, and a
// client reads each end at the instant typed, its zone described that far
// out. (An end typed before its start is exported as an instant:
// TestASessionEndingBeforeItStartsIsExportedAsAnInstant.)
func TestASessionEndingYearsFromItsStartStillExports(t *testing.T) {
	store := planStore(t)
	ctx := context.Background()
	ends := map[string]time.Time{}
	err := store.Update(ctx, func(tx *storage.Tx) error {
		// One ends three years after it starts, one starts two years
		// before it ends: its zone's rules are needed from then on.
		for uid, years := range map[string]int{warsawUID: 3, aucklandUID: -2} {
			s, err := tx.SessionByUID(ctx, uid)
			if err != nil {
				return err
			}
			if years < 0 {
				s.Start = s.Start.AddDate(years, 0, 0)
			} else {
				s.End = s.End.AddDate(years, 0, 0)
			}
			ends[uid] = s.End
			if err := tx.UpdateSession(ctx, &s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var p *model.Plan
	err = store.View(ctx, func(tx *storage.Tx) (err error) {
		p, err = tx.Plan(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	opts := ical.Options{PlanName: "plan", Stamp: stamp}
	var fromMemory bytes.Buffer
	if err := ical.Export(&fromMemory, p, opts); err != nil {
		t.Fatalf("export from memory: %v", err)
	}
	fromFile := exportFromFile(t, store, opts)
	if string(fromFile) != fromMemory.String() {
		t.Fatalf("streamed from the file:\n%s\nfrom memory:\n%s", fromFile, fromMemory.String())
	}
	path := writeTemp(t, fromFile)
	for _, r := range readers {
		v := r.read(t, path)
		for uid, end := range ends {
			if got, want := v.event(t, uid).End, end.UTC().Format(time.RFC3339); got != want {
				t.Errorf("%s: %s ends at %s, want %s", r.name, uid, got, want)
			}
		}
	}
}
