package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestAPlanWhoseTablesWereEditedByHandIsCalledDamaged edits a plan's tables
// with the system's sqlite3, as a user might: a column dropped, a number
// turned into a word, a zone mistyped, a role no one has. A command that
// meets the damage says the plan is damaged and which table, exits 2, and
// changes nothing.
//
// A plan file only: it edits the file's tables behind Convene's back; a team
// plan's changed tables are storage/postgres's TestAPlanWithAColumnDroppedIsRefusedAsDamaged.
func TestAPlanWhoseTablesWereEditedByHandIsCalledDamaged(t *testing.T) {
	for _, tc := range []struct {
		name, sql, table string
		readFails        bool // listing the sessions cannot read what the edit left
	}{
		{"a column dropped", "ALTER TABLE person DROP COLUMN bio", "person", true},
		{"a time that is a word", "UPDATE session SET start_utc = 'tomorrow' WHERE rowid = (SELECT min(rowid) FROM session)", "session", true},
		{"a mistyped zone", "UPDATE person SET timezone = 'Europe/Warsow' WHERE rowid = (SELECT min(rowid) FROM person)", "person", false},
		{"a role no one has", "UPDATE participation SET role = 'boss' WHERE (session_id, position) = (SELECT session_id, position FROM participation LIMIT 1)", "participation", true},
		{"a status no session has", "UPDATE session SET status = 'done' WHERE rowid = (SELECT min(rowid) FROM session)", "session", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := demoPlan(t)
			if out, err := exec.Command("sqlite3", plan, tc.sql).CombinedOutput(); err != nil {
				t.Fatalf("sqlite3: %v\n%s", err, out)
			}
			sum := durSum(t, plan)
			// An import checks the whole plan before it changes it; listing
			// the sessions says so when it cannot read what it meets; a
			// command that reads other tables may work, or say the same.
			for _, tc2 := range []struct {
				args []string
				must bool
			}{
				{[]string{"list", "sessions", "--json"}, tc.readFails},
				{[]string{"import", "csv", "people", csvFile(t, "p.csv", "name,stakeholder_group,timezone\nAna,academia,Europe/Madrid\n")}, true},
				{[]string{"list", "people"}, false},
				{[]string{"schedule", "--person", "Zofia Wróblewska"}, false},
			} {
				r := convene(t, nil, append(tc2.args, "--db", plan)...)
				said := r.code == 2 && strings.Contains(r.stderr, "damaged") && strings.Contains(r.stderr, "table "+tc.table)
				if !said && (tc2.must || r.code != 0) {
					t.Errorf("convene %s: exit %d, want 2 saying the plan is damaged in table %s\n%s", tc2.args[0], r.code, tc.table, r.stderr)
				}
			}
			if durSum(t, plan) != sum {
				t.Error("the damaged plan was changed")
			}
		})
	}
}
