package caldav_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/caldav"
	"github.com/convene-planner/convene/storage/caldav/radicaletest"
	"github.com/convene-planner/convene/storage/credentials"
	"github.com/convene-planner/convene/storage/ical/icaljstest"
	"github.com/convene-planner/convene/storage/sample/sampletest"
)

type served struct {
	UID      string `json:"uid"`
	Summary  string `json:"summary"`
	Status   string `json:"status"`
	Sequence int    `json:"sequence"`
}

// readBack reads the calendar with python3-caldav, as a subscriber would.
func readBack(t *testing.T, srv *radicaletest.Server, calendar, folder string) map[string]served {
	t.Helper()
	args := []string{filepath.Join("testdata", "read_caldav.py"), calendar, srv.User}
	if folder != "" {
		args = append(args, folder)
	}
	cmd := exec.Command("/usr/bin/python3", args...)
	cmd.Env = append(os.Environ(), "CALDAV_PASSWORD="+srv.Password)
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("python3-caldav cannot read %s: %v\n%s", calendar, err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var events []served
	if err := json.Unmarshal(out, &events); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	byUID := map[string]served{}
	for _, e := range events {
		byUID[e.UID] = e
	}
	return byUID
}

func publish(t *testing.T, store *storage.Store, srv *radicaletest.Server, calendar string, sel caldav.Selection) caldav.Result {
	t.Helper()
	res, err := caldav.Publish(context.Background(), store, mustCollection(t, calendar), sel, options(srv))
	if err != nil {
		t.Fatalf("publish: %v\n%s", err, srv.Log())
	}
	return res
}

func options(srv *radicaletest.Server) caldav.Options {
	return caldav.Options{Name: "DC-IoT", Credentials: credentials.Login{User: srv.User, Password: srv.Password}}
}

func mustCollection(t testing.TB, target string) *url.URL {
	t.Helper()
	u, _, err := caldav.Collection(target, false)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// requests counts the requests Radicale was sent, by method.
func requests(srv *radicaletest.Server) map[string]int { return srv.Requests() }

func scheduled(t *testing.T, store *storage.Store) []model.Session {
	t.Helper()
	var all []model.Session
	err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
		all, err = tx.Sessions(context.Background(), storage.SessionFilter{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(all, func(s model.Session) bool { return !s.Scheduled() })
}

func TestAFirstPublishCreatesTheCalendarWithOneEventPerSessionThatClientsRead(t *testing.T) {
	srv := radicaletest.Start(t)
	store := sampletest.Store(t)
	calendar := srv.Calendar("dc-iot")
	res := publish(t, store, srv, calendar, caldav.Selection{})
	sessions := scheduled(t, store)
	if want := (caldav.Result{Added: len(sessions)}); res.String() != want.String() || len(res.Conflicts) > 0 {
		t.Errorf("first publish: %s %v, want %s", res, res.Conflicts, want)
	}
	if n := requests(srv); n["MKCALENDAR"] != 1 || n["PUT"] != len(sessions) {
		t.Errorf("requests %v: want one MKCALENDAR and a PUT per session", n)
	}
	folder := t.TempDir()
	got := readBack(t, srv, calendar, folder)
	for _, s := range sessions {
		e, ok := got[s.UID]
		switch {
		case !ok:
			t.Errorf("session %q is not on the server", s.Title)
		case e.Summary != s.Title:
			t.Errorf("session %q reads as %q", s.Title, e.Summary)
		case s.Status == model.StatusCancelled && e.Status != "CANCELLED":
			t.Errorf("cancelled session %q has STATUS %s", s.Title, e.Status)
		}
	}
	if len(got) != len(sessions) {
		t.Errorf("the server holds %d events, the plan %d sessions with times", len(got), len(sessions))
	}
	readWithICalJS(t, folder)
}

// readWithICalJS reads every resource the server gave with Mozilla's
// ical.js, as storage/ical's tests do.
func readWithICalJS(t *testing.T, folder string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(folder, "*.ics"))
	if len(files) == 0 {
		t.Fatal("no resource to read")
	}
	for _, f := range files {
		if out, err := icaljstest.Command(t, "read.mjs", f).CombinedOutput(); err != nil {
			t.Errorf("ical.js cannot read %s: %v\n%s", f, err, out)
		}
	}
}

func TestARepublishWithNothingChangedSendsNothingButTheLookUp(t *testing.T) {
	srv := radicaletest.Start(t)
	store := sampletest.Store(t)
	calendar := srv.Calendar("dc-iot")
	first := publish(t, store, srv, calendar, caldav.Selection{})
	publish(t, store, srv, calendar, caldav.Selection{})
	before := requests(srv)
	res := publish(t, store, srv, calendar, caldav.Selection{})
	if want := (caldav.Result{Unchanged: first.Added}); res.String() != want.String() || len(res.Notes) > 0 {
		t.Errorf("republish: %s %q, want %s", res, res.Notes, want)
	}
	if sent := sentSince(before, srv); len(sent) != 1 || sent["REPORT"] != 1 {
		t.Errorf("the republish sent %v: want one REPORT, the look-up", sent)
	}
}

// sentSince counts the requests Radicale was sent since the counts before.
func sentSince(before map[string]int, srv *radicaletest.Server) map[string]int {
	sent := map[string]int{}
	for method, n := range requests(srv) {
		if n > before[method] {
			sent[method] = n - before[method]
		}
	}
	return sent
}

func TestARepublishAsksOnlyForWhatChangedSinceTheLastOne(t *testing.T) {
	ctx := context.Background()
	srv := radicaletest.Start(t)
	store := sampletest.Store(t)
	calendar := srv.Calendar("dc-iot")
	publish(t, store, srv, calendar, caldav.Selection{})
	sessions := scheduled(t, store)
	for i, title := range []string{"Renamed once", "Renamed twice"} {
		s := sessions[i]
		s.Title = title
		if err := store.Update(ctx, func(tx *storage.Tx) error { return tx.UpdateSession(ctx, &s) }); err != nil {
			t.Fatal(err)
		}
		before := requests(srv)
		res := publish(t, store, srv, calendar, caldav.Selection{})
		if want := (caldav.Result{Updated: 1, Unchanged: len(sessions) - 1}); res.String() != want.String() || len(res.Conflicts)+len(res.Notes) > 0 {
			t.Errorf("republish %d after one change: %s %q %q, want %s", i+1, res, res.Conflicts, res.Notes, want)
		}
		if sent := sentSince(before, srv); len(sent) != 2 || sent["REPORT"] != 1 || sent["PUT"] != 1 {
			t.Errorf("republish %d after one change sent %v: want one sync REPORT and one PUT, no listing", i+1, sent)
		}
		if e := readBack(t, srv, calendar, "")[s.UID]; e.Summary != title {
			t.Errorf("the changed session reads %+v, want %q", e, title)
		}
	}
}

func TestAServerThatForgotTheTokenIsAskedForTheWholeCalendar(t *testing.T) {
	ctx := context.Background()
	srv := radicaletest.Start(t)
	store := sampletest.Store(t)
	calendar := srv.Calendar("dc-iot")
	publish(t, store, srv, calendar, caldav.Selection{})
	sessions := scheduled(t, store)
	rename := func(s model.Session, title string) {
		s.Title = title
		if err := store.Update(ctx, func(tx *storage.Tx) error { return tx.UpdateSession(ctx, &s) }); err != nil {
			t.Fatal(err)
		}
	}
	rename(sessions[1], "Renamed before the server forgot")
	publish(t, store, srv, calendar, caldav.Selection{})
	// Radicale forgets tokens as they age (max_sync_token_age); here they
	// all go at once.
	tokens, err := filepath.Glob(filepath.Join(srv.Dir, "collection-root", srv.User, "dc-iot", ".Radicale.cache", "sync-token"))
	if err != nil || len(tokens) != 1 {
		t.Fatalf("Radicale's tokens: %v %v", tokens, err)
	}
	if err := os.RemoveAll(tokens[0]); err != nil {
		t.Fatal(err)
	}
	rename(sessions[0], "Renamed while the server forgot")
	before := requests(srv)
	res := publish(t, store, srv, calendar, caldav.Selection{})
	if want := (caldav.Result{Updated: 1, Unchanged: len(sessions) - 1}); res.String() != want.String() || len(res.Conflicts) > 0 {
		t.Errorf("republish with a forgotten token: %s %q, want %s", res, res.Conflicts, want)
	}
	if sent := sentSince(before, srv); len(sent) != 2 || sent["REPORT"] != 2 || sent["PUT"] != 1 {
		t.Errorf("sent %v: want the REPORT refused, then one for the whole calendar, and one PUT", sent)
	}
	before = requests(srv)
	publish(t, store, srv, calendar, caldav.Selection{})
	if sent := sentSince(before, srv); len(sent) != 1 || sent["REPORT"] != 1 {
		t.Errorf("the run after that sent %v: want only the REPORT again", sent)
	}
}

func TestChangedCancelledAndDeletedSessionsTravelAsOnePutOrDeleteEach(t *testing.T) {
	ctx := context.Background()
	srv := radicaletest.Start(t)
	store := sampletest.Store(t)
	calendar := srv.Calendar("dc-iot")
	publish(t, store, srv, calendar, caldav.Selection{})
	sessions := scheduled(t, store)
	changed, cancelled, deleted := sessions[0], sessions[1], sessions[2]
	if cancelled.Status == model.StatusCancelled {
		cancelled, deleted = sessions[2], sessions[1]
	}
	changed.Title = "Renamed by the coordinators"
	cancelled.Status = model.StatusCancelled
	err := store.Update(ctx, func(tx *storage.Tx) error {
		if err := tx.UpdateSession(ctx, &changed); err != nil {
			return err
		}
		if err := tx.UpdateSession(ctx, &cancelled); err != nil {
			return err
		}
		return tx.DeleteSession(ctx, deleted.ID, deleted.Version)
	})
	if err != nil {
		t.Fatal(err)
	}
	before := readBack(t, srv, calendar, "")
	sent := requests(srv)
	res := publish(t, store, srv, calendar, caldav.Selection{})
	if want := (caldav.Result{Updated: 2, Removed: 1, Unchanged: len(sessions) - 3}); res.String() != want.String() {
		t.Errorf("publish after three edits: %s, want %s", res, want)
	}
	now := requests(srv)
	if now["PUT"]-sent["PUT"] != 2 || now["DELETE"]-sent["DELETE"] != 1 {
		t.Errorf("sent %d PUTs and %d DELETEs, want 2 and 1", now["PUT"]-sent["PUT"], now["DELETE"]-sent["DELETE"])
	}
	after := readBack(t, srv, calendar, "")
	if e := after[changed.UID]; e.Summary != changed.Title || e.Sequence <= before[changed.UID].Sequence {
		t.Errorf("the changed session reads %+v, was %+v: want the new title at a higher SEQUENCE", e, before[changed.UID])
	}
	if e := after[cancelled.UID]; e.Status != "CANCELLED" {
		t.Errorf("the cancelled session reads %+v", e)
	}
	if _, ok := after[deleted.UID]; ok {
		t.Error("the deleted session is still on the server")
	}
}

func TestAChangeMadeOnTheServerIsReportedAndNotOverwritten(t *testing.T) {
	ctx := context.Background()
	srv := radicaletest.Start(t)
	store := sampletest.Store(t)
	calendar := srv.Calendar("dc-iot")
	publish(t, store, srv, calendar, caldav.Selection{})
	s := scheduled(t, store)[0]

	// Someone edits the event in their calendar program.
	folder := t.TempDir()
	readBack(t, srv, calendar, folder)
	files, _ := filepath.Glob(filepath.Join(folder, "*.ics"))
	var theirs string
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if strings.Contains(string(data), "UID:"+s.UID) {
			theirs = strings.Replace(string(data), "SUMMARY:", "SUMMARY:Edited on the server: ", 1)
		}
	}
	srv.PutByHand(t, calendar, caldav.ResourceName(s.UID), theirs)

	s.Title = "Renamed in the plan"
	if err := store.Update(ctx, func(tx *storage.Tx) error { return tx.UpdateSession(ctx, &s) }); err != nil {
		t.Fatal(err)
	}
	res := publish(t, store, srv, calendar, caldav.Selection{})
	if len(res.Conflicts) != 1 || !strings.Contains(res.Conflicts[0], s.UID) || res.Updated != 0 {
		t.Errorf("publish over a server-side edit: %s, conflicts %q; want it reported and nothing updated", res, res.Conflicts)
	}
	if e := readBack(t, srv, calendar, "")[s.UID]; !strings.HasPrefix(e.Summary, "Edited on the server") {
		t.Errorf("the server's copy was overwritten: %+v", e)
	}
	if again := publish(t, store, srv, calendar, caldav.Selection{}); len(again.Conflicts) != 1 || again.Updated != 0 {
		t.Errorf("the next publish: %s, conflicts %q; want the same conflict reported again until someone resolves it", again, again.Conflicts)
	}
}

func TestAPublishCutOffHalfWayIsFinishedByTheNextRun(t *testing.T) {
	srv := radicaletest.Start(t)
	store := sampletest.Store(t)
	calendar := srv.Calendar("dc-iot")
	ctx, cancel := context.WithCancel(context.Background())
	opts := options(srv)
	opts.Progress = func(done, total int) {
		if done == 3 {
			cancel()
		}
	}
	if _, err := caldav.Publish(ctx, store, mustCollection(t, calendar), caldav.Selection{}, opts); err == nil {
		t.Fatal("a publish cut off half-way reported success")
	}
	partial := len(readBack(t, srv, calendar, ""))
	sessions := scheduled(t, store)
	if partial == 0 || partial >= len(sessions) {
		t.Fatalf("the cut-off publish left %d of %d events: not half-way", partial, len(sessions))
	}
	res := publish(t, store, srv, calendar, caldav.Selection{})
	if len(res.Conflicts) > 0 || res.Added+res.Updated+res.Unchanged != len(sessions) || res.Added == 0 {
		t.Errorf("the next run: %s %q; want it to finish without conflicts", res, res.Conflicts)
	}
	if got := readBack(t, srv, calendar, ""); len(got) != len(sessions) {
		t.Errorf("after the next run the server holds %d events, want %d", len(got), len(sessions))
	}
	again := publish(t, store, srv, calendar, caldav.Selection{})
	if want := (caldav.Result{Unchanged: len(sessions)}); again.String() != want.String() {
		t.Errorf("a run after that: %s, want %s", again, want)
	}
}

func TestAWrongPasswordIsAPlainMessageWithoutThePassword(t *testing.T) {
	srv := radicaletest.Start(t)
	store := sampletest.Store(t)
	opts := options(srv)
	opts.Credentials.Password = "not-the-password-" + srv.Password[:4]
	_, err := caldav.Publish(context.Background(), store, mustCollection(t, srv.Calendar("dc-iot")), caldav.Selection{}, opts)
	if !errors.Is(err, caldav.ErrServer) || !strings.Contains(err.Error(), "password") {
		t.Fatalf("error %v: want one saying the server does not accept the password", err)
	}
	if strings.Contains(err.Error(), opts.Credentials.Password) {
		t.Errorf("the error shows the password: %v", err)
	}
}

func TestAPersonsCalendarLosesASessionTheyDecline(t *testing.T) {
	ctx := context.Background()
	srv := radicaletest.Start(t)
	store := sampletest.Store(t)
	calendar := srv.Calendar("olena")
	var people []model.Person
	err := store.View(ctx, func(tx *storage.Tx) (err error) {
		people, err = tx.FindPeople(ctx, "Olena Kovalenko")
		return err
	})
	if err != nil || len(people) != 1 {
		t.Fatal(people, err)
	}
	olena := people[0].ID
	first := publish(t, store, srv, calendar, caldav.Selection{PersonID: olena})
	if first.Added == 0 {
		t.Fatal("Olena's calendar is empty")
	}
	var s model.Session
	for _, x := range scheduled(t, store) {
		for i, pt := range x.Participants {
			if pt.PersonID == olena && pt.Status != model.Declined && s.ID == 0 {
				s = x
				s.Participants[i].Status = model.Declined
			}
		}
	}
	if err := store.Update(ctx, func(tx *storage.Tx) error { return tx.UpdateSession(ctx, &s) }); err != nil {
		t.Fatal(err)
	}
	res := publish(t, store, srv, calendar, caldav.Selection{PersonID: olena})
	if res.Removed != 1 || res.Added+res.Updated != 0 {
		t.Errorf("after Olena declined %q: %s, want it removed from her calendar", s.Title, res)
	}
	if _, ok := readBack(t, srv, calendar, "")[s.UID]; ok {
		t.Errorf("%q is still in Olena's calendar", s.Title)
	}
}

func TestACalendarMadeByHandKeepsItsOwnEventsAndIsToldOfThem(t *testing.T) {
	ctx := context.Background()
	srv := radicaletest.Start(t)
	store := sampletest.Store(t)
	calendar := srv.Calendar("shared")
	// Someone made the calendar in their calendar program and put their
	// lunch in it before the coordinators published there.
	srv.MakeCalendar(t, "shared")
	srv.PutByHand(t, calendar, "lunch.ics", radicaletest.TeamLunch)

	sessions := scheduled(t, store)
	res := publish(t, store, srv, calendar, caldav.Selection{})
	if res.Added != len(sessions) || len(res.Conflicts) > 0 {
		t.Errorf("publish into a calendar made by hand: %s %q", res, res.Conflicts)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "did not publish (lunch.ics)") {
		t.Errorf("notes %q: want one saying lunch.ics was not published from this plan and is left", res.Notes)
	}

	// Someone adds a second event after the publish; the coordinators
	// remove every session of the plan from it.
	srv.PutByHand(t, calendar, "standup.ics", strings.NewReplacer("team-lunch", "standup", "Team lunch", "Stand-up").Replace(radicaletest.TeamLunch))
	err := store.Update(ctx, func(tx *storage.Tx) error {
		for _, s := range sessions {
			if err := tx.DeleteSession(ctx, s.ID, s.Version); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res = publish(t, store, srv, calendar, caldav.Selection{})
	if res.Removed != len(sessions) || len(res.Conflicts) > 0 {
		t.Errorf("publish of a plan without sessions: %s %q", res, res.Conflicts)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "standup.ics") {
		t.Errorf("notes %q: want one naming the event added by hand since the last publish", res.Notes)
	}
	if again := publish(t, store, srv, calendar, caldav.Selection{}); again.String() != (caldav.Result{}).String() || len(again.Notes)+len(again.Conflicts) > 0 {
		t.Errorf("the publish after that: %s %q %q; want nothing done and nothing to say", again, again.Notes, again.Conflicts)
	}
	got := readBack(t, srv, calendar, "")
	if len(got) != 2 || got["team-lunch@example.org"].Summary != "Team lunch" || got["standup@example.org"].Summary != "Stand-up" {
		t.Errorf("the calendar holds %v: want the two events put there by hand, and nothing else", got)
	}
}

func TestAPlanThatLostItsRecordTakesOverTheEventsThatMatchAndReportsTheOthers(t *testing.T) {
	ctx := context.Background()
	srv := radicaletest.Start(t)
	calendar := srv.Calendar("dc-iot")
	publish(t, sampletest.Store(t), srv, calendar, caldav.Selection{})

	// The sample made anew (convene demo --force): the same sessions and
	// UIDs, but no record of what was published, and one session changed.
	store := sampletest.Store(t)
	sessions := scheduled(t, store)
	changed := sessions[0]
	changed.Title = "Renamed in the new plan"
	if err := store.Update(ctx, func(tx *storage.Tx) error { return tx.UpdateSession(ctx, &changed) }); err != nil {
		t.Fatal(err)
	}
	before := requests(srv)
	res := publish(t, store, srv, calendar, caldav.Selection{})
	if want := (caldav.Result{Unchanged: len(sessions) - 1}); res.String() != want.String() {
		t.Errorf("publish without a record: %s, want %s", res, want)
	}
	if len(res.Conflicts) != 1 || !strings.Contains(res.Conflicts[0], changed.UID) || !strings.Contains(res.Conflicts[0], "no record") {
		t.Errorf("conflicts %q: want the one session that differs named", res.Conflicts)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], fmt.Sprintf("%d events", len(sessions)-1)) {
		t.Errorf("notes %q: want one saying %d events were taken over", res.Notes, len(sessions)-1)
	}
	if sent := sentSince(before, srv); sent["PUT"]+sent["DELETE"] != 0 {
		t.Errorf("sent %v: nothing on the server should be written", sent)
	}
	if e := readBack(t, srv, calendar, "")[changed.UID]; e.Summary == changed.Title {
		t.Errorf("the server's event of the changed session was overwritten: %+v", e)
	}

	// The events taken over are the plan's now: a change to one is sent.
	other := sessions[1]
	other.Title = "Renamed after the take-over"
	if err := store.Update(ctx, func(tx *storage.Tx) error { return tx.UpdateSession(ctx, &other) }); err != nil {
		t.Fatal(err)
	}
	res = publish(t, store, srv, calendar, caldav.Selection{})
	if res.Updated != 1 || len(res.Conflicts) != 1 {
		t.Errorf("publish after the take-over: %s %q; want the one change sent and the one conflict still reported", res, res.Conflicts)
	}
	if e := readBack(t, srv, calendar, "")[other.UID]; e.Summary != other.Title {
		t.Errorf("the session taken over reads %+v, want %q", e, other.Title)
	}
}

func TestARepublishCutOffHalfWayIsFinishedFromTheServersWholeStateNotTheToken(t *testing.T) {
	ctx := context.Background()
	srv := radicaletest.Start(t)
	store := sampletest.Store(t)
	calendar := srv.Calendar("dc-iot")
	publish(t, store, srv, calendar, caldav.Selection{})
	sessions := scheduled(t, store)
	// More changes than requests in flight at once, so some are not sent.
	for _, s := range sessions {
		s.Title = "Renamed before the cut"
		if err := store.Update(ctx, func(tx *storage.Tx) error { return tx.UpdateSession(ctx, &s) }); err != nil {
			t.Fatal(err)
		}
	}
	cut, cancel := context.WithCancel(ctx)
	opts := options(srv)
	opts.Progress = func(done, total int) {
		if done == 1 {
			cancel()
		}
	}
	if _, err := caldav.Publish(cut, store, mustCollection(t, calendar), caldav.Selection{}, opts); err == nil {
		t.Fatal("a republish cut off half-way reported success")
	}
	before := requests(srv)
	res := publish(t, store, srv, calendar, caldav.Selection{})
	if len(res.Conflicts) > 0 || res.Updated == 0 || res.Updated+res.Unchanged != len(sessions) {
		t.Errorf("the run after the cut: %s %q; want the rest sent without conflicts", res, res.Conflicts)
	}
	// (A PUT the cut run gave up on may still reach the server's counter
	// after it returned, so PUTs are judged by what the calendar reads.)
	if sent := sentSince(before, srv); sent["REPORT"] != 2 || sent["PROPFIND"] != 0 {
		t.Errorf("the run after the cut sent %v: want a sync report for the whole calendar (not the token's changes, nor a listing) and a multiget of what the cut run was about to send", sent)
	}
	for uid, e := range readBack(t, srv, calendar, "") {
		if e.Summary != "Renamed before the cut" {
			t.Errorf("%s reads %q after the run that finished the cut one", uid, e.Summary)
		}
	}
}
