package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/plangen"
)

// These tests are the stories of issue 7: a plan survives a process killed
// at any moment, two writers at once, files that are not what they claim,
// a full disk and a read-only file, and a person who asks to be forgotten.
// Each runs the built binary on real files and looks at the files after.

// durCommand is a convene process as the tests in main_test.go run one.
func durCommand(t testing.TB, args ...string) *exec.Cmd {
	cmd := exec.Command(binary(t), args...)
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"), "CONVENE_DB=",
		"LANG=en_GB.UTF-8", "LC_ALL=", "LC_MESSAGES=")
	return cmd
}

// durPeopleCSV writes a people sheet of n rows whose emails start with
// prefix, so sheets with different prefixes add different people.
func durPeopleCSV(t testing.TB, dir, prefix string, n int) string {
	t.Helper()
	path := filepath.Join(dir, prefix+".csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "name,email,affiliation,stakeholder_group,region,gender,country,timezone,bio\r\n")
	groups := []string{"government", "private-sector", "civil-society", "technical-community", "intergovernmental", "academia"}
	for i := range n {
		fmt.Fprintf(w, "Speaker %s %d,%s.%d@example.org,Org %d,%s,weog,undisclosed,PL,Europe/Warsaw,\r\n",
			prefix, i, prefix, i, i%97, groups[i%len(groups)])
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// durCopy copies a closed plan file, so each run starts from the same one.
func durCopy(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func durSum(t testing.TB, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// durPeople opens a plan as a user's next command would (recovering what a
// killed process left in the write-ahead log), checks it with SQLite's
// integrity_check and counts its people.
func durPeople(t testing.TB, path string) int {
	t.Helper()
	ctx := context.Background()
	s, err := storage.Open(ctx, path, storage.Options{})
	if err != nil {
		t.Fatalf("the plan no longer opens: %v", err)
	}
	defer s.Close()
	if err := s.CheckIntegrity(ctx); err != nil {
		t.Fatal(err)
	}
	var people []model.Person
	err = s.View(ctx, func(tx *storage.Tx) (err error) {
		people, err = tx.People(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(people)
}

// durSize is a file's size, 0 when it does not exist.
func durSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

// durKillPoint says when to kill an import: after a time, or once what the
// files show says it has reached a stage.
type durKillPoint struct {
	name  string
	after time.Duration
	ready func(plan string) bool
}

// durImportKilled starts an import and kills it (SIGKILL, as kill -9) at
// the point, and reports whether it was still running then.
func durImportKilled(t testing.TB, plan, sheet string, at durKillPoint) bool {
	t.Helper()
	cmd := durCommand(t, "import", "csv", "people", sheet, "--db", plan)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	deadline := time.After(at.after)
	if at.ready != nil {
		deadline = nil
	}
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-exited:
			return false
		case <-deadline:
		case <-tick.C:
			if at.ready == nil || !at.ready(plan) {
				continue
			}
		}
		err := cmd.Process.Signal(syscall.SIGKILL)
		<-exited
		return err == nil && !cmd.ProcessState.Success()
	}
}

// TestAnImportKilledAtAnyMomentLeavesThePlanAsBeforeOrAsAfter imports a
// 300,000-row sheet into the sample plan and kills the process at moments
// spread over its life: reading the sheet, writing rows, keeping the
// snapshot, committing, and copying the log into the plan after the commit.
// Each time the plan must open, pass integrity_check and hold either none
// of the sheet's people or all of them.
//
// The stories of this file are a plan file's only: they kill the process
// while it writes the file, fill its disk, take its write permission away,
// compare its bytes, look for a forgotten name in them and in the
// snapshots' folder beside it.
func TestAnImportKilledAtAnyMomentLeavesThePlanAsBeforeOrAsAfter(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 300,000-row imports; runs without -short")
	}
	dir := t.TempDir()
	base := filepath.Join(dir, "base.convene")
	if r := convene(t, nil, "demo", "--db", base); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	sheet := durPeopleCSV(t, dir, "crash", 300_000)
	before := durPeople(t, base)

	// One import runs to its end: the plan after, and how big its log grows.
	full := filepath.Join(dir, "full.convene")
	durCopy(t, base, full)
	var maxLog int64
	if durImportKilled(t, full, sheet, durKillPoint{name: "never", ready: func(plan string) bool {
		maxLog = max(maxLog, durSize(plan+"-wal"))
		return false
	}}) {
		t.Fatal("the full import was killed")
	}
	after := durPeople(t, full)
	if after != before+300_000 {
		t.Fatalf("the full import left %d people, want %d", after, before+300_000)
	}
	baseSize := durSize(base)
	logAt := func(part int64) func(string) bool {
		return func(plan string) bool { return durSize(plan+"-wal") >= maxLog*part/100 }
	}
	points := []durKillPoint{
		{name: "after 50 ms", after: 50 * time.Millisecond},
		{name: "after 200 ms", after: 200 * time.Millisecond},
		{name: "after 500 ms", after: 500 * time.Millisecond},
		{name: "after 1 s", after: time.Second},
		{name: "as the first rows reach the log", ready: func(plan string) bool { return durSize(plan+"-wal") > 0 }},
		{name: "a third into writing", ready: logAt(33)},
		{name: "two thirds into writing", ready: logAt(66)},
		{name: "while keeping the snapshot", ready: func(plan string) bool {
			tmp, _ := filepath.Glob(filepath.Join(storage.SnapshotDir(plan), ".*.tmp"))
			return len(tmp) > 0
		}},
		{name: "while committing", ready: logAt(99)},
		{name: "while the log is copied into the plan", ready: func(plan string) bool { return durSize(plan) > baseSize }},
	}
	var mu sync.Mutex
	landed, survived := 0, 0
	t.Cleanup(func() {
		t.Logf("kill points tried: %d; killed while running: %d; plan whole and all-or-nothing after: %d",
			len(points), landed, survived)
	})
	for i, at := range points {
		t.Run(at.name, func(t *testing.T) {
			// The points are found from the files, not from a clock that
			// a busy machine would put off, so they may run side by side.
			t.Parallel()
			plan := filepath.Join(dir, fmt.Sprintf("killed-%d.convene", i))
			durCopy(t, base, plan)
			killed := durImportKilled(t, plan, sheet, at)
			n := durPeople(t, plan)
			if n != before && n != after {
				t.Fatalf("killed %s, the plan holds %d people: neither %d (before) nor %d (after)", at.name, n, before, after)
			}
			as := "after"
			if n == before {
				as = "before"
			}
			t.Logf("killed while running: %v; the plan is as it was %s", killed, as)
			mu.Lock()
			defer mu.Unlock()
			survived++
			if killed {
				landed++
			}
		})
	}
}

// TestTwoImportsStartedTogetherBothLand starts two imports of 20,000
// people each on one plan at the same moment, three times over. The second
// to take the write lock waits for the first (busy timeout, BEGIN
// IMMEDIATE); both must succeed and every person be there after.
func TestTwoImportsStartedTogetherBothLand(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.convene")
	if r := convene(t, nil, "demo", "--db", plan); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	want := durPeople(t, plan)
	const rounds, rows = 3, 20_000
	landed := 0
	for round := range rounds {
		var cmds []*exec.Cmd
		var outs []*bytes.Buffer
		for _, who := range []string{"a", "b"} {
			sheet := durPeopleCSV(t, dir, fmt.Sprintf("%s%d", who, round), rows)
			cmd := durCommand(t, "import", "csv", "people", sheet, "--db", plan)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			cmds, outs = append(cmds, cmd), append(outs, &out)
		}
		for _, cmd := range cmds {
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Errorf("round %d, import %d: %v\n%s", round+1, i+1, err, outs[i])
				continue
			}
			landed++
		}
		want += 2 * rows
		if n := durPeople(t, plan); n != want {
			t.Fatalf("after round %d the plan holds %d people, want %d: an import was lost", round+1, n, want)
		}
	}
	t.Logf("concurrent imports landed: %d of %d", landed, 2*rounds)
	// Each import kept the plan as it was just before it, the other's
	// people included when that one came first.
	list, err := storage.Snapshots(plan)
	if err != nil || len(list) != storage.KeptSnapshots {
		t.Errorf("want the newest %d snapshots kept; have %d (%v)", storage.KeptSnapshots, len(list), err)
	}
}

// durForeignFiles writes the files a plan path may wrongly point at, each
// as someone would come by it.
func durForeignFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	write := func(name string, b []byte) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		files[name] = path
	}
	write("notes.convene", []byte("Coalition meeting notes\nDo not lose these.\n"))
	write("photo.convene", bytes.Repeat([]byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10}, 2000))

	other := filepath.Join(dir, "places.sqlite")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('https://eurodig.org')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	files["places.sqlite"] = other

	real, err := os.ReadFile(plangen.File(t, plangen.Realistic))
	if err != nil {
		t.Fatal(err)
	}
	write("truncated.convene", real[:4096])
	damaged := bytes.Clone(real)
	middle := len(damaged) / 2 / 4096 * 4096
	copy(damaged[middle:], bytes.Repeat([]byte("overwritten!"), 4096/12))
	write("damaged.convene", damaged)
	newer := bytes.Clone(real)
	newer[60], newer[61], newer[62], newer[63] = 0, 0, 0x03, 0xe7 // user_version 999
	write("newer.convene", newer)
	return files
}

// TestFilesThatAreNotGoodPlansAreRefusedWithExitTwoAndLeftByteForByte points
// every command that opens a plan at files that are not (good) plans: text,
// a photo, another program's SQLite database, a plan cut short, a plan
// overwritten in the middle and a plan from a newer Convene.
func TestFilesThatAreNotGoodPlansAreRefusedWithExitTwoAndLeftByteForByte(t *testing.T) {
	dir := t.TempDir()
	files := durForeignFiles(t, dir)
	sheet := durPeopleCSV(t, dir, "few", 3)
	commands := [][]string{
		{"list", "sessions"},
		{"check"},
		{"export", "csv", "people"},
		{"import", "csv", "people", sheet},
		{"demo", "--force"},
		{"forget", "few.1@example.org"},
	}
	untouched := 0
	for name, path := range files {
		t.Run(name, func(t *testing.T) {
			sum := durSum(t, path)
			for _, args := range commands {
				r := convene(t, nil, append(args, "--db", path)...)
				if r.code != 2 || !strings.Contains(r.stderr, path) || strings.Contains(r.stderr, "goroutine") {
					t.Errorf("convene %s on %s: exit %d, stderr %q; want exit 2 and a message naming the file",
						strings.Join(args, " "), name, r.code, r.stderr)
				}
			}
			if durSum(t, path) != sum {
				t.Fatalf("%s was changed", name)
			}
			for _, side := range []string{"-wal", "-shm", "-journal", ".snapshots"} {
				if _, err := os.Stat(path + side); err == nil {
					t.Errorf("%s%s was left behind", name, side)
				}
			}
			untouched++
		})
	}
	t.Logf("foreign files left untouched: %d of %d, after %d commands each", untouched, len(files), len(commands))
}

// TestForgetLeavesNeitherNameNorEmailInThePlanOrItsSnapshots forgets a
// speaker of the sample plan after imports that kept snapshots holding her,
// then searches every file's bytes for her name and email.
func TestForgetLeavesNeitherNameNorEmailInThePlanOrItsSnapshots(t *testing.T) {
	plan := demoPlan(t)
	const name, email = "Zofia Wróblewska", "zofia.wroblewska@example.org"
	dir := t.TempDir()
	for _, sheet := range []string{durPeopleCSV(t, dir, "first", 10), durPeopleCSV(t, dir, "second", 10)} {
		if r := convene(t, nil, "import", "csv", "people", sheet, "--db", plan); r.code != 0 {
			t.Fatalf("import: %s", r.stderr)
		}
	}
	files := func() []string {
		snaps, _ := filepath.Glob(filepath.Join(storage.SnapshotDir(plan), "*"))
		return append([]string{plan, plan + "-wal"}, snaps...)
	}
	holding := func() []string {
		var found []string
		for _, f := range files() {
			b, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			for _, s := range []string{name, email} {
				if bytes.Contains(b, []byte(s)) {
					found = append(found, filepath.Base(f)+": "+s)
				}
			}
		}
		return found
	}
	if found := holding(); len(found) < 3 {
		t.Fatalf("the plan and both snapshots should hold her before: %v", found)
	}

	r := convene(t, nil, "forget", email, "--db", plan)
	if r.code != 0 {
		t.Fatalf("forget: exit %d\n%s", r.code, r.stderr)
	}
	if found := holding(); len(found) > 0 {
		t.Errorf("after forget her name or email is still in: %v", found)
	}
	for _, want := range []string{"Forgot " + name, "3 roles in sessions", "without an owner", "cleaned"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("forget does not say %q:\n%s", want, r.stdout)
		}
	}
	if got := strings.Count(r.stdout, ": cleaned"); got != 2 {
		t.Errorf("forget names %d snapshots cleaned, want 2:\n%s", got, r.stdout)
	}
	if r := convene(t, nil, "schedule", "--person", email, "--db", plan); r.code != 1 {
		t.Errorf("schedule finds her after forget: exit %d\n%s", r.code, r.stdout)
	}
	if r := convene(t, nil, "check", "--db", plan); strings.Contains(r.stdout+r.stderr, "Zofia") {
		t.Errorf("check still names her:\n%s", r.stdout)
	}
}

