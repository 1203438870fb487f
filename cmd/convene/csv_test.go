package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/storage"
)

// csvFile writes a file for an import into the test's folder.
func csvFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// csvImport imports a file that is expected to be fine and returns what
// the command said.
func csvImport(t *testing.T, db, kind, path string) string {
	t.Helper()
	r := convene(t, nil, "import", "csv", kind, path, "--db", db)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("import csv %s: exit %d\n%s", kind, r.code, r.stderr)
	}
	return r.stdout
}

// csvExport returns what `export csv` writes to standard output.
func csvExport(t *testing.T, db, kind string, flags ...string) string {
	t.Helper()
	r := convene(t, nil, append([]string{"export", "csv", kind, "--db", db}, flags...)...)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("export csv %s: exit %d\n%s", kind, r.code, r.stderr)
	}
	return r.stdout
}

// csvListJSON returns what `list --json` prints, as objects.
func csvListJSON(t *testing.T, db, kind string, flags ...string) []map[string]any {
	t.Helper()
	r := convene(t, nil, append([]string{"list", kind, "--json", "--db", db}, flags...)...)
	if r.code != 0 {
		t.Fatalf("list %s --json: exit %d\n%s", kind, r.code, r.stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("list %s --json: %v\n%s", kind, err, r.stdout)
	}
	return rows
}

const csvForums = "name,kind,city,country,format,first_day,last_day,timezone,website,proposal_deadline,notes\n" +
	"IGF 2021,global,Katowice,PL,hybrid,2021-12-06,2021-12-10,Europe/Warsaw,https://www.intgovforum.org,,\n" +
	"NetHui 2021,national,Wellington,NZ,hybrid,2021-04-01,2021-09-30,Pacific/Auckland,,,\n"

func TestImportCSVTakesASheetFromAEuropeanSpreadsheet(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		if out := csvImport(t, db, "forums", csvFile(t, "forums.csv", csvForums)); out != "forums: 2 added, 0 updated, 0 unchanged\n" {
			t.Errorf("forums: %q", out)
		}
		// Saved by a spreadsheet set to Polish: "CSV UTF-8" with a BOM,
		// semicolons between cells, CRLF, and a bio over three lines.
		people := "\xEF\xBB\xBFname;email;affiliation;stakeholder_group;region;gender;country;timezone;bio\r\n" +
			"Zofia Wróblewska;zofia@example.org;NASK;technical-community;eastern-european;female;PL;Europe/Warsaw;\"Badaczka bezpieczeństwa IoT.\r\nŁódź i Kraków.\r\n\"\"Żółć\"\" to jej ulubione słowo.\"\r\n" +
			"李明 (Li Ming);li.ming@example.com;CAICT;government;asia-pacific;male;CN;Asia/Shanghai;物联网安全标准\r\n" +
			"José Álvarez-Núñez;jose@example.org;Fundación Vía Libre;civil-society;grulac;male;AR;America/Argentina/Buenos_Aires;Señor de los routers\r\n"
		if out := csvImport(t, db, "people", csvFile(t, "ludzie.csv", people)); out != "people: 3 added, 0 updated, 0 unchanged\n" {
			t.Errorf("people: %q", out)
		}
		sessions := "\xEF\xBB\xBFuid;forum;title;format;start;end;timezone;room;status;organisers;topics;participants;description;report_due\r\n" +
			";IGF 2021;\"Cats, dogs; & \"\"IoT\"\" at home\";workshop;2021-12-07 10:00;2021-12-07 11:30;;Sala 1;scheduled;DC-IoT|DC-CIV;" +
			"data protection|software update;zofia@example.org:moderator|李明 (Li Ming):speaker|jose@example.org:speaker:invited;;\r\n"
		out := csvImport(t, db, "sessions", csvFile(t, "sesje.csv", sessions))
		if out != "sessions: 1 added, 0 updated, 0 unchanged\ncoalitions added: DC-IoT, DC-CIV\n" {
			t.Errorf("sessions: %q", out)
		}

		bios := map[string]string{}
		for _, p := range csvListJSON(t, db, "people") {
			bios[p["name"].(string)] = p["bio"].(string)
		}
		if want := "Badaczka bezpieczeństwa IoT.\nŁódź i Kraków.\n\"Żółć\" to jej ulubione słowo."; bios["Zofia Wróblewska"] != want {
			t.Errorf("Zofia's bio %q, want %q", bios["Zofia Wróblewska"], want)
		}
		if len(bios) != 3 || bios["李明 (Li Ming)"] != "物联网安全标准" || bios["José Álvarez-Núñez"] != "Señor de los routers" {
			t.Errorf("people: %q", bios)
		}
		got := csvExport(t, db, "sessions")
		want := "uid,forum,title,format,start,end,timezone,room,status,organisers,topics,participants,description,report_due\r\n"
		if !strings.HasPrefix(got, want) || !strings.Contains(got, `,IGF 2021,"Cats, dogs; & ""IoT"" at home",workshop,2021-12-07 10:00,2021-12-07 11:30,Europe/Warsaw,Sala 1,scheduled,DC-IoT;DC-CIV,data protection;software update,`+
			`Zofia Wróblewska:moderator:confirmed;李明 (Li Ming):speaker:confirmed;José Álvarez-Núñez:speaker:invited,,`+"\r\n") {
			t.Errorf("export csv sessions:\n%s", got)
		}
	})
}

