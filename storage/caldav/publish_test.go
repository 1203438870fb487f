package caldav_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
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
	before := requests(srv)
	res := publish(t, store, srv, calendar, caldav.Selection{})
	if want := (caldav.Result{Unchanged: first.Added}); res.String() != want.String() {
		t.Errorf("republish: %s, want %s", res, want)
	}
	after := requests(srv)
	for method, n := range after {
		if sent := n - before[method]; method == "PROPFIND" && sent != 1 || method != "PROPFIND" && sent != 0 {
			t.Errorf("the republish sent %d %s requests", sent, method)
		}
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
		return tx.DeleteSession(ctx, deleted.ID)
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
	req, _ := http.NewRequest(http.MethodPut, calendar+caldav.ResourceName(s.UID), strings.NewReader(theirs))
	req.SetBasicAuth(srv.User, srv.Password)
	req.Header.Set("Content-Type", "text/calendar")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode >= 300 {
		t.Fatalf("edit on the server: %v %v", err, resp)
	}
	resp.Body.Close()

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
