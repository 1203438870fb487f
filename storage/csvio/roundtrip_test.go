package csvio_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/plangen"
)

// TestExportImportExportGivesTheSameBytes round-trips a generated plan of a
// coalition's realistic year, with and without contacts: re-importing an
// export changes nothing, and importing it into an empty plan and exporting
// again gives the same bytes.
func TestExportImportExportGivesTheSameBytes(t *testing.T) {
	ctx := context.Background()
	orig := newPlan(t)
	p := plangen.Plan(plangen.Realistic)
	// A few things a real plan has and the generator does not.
	p.Sessions[0].Title = "=SUM(A1:A9), \"quoted\"; & more"
	p.Sessions[1].Start = p.Sessions[1].Start.Add(30 * time.Second)
	p.Sessions[2].Start, p.Sessions[2].End = time.Time{}, time.Time{}
	p.Sessions[2].Status = "idea"
	p.People[0].Bio = "Line one\n\tindented line two\n\nline four"
	p.People[1].Email, p.People[1].Gender = "", "undisclosed"
	p.People[2].Name = "Ngāi Tahu: Kāi Tahu"
	p.Actions[0].OwnerID, p.Actions[0].SessionID = 0, p.Sessions[0].ID
	if err := plangen.Write(ctx, orig, p); err != nil {
		t.Fatal(err)
	}
	for _, opts := range []csvio.Options{{WithContacts: true}, {}} {
		t.Run(fmt.Sprintf("with contacts %v", opts.WithContacts), func(t *testing.T) {
			fresh := newPlan(t)
			for _, k := range csvio.Kinds() {
				exported := exportCSV(t, orig, k, opts)
				again, err := importCSV(t, orig, k, string(k)+".csv", exported)
				if err != nil || again.Added+again.Updated != 0 {
					t.Fatalf("re-importing the %s export: %v, %v", k, again, err)
				}
				if after := exportCSV(t, orig, k, opts); after != exported {
					t.Fatalf("re-importing the %s export changed it:\n%s", k, firstDifference(exported, after))
				}
				mustImport(t, fresh, k, exported)
				if back := exportCSV(t, fresh, k, opts); back != exported {
					t.Fatalf("%s exported, imported into an empty plan and exported again differs:\n%s", k, firstDifference(exported, back))
				}
			}
		})
	}
}

func TestNamesakesAreToldApartByEmail(t *testing.T) {
	s := twoForumsAndPeople(t)
	mustImport(t, s, csvio.People, "name,email,stakeholder_group,timezone\n"+
		"Anna Nowak,anna.a@example.org,academia,Europe/Warsaw\n"+
		"Anna Nowak,anna.b@example.org,government,Europe/Warsaw\n")
	mustImport(t, s, csvio.Sessions, "uid,forum,title,format,status,participants\n"+
		"s1,IGF 2021,Panel,workshop,idea,anna.a@example.org:speaker;anna.b@example.org:moderator\n")

	// Without contacts, the people file names both by name: it goes back in
	// the same order, so re-importing it changes nothing.
	people := exportCSV(t, s, csvio.People, csvio.Options{})
	if sum := mustImport(t, s, csvio.People, people); sum.Unchanged != 5 {
		t.Errorf("re-importing people without contacts: %s", sum)
	}
	// A session names each of them by their UID, which is not personal
	// data, so re-importing it changes nothing either.
	sessions := exportCSV(t, s, csvio.Sessions, csvio.Options{})
	if strings.Contains(sessions, "Anna Nowak") || strings.Contains(sessions, "@") {
		t.Errorf("the session names the namesakes by name or email:\n%s", sessions)
	}
	if sum := mustImport(t, s, csvio.Sessions, sessions); sum.Unchanged != 1 {
		t.Errorf("re-importing sessions without contacts: %s", sum)
	}
	// A name alone still cannot say which.
	_, err := importCSV(t, s, csvio.Sessions, "sessions.csv", "uid,forum,title,format,status,participants\n"+
		"s1,IGF 2021,Panel,workshop,idea,Anna Nowak:speaker\n")
	wantProblems(t, err,
		`sessions.csv:2: participants: 2 people in the plan are named "Anna Nowak"; give the email of the one meant`)
	// With contacts they are named by email.
	sessions = exportCSV(t, s, csvio.Sessions, csvio.Options{WithContacts: true})
	if sum := mustImport(t, s, csvio.Sessions, sessions); sum.Unchanged != 1 {
		t.Errorf("re-importing sessions with contacts: %s", sum)
	}
}

func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\r\n"), strings.Split(b, "\r\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n%s\n%s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("one has %d lines, the other %d", len(al), len(bl))
}
