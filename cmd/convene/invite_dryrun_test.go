package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A coordinator writes a forum's messages to a folder to look at, then
// one person's into the same folder: the folder then holds that person's
// messages only, beside the coordinator's own files, which stay.
func TestADryRunIntoAFolderUsedBeforeHoldsOnlyItsOwnMessages(t *testing.T) {
	plan := demoPlan(t)
	dir := t.TempDir()
	if r := convene(t, nil, "invite", "--forum", "IGF 2021", "--from", coordinator, "--dry-run", dir, "--db", plan); r.code != 0 {
		t.Fatalf("first dry run: exit %d\n%s", r.code, r.stderr)
	}
	mine := []string{"001-notes.eml", "notes.txt"}
	for _, name := range mine {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("mine\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := convene(t, nil, "invite", "--person", "Zofia Wróblewska", "--from", coordinator, "--dry-run", dir, "--db", plan)
	if r.code != 0 || !strings.Contains(r.stdout, "removed the 22 messages of an earlier dry run from "+dir) {
		t.Fatalf("second dry run: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var messages []string
	for _, e := range entries {
		if !slices.Contains(mine, e.Name()) {
			messages = append(messages, e.Name())
		}
	}
	for _, name := range mine {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("the coordinator's own %s is gone", name)
		}
	}
	if !strings.Contains(r.stdout, "wrote "+count(len(messages), "message", "messages")+" to "+dir) || len(messages) == 0 {
		t.Errorf("the folder holds %v beside the coordinator's files; the run says:\n%s", messages, r.stdout)
	}
	for _, name := range messages {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); !strings.Contains(string(b), "zofia.wroblewska@example.org") {
			t.Errorf("%s is not to Zofia", name)
		}
	}
}
