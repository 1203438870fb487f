package csvio_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
)

func TestEveryBadRowIsNamedAndNothingIsWritten(t *testing.T) {
	s := twoForumsAndPeople(t)
	before := exportCSV(t, s, csvio.People, csvio.Options{WithContacts: true})
	sheet := "name,email,stakeholder_group,timezone,gender\n" +
		"Maarten de Vries,maarten@example.org,technical-community,Europe/Amsterdam,\n" +
		"Alex Moreau,alex@example.org,civil,Europe/Paris,\n" +
		"Zofia Wróblewska,zofia@example.org,academia,Europe/Warsaw,\n" + // an update, fine on its own
		"Helen Marsh,helen@example.com,government,Europe/Londn,femail\n" +
		"Maarten again,MAARTEN@example.org,academia,UTC,\n"
	_, err := importCSV(t, s, csvio.People, "people.csv", sheet)
	wantProblems(t, err,
		`people.csv:3: stakeholder_group: "civil" is not one of government, private-sector, civil-society`,
		`people.csv:5: timezone: "Europe/Londn" is not an IANA time zone`,
		`people.csv:5: gender: "femail" is not one of female, male, non-binary, undisclosed`,
		`people.csv:6: email: "MAARTEN@example.org" is also on line 2`)
	if after := exportCSV(t, s, csvio.People, csvio.Options{WithContacts: true}); after != before {
		t.Errorf("the plan changed:\n%s\nwas\n%s", after, before)
	}
}

func TestPeopleMatchByEmailElseByName(t *testing.T) {
	s := twoForumsAndPeople(t)
	sum := mustImport(t, s, csvio.People, "name,email,affiliation,stakeholder_group,gender,timezone\n"+
		// by email, in another case: updated, gender kept as the cell is empty
		"Zofia Wróblewska,ZOFIA@example.org,NASK PIB,technical-community,,Europe/Warsaw\n"+
		// by name, no email given: updated, email kept
		"josé álvarez-núñez,,Vía Libre,civil-society,,America/Argentina/Buenos_Aires\n"+
		// new
		"Aroha Ngata,,InternetNZ,technical-community,female,Pacific/Auckland\n")
	if got := sum.String(); got != "people: 1 added, 2 updated, 0 unchanged" {
		t.Errorf("summary %q", got)
	}
	byName := map[string]model.Person{}
	for _, p := range plan(t, s).People {
		byName[p.Name] = p
	}
	if z := byName["Zofia Wróblewska"]; z.Affiliation != "NASK PIB" || z.Gender != "female" || z.Email != "ZOFIA@example.org" {
		t.Errorf("Zofia: %+v", z)
	}
	if j := byName["josé álvarez-núñez"]; j.Email != "jose@example.org" || j.Gender != "male" || j.Affiliation != "Vía Libre" {
		t.Errorf("José: %+v", j)
	}
	if len(byName) != 4 {
		t.Errorf("%d people, want 4", len(byName))
	}
	// Someone known by name only is given their email.
	sum = mustImport(t, s, csvio.People, "name,email,stakeholder_group,timezone\nAroha Ngata,aroha@example.net,technical-community,Pacific/Auckland\n")
	if sum.Updated != 1 {
		t.Errorf("summary %q: want Aroha updated with her email", sum)
	}
}

func TestSessionsMatchByUIDAndNameTheirForumAndPeople(t *testing.T) {
	s := twoForumsAndPeople(t)
	header := "uid,forum,title,format,start,end,status,organisers,participants\n"
	mustImport(t, s, csvio.Sessions, header+
		"s1@example,IGF 2021,Joint session,dc-session,2021-12-08 10:00,2021-12-08 11:00,accepted,DC-CIV;DC-IoT,zofia@example.org:moderator\n"+
		",IGF 2021,An idea,workshop,,,idea,DC-IoT,\n")
	p := plan(t, s)
	if len(p.Sessions) != 2 || p.Sessions[0].UID != "s1@example" || p.Sessions[1].UID == "" {
		t.Fatalf("sessions %+v: want the given UID kept and one made for the new idea", p.Sessions)
	}

	sum := mustImport(t, s, csvio.Sessions, header+
		"s1@example,igf 2021,Joint session,dc-session,2021-12-08 10:00,2021-12-08 11:30,scheduled,dc-civ;DC-IoT,\"Zofia Wróblewska:moderator;李明 (Li Ming):speaker\"\n")
	if sum.String() != "sessions: 0 added, 1 updated, 0 unchanged" {
		t.Errorf("summary %q: a known uid updates its session and coalitions are matched regardless of case", sum)
	}
	got := plan(t, s).Sessions[0]
	if got.Status != model.StatusScheduled || len(got.Participants) != 2 || got.Organisers[0] != "DC-CIV" {
		t.Errorf("updated session %+v", got)
	}

	_, err := importCSV(t, s, csvio.Sessions, "sessions.csv", header+
		",IGF 2031,Future,workshop,,,idea,,\n"+
		",IGF 2021,Who?,workshop,,,idea,,nobody@example.org:speaker\n"+
		",IGF 2021,Role?,workshop,,,idea,,zofia@example.org:keynote\n"+
		"s1@example,IGF 2021,Twice,workshop,,,idea,,\n"+
		"s1@example,IGF 2021,Twice,workshop,,,idea,,\n")
	wantProblems(t, err,
		`sessions.csv:2: forum: no forum is named "IGF 2031"`,
		`sessions.csv:3: participants: no one in the plan has the email or name "nobody@example.org"`,
		`sessions.csv:4: participants: zofia@example.org:keynote: role "keynote" is not one of moderator`,
		`sessions.csv:6: uid: "s1@example" is also on line 5`)
}

