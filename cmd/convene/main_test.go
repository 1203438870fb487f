package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/plangen"
)

// The command line is tested as scripts use it: the real binary, built once,
// run on plan files in a temporary folder.
var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

func binary(t testing.TB) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "convene-cli-")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "convene")
		out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			binaryErr = errors.New(string(out))
		}
	})
	if binaryErr != nil {
		t.Fatalf("build convene: %v", binaryErr)
	}
	return binaryPath
}

type result struct {
	stdout, stderr string
	code           int
}

// convene runs the binary with the arguments and the extra environment
// (KEY=VALUE); HOME and XDG_DATA_HOME point into the test's own folder, so
// no test ever touches the real default plan.
func convene(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"), "CONVENE_DB=")
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{stdout.String(), stderr.String(), code}
}

func demoPlan(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "dc-iot.convene")
	if r := convene(t, nil, "demo", "--db", path); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	return path
}

func TestHelpExplainsEveryCommand(t *testing.T) {
	r := convene(t, nil, "help")
	if r.code != 0 {
		t.Fatalf("help: exit %d", r.code)
	}
	for _, cmd := range []string{"demo", "list", "--db"} {
		if !strings.Contains(r.stdout, cmd) {
			t.Errorf("help does not mention %s:\n%s", cmd, r.stdout)
		}
	}
	for _, args := range [][]string{{"demo", "--help"}, {"list", "--help"}, {"help", "list"}} {
		r := convene(t, nil, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Usage:") {
			t.Errorf("convene %s: exit %d, output:\n%s", strings.Join(args, " "), r.code, r.stdout)
		}
	}
	if r := convene(t, nil, "list", "--help"); !strings.Contains(r.stdout, "--json") || !strings.Contains(r.stdout, "--forum") {
		t.Errorf("list --help does not explain its flags:\n%s", r.stdout)
	}
}

func TestWrongUsageExitsTwoAndSaysWhy(t *testing.T) {
	plan := demoPlan(t)
	cases := map[string][]string{
		"unknown command":  {"plan-my-year"},
		"unknown flag":     {"list", "sessions", "--colour", "--db", plan},
		"missing argument": {"list", "--db", plan},
		"unknown kind":     {"list", "speakers", "--db", plan},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			r := convene(t, nil, args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2; stderr:\n%s", r.code, r.stderr)
			}
			if r.stderr == "" || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("stderr does not say what went wrong plainly:\n%s", r.stderr)
			}
		})
	}
}

func TestStandardErrorHoldsOnlyConveneMessagesInTheCLocale(t *testing.T) {
	// Containers and CI runners default to C.UTF-8, which Fyne, linked into
	// the binary for the app, cannot parse; a script must not read its
	// complaint among the FILE:LINE messages.
	r := convene(t, []string{"LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="}, "list", "speakers")
	want := "list: \"speakers\" is not one of forums, sessions, people, actions, reports, narratives\nRun 'convene help' for usage.\n"
	if r.stderr != want {
		t.Errorf("stderr is\n%q\nwant\n%q", r.stderr, want)
	}
}

func TestDemoFillsAnEmptyPlanAndWillNotOverwriteOne(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		if !storage.IsTeamPlan(plan) {
			// A file's readers are its mode's; a team plan's, its grants'.
			info, err := os.Stat(plan)
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != 0o600 {
				t.Errorf("the new plan has mode %o, want 600", info.Mode().Perm())
			}
		}
		r := convene(t, nil, "demo", "--db", plan)
		if r.code != 1 || !strings.Contains(r.stderr, "--force") {
			t.Errorf("demo on a plan with data: exit %d, stderr %q; want exit 1 pointing at --force", r.code, r.stderr)
		}
		if r := convene(t, nil, "demo", "--force", "--db", plan); r.code != 0 {
			t.Errorf("demo --force: exit %d: %s", r.code, r.stderr)
		}
		r = convene(t, nil, "list", "forums", "--db", plan)
		if strings.Count(r.stdout, "IGF 2021") != 1 {
			t.Errorf("after demo --force the plan should hold the sample once:\n%s", r.stdout)
		}
	})
}

func TestListShowsTheSamplePlanAsATable(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		r := convene(t, nil, "list", "forums", "--db", plan)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		for _, want := range []string{"NAME", "EuroDIG 2021", "IGF 2021", "Katowice, PL", "2021-12-06 – 2021-12-10", "Europe/Warsaw"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("list forums lacks %q:\n%s", want, r.stdout)
			}
		}
		r = convene(t, nil, "list", "sessions", "--forum", "igf 2021", "--db", plan)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if !strings.Contains(r.stdout, "DC-CIV + DC-IoT") || strings.Contains(r.stdout, "EuroDIG") {
			t.Errorf("sessions of IGF 2021 should show the joint session and no other forum:\n%s", r.stdout)
		}
		if r := convene(t, nil, "list", "people", "--db", plan); strings.Contains(r.stdout, "@") {
			t.Errorf("list people printed emails without --with-contacts:\n%s", r.stdout)
		}
		if r := convene(t, nil, "list", "people", "--with-contacts", "--db", plan); !strings.Contains(r.stdout, "@") {
			t.Errorf("list people --with-contacts printed no email:\n%s", r.stdout)
		}
	})
}

