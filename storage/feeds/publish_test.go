package feeds_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/feeds"
	"github.com/convene-planner/convene/storage/sample/sampletest"
)

func publish(t *testing.T, store *storage.Store, dir string, sel feeds.Selection) feeds.Result {
	t.Helper()
	res, err := feeds.Publish(context.Background(), store, dir, sel, feeds.Options{PlanName: "dc-iot"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// index reads feeds.csv: file name → whose.
func index(t *testing.T, dir string) map[string][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, feeds.IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string][]string{}
	for _, r := range rows[1:] {
		byFile[r[0]] = r[1:]
	}
	return byFile
}

// inodes is each file of the folder as the file system knows it: a file
// rewritten (renamed over) is another file.
func inodes(t *testing.T, dir string) map[string]os.FileInfo {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]os.FileInfo{}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = info
	}
	return files
}

// python reads a calendar with python3-icalendar and returns its events' UIDs.
func pythonUIDs(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command("/usr/bin/python3", filepath.Join("..", "ical", "testdata", "read.py"), path).Output()
	if err != nil {
		t.Fatalf("python3-icalendar cannot read %s: %v", path, err)
	}
	var v struct {
		Events []struct {
			UID string `json:"uid"`
		} `json:"events"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	var uids []string
	for _, e := range v.Events {
		uids = append(uids, e.UID)
	}
	return uids
}

func personNamed(t *testing.T, store *storage.Store, name string) model.Person {
	t.Helper()
	var people []model.Person
	err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
		people, err = tx.FindPeople(context.Background(), name)
		return err
	})
	if err != nil || len(people) != 1 {
		t.Fatalf("find %q: %v %v", name, people, err)
	}
	return people[0]
}

func TestAFolderPublishGivesThePlanEachForumAndEachPersonAFeedAndSaysWhoseIsWhich(t *testing.T) {
	store := sampletest.Store(t)
	dir := t.TempDir()
	var p *model.Plan
	err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
		p, err = tx.Plan(context.Background())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	res := publish(t, store, dir, feeds.Selection{})
	if want := (feeds.Result{Added: 1 + len(p.Forums) + len(p.People)}); res != want {
		t.Errorf("first publish: %s, want %s", res, want)
	}
	byFile := index(t, dir)
	if len(byFile) != res.Added {
		t.Errorf("feeds.csv lists %d files, the publish added %d", len(byFile), res.Added)
	}
	if info, err := os.Stat(filepath.Join(dir, feeds.IndexFile)); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("feeds.csv, the key to everyone's link, should be readable by its owner only: %v %v", info.Mode(), err)
	}
	olena := personNamed(t, store, "Olena Kovalenko")
	var hers string
	for file, whose := range byFile {
		if whose[0] == "person" && whose[1] == olena.Name {
			hers = file
		}
	}
	if !strings.HasPrefix(hers, "person-") || strings.Contains(strings.ToLower(hers), "olena") {
		t.Fatalf("Olena's feed is %q: want a person- file whose name does not give her away", hers)
	}
	var want []string
	for _, s := range p.Sessions {
		for _, pt := range s.Participants {
			if pt.PersonID == olena.ID && pt.Status != model.Declined && s.Scheduled() {
				want = append(want, s.UID)
				break
			}
		}
	}
	got := pythonUIDs(t, filepath.Join(dir, hers))
	slices.Sort(got)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("Olena's feed holds %v, want her sessions %v", got, want)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, hers)); !bytes.Contains(data, []byte("X-WR-TIMEZONE;VALUE=TEXT:Europe/Kyiv\r\n")) {
		t.Error("Olena's feed does not ask to be shown in her own zone, Europe/Kyiv")
	}
	if n := len(pythonUIDs(t, filepath.Join(dir, feeds.PlanFile))); n == 0 {
		t.Error("plan.ics holds no event")
	}
	for name := range inodes(t, dir) {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		if bytes.Contains(data, []byte("@example")) {
			t.Errorf("%s carries an email without --with-contacts", name)
		}
	}
}

func TestRepublishingAnUnchangedPlanRewritesNoFileAndKeepsEveryLink(t *testing.T) {
	store := sampletest.Store(t)
	dir := t.TempDir()
	first := publish(t, store, dir, feeds.Selection{})
	before := inodes(t, dir)
	res := publish(t, store, dir, feeds.Selection{})
	if want := (feeds.Result{Unchanged: first.Added}); res != want {
		t.Errorf("republish: %s, want %s", res, want)
	}
	after := inodes(t, dir)
	for name, info := range before {
		if !os.SameFile(info, after[name]) || !info.ModTime().Equal(after[name].ModTime()) {
			t.Errorf("%s was rewritten though nothing changed", name)
		}
	}
	if len(after) != len(before) {
		t.Errorf("the folder had %d files, now %d", len(before), len(after))
	}
}

func TestAChangedSessionRewritesOnlyTheFeedsThatShowIt(t *testing.T) {
	ctx := context.Background()
	store := sampletest.Store(t)
	dir := t.TempDir()
	publish(t, store, dir, feeds.Selection{})
	before := inodes(t, dir)
	var sessions []model.Session
	err := store.View(ctx, func(tx *storage.Tx) (err error) {
		sessions, err = tx.Sessions(ctx, storage.SessionFilter{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var s model.Session
	for _, x := range sessions {
		if x.Scheduled() && len(x.Participants) > 0 {
			s = x
			break
		}
	}
	s.Title = "A title the coordinators changed"
	if err := store.Update(ctx, func(tx *storage.Tx) error { return tx.UpdateSession(ctx, &s) }); err != nil {
		t.Fatal(err)
	}
	res := publish(t, store, dir, feeds.Selection{})
	byFile := index(t, dir)
	wantChanged := 2 // plan.ics and the forum's feed
	for _, pt := range s.Participants {
		if pt.Status != model.Declined {
			wantChanged++
		}
	}
	if res.Updated != wantChanged || res.Added != 0 || res.Removed != 0 {
		t.Errorf("after one changed session: %s, want %d updated", res, wantChanged)
	}
	after := inodes(t, dir)
	rewritten := 0
	for name, info := range before {
		if name == feeds.IndexFile {
			continue
		}
		if !os.SameFile(info, after[name]) {
			rewritten++
			data, _ := os.ReadFile(filepath.Join(dir, name))
			if !bytes.Contains(data, []byte(s.UID)) {
				t.Errorf("%s (%v) was rewritten but does not show the session", name, byFile[name])
			}
		}
	}
	if rewritten != wantChanged {
		t.Errorf("%d files were rewritten, want %d", rewritten, wantChanged)
	}
}

func TestAForgottenPersonLosesTheirFeedAndItsNameLeavesThePlan(t *testing.T) {
	ctx := context.Background()
	store := sampletest.Store(t)
	dir := t.TempDir()
	publish(t, store, dir, feeds.Selection{})
	olena := personNamed(t, store, "Olena Kovalenko")
	var tokens map[int64]string
	err := store.View(ctx, func(tx *storage.Tx) (err error) {
		tokens, err = tx.FeedTokens(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	token := tokens[olena.ID]
	if _, err := store.Forget(ctx, olena.ID); err != nil {
		t.Fatal(err)
	}
	res := publish(t, store, dir, feeds.Selection{})
	if res.Removed != 1 || res.Added != 0 {
		t.Errorf("after forgetting Olena: %s, want her one feed removed", res)
	}
	if _, err := os.Stat(filepath.Join(dir, feeds.PersonFile(token))); !os.IsNotExist(err) {
		t.Errorf("Olena's feed is still there: %v", err)
	}
	if _, ok := index(t, dir)[feeds.PersonFile(token)]; ok {
		t.Error("feeds.csv still lists Olena's feed")
	}
	data, err := os.ReadFile(store.Path())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(token)) {
		t.Error("the random part of Olena's link is still in the plan file")
	}
}

func TestAPersonPublishWritesTheirFeedAloneAndLeavesOtherFilesInTheFolder(t *testing.T) {
	store := sampletest.Store(t)
	dir := t.TempDir()
	stranger := filepath.Join(dir, "person-not-ours.ics")
	if err := os.WriteFile(stranger, []byte("BEGIN:VCALENDAR\r\nPRODID:-//Someone else//EN\r\nEND:VCALENDAR\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	olena := personNamed(t, store, "Olena Kovalenko")
	res := publish(t, store, dir, feeds.Selection{PersonID: olena.ID})
	if want := (feeds.Result{Added: 1}); res != want {
		t.Errorf("publish of one person: %s, want %s", res, want)
	}
	if _, err := os.Stat(stranger); err != nil {
		t.Errorf("a calendar Convene did not write was touched: %v", err)
	}
	if got := index(t, dir); len(got) != 1 {
		t.Errorf("feeds.csv lists %v, want Olena's feed alone", got)
	}
}

// The folder where the plan keeps its snapshots is no place for feeds:
// forget cleans the snapshots there, not files beside them, so a person
// forgotten would stay in their feed.
func TestFeedsAreNotPublishedAmongThePlansSnapshots(t *testing.T) {
	store := sampletest.Store(t)
	ctx := context.Background()
	if _, err := store.Snapshot(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	dir := storage.SnapshotDir(store.Path())
	before, _ := os.ReadDir(dir)
	_, err := feeds.Publish(ctx, store, dir, feeds.Selection{}, feeds.Options{PlanName: "plan"})
	if err == nil || !strings.Contains(err.Error(), "where the plan keeps its snapshots") {
		t.Errorf("publish into the snapshots folder: %v; want a refusal saying why", err)
	}
	if after, _ := os.ReadDir(dir); len(after) != len(before) {
		t.Errorf("the snapshots folder held %d files and holds %d after", len(before), len(after))
	}
}
