package csvio_test

import (
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/csvio"
)

func TestASheetFromAEuropeanSpreadsheetIsRead(t *testing.T) {
	// Excel in Poland or Germany saves "CSV UTF-8" with a BOM, semicolons
	// and CRLF; lists in a cell are then separated by "|".
	s := twoForumsAndPeople(t)
	sheet := "\xEF\xBB\xBFUID;Forum;Title;Format;Start;End;Timezone;Room;Status;Organisers;Topics;Participants;Description;Report_due\r\n" +
		";IGF 2021;Cats, dogs; & \"IoT\";workshop;2021-12-07 10:00;2021-12-07 11:30;;Room 5;scheduled;DC-IoT|DC-CIV;data protection|software update;" +
		"zofia@example.org:moderator|li.ming@example.com:speaker:invited;;\r\n"
	// The title cell above is not quoted, so the first ";" ends it; quoted
	// as a spreadsheet writes it, it keeps ",", ";", "&" and quotes.
	sheet = strings.Replace(sheet, `;Cats, dogs; & "IoT";`, `;"Cats, dogs; & ""IoT""";`, 1)
	sum := mustImport(t, s, csvio.Sessions, sheet)
	if sum.Added != 1 || strings.Join(sum.Coalitions, ",") != "DC-IoT,DC-CIV" {
		t.Fatalf("summary %q: want 1 added and coalitions DC-IoT, DC-CIV added", sum)
	}
	got := plan(t, s).Sessions[0]
	if got.Title != `Cats, dogs; & "IoT"` {
		t.Errorf("title %q", got.Title)
	}
	if got.Start.Format("2006-01-02T15:04Z07:00") != "2021-12-07T09:00Z" {
		t.Errorf("start %v: want 10:00 in Warsaw, the forum's zone", got.Start)
	}
	if len(got.Participants) != 2 || got.Participants[0].Status != "confirmed" || got.Participants[1].Status != "invited" {
		t.Errorf("participants %+v: want the moderator confirmed (status left out) and the speaker invited", got.Participants)
	}
	if strings.Join(got.Topics, "|") != "data protection|software update" {
		t.Errorf("topics %q", got.Topics)
	}
}

func TestLinesCountTheLinesOfMultiLineCells(t *testing.T) {
	s := newPlan(t)
	sheet := "name,email,stakeholder_group,timezone,bio\n" +
		"Ana,ana@example.org,academia,Europe/Madrid,\"First line\nsecond line\n\nfourth line\"\n" + // lines 2-5
		"Bo,bo@example.org,academia,Mars/Olympus,\"one\ntwo\"\n" + // lines 6-7: zone on 6
		"Cy,cy@example.org,academia,\"Europe/\nNowhere\",\n" + // lines 8-9: zone starts on 8
		"Di,di@example.org,\"\nmonks\",Europe/Rome,\n" // lines 10-11: group starts on 10
	_, err := importCSV(t, s, csvio.People, "people.csv", sheet)
	wantProblems(t, err,
		`people.csv:6: timezone: "Mars/Olympus" is not an IANA time zone`,
		`people.csv:8: timezone: "Europe/\nNowhere" is not an IANA time zone`,
		`people.csv:10: stakeholder_group: "monks" is not one of government`)
	if n := len(plan(t, s).People); n != 0 {
		t.Errorf("%d people written; an import with problems writes nothing", n)
	}
}

func TestAFileInAnotherEncodingIsRefusedNotImportedAsMojibake(t *testing.T) {
	for _, tc := range []struct{ name, file, want string }{
		{"Windows-1252", "name,email,stakeholder_group,timezone\nJos\xe9,j@example.org,academia,UTC\n",
			`people.csv:2: is not UTF-8 text; spreadsheets offer it as "CSV UTF-8"`},
		{"UTF-16 with BOM", "\xFF\xFEn\x00a\x00m\x00e\x00", `people.csv: is UTF-16 text, not UTF-8`},
		{"UTF-16 without BOM", "n\x00a\x00m\x00e\x00,\x00e\x00\n\x00", `people.csv:1: holds NUL bytes, as UTF-16 text does`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newPlan(t)
			_, err := importCSV(t, s, csvio.People, "people.csv", tc.file)
			wantProblems(t, err, tc.want)
		})
	}
}

func TestTheHeaderIsMatchedWithoutCaseOrOrderAndChecked(t *testing.T) {
	s := newPlan(t)
	sum := mustImport(t, s, csvio.People, " TimeZone ,Stakeholder_Group,NAME\nEurope/Oslo,academia,Kari\n")
	if sum.Added != 1 || plan(t, s).People[0].Zone.String() != "Europe/Oslo" {
		t.Fatalf("summary %s, people %+v", sum, plan(t, s).People)
	}

	// Columns without a name, as spreadsheets leave after the last one, are
	// passed over while they are empty.
	sum = mustImport(t, s, csvio.People, "name,stakeholder_group,timezone,,\nKari,academia,Europe/Oslo,,\n,,,,\n")
	if sum.Unchanged != 1 {
		t.Errorf("summary %s", sum)
	}
	_, err := importCSV(t, s, csvio.People, "people.csv", "name,stakeholder_group,timezone,\nKari,academia,Europe/Oslo,see notes\n")
	wantProblems(t, err, `people.csv:2: has "see notes" in column 4, which the header does not name`)

	_, err = importCSV(t, s, csvio.People, "people.csv", "name,e-mail,phone,timezone,name\nKari,k@example.org,1,Europe/Oslo,Kari\n")
	wantProblems(t, err,
		`people.csv:1: unknown columns "e-mail", "phone"; people files have the columns uid, name, email,`,
		`people.csv:1: the columns "name" are there twice`,
		`people.csv:1: missing columns stakeholder_group, which people files need`)

	_, err = importCSV(t, s, csvio.People, "people.csv", "")
	wantProblems(t, err, `people.csv: is empty; the first line must name the columns: uid, name, email,`)
}

