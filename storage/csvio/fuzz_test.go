package csvio

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
)

// fuzzPlan is the plan fuzzed files are read against: something of every
// kind to match and to name.
func fuzzPlan() *model.Plan {
	waw, _ := model.LoadZone("Europe/Warsaw")
	akl, _ := model.LoadZone("Pacific/Auckland")
	day := func(m time.Month, d int) model.Date { return model.Date{Year: 2021, Month: m, Day: d} }
	start, _ := model.WallClock(2021, 12, 7, 10, 0, waw)
	return &model.Plan{
		Coalitions: []model.Coalition{{ID: 1, Name: "DC-IoT", ShortName: "DC-IoT", Own: true}},
		Forums: []model.Forum{
			{ID: 1, Name: "IGF 2021", Kind: "global", Format: "hybrid", FirstDay: day(12, 6), LastDay: day(12, 10), Zone: waw},
			{ID: 2, Name: "NetHui 2021", Kind: "national", Format: "online", FirstDay: day(3, 25), LastDay: day(3, 26), Zone: akl},
		},
		People: []model.Person{
			{ID: 1, Name: "Zofia Wróblewska", Email: "zofia@example.org", Group: "academia", Gender: "female", Zone: waw},
			{ID: 2, Name: "Hemi: Walker", Group: "government", Gender: "undisclosed", Zone: akl},
			{ID: 3, Name: "李明", Email: "li@example.com", Group: "civil-society", Gender: "male", Zone: akl},
		},
		Sessions: []model.Session{{
			ID: 1, UID: "s1@convene", ForumID: 1, Title: "Joint session", Format: "dc-session",
			Start: start.UTC(), End: start.Add(time.Hour).UTC(), Status: "scheduled", Organisers: []string{"DC-IoT"},
			Participants: []model.Participation{{PersonID: 1, Role: "moderator", Status: "confirmed"}},
		}},
		Actions: []model.ActionItem{{ID: 1, Title: "Invite speakers", OwnerID: 1, Status: "open", ForumID: 1, SessionID: 1}},
	}
}