func TestListJSONUsesTheCSVColumnsAndForumOffsets(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		// Flags stand anywhere after the command word.
		r := convene(t, nil, "list", "--json", "sessions", "--db", plan, "--forum", "IGF 2021")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		var sessions []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &sessions); err != nil {
			t.Fatalf("not one JSON array: %v\n%s", err, r.stdout)
		}
		if len(sessions) == 0 {
			t.Fatal("no sessions")
		}
		want := []string{"uid", "forum", "title", "format", "start", "end", "timezone", "room", "status",
			"organisers", "topics", "participants", "description", "report_due"}
		for _, key := range want {
			if _, ok := sessions[0][key]; !ok {
				t.Errorf("session object lacks %q: %v", key, sessions[0])
			}
		}
		if len(sessions[0]) != len(want) {
			t.Errorf("session object has keys beyond the CSV columns: %v", sessions[0])
		}
		found := false
		for _, s := range sessions {
			start, _ := s["start"].(string)
			if start == "" {
				continue
			}
			tm, err := time.Parse(time.RFC3339, start)
			if err != nil {
				t.Errorf("start %q is not RFC 3339", start)
				continue
			}
			if _, off := tm.Zone(); off != 3600 {
				t.Errorf("start %q is not at Warsaw's December offset +01:00", start)
			}
			found = true
		}
		if !found {
			t.Error("no IGF 2021 session has a start")
		}
		r = convene(t, nil, "list", "people", "--json", "--db", plan)
		var people []map[string]string
		if err := json.Unmarshal([]byte(r.stdout), &people); err != nil {
			t.Fatalf("people JSON: %v", err)
		}
		for _, p := range people {
			if p["email"] != "" || p["gender"] != "" {
				t.Errorf("personal data without --with-contacts: %v", p)
			}
		}
	})
}

// A plan file only: the default plan is a file in the data folder.
func TestThePlanComesFromDbThenEnvironmentThenDataFolder(t *testing.T) {
	plan := demoPlan(t)
	if r := convene(t, []string{"CONVENE_DB=" + plan}, "list", "forums"); !strings.Contains(r.stdout, "IGF 2021") {
		t.Errorf("$CONVENE_DB was not used: exit %d %s", r.code, r.stderr)
	}
	missing := filepath.Join(t.TempDir(), "missing.convene")
	r := convene(t, []string{"CONVENE_DB=" + plan}, "list", "forums", "--db", missing)
	if r.code != 2 || !strings.Contains(r.stderr, missing) {
		t.Errorf("--db should win over $CONVENE_DB and a missing plan is exit 2 naming it: exit %d, %s", r.code, r.stderr)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("list created a plan")
	}
	home := t.TempDir()
	r = convene(t, []string{"XDG_DATA_HOME=" + home}, "demo")
	if r.code != 0 {
		t.Fatalf("demo on the default plan: exit %d %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(home, "convene", "plan.convene")); err != nil {
		t.Errorf("the default plan is not in the data folder: %v", err)
	}
}

// A plan file only: a database that is not a plan is storage/postgres's
// TestADatabaseOfAnotherProgramIsRefusedAndLeftAsItWas.
func TestAFileThatIsNotAPlanIsRefusedAndUntouched(t *testing.T) {
	notes := filepath.Join(t.TempDir(), "notes.txt")
	content := []byte("Coalition meeting notes\nDo not lose these.\n")
	if err := os.WriteFile(notes, content, 0o644); err != nil {
		t.Fatal(err)
	}
	before := sha256.Sum256(content)
	for _, args := range [][]string{{"list", "sessions"}, {"demo"}, {"demo", "--force"}} {
		r := convene(t, nil, append(args, "--db", notes)...)
		if r.code != 2 || !strings.Contains(r.stderr, notes) || !strings.Contains(r.stderr, "not a Convene plan") {
			t.Errorf("%v on notes.txt: exit %d, stderr %q; want exit 2 naming the file", args, r.code, r.stderr)
		}
	}
	after, _ := os.ReadFile(notes)
	if sha256.Sum256(after) != before {
		t.Error("notes.txt was changed")
	}
}

// BenchmarkListSessionsJSON runs the whole process a script runs: start,
// open the plan, read its sessions and print them as JSON. It reports the
// plan file's size beside the time.
func BenchmarkListSessionsJSON(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		plan := plangen.File(b, n)
		info, err := os.Stat(plan)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			bin := binary(b)
			for b.Loop() {
				cmd := exec.Command(bin, "list", "sessions", "--json", "--db", plan)
				if out, err := cmd.Output(); err != nil || len(out) == 0 {
					b.Fatalf("list sessions --json: %v", err)
				}
			}
			b.ReportMetric(float64(info.Size())/1e6, "MB/plan")
		})
	}
}