func TestImportCSVNamesEveryBadRowAndWritesNothing(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		before := csvExport(t, db, "people", "--with-contacts")
		sheet := csvFile(t, "people.csv", "name,email,stakeholder_group,timezone,bio\n"+
			"Ana Lima,ana@example.org,academia,America/Sao_Paulo,\n"+
			"Bruno Costa,bruno@example.org,civil society,America/Sao_Paulo,\n"+
			"Carla Dias,carla@example.org,government,America/Sao_Paulo,\n"+
			"Dan Ek,dan@example.org,academia,Europe/Stokholm,\"Two\nlines\"\n"+
			"Eva Fox,eva@example.org,academia,Europe/London,\n")
		r := convene(t, nil, "import", "csv", "people", sheet, "--db", db)
		want := sheet + `:3: stakeholder_group: "civil society" is not one of government, private-sector, civil-society, technical-community, intergovernmental, academia` + "\n" +
			sheet + `:5: timezone: "Europe/Stokholm" is not an IANA time zone (such as Europe/Warsaw)` + "\n"
		if r.code != 1 || r.stderr != want || r.stdout != "" {
			t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 1 and stderr:\n%s", r.code, r.stdout, r.stderr, want)
		}
		if after := csvExport(t, db, "people", "--with-contacts"); after != before {
			t.Error("the plan's people changed though the import was refused")
		}

		// Into a plan that does not exist yet, a refused import leaves no
		// plan file; a database made a plan for it holds no record.
		fresh := freshLike(t, db)
		if r := convene(t, nil, "import", "csv", "people", sheet, "--db", fresh); r.code != 1 {
			t.Errorf("exit %d", r.code)
		}
		if storage.IsTeamPlan(fresh) {
			if people := csvListJSON(t, fresh, "people"); len(people) > 0 {
				t.Errorf("a refused import left %d people behind", len(people))
			}
		} else if _, err := os.Stat(fresh); !os.IsNotExist(err) {
			t.Errorf("a refused import left a plan behind: %v", err)
		}
	})
}

func TestImportCSVNamesAnUnknownForumAndPerson(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		sheet := csvFile(t, "sessions.csv", "forum,title,format,status,participants\n"+
			"IGF 2021,Fine,workshop,idea,maarten.devries@example.org:speaker\n"+
			"IGF 2031,Too early,workshop,idea,\n"+
			"IGF 2021,Who?,workshop,idea,nobody@example.org:speaker\n")
		r := convene(t, nil, "import", "csv", "sessions", sheet, "--db", db)
		want := sheet + `:3: forum: no forum is named "IGF 2031"; import it with the forums first` + "\n" +
			sheet + `:4: participants: no one in the plan has the email or name "nobody@example.org"; import them with the people first` + "\n"
		if r.code != 1 || r.stderr != want {
			t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and:\n%s", r.code, r.stderr, want)
		}
	})
}

