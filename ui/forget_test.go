package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage"
)

// A speaker asks to be forgotten; the coordinator does it from her page.
func TestForgettingAPersonFromTheWindowLeavesNoTraceInTheFiles(t *testing.T) {
	path, s := samplePlanFile(t)
	if _, err := s.Snapshot(context.Background(), "import-people"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	w, mw := openWindow(t, path)
	const name, email = "Zofia Wróblewska", "zofia.wroblewska@example.org"
	var id int64
	for _, p := range mw.plan.People {
		if p.Email == email {
			id = p.ID
		}
	}

	mw.tabs.SelectIndex(2)
	mw.people.reveal(id)
	tapButton(t, w.Content(), "Forget this person…")
	d := dialogShown(t, w)
	if said := shownText(d); !strings.Contains(said, "snapshots") || !strings.Contains(said, "cannot be undone") {
		t.Errorf("the confirmation does not say what forgetting does:\n%s", said)
	}
	tapButton(t, d, "Forget")
	<-mw.Idle()

	if mw.index.People[id] != nil {
		t.Error("the window still shows her")
	}
	if said := shownText(dialogShown(t, w)); !strings.Contains(said, name+" is forgotten") || !strings.Contains(said, "Snapshots cleaned of them: 1") {
		t.Errorf("the window does not say what was done:\n%s", said)
	}
	files, _ := filepath.Glob(filepath.Join(storage.SnapshotDir(path), "*"))
	for _, f := range append(files, path, path+"-wal") {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, trace := range []string{name, email} {
			if bytes.Contains(b, []byte(trace)) {
				t.Errorf("%s still holds %q", filepath.Base(f), trace)
			}
		}
	}
}