func TestForgetRefusesAnUnknownOrAmbiguousPerson(t *testing.T) {
	plan := demoPlan(t)
	sheet := csvFile(t, "twins.csv", "name,email,stakeholder_group,gender,timezone\n"+
		"Sam Lee,sam@example.org,academia,male,Europe/Warsaw\nSam Lee,s.lee@example.net,government,female,Asia/Tokyo\n")
	csvImport(t, plan, "people", sheet)
	sum := durSum(t, plan)
	r := convene(t, nil, "forget", "Sam Lee", "--db", plan)
	if r.code != 1 || !strings.Contains(r.stderr, "sam@example.org") || !strings.Contains(r.stderr, "s.lee@example.net") {
		t.Errorf("an ambiguous name: exit %d, stderr %q; want exit 1 listing both", r.code, r.stderr)
	}
	r = convene(t, nil, "forget", "nobody@example.org", "--db", plan)
	if r.code != 1 || !strings.Contains(r.stderr, "nobody@example.org") {
		t.Errorf("an unknown email: exit %d, stderr %q; want exit 1 naming it", r.code, r.stderr)
	}
	if durSum(t, plan) != sum {
		t.Error("a refused forget changed the plan")
	}
}

// TestRestoreListsTheSnapshotsAndGoesBackToOne follows a secretariat that
// imports the wrong sheet, lists the snapshots and goes back, then changes
// its mind.
func TestRestoreListsTheSnapshotsAndGoesBackToOne(t *testing.T) {
	plan := filepath.Join(t.TempDir(), "plan.convene")
	if r := convene(t, nil, "restore", "--db", plan); r.code != 0 || !strings.Contains(r.stdout, "no snapshots") {
		t.Errorf("restore on a new plan: exit %d, %q", r.code, r.stdout)
	}
	if r := convene(t, nil, "demo", "--db", plan); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if _, err := os.Stat(storage.SnapshotDir(plan)); err == nil {
		t.Error("a snapshot was kept of an empty plan")
	}
	wrong := durPeopleCSV(t, t.TempDir(), "wrong", 50)
	csvImport(t, plan, "people", wrong)
	withWrong := durPeople(t, plan)

	r := convene(t, nil, "restore", "--db", plan)
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) < 4 || !strings.HasPrefix(strings.TrimSpace(lines[3]), "1 ") ||
		!strings.Contains(lines[3], "import-people") || !strings.Contains(lines[3], "the current plan") {
		t.Fatalf("restore does not list the snapshot before the import:\n%s", r.stdout)
	}
	if r := convene(t, nil, "restore", "1", "--db", plan); r.code != 0 || !strings.Contains(r.stdout, "import-people") {
		t.Fatalf("restore 1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := durPeople(t, plan); n != withWrong-50 {
		t.Errorf("after the restore the plan holds %d people, want %d", n, withWrong-50)
	}
	// The plan with the wrong sheet was kept, and brings the sheet back.
	if r := convene(t, nil, "restore", "1", "--db", plan); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if n := durPeople(t, plan); n != withWrong {
		t.Errorf("undoing the restore gives %d people, want %d", n, withWrong)
	}
	if info, err := os.Stat(plan); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the restored plan is not owner-only: %v %v", info.Mode(), err)
	}
	for _, args := range [][]string{{"restore", "9"}, {"restore", "no-such-file.convene"}} {
		if r := convene(t, nil, append(args, "--db", plan)...); r.code == 0 || r.stderr == "" {
			t.Errorf("convene %s: exit %d, want a refusal saying why", strings.Join(args, " "), r.code)
		}
	}
}

