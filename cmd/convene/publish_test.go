package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/caldav"
	"github.com/convene-planner/convene/storage/caldav/radicaletest"
)

var publishedLine = regexp.MustCompile(`^published: (\d+) added, (\d+) updated, (\d+) removed, (\d+) unchanged\n$`)

// A coordinator publishes the plan's feeds to the web server's folder,
// runs it again after nothing changed, then forgets a speaker.
//
// A plan file only, for now: it forgets a speaker, which a team plan does
// not do yet (being built beside this).
func TestPublishToAFolderThenAgainThenAfterForgettingSomeone(t *testing.T) {
	db := demoPlan(t)
	dir := t.TempDir()
	r := convene(t, nil, "publish", dir, "--db", db)
	m := publishedLine.FindStringSubmatch(r.stdout)
	if r.code != 0 || m == nil || m[1] == "0" || m[2] != "0" || m[3] != "0" || m[4] != "0" {
		t.Fatalf("first publish: exit %d, %q %s", r.code, r.stdout, r.stderr)
	}
	added := m[1]
	if r := convene(t, nil, "publish", dir, "--db", db); r.code != 0 || r.stdout != "published: 0 added, 0 updated, 0 removed, "+added+" unchanged\n" {
		t.Errorf("republish of an unchanged plan: exit %d, %q %s", r.code, r.stdout, r.stderr)
	}
	index, err := os.ReadFile(filepath.Join(dir, "feeds.csv"))
	if err != nil || !strings.Contains(string(index), "Olena Kovalenko") {
		t.Fatalf("feeds.csv does not say which feed is Olena's: %v\n%s", err, index)
	}
	if r := convene(t, nil, "forget", "Olena Kovalenko", "--db", db); r.code != 0 {
		t.Fatalf("forget: exit %d: %s", r.code, r.stderr)
	}
	r = convene(t, nil, "publish", dir, "--db", db)
	if m := publishedLine.FindStringSubmatch(r.stdout); r.code != 0 || m == nil || m[3] != "1" || m[1] != "0" {
		t.Errorf("publish after forgetting Olena: exit %d, %q %s; want her feed removed", r.code, r.stdout, r.stderr)
	}
	if index, _ := os.ReadFile(filepath.Join(dir, "feeds.csv")); strings.Contains(string(index), "Olena") {
		t.Error("feeds.csv still names Olena")
	}
}

func TestPublishToAFolderThatIsNotThereSaysSoAndExitsTwo(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		missing := filepath.Join(t.TempDir(), "no-such-folder")
		r := convene(t, nil, "publish", missing, "--db", db)
		if r.code != 2 || !strings.Contains(r.stderr, missing) {
			t.Errorf("exit %d, stderr %q; want exit 2 naming the folder", r.code, r.stderr)
		}
		if _, err := os.Stat(missing); !os.IsNotExist(err) {
			t.Errorf("the missing folder was created: %v", err)
		}
	})
}

// A coordinator publishes the plan to the coalition's CalDAV server, the
// password in the environment, then again with nothing changed.
func TestPublishToCalDAVThenAgainSendsNothingNew(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		srv := radicaletest.Start(t)
		demoAt(t, db)
		calendar := srv.Calendar("dc-iot")
		env := []string{"CONVENE_PASSWORD=" + srv.Password}
		r := convene(t, env, "publish", calendar, "--user", srv.User, "--db", db)
		m := publishedLine.FindStringSubmatch(r.stdout)
		if r.code != 0 || m == nil || m[1] == "0" || m[2]+m[3]+m[4] != "000" {
			t.Fatalf("first publish: exit %d, %q %s\n%s", r.code, r.stdout, r.stderr, srv.Log())
		}
		// The second time the user and password come from a netrc file.
		netrc := filepath.Join(t.TempDir(), "netrc")
		os.WriteFile(netrc, []byte("machine 127.0.0.1 login "+srv.User+" password "+srv.Password+"\n"), 0o600)
		r = convene(t, []string{"NETRC=" + netrc}, "publish", calendar, "--db", db)
		if r.code != 0 || r.stdout != "published: 0 added, 0 updated, 0 removed, "+m[1]+" unchanged\n" {
			t.Errorf("republish: exit %d, %q %s", r.code, r.stdout, r.stderr)
		}
		if !storage.IsTeamPlan(db) {
			plan, _ := os.ReadFile(db)
			if strings.Contains(string(plan), srv.Password) {
				t.Error("the password is in the plan file")
			}
		}
	})
}

