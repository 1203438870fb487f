package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestWithNoHomeThereIsNoDefaultPlan runs commands with neither HOME nor
// XDG_DATA_HOME set and no plan named: they refuse, saying how to name
// one, and make nothing in the folder they run in.
//
// A plan file only: the default plan is a file in the data folder.
func TestWithNoHomeThereIsNoDefaultPlan(t *testing.T) {
	dir := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_DATA_HOME=") && !strings.HasPrefix(kv, "CONVENE_DB=") {
			env = append(env, kv)
		}
	}
	for _, args := range [][]string{{"demo"}, {"list", "forums"}, {"restore"}} {
		cmd := exec.Command(binary(t), args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		exit, _ := err.(*exec.ExitError)
		if exit == nil || exit.ExitCode() != 2 || !strings.Contains(string(out), "--db") || !strings.Contains(string(out), "HOME") {
			t.Errorf("convene %s without HOME: %v, want exit 2 saying to name a plan\n%s", strings.Join(args, " "), err, out)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("commands without HOME left %d files in the folder they ran in, the first %s", len(entries), entries[0].Name())
	}
}