func TestActionsMatchByTitleAndOwner(t *testing.T) {
	s := twoForumsAndPeople(t)
	mustImport(t, s, csvio.Sessions, "uid,forum,title,format,status\ns1,IGF 2021,Joint session,dc-session,proposed\n")
	header := "title,owner,due,status,forum,session,notes\n"
	sum := mustImport(t, s, csvio.Actions, header+
		"Invite speakers,zofia@example.org,2021-10-01,open,IGF 2021,Joint session,\n"+
		"Invite speakers,jose@example.org,2021-10-01,open,,s1,\n"+
		"Book a room,,,open,,,\n")
	if sum.Added != 3 {
		t.Fatalf("summary %q", sum)
	}
	sum = mustImport(t, s, csvio.Actions, header+
		"invite speakers,Zofia Wróblewska,2021-10-01,done,IGF 2021,s1,all three said yes\n")
	if sum.String() != "actions: 0 added, 1 updated, 0 unchanged" {
		t.Errorf("summary %q: the owner named by name is the same person", sum)
	}
	_, err := importCSV(t, s, csvio.Actions, "actions.csv", header+
		"Chase,ghost@example.org,,open,,,\n"+
		"Chase,,,open,EuroDIG,,\n"+
		"Chase,,,open,,No such session,\n")
	wantProblems(t, err,
		`actions.csv:2: owner: no one in the plan has the email or name "ghost@example.org"`,
		`actions.csv:3: forum: no forum is named "EuroDIG"`,
		`actions.csv:4: session: no session has the uid or title "No such session"`)
}

func TestAFileOfSomeColumnsKeepsTheOthers(t *testing.T) {
	s := twoForumsAndPeople(t)
	mustImport(t, s, csvio.Sessions, "uid,forum,title,format,status,topics,room\ns1,IGF 2021,Joint,dc-session,idea,data protection,Room 1\n")
	mustImport(t, s, csvio.Sessions, "uid,forum,title,format,status\ns1,IGF 2021,Joint,dc-session,proposed\n")
	got := plan(t, s).Sessions[0]
	if got.Status != model.StatusProposed || got.Room != "Room 1" || len(got.Topics) != 1 {
		t.Errorf("session %+v: want the status changed and room and topics kept", got)
	}
}

func TestFormulaLookingCellsGoOutAsTextAndComeBackAsTheyWere(t *testing.T) {
	ctx := context.Background()
	s := newPlan(t)
	notes := []string{`=HYPERLINK("http://evil.example","click")`, "+48 22 123", "-1 day", "@mention",
		"\tindented", "'quoted'", "'=not a formula", "''twice"}
	err := s.Update(ctx, func(tx *storage.Tx) error {
		for i, n := range notes {
			day := model.Date{Year: 2021, Month: 1, Day: 1}
			f := model.Forum{Name: fmt.Sprintf("F%d", i), Kind: model.KindOther, Format: model.Online,
				FirstDay: day, LastDay: day, Zone: time.UTC, Notes: n}
			if err := tx.CreateForum(ctx, &f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := exportCSV(t, s, csvio.Forums, csvio.Options{})
	for _, want := range []string{
		`,"'=HYPERLINK(""http://evil.example"",""click"")"` + "\r\n",
		",'+48 22 123\r\n", ",'-1 day\r\n", ",'@mention\r\n", ",'\tindented\r\n",
		",'quoted'\r\n", ",''=not a formula\r\n", ",'''twice\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	sum := mustImport(t, s, csvio.Forums, out)
	if sum.Unchanged != len(notes) {
		t.Errorf("re-importing the export: %s; want everything unchanged", sum)
	}
	// A spreadsheet shows a guarded cell without its '; a file that has
	// the ' means the cell without it.
	mustImport(t, s, csvio.Forums, "name,kind,format,first_day,last_day,timezone,notes\nF0,other,online,2021-01-01,2021-01-01,UTC,'=1+1\n")
	if n := plan(t, s).Forums[0].Notes; n != "=1+1" {
		t.Errorf("notes %q, want =1+1", n)
	}
}
