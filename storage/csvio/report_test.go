package csvio_test

import (
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/csvio"
)

const sessionCSV = "uid,forum,title,format,start,end,timezone,room,status,organisers,topics,participants,description,report_due\r\n" +
	"s1@test,IGF 2021,Software update labels,workshop,2021-12-07 10:00,2021-12-07 11:30,,Room 3,held,DC-IoT,,zofia@example.org:rapporteur,,\r\n"

func TestSessionReportsAndNarrativesTravelAsSpreadsheetsAndComeBackTheSame(t *testing.T) {
	s := twoForumsAndPeople(t)
	mustImport(t, s, csvio.Sessions, sessionCSV)
	// A spreadsheet's line breaks inside a cell are CRLF, as export writes them.
	reports := "session,key_issues,way_forward,onsite,online,women,filed\r\n" +
		"s1@test,\"Labels for how long devices get updates.\r\n- who pays\",Draft a label with consumer groups.,40,25,31,2021-12-15\r\n"
	narratives := "year,text\r\n" +
		"2021,\"# Our focus\r\n\r\nLegislation on **IoT security**.\r\n - Device configuration\"\r\n"
	if sum := mustImport(t, s, csvio.Reports, reports); sum.Added != 1 {
		t.Errorf("reports: %s, want 1 added", sum)
	}
	if sum := mustImport(t, s, csvio.Narratives, narratives); sum.Added != 1 {
		t.Errorf("narratives: %s, want 1 added", sum)
	}
	p := plan(t, s)
	want := model.SessionReport{SessionID: p.Sessions[0].ID, KeyIssues: "Labels for how long devices get updates.\n- who pays",
		WayForward: "Draft a label with consumer groups.", Onsite: 40, Online: 25, Women: 31,
		Filed: model.Date{Year: 2021, Month: 12, Day: 15}}
	if len(p.Reports) != 1 || p.Reports[0] != want {
		t.Errorf("the plan holds reports %+v, want %+v", p.Reports, want)
	}
	for k, text := range map[csvio.Kind]string{csvio.Reports: reports, csvio.Narratives: narratives} {
		if got := exportCSV(t, s, k, csvio.Options{}); got != text {
			t.Errorf("%s export as\n%q\nwant what was imported\n%q", k, got, text)
		}
		if sum := mustImport(t, s, k, text); sum.Unchanged != 1 || sum.Added+sum.Updated != 0 {
			t.Errorf("importing the %s again: %s, want 1 unchanged", k, sum)
		}
	}
}

func TestABadReportRowIsNamedAndNothingIsWritten(t *testing.T) {
	s := twoForumsAndPeople(t)
	mustImport(t, s, csvio.Sessions, sessionCSV)
	_, err := importCSV(t, s, csvio.Reports, "reports.csv", "session,onsite,online,women,filed\n"+
		"s1@test,10,5,3,2021-12-15\n"+
		"no-such@test,1,1,1,\n"+
		"s1@test,ten,5,30,\n")
	wantProblems(t, err,
		"reports.csv:3: session: no session has the uid or title \"no-such@test\"",
		"reports.csv:4: session: \"s1@test\" is also on line 2")
	_, err = importCSV(t, s, csvio.Reports, "reports.csv", "session,onsite,online,women\n"+
		"s1@test,ten,5,30\n")
	wantProblems(t, err,
		"reports.csv:2: onsite: \"ten\" is not a whole number",
		"reports.csv:2: women: is 30, more than the 5 participants onsite and online")
	_, err = importCSV(t, s, csvio.Narratives, "narratives.csv", "year,text\n21,typo\n2022,\n")
	wantProblems(t, err,
		"narratives.csv:2: year: is 21, outside the years",
		"narratives.csv:3: text: is empty")
	if p := plan(t, s); len(p.Reports)+len(p.Narratives) != 0 {
		t.Errorf("refused imports wrote %+v and %+v", p.Reports, p.Narratives)
	}
}