// FuzzReadCSV feeds the reader arbitrary files of every kind. It must never
// panic, must refuse a file only with an *ImportError, and must never accept
// a row it would then export differently: the export of what it accepted
// reads back as the same plan, and exports to the same bytes again.
func FuzzReadCSV(f *testing.F) {
	for kind, seeds := range map[Kind][]string{
		Forums: {
			"name,kind,city,country,format,first_day,last_day,timezone,website,proposal_deadline,notes\r\n" +
				"EuroDIG 2021,regional,Trieste,IT,hybrid,2021-06-28,2021-06-30,Europe/Rome,https://eurodig.org,2021-01-31,\"Two\nlines\"\r\n",
			"\xEF\xBB\xBFName;Kind;Format;First_day;Last_day;Timezone;Notes\nIGF 2021;global;hybrid;2021-12-06;2021-12-10;Europe/Warsaw;'=1+1\n",
		},
		People: {
			"name,email,affiliation,stakeholder_group,region,gender,country,timezone,bio\n" +
				"José Álvarez-Núñez,jose@example.org,\"Vía Libre, AR\",civil-society,grulac,male,AR,America/Argentina/Buenos_Aires,\"Bio\n\tmore\"\n" +
				"Zofia Wróblewska,,,academia,,,PL,Europe/Warsaw,\n",
			"name;stakeholder_group;timezone;gender\n@someone;academia;UTC;\n",
		},
		Sessions: {
			"uid,forum,title,format,start,end,timezone,room,status,organisers,topics,participants,description,report_due\n" +
				",IGF 2021,\"Cats, dogs; & \"\"IoT\"\"\",workshop,2021-12-07 10:00,2021-12-07 11:30,,Room 1,scheduled,DC-IoT;DC-CIV,a;b," +
				"zofia@example.org:moderator;Hemi: Walker:speaker:invited,,2022-01-31\n" +
				"s1@convene,igf 2021,Joint session,dc-session,2021-10-31T02:30:00+01:00,2021-10-31 03:30,,,held,dc-iot,,,,\n",
			"uid;forum;title;format;start;end;timezone;status;topics;participants\n" +
				"x;NetHui 2021;Gap;workshop;2021-09-26 02:30;2021-09-26 04:00;;scheduled;a;b|c;李明:speaker|zofia@example.org:rapporteur:declined\n",
			"uid;forum;title;format;start;end;status;organisers;topics;participants\n" +
				"y;NetHui 2021;\"Pō, tahi\";workshop;2021-04-04 02:30;2021-04-04 03:30;accepted;DC-IoT|DC-X;\"a, b|c\";\"李明:speaker|Hemi: Walker:moderator\"\n",
		},
		Actions: {
			"title,owner,due,status,forum,session,notes\n" +
				"Invite speakers,Zofia Wróblewska,2021-10-01,done,IGF 2021,Joint session,\n" +
				"-Book room,li@example.com,,open,,s1@convene,\"=A1\n+2\"\n",
		},
	} {
		for _, s := range seeds {
			f.Add(uint8(indexOfKind(kind)), []byte(s))
		}
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		kind := Kinds()[int(which)%len(Kinds())]
		im, err := read(ctx, kind, "fuzz.csv", bytes.NewReader(data), fuzzPlan())
		if err != nil {
			if !errors.As(err, new(*ImportError)) {
				t.Fatalf("refused without naming the problems: %v", err)
			}
			return
		}
		for _, opts := range []Options{{WithContacts: true}, {}} {
			var first bytes.Buffer
			if err := Export(&first, im.ix.plan, kind, opts); err != nil {
				t.Fatal(err)
			}
			again, err := read(ctx, kind, "export.csv", bytes.NewReader(first.Bytes()), clonePlan(im.ix.plan))
			if err != nil {
				t.Fatalf("the export of what was accepted (%+v) is refused:\n%s\n%v", opts, first.String(), err)
			}
			if again.sum.Added+again.sum.Updated != 0 {
				t.Fatalf("the export of what was accepted (%+v) reads back differently (%s):\n%s", opts, again.sum, first.String())
			}
			var second bytes.Buffer
			if err := Export(&second, again.ix.plan, kind, opts); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), second.Bytes()) {
				t.Fatalf("exports differ:\n%s\n%s", first.String(), second.String())
			}
		}
	})
}

// clonePlan copies the slices a read changes in place.
func clonePlan(p *model.Plan) *model.Plan {
	c := *p
	c.Coalitions = append([]model.Coalition(nil), p.Coalitions...)
	c.Forums = append([]model.Forum(nil), p.Forums...)
	c.People = append([]model.Person(nil), p.People...)
	c.Sessions = append([]model.Session(nil), p.Sessions...)
	c.Actions = append([]model.ActionItem(nil), p.Actions...)
	return &c
}

func indexOfKind(k Kind) int {
	for i, kk := range Kinds() {
		if kk == k {
			return i
		}
	}
	return -1
}

// FuzzFormulaGuard proves the guard against CSV injection: what export
// writes never starts a formula in a spreadsheet, and import gives back
// exactly the cell that was guarded.
func FuzzFormulaGuard(f *testing.F) {
	for _, s := range []string{"", "=1+1", "+48", "-", "@x", "\tx", "\rx", "'", "'=x", "''", "'''=", "plain", "'a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		guarded := guardFormula(cell)
		if startsFormula(guarded) {
			t.Errorf("%q is written %q, which a spreadsheet runs as a formula", cell, guarded)
		}
		if back := unguardFormula(guarded); back != cell {
			t.Errorf("%q is written %q and read back as %q", cell, guarded, back)
		}
		if strings.HasPrefix(cell, "'") && guarded == cell && unguardFormula(cell) != cell {
			t.Errorf("%q is written as it is but read back as %q", cell, unguardFormula(cell))
		}
	})
}
