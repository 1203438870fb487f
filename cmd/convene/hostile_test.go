package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostileFilesGetAShortAnswer: a calendar nested 200,000 levels deep
// and a sheet of 100,000 bad rows are refused with the first problems and
// a count of the rest, not hundreds of thousands of lines; a cell of 48 MB
// is refused naming its column and the limit. Nothing is written.
//
// A plan file only: the story is about reading hostile sheets and
// calendars, which happens before any plan is written, and it compares the
// plan file's bytes; running it twice over 48 MB files would add little.
func TestHostileFilesGetAShortAnswer(t *testing.T) {
	plan := demoPlan(t)
	dir := t.TempDir()
	sum := durSum(t, plan)

	deep := filepath.Join(dir, "deep.ics")
	os.WriteFile(deep, []byte("BEGIN:VCALENDAR\r\n"+strings.Repeat("BEGIN:X\r\n", 200_000)+strings.Repeat("END:X\r\n", 200_000)+"END:VCALENDAR\r\n"), 0o644)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("name,stakeholder_group,timezone\n"+strings.Repeat("Ana,academia,Mars/Olympus\n", 100_000)), 0o644)
	for _, args := range [][]string{
		{"import", "ics", "--forum", "IGF 2021", deep},
		{"import", "csv", "people", bad},
	} {
		r := convene(t, nil, append(args, "--db", plan)...)
		lines := strings.Count(r.stderr, "\n")
		if r.code != 1 || lines > 60 || !strings.Contains(r.stderr, "more") {
			t.Errorf("convene %s: exit %d with %d lines of problems, want exit 1 with the first few and a count of the rest\n%.2000s",
				args[1], r.code, lines, r.stderr)
		}
	}

	huge := filepath.Join(dir, "huge.csv")
	os.WriteFile(huge, []byte("uid,forum,title,format,status,description\n,IGF 2021,Huge,workshop,idea,"+strings.Repeat("x", 48<<20)+"\n"), 0o644)
	r := convene(t, nil, "import", "csv", "sessions", huge, "--db", plan)
	if r.code != 1 || !strings.Contains(r.stderr, "description") || !strings.Contains(r.stderr, "MB") || len(r.stderr) > 1000 {
		t.Errorf("a 48 MB description: exit %d, want 1 naming the column and the limit\n%.1000s", r.code, r.stderr)
	}
	folded := filepath.Join(dir, "folded.ics")
	os.WriteFile(folded, []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:huge\r\nDTSTART:20211207T100000Z\r\n"+
		"DESCRIPTION:x\r\n"+strings.Repeat(" "+strings.Repeat("x", 70)+"\r\n", 48<<20/70)+"END:VEVENT\r\nEND:VCALENDAR\r\n"), 0o644)
	r = convene(t, nil, "import", "ics", "--forum", "IGF 2021", folded, "--db", plan)
	if r.code != 1 || !strings.Contains(r.stderr, "MB") || len(r.stderr) > 1000 {
		t.Errorf("a 48 MB folded description: exit %d, want 1 naming the limit\n%.1000s", r.code, r.stderr)
	}
	if durSum(t, plan) != sum {
		t.Error("the plan was changed")
	}
}