func TestImportCSVRefusesTheDSTGapAndTakesTheFirstRepeatedHour(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		csvImport(t, db, "forums", csvFile(t, "forums.csv", csvForums))
		header := "uid,forum,title,format,start,end,timezone,status\n"
		// Clocks go forward in Warsaw on 28 March 2021 at 02:00 and in Auckland
		// on 26 September at 02:00; they go back in Warsaw on 31 October at
		// 03:00 and in Auckland on 4 April at 03:00.
		gap := csvFile(t, "gap.csv", header+
			"g1,IGF 2021,Warsaw gap,workshop,2021-03-28 02:30,2021-03-28 03:30,,scheduled\n"+
			"g2,NetHui 2021,Auckland gap,workshop,2021-09-26 02:00,2021-09-26 03:30,,scheduled\n"+
			"g3,IGF 2021,Auckland gap by zone,workshop,2021-09-26 02:59,2021-09-26 04:00,Pacific/Auckland,scheduled\n")
		r := convene(t, nil, "import", "csv", "sessions", gap, "--db", db)
		want := gap + ":2: start: 2021-03-28 02:30 in Europe/Warsaw does not exist there: the clocks go forward over it\n" +
			gap + ":3: start: 2021-09-26 02:00 in Pacific/Auckland does not exist there: the clocks go forward over it\n" +
			gap + ":4: start: 2021-09-26 02:59 in Pacific/Auckland does not exist there: the clocks go forward over it\n"
		if r.code != 1 || r.stderr != want {
			t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and:\n%s", r.code, r.stderr, want)
		}

		csvImport(t, db, "sessions", csvFile(t, "repeated.csv", header+
			"r1,IGF 2021,Warsaw twice,workshop,2021-10-31 02:30,2021-10-31 03:30,,scheduled\n"+
			"r2,NetHui 2021,Auckland twice,workshop,2021-04-04 02:30,2021-04-04 03:30,,scheduled\n"))
		starts := map[string]string{}
		for _, s := range csvListJSON(t, db, "sessions") {
			starts[s["uid"].(string)] = s["start"].(string) + " to " + s["end"].(string)
		}
		for uid, want := range map[string]string{
			"r1": "2021-10-31T02:30:00+02:00 to 2021-10-31T03:30:00+01:00", // summer time's 02:30, the first
			"r2": "2021-04-04T02:30:00+13:00 to 2021-04-04T03:30:00+12:00",
		} {
			if starts[uid] != want {
				t.Errorf("%s: %s, want %s", uid, starts[uid], want)
			}
		}
	})
}

// TestExportCSVImportsBackToTheSameBytes round-trips the sample plan, all
// four kinds, with and without contacts.
func TestExportCSVImportsBackToTheSameBytes(t *testing.T) {
	forEachPlan(t, func(t *testing.T, demo string) {
		demoAt(t, demo)
		for _, flags := range [][]string{{"--with-contacts"}, nil} {
			fresh := freshLike(t, demo)
			for _, kind := range []string{"forums", "people", "sessions", "actions"} {
				file := filepath.Join(t.TempDir(), kind+".csv")
				if r := convene(t, nil, append([]string{"export", "csv", kind, "-o", file, "--db", demo}, flags...)...); r.code != 0 || r.stdout != "" {
					t.Fatalf("export csv %s -o: exit %d, stdout %q\n%s", kind, r.code, r.stdout, r.stderr)
				}
				exported, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				if again := csvImport(t, demo, kind, file); !strings.Contains(again, ": 0 added, 0 updated, ") {
					t.Errorf("re-importing the %s export %v: %s", kind, flags, again)
				}
				csvImport(t, fresh, kind, file)
				if back := csvExport(t, fresh, kind, flags...); back != string(exported) {
					t.Errorf("%s %v: export, import into an empty plan and export again gives\n%s\nnot\n%s", kind, flags, back, exported)
				}
			}
		}
	})
}