func TestAPublishTheServerRefusesIsAPlainMessageAndExitTwo(t *testing.T) {
	srv := radicaletest.Start(t)
	db := demoPlan(t)
	wrong := "wrong-" + srv.Password
	r := convene(t, []string{"CONVENE_PASSWORD=" + wrong}, "publish", srv.Calendar("dc-iot"), "--user", srv.User, "--db", db)
	if r.code != 2 || !strings.Contains(r.stderr, "--user and $CONVENE_PASSWORD") || strings.Contains(r.stderr, wrong) || strings.Contains(r.stderr, "goroutine") {
		t.Errorf("wrong password: exit %d, stderr %q; want exit 2, a plain message, no password", r.code, r.stderr)
	}
	r = convene(t, []string{"CONVENE_PASSWORD=x"}, "publish", "http://cal.example.org/dc-iot/", "--user", "u", "--db", db)
	if r.code != 2 || !strings.Contains(r.stderr, "--insecure") {
		t.Errorf("plain http to another machine: exit %d, stderr %q; want it refused pointing at --insecure", r.code, r.stderr)
	}
}

// A coordinator publishes to a calendar a colleague made by hand and put
// their own event in: the plan's sessions go in beside it, the colleague's
// event stays, and the coordinator is told of it without the run failing.
func TestPublishToACalendarWithSomeoneElsesEventNamesItAndLeavesIt(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		srv := radicaletest.Start(t)
		demoAt(t, db)
		calendar := srv.MakeCalendar(t, "shared")
		srv.PutByHand(t, calendar, "lunch.ics", radicaletest.TeamLunch)
		r := convene(t, []string{"CONVENE_PASSWORD=" + srv.Password}, "publish", calendar, "--user", srv.User, "--db", db)
		m := publishedLine.FindStringSubmatch(r.stdout)
		if r.code != 0 || m == nil || m[1] == "0" {
			t.Fatalf("publish beside a hand-made event: exit %d, %q %s", r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stderr, "publish: the calendar holds an event this plan did not publish (lunch.ics); it is left as it is") {
			t.Errorf("stderr %q: want the hand-made event named", r.stderr)
		}
		get, _ := http.NewRequest(http.MethodGet, calendar+"lunch.ics", nil)
		get.SetBasicAuth(srv.User, srv.Password)
		if resp, err := http.DefaultClient.Do(get); err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("the hand-made event after the publish: %v %v", err, resp)
		}
	})
}

// Someone edits a published event in their calendar program, and the plan
// changes the same session: publish leaves their edit alone, says so in
// words that say what to do, and exits 1.
func TestAnEventSomeoneElseChangedIsNamedLeftAloneAndExitsOne(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		srv := radicaletest.Start(t)
		demoAt(t, db)
		env := []string{"CONVENE_PASSWORD=" + srv.Password}
		calendar := srv.Calendar("dc-iot")
		if r := convene(t, env, "publish", calendar, "--user", srv.User, "--db", db); r.code != 0 {
			t.Fatalf("first publish: exit %d %s", r.code, r.stderr)
		}
		event := calendar + caldav.ResourceName(talkUID)
		get, _ := http.NewRequest(http.MethodGet, event, nil)
		get.SetBasicAuth(srv.User, srv.Password)
		resp, err := http.DefaultClient.Do(get)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("read the talk back: %v %v", err, resp)
		}
		published, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		srv.PutByHand(t, calendar, caldav.ResourceName(talkUID), strings.Replace(string(published), "SUMMARY:", "SUMMARY:Edited: ", 1))
		changePlan(t, db, func(ctx context.Context, tx *storage.Tx) error {
			talk, err := tx.SessionByUID(ctx, talkUID)
			if err != nil {
				return err
			}
			talk.Room = "Another room"
			return tx.UpdateSession(ctx, &talk)
		})

		r := convene(t, env, "publish", calendar, "--user", srv.User, "--db", db)
		if r.code != 1 || !strings.Contains(r.stderr, "someone else changed 1 event on the server, left as the server has it; delete it there") {
			t.Errorf("publish over someone's edit: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
}
