package storage_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestTheSystemsSqlite3FindsAPlanIntact runs the check a user runs with the
// sqlite3 command of their system (Debian 12's is 3.40.1, which misreads
// WITHOUT ROWID tables whose key columns are not their first): it must say
// "ok" of a plan, and of its snapshot.
func TestTheSystemsSqlite3FindsAPlanIntact(t *testing.T) {
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Fatal("sqlite3 is not installed ('make test-deps' installs it)")
	}
	path := samplePlan(t)
	snap, err := openPlan(t, path).Snapshot(t.Context(), "check")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{path, snap} {
		out, err := exec.Command(sqlite3, file, "PRAGMA integrity_check").CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "ok" {
			t.Errorf("sqlite3 %s 'PRAGMA integrity_check': %v\n%s", file, err, out)
		}
	}
}