func TestExportCSVAgreesWithListJSON(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		for _, kind := range []string{"forums", "people", "sessions", "actions"} {
			records, err := csv.NewReader(strings.NewReader(csvExport(t, db, kind, "--with-contacts"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			objects := csvListJSON(t, db, kind, "--with-contacts")
			header, rows := records[0], records[1:]
			if len(rows) != len(objects) {
				t.Fatalf("%s: %d rows, %d objects", kind, len(rows), len(objects))
			}
			for i, row := range rows {
				if len(objects[i]) != len(header) {
					t.Errorf("%s: %d keys in JSON, %d columns", kind, len(objects[i]), len(header))
				}
				for j, col := range header {
					if got := csvJSONAsCell(objects[i][col], objects[i]["timezone"]); strings.TrimPrefix(row[j], "'") != got {
						t.Errorf("%s row %d %s: CSV %q, JSON %q", kind, i+1, col, row[j], got)
					}
				}
			}
		}
	})
}

// csvJSONAsCell writes a JSON value as a CSV cell shows it: lists joined
// with ";", times on the wall clock of the row's zone.
func csvJSONAsCell(v, zone any) string {
	switch v := v.(type) {
	case []any:
		items := make([]string, len(v))
		for i, it := range v {
			items[i] = it.(string)
		}
		return strings.Join(items, ";")
	case string:
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			if loc, err := time.LoadLocation(zone.(string)); err == nil {
				return t.In(loc).Format("2006-01-02 15:04")
			}
		}
		return v
	}
	return "not a string or a list"
}

func TestExportCSVGuardsFormulasAndImportTakesTheGuardOff(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		csvImport(t, db, "forums", csvFile(t, "forums.csv", csvForums))
		csvImport(t, db, "sessions", csvFile(t, "sessions.csv", "uid,forum,title,format,status\n"+
			`s1,IGF 2021,"=HYPERLINK(""https://evil.example"",""Agenda"")",workshop,idea`+"\n"+
			"s2,IGF 2021,-10% of devices patched,workshop,idea\n"))
		out := csvExport(t, db, "sessions")
		for _, want := range []string{`,"'=HYPERLINK(""https://evil.example"",""Agenda"")",`, ",'-10% of devices patched,"} {
			if !strings.Contains(out, want) {
				t.Errorf("export lacks %s:\n%s", want, out)
			}
		}
		again := csvImport(t, db, "sessions", csvFile(t, "again.csv", out))
		if again != "sessions: 0 added, 0 updated, 2 unchanged\n" {
			t.Errorf("re-import: %q", again)
		}
		titles := map[string]string{}
		for _, s := range csvListJSON(t, db, "sessions") {
			titles[s["uid"].(string)] = s["title"].(string)
		}
		if titles["s1"] != `=HYPERLINK("https://evil.example","Agenda")` || titles["s2"] != "-10% of devices patched" {
			t.Errorf("titles %q", titles)
		}
	})
}

func TestImportCSVRefusesAFileInAnotherEncoding(t *testing.T) {
	forEachPlan(t, func(t *testing.T, db string) {
		demoAt(t, db)
		latin1 := csvFile(t, "people.csv", "name,stakeholder_group,timezone\nJos\xe9 Garc\xeda,academia,Europe/Madrid\n")
		r := convene(t, nil, "import", "csv", "people", latin1, "--db", db)
		want := latin1 + `:2: is not UTF-8 text; spreadsheets offer it as "CSV UTF-8" when saving, so save it that way and import it again` + "\n"
		if r.code != 2 || r.stderr != want {
			t.Errorf("exit %d, stderr:\n%s\nwant exit 2 (a file that cannot be read) and:\n%s", r.code, r.stderr, want)
		}
		missing := filepath.Join(t.TempDir(), "missing.csv")
		if r := convene(t, nil, "import", "csv", "people", missing, "--db", db); r.code != 2 || !strings.Contains(r.stderr, "missing.csv: no such file") {
			t.Errorf("a file that cannot be read: exit %d, %s", r.code, r.stderr)
		}
	})
}
