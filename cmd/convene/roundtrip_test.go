package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTwoPeopleWithOneNameRoundTripWithoutContacts: two speakers named Kim
// Park, exported without contacts, are told apart by a key that is not
// personal data, so the files import into an empty plan and back into the
// same one, and export again to the same bytes.
func TestTwoPeopleWithOneNameRoundTripWithoutContacts(t *testing.T) {
	forEachPlan(t, func(t *testing.T, plan string) {
		demoAt(t, plan)
		csvImport(t, plan, "people", csvFile(t, "kims.csv",
			"name,email,stakeholder_group,timezone\n"+
				"Kim Park,kim.park@example.kr,academia,Asia/Seoul\n"+
				"Kim Park,kpark@example.org,technical-community,Europe/Berlin\n"))
		csvImport(t, plan, "sessions", csvFile(t, "session.csv",
			"forum,title,format,start,end,status,organisers,participants\n"+
				"IGF 2021,Two Kims,workshop,2021-12-08 10:00,2021-12-08 11:00,scheduled,DC-IoT,"+
				"kim.park@example.kr:speaker;kpark@example.org:moderator\n"))
		dir := t.TempDir()
		kinds := []string{"forums", "people", "sessions", "actions"}
		export := func(db, suffix string) map[string]string {
			t.Helper()
			out := map[string]string{}
			for _, kind := range kinds {
				path := filepath.Join(dir, kind+suffix+".csv")
				if r := convene(t, nil, "export", "csv", kind, "-o", path, "--db", db); r.code != 0 {
					t.Fatalf("export %s: exit %d\n%s", kind, r.code, r.stderr)
				}
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(string(b), "@example.kr") || strings.Contains(string(b), "kpark@") {
					t.Errorf("the %s export without contacts holds an email", kind)
				}
				out[kind] = path
			}
			return out
		}
		first := export(plan, "")
		empty := freshLike(t, plan)
		for _, kind := range kinds {
			csvImport(t, empty, kind, first[kind])
		}
		for _, kind := range kinds {
			if out := csvImport(t, plan, kind, first[kind]); !strings.Contains(out, " 0 added, 0 updated") {
				t.Errorf("importing the %s export back into its plan changed it: %s", kind, out)
			}
		}
		again := export(empty, "-again")
		for _, kind := range kinds {
			a, _ := os.ReadFile(first[kind])
			b, _ := os.ReadFile(again[kind])
			if string(a) != string(b) {
				t.Errorf("%s: the export of the plan the files made differs from the files:\n%s\n---\n%s", kind, a, b)
			}
		}
	})
}