// TestAReadOnlyPlanIsRefusedWithAClearMessage imports into a plan its owner
// made read-only. The system administrator may write any file, so when the
// tests run as root the command runs as "nobody", who owns the plan.
func TestAReadOnlyPlanIsRefusedWithAClearMessage(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.convene")
	if r := convene(t, nil, "demo", "--db", plan); r.code != 0 {
		t.Fatal(r.stderr)
	}
	sheet := durPeopleCSV(t, dir, "late", 100)
	if err := os.Chmod(plan, 0o400); err != nil {
		t.Fatal(err)
	}
	sum := durSum(t, plan)
	cmd := durCommand(t, "import", "csv", "people", sheet, "--db", plan)
	if os.Geteuid() == 0 {
		durAsNobody(t, cmd, dir)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("import into a read-only plan: %v, want exit 2\n%s", err, stderr.String())
	}
	if msg := stderr.String(); !strings.Contains(msg, plan) || !strings.Contains(msg, "read-only") || strings.Contains(msg, "goroutine") {
		t.Errorf("the message does not say plainly that the plan is read-only:\n%s", msg)
	}
	if durSum(t, plan) != sum {
		t.Error("the read-only plan was changed")
	}
}

// durAsNobody makes cmd run as the user nobody, with the binary copied
// where nobody may run it and the folder (and the files in it) theirs.
func durAsNobody(t *testing.T, cmd *exec.Cmd, dir string) {
	t.Helper()
	const nobody = 65534
	bin := filepath.Join(dir, "convene")
	src, err := os.Open(cmd.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	if err == nil {
		_, err = io.Copy(dst, src)
		dst.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	err = filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err == nil {
			err = os.Chown(p, nobody, nobody)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd.Path = bin
	cmd.Args[0] = bin
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	cmd.Env = append(cmd.Env, "HOME="+dir)
}

// TestAFullDiskLeavesThePlanAsItWas runs an import whose files may not
// grow past 1 MB (ulimit -f, which needs no privileges, where mounting a
// tiny file system would): writing its log fails half-way. The import must
// say the plan cannot be written, exit 2, and leave the plan as it was.
func TestAFullDiskLeavesThePlanAsItWas(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("needs bash for ulimit -f")
	}
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.convene")
	if r := convene(t, nil, "demo", "--db", plan); r.code != 0 {
		t.Fatal(r.stderr)
	}
	before := durPeople(t, plan)
	sum := durSum(t, plan)
	sheet := durPeopleCSV(t, dir, "many", 20_000)
	cmd := durCommand(t)
	cmd.Path = bash
	cmd.Args = []string{"bash", "-c", `ulimit -f 1024 && exec "$0" "$@"`, binary(t), "import", "csv", "people", sheet, "--db", plan}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("an import onto a full disk: %v, want exit 2\n%s", err, stderr.String())
	}
	if msg := stderr.String(); !strings.Contains(msg, plan) || !strings.Contains(msg, "cannot be written") {
		t.Errorf("the message does not say the plan cannot be written:\n%s", msg)
	}
	if durSum(t, plan) != sum {
		t.Error("the plan file was changed")
	}
	if n := durPeople(t, plan); n != before {
		t.Errorf("the plan holds %d people, want the %d it had", n, before)
	}
}

// TestLineBreaksNULsAndAMegabyteStayInTheirCell imports a session whose
// texts hold CR, LF, CRLF, NUL and a 1 MB description, then exports it as
// CSV and as a calendar: each session stays one CSV record and each text
// one iCalendar property, and importing the export changes nothing.
func TestLineBreaksNULsAndAMegabyteStayInTheirCell(t *testing.T) {
	plan := demoPlan(t)
	megabyte := strings.Repeat("Line one\r\nline two\rline three\nNUL\x00here, \"quoted\"; ", 1<<20/50)
	var sheet bytes.Buffer
	w := csv.NewWriter(&sheet)
	w.Write([]string{"uid", "forum", "title", "format", "start", "end", "timezone", "room", "status", "organisers", "topics", "participants", "description", "report_due"})
	w.Write([]string{"hostile@test", "IGF 2021", "Title\r\nBEGIN:VEVENT\x00END", "workshop", "2021-12-07 10:00", "2021-12-07 11:00", "", "Room\n1",
		"scheduled", "DC-IoT", "a\r\nb", "", megabyte, ""})
	w.Flush()
	path := csvFile(t, "hostile.csv", sheet.String())
	csvImport(t, plan, "sessions", path)

	exported := csvExport(t, plan, "sessions")
	records, err := csv.NewReader(strings.NewReader(exported)).ReadAll()
	if err != nil {
		t.Fatalf("the export is not CSV: %v", err)
	}
	sessions := csvListJSON(t, plan, "sessions")
	if len(records) != len(sessions)+1 {
		t.Fatalf("%d CSV records for %d sessions: a text broke out of its cell", len(records), len(sessions))
	}
	found := false
	for _, rec := range records {
		if rec[0] != "hostile@test" {
			continue
		}
		found = true
		if rec[2] != "Title BEGIN:VEVENT END" || rec[7] != "Room 1" {
			t.Errorf("single-line fields read back as title %q, room %q", rec[2], rec[7])
		}
		if want := model.CleanText(megabyte); rec[12] != want {
			t.Errorf("the description read back as %d bytes, want the %d of the cleaned text", len(rec[12]), len(want))
		}
	}
	if !found {
		t.Fatal("the hostile session is not in the export")
	}
	again := csvFile(t, "again.csv", exported)
	if out := csvImport(t, plan, "sessions", again); !strings.Contains(out, "0 added, 0 updated") {
		t.Errorf("re-importing the export changed the plan: %s", out)
	}

	r := convene(t, nil, "export", "ics", "--forum", "IGF 2021", "--db", plan)
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	unfolded := strings.ReplaceAll(r.stdout, "\r\n ", "")
	events := 0
	for _, line := range strings.Split(strings.TrimSuffix(unfolded, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n\x00") {
			t.Fatalf("a calendar line holds a line break or NUL: %.80q", line)
		}
		if line == "BEGIN:VEVENT" {
			events++
		}
	}
	want := 0
	for _, s := range csvListJSON(t, plan, "sessions", "--forum", "IGF 2021") {
		if s["start"] != "" {
			want++
		}
	}
	if events != want {
		t.Errorf("%d events in the calendar of IGF 2021's %d sessions with times: a text started or swallowed one", events, want)
	}
	cal := filepath.Join(t.TempDir(), "igf.ics")
	if err := os.WriteFile(cal, []byte(r.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := convene(t, nil, "import", "ics", "--forum", "IGF 2021", cal, "--db", plan); r.code != 0 || !strings.Contains(r.stdout, "added 0, updated 0") {
		t.Errorf("re-importing the calendar: exit %d, %s%s", r.code, r.stdout, r.stderr)
	}
}
