package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/plangen"
)

// reportTableRow returns the cells of the row labelled label in the
// Markdown table that follows the line intro.
func reportTableRow(t *testing.T, md, intro, label string) []string {
	t.Helper()
	_, rest, ok := strings.Cut(md, intro+"\n")
	if !ok {
		t.Fatalf("the report has no %q", intro)
	}
	for _, line := range strings.Split(rest, "\n") {
		if strings.HasPrefix(line, "## ") || strings.HasPrefix(line, "**") && line != intro {
			break
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if len(cells) > 1 && cells[0] == label {
			return cells[1:]
		}
	}
	t.Fatalf("the table after %q has no row %q", intro, label)
	return nil
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%q is not a count", s)
	}
	return n
}

// reportAgreesWithListAndCheck writes the year's report of a plan as
// Markdown and holds its numbers to what list --json and check --json say.
func reportAgreesWithListAndCheck(t *testing.T, db string, year int) {
	md := filepath.Join(t.TempDir(), "report.md")
	if r := convene(t, nil, "report", "--year", strconv.Itoa(year), "-o", md, "--db", db); r.code != 0 {
		t.Fatalf("report: exit %d\n%s", r.code, r.stderr)
	}
	b, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	y := strconv.Itoa(year)

	forumYear := map[string]string{}
	for _, f := range csvListJSON(t, db, "forums") {
		forumYear[f["name"].(string)] = f["first_day"].(string)[:4]
	}
	people := map[string]map[string]any{}
	for _, p := range csvListJSON(t, db, "people", "--with-contacts") {
		people[p["email"].(string)] = p
	}
	// The year's speakers and moderators, each once: confirmed, in
	// sessions of the year that are not cancelled.
	counted := map[string]bool{}
	groups, genders, regions := map[string]int{}, map[string]int{}, map[string]int{}
	inYear := map[string]bool{}
	for _, s := range csvListJSON(t, db, "sessions", "--with-contacts") {
		start, _ := s["start"].(string)
		if start != "" && start[:4] != y || start == "" && forumYear[s["forum"].(string)] != y {
			continue
		}
		inYear[s["uid"].(string)] = true
		if s["status"] == "cancelled" {
			continue
		}
		for _, p := range s["participants"].([]any) {
			parts := strings.Split(p.(string), ":")
			email, role, status := parts[0], parts[1], parts[2]
			if status != "confirmed" || (role != "speaker" && role != "moderator" && role != "online-moderator") || counted[email] {
				continue
			}
			counted[email] = true
			person := people[email]
			groups[person["stakeholder_group"].(string)]++
			genders[person["gender"].(string)]++
			regions[person["region"].(string)]++
		}
	}
	for _, c := range []struct {
		intro string
		words []string
		want  map[string]int
	}{
		{"**Stakeholder groups**", []string{"government", "private-sector", "civil-society", "technical-community", "intergovernmental", "academia"}, groups},
		{"**Genders**", []string{"female", "male", "non-binary", "undisclosed"}, genders},
		{"**UN regional groups**", []string{"african", "asia-pacific", "eastern-european", "grulac", "weog", ""}, regions},
	} {
		row := reportTableRow(t, text, c.intro, y)
		for i, w := range c.words {
			if got := atoi(t, row[i]); got != c.want[w] {
				t.Errorf("%s, %q: the report says %d, list --json %d", c.intro, w, got, c.want[w])
			}
		}
	}

	// Action items due in the year, by status, and those overdue.
	byStatus := map[string]int{}
	actionsOfYear := map[string]bool{}
	for _, a := range csvListJSON(t, db, "actions") {
		if due := a["due"].(string); due != "" && due[:4] == y {
			byStatus[a["status"].(string)]++
			actionsOfYear[a["title"].(string)] = true
		}
	}
	for _, st := range []string{"open", "in-progress", "done", "dropped"} {
		if got := atoi(t, reportTableRow(t, text, "| Action items | Count |", st)[0]); got != byStatus[st] {
			t.Errorf("%s action items: the report says %d, list --json %d", st, got, byStatus[st])
		}
	}
	r := convene(t, nil, "check", "--json", "--db", db)
	var found struct {
		Warnings []struct {
			Kind     string              `json:"kind"`
			Action   string              `json:"action"`
			Sessions []map[string]string `json:"sessions"`
		} `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &found); err != nil {
		t.Fatalf("check --json: %v\n%s", err, r.stdout)
	}
	overdueActions, overdueReports := 0, 0
	for _, w := range found.Warnings {
		switch {
		case w.Kind == "action-overdue" && actionsOfYear[w.Action]:
			overdueActions++
		case w.Kind == "report-overdue" && inYear[w.Sessions[0]["uid"]]:
			overdueReports++
		}
	}
	if got := atoi(t, reportTableRow(t, text, "| Action items | Count |", "overdue")[0]); got != overdueActions {
		t.Errorf("overdue action items: the report says %d, check --json %d", got, overdueActions)
	}
	m := regexp.MustCompile(`overdue: (\d+);`).FindStringSubmatch(text)
	if m == nil || atoi(t, m[1]) != overdueReports {
		t.Errorf("overdue session reports: the report says %v, check --json %d", m, overdueReports)
	}
	if strings.Contains(text, "@example") {
		t.Error("the report holds emails")
	}
}

func TestTheYearsReportCountsWhatListAndCheckSayOfTheSample(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		reportAgreesWithListAndCheck(t, demoAt(t, db), 2021)
	})
}

func TestTheYearsReportCountsWhatListAndCheckSayOfAGeneratedPlan(t *testing.T) {
	db := filepath.Join(t.TempDir(), "generated.convene")
	copyFile(t, plangen.File(t, plangen.Realistic), db)
	reportAgreesWithListAndCheck(t, db, 2021)
}

func TestAReportIsWrittenInTheFormatItsFileNameSays(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		dir := t.TempDir()
		for _, name := range []string{"year.pdf", "year.html", "year.md"} {
			out := filepath.Join(dir, name)
			if r := convene(t, nil, "report", "--year", "2021", "--db", db, "-o", out); r.code != 0 {
				t.Fatalf("report -o %s: exit %d\n%s", name, r.code, r.stderr)
			}
		}
		info, err := exec.Command("pdfinfo", filepath.Join(dir, "year.pdf")).CombinedOutput()
		if err != nil || !regexp.MustCompile(`(?m)^Pages:\s+[1-9]`).Match(info) {
			t.Errorf("pdfinfo reads the PDF as: %v\n%s", err, info)
		}
		html, _ := os.ReadFile(filepath.Join(dir, "year.html"))
		if !strings.HasPrefix(string(html), "<!DOCTYPE html>") || !strings.Contains(string(html), "<svg") {
			t.Errorf("the HTML report starts %.80q and has no chart", html)
		}
		md, _ := os.ReadFile(filepath.Join(dir, "year.md"))
		if !strings.HasPrefix(string(md), "# Dynamic Coalition on the Internet of Things: 2021 year-end report") {
			t.Errorf("the Markdown report starts %.80q", md)
		}
	})
}

func TestASessionsReportIsFoundByUIDOrTitle(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		out := filepath.Join(t.TempDir(), "session.md")
		for _, ref := range []string{"sample-2021-eurodig-standards@convene", "security standards for IoT across the economy"} {
			r := convene(t, nil, "report", "--session", ref, "-o", out, "--db", db)
			if r.code != 0 {
				t.Fatalf("report --session %q: exit %d\n%s", ref, r.code, r.stderr)
			}
			b, _ := os.ReadFile(out)
			for _, want := range []string{"# Session report: Security standards for IoT across the economy", "Key issues raised", "Alex Moreau"} {
				if !strings.Contains(string(b), want) {
					t.Errorf("report --session %q lacks %q:\n%s", ref, want, b)
				}
			}
		}
	})
}

func TestReportRefusesWhatItCannotDo(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		dir := t.TempDir()
		cases := []struct {
			name string
			args []string
			code int
			says string
		}{
			{"no year or session", []string{"-o", filepath.Join(dir, "a.md")}, exitUsage, "either --year or --session"},
			{"both", []string{"--year", "2021", "--session", "x", "-o", filepath.Join(dir, "a.md")}, exitUsage, "either --year or --session"},
			{"no file", []string{"--year", "2021"}, exitUsage, "-o"},
			{"unknown format", []string{"--year", "2021", "-o", filepath.Join(dir, "a.docx")}, exitUsage, ".html, .pdf or .md"},
			{"a year typed wrong", []string{"--year", "221", "-o", filepath.Join(dir, "a.md")}, exitUsage, "outside the years"},
			{"a folder that is not there", []string{"--year", "2021", "-o", filepath.Join(dir, "no", "a.md")}, exitUsage, "a.md"},
			{"no such session", []string{"--session", "The session nobody held", "-o", filepath.Join(dir, "a.md")}, exitData, "no session"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := convene(t, nil, append([]string{"report", "--db", db}, c.args...)...)
				if r.code != c.code || !strings.Contains(r.stderr, c.says) {
					t.Errorf("exit %d, stderr %q; want exit %d saying %q", r.code, r.stderr, c.code, c.says)
				}
			})
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("refused reports left files behind: %v", entries)
		}
	})
}

// BenchmarkReportCommand times the whole `convene report --year` process,
// reading the plan included, for each format.
func BenchmarkReportCommand(b *testing.B) {
	bin := binary(b)
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		plan := plangen.File(b, n)
		for _, ext := range []string{"html", "pdf"} {
			b.Run(fmt.Sprintf("sessions=%d/%s", n, ext), func(b *testing.B) {
				out := filepath.Join(b.TempDir(), "report."+ext)
				for b.Loop() {
					cmd := exec.Command(bin, "report", "--year", "2021", "-o", out, "--db", plan)
					if msg, err := cmd.CombinedOutput(); err != nil {
						b.Fatalf("report: %v\n%s", err, msg)
					}
				}
				if info, err := os.Stat(out); err == nil {
					b.ReportMetric(float64(info.Size()), "bytes/report")
				}
			})
		}
	}
}