func TestBrokenQuotingIsNamedAndTheRestStillChecked(t *testing.T) {
	s := newPlan(t)
	sheet := "name,stakeholder_group,timezone\n" +
		"Ann \"the\" Lee,academia,UTC\n" +
		"Bo,academia,UTC,extra\n" +
		"Cy,monks,UTC\n" +
		",,\n" + // an empty row, as spreadsheets leave below a table
		"\"Di,academia,UTC\n"
	_, err := importCSV(t, s, csvio.People, "people.csv", sheet)
	wantProblems(t, err,
		`people.csv:2: has a " in a cell that is not in quotes`,
		`people.csv:3: has 4 cells but the header has 3`,
		`people.csv:4: stakeholder_group: "monks" is not one of`,
		`people.csv:6: has a quoted cell that is not closed`)
}

func TestTimesInTheGapAndTheRepeatedHour(t *testing.T) {
	s := twoForumsAndPeople(t)
	header := "uid,forum,title,format,start,end,timezone,status\n"
	// Warsaw: clocks go forward 28 March 2021 02:00→03:00 and back
	// 31 October 03:00→02:00. Auckland: back 4 April 03:00→02:00, forward
	// 26 September 02:00→03:00.
	_, err := importCSV(t, s, csvio.Sessions, "sessions.csv", header+
		"gap-waw,IGF 2021,Gap,workshop,2021-03-28 02:30,2021-03-28 04:00,,scheduled\n"+
		"gap-akl,NetHui 2021,Gap,workshop,2021-09-26 01:30,2021-09-26 02:15,,scheduled\n")
	wantProblems(t, err,
		"sessions.csv:2: start: 2021-03-28 02:30 in Europe/Warsaw does not exist there: the clocks go forward over it",
		"sessions.csv:3: end: 2021-09-26 02:15 in Pacific/Auckland does not exist there")

	mustImport(t, s, csvio.Sessions, header+
		"again-waw,IGF 2021,Repeated,workshop,2021-10-31 02:30,2021-10-31 03:30,Europe/Warsaw,scheduled\n"+
		"again-akl,NetHui 2021,Repeated,workshop,2021-04-04 02:30,2021-04-04 03:30,,scheduled\n"+
		"offset,NetHui 2021,Second time round,workshop,2021-04-04T02:30:00+12:00,2021-04-04T03:00:00+12:00,,scheduled\n")
	starts := map[string]string{}
	for _, s := range plan(t, s).Sessions {
		starts[s.UID] = s.Start.UTC().Format("2006-01-02 15:04")
	}
	for uid, want := range map[string]string{
		"again-waw": "2021-10-31 00:30", // 02:30 CEST, the first of the two
		"again-akl": "2021-04-03 13:30", // 02:30 NZDT, the first of the two
		"offset":    "2021-04-03 14:30", // 02:30 NZST, the second, as its offset says
	} {
		if starts[uid] != want {
			t.Errorf("%s starts %s UTC, want %s", uid, starts[uid], want)
		}
	}
	// The second 02:30 cannot be written as a wall clock that reads back the
	// same, so it goes out with its offset.
	out := exportCSV(t, s, csvio.Sessions, csvio.Options{})
	if !strings.Contains(out, "offset,NetHui 2021,Second time round,workshop,2021-04-04T02:30:00+12:00,2021-04-04 03:00,") {
		t.Errorf("export:\n%s", out)
	}
}

func TestASheetWithOldMacLineEndsIsRead(t *testing.T) {
	// Older Mac spreadsheet programs end lines with CR alone, in quoted
	// cells too; lines are still counted for the messages.
	s := newPlan(t)
	sheet := "name,email,stakeholder_group,timezone,bio\r" +
		"Ana,ana@example.org,academia,Europe/Madrid,\"First line\rsecond line\"\r" + // lines 2-3
		"Bo,bo@example.org,academia,Europe/Rome,\r"
	sum := mustImport(t, s, csvio.People, sheet)
	if sum.Added != 2 {
		t.Fatalf("summary %q: want 2 added", sum)
	}
	if bio := plan(t, s).People[0].Bio; bio != "First line\nsecond line" {
		t.Errorf("bio %q: want its two lines", bio)
	}
	_, err := importCSV(t, newPlan(t), csvio.People, "people.csv", strings.ReplaceAll(sheet, "Europe/Rome", "Mars/Olympus"))
	wantProblems(t, err, `people.csv:4: timezone: "Mars/Olympus" is not an IANA time zone`)
}
