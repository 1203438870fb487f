package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var publishedLine = regexp.MustCompile(`^published: (\d+) added, (\d+) updated, (\d+) removed, (\d+) unchanged\n$`)

// A coordinator publishes the plan's feeds to the web server's folder,
// runs it again after nothing changed, then forgets a speaker.
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
	db := demoPlan(t)
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	r := convene(t, nil, "publish", missing, "--db", db)
	if r.code != 2 || !strings.Contains(r.stderr, missing) {
		t.Errorf("exit %d, stderr %q; want exit 2 naming the folder", r.code, r.stderr)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("the missing folder was created: %v", err)
	}
}
