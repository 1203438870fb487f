package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestAPlanOnReadOnlyMediaCanBeReadButNotChanged: a plan in a folder and
// file no one may write (as on a CD or a read-only mount) is listed and
// exported as any other; a change is refused, saying why, and the file is
// left as it was.
//
// A plan file only: read-only media are a file's; a team plan's reader is
// grant_test.go's TestARoleGivenReadReadsTheTeamPlanAndChangesNothing.
func TestAPlanOnReadOnlyMediaCanBeReadButNotChanged(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.convene")
	if r := convene(t, nil, "demo", "--db", plan); r.code != 0 {
		t.Fatal(r.stderr)
	}
	sheet := durPeopleCSV(t, t.TempDir(), "late", 3)
	os.Chmod(filepath.Dir(sheet), 0o755)
	os.Chmod(sheet, 0o644)
	run := func(args ...string) (string, string, int) {
		cmd := durCommand(t, args...)
		if os.Geteuid() == 0 {
			// The system administrator may write any file: run as nobody.
			durAsNobody(t, cmd, dir)
		}
		if err := os.Chmod(plan, 0o444); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o755)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return stdout.String(), stderr.String(), code
	}
	sum := durSum(t, plan)
	if out, errs, code := run("list", "forums", "--db", plan); code != 0 || !strings.Contains(out, "IGF 2021") {
		t.Errorf("list forums on a read-only plan: exit %d\n%s%s", code, out, errs)
	}
	if out, errs, code := run("export", "csv", "sessions", "--db", plan); code != 0 || !strings.Contains(out, "IGF 2021") {
		t.Errorf("export csv on a read-only plan: exit %d\n%s%s", code, out, errs)
	}
	_, errs, code := run("import", "csv", "people", sheet, "--db", plan)
	if code != 2 || !strings.Contains(errs, "read-only") || !strings.Contains(errs, plan) {
		t.Errorf("import into a read-only plan: exit %d, want 2 saying it is read-only\n%s", code, errs)
	}
	if durSum(t, plan) != sum {
		t.Error("the read-only plan was changed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 { // the plan and the copied binary
		for _, e := range entries {
			t.Log(e.Name())
		}
		t.Errorf("the read-only folder holds %d files, want only the plan and the binary", len(entries))
	}
}
