package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestForgetScrubsEverySpellingFromEverySnapshot: a person imported in
// decomposed Unicode, mentioned in a description with her name broken
// across a line, renamed later by a sheet that gives her email in capitals,
// with snapshots taken while the plan was reached through a symbolic link.
// Forgetting her by her email as first given leaves none of her names or
// emails, in any form, in any file beside the plan.
//
// The stories of this file are a plan file's only: they search the file and
// its snapshots' folder byte by byte; forget on a team plan is being built
// beside this, with its own stories.
func TestForgetScrubsEverySpellingFromEverySnapshot(t *testing.T) {
	dir, plan, link := linkedSamplePlan(t)
	const header = "name,email,affiliation,stakeholder_group,region,gender,country,timezone,bio\n"
	csvImport(t, plan, "people", csvFile(t, "first.csv", header+
		norm.NFD.String("Zofia Wąsowicz,zoë@example.org,Fundacja,civil-society,eastern-european,female,PL,Europe/Warsaw,\n")))
	csvImport(t, link, "sessions", csvFile(t, "sessions.csv",
		"forum,title,format,start,end,status,organisers,participants,description\n"+
			"IGF 2021,Smart meters,workshop,2021-12-07 10:00,2021-12-07 11:00,scheduled,DC-IoT,"+
			"zoë@example.org:speaker:confirmed,\"Chaired by Zofia\nWąsowicz.\"\n"))
	csvImport(t, link, "people", csvFile(t, "renamed.csv", header+
		"Zofia Żółtowska,ZOË@EXAMPLE.ORG,Fundacja,civil-society,eastern-european,female,PL,Europe/Warsaw,\n"))

	r := convene(t, nil, "forget", "zoë@example.org", "--db", plan)
	if r.code != 0 {
		t.Fatalf("forget: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var spellings []string
	for _, s := range []string{"Wąsowicz", "Żółtowska", "zoë@example.org", "ZOË@EXAMPLE.ORG"} {
		for _, form := range []norm.Form{norm.NFC, norm.NFD} {
			spellings = append(spellings, form.String(s), strings.ToLower(form.String(s)))
		}
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range spellings {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s still holds %q", path, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Convene before this one kept the snapshots of a plan reached through a
// symbolic link beside the link. Forgetting someone through that link
// reaches them too, and restore lists them.
func TestForgetThroughALinkReachesSnapshotsOlderConvenesKeptBesideIt(t *testing.T) {
	_, plan, link := linkedSamplePlan(t)
	// What an older Convene left beside the link: a snapshot of the plan.
	old := filepath.Join(link+".snapshots", "20211130T120000.000000Z-import-people.convene")
	if err := os.MkdirAll(filepath.Dir(old), 0o700); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := convene(t, nil, "restore", "--db", link); r.code != 0 || !strings.Contains(r.stdout, "import-people") {
		t.Errorf("restore does not list the snapshot beside the link: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := convene(t, nil, "forget", "zofia.wroblewska@example.org", "--db", link); r.code != 0 {
		t.Fatalf("forget: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if b, err := os.ReadFile(old); err == nil && bytes.Contains(b, []byte("zofia.wroblewska@example.org")) {
		t.Error("the snapshot beside the link still holds her email")
	}
}

// linkedSamplePlan makes the sample plan in a folder of its own and a
// symbolic link to it beside that folder.
func linkedSamplePlan(t *testing.T) (dir, plan, link string) {
	t.Helper()
	dir = t.TempDir()
	plan = filepath.Join(dir, "real", "plan.convene")
	if err := os.MkdirAll(filepath.Dir(plan), 0o700); err != nil {
		t.Fatal(err)
	}
	if r := convene(t, nil, "demo", "--db", plan); r.code != 0 {
		t.Fatal(r.stderr)
	}
	link = filepath.Join(dir, "plan-link.convene")
	if err := os.Symlink(plan, link); err != nil {
		t.Fatal(err)
	}
	return dir, plan, link
}
