package sample_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/sample"
	"github.com/convene-planner/convene/storage/sample/sampletest"
)

// loadSample loads the sample into a new plan file and reads it back whole.
func loadSample(t *testing.T) (*storage.Store, *model.Plan) {
	t.Helper()
	ctx := context.Background()
	store, err := storage.Open(ctx, filepath.Join(t.TempDir(), "demo.convene"), storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.Update(ctx, func(tx *storage.Tx) error { return sample.Load(ctx, tx) }); err != nil {
		t.Fatalf("loading the sample into a new plan: %v", err)
	}
	var plan *model.Plan
	err = store.View(ctx, func(tx *storage.Tx) (err error) {
		plan, err = tx.Plan(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return store, plan
}

func TestSampleCoalitions(t *testing.T) {
	_, plan := loadSample(t)
	var own []string
	names := map[string]string{}
	for _, c := range plan.Coalitions {
		names[c.ShortName] = c.Name
		if c.Own {
			own = append(own, c.ShortName)
		}
	}
	if !slices.Equal(own, []string{"DC-IoT"}) {
		t.Errorf("the plan's own coalition is %v, want only DC-IoT", own)
	}
	want := map[string]string{
		"DC-IoT": "Dynamic Coalition on the Internet of Things",
		"DC-CIV": "Dynamic Coalition on Core Internet Values",
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("coalitions are %v, want %v", names, want)
	}
}

func TestSampleForums(t *testing.T) {
	_, plan := loadSample(t)
	tests := []struct {
		name, city, country, zone string
		kind                      model.ForumKind
		format                    model.Attendance
		first, last               string
	}{
		{"IGF 2021", "Katowice", "PL", "Europe/Warsaw", model.KindGlobal, model.Hybrid, "2021-12-06", "2021-12-10"},
		{"EuroDIG 2021", "Trieste", "IT", "Europe/Rome", model.KindRegional, model.Hybrid, "2021-06-28", "2021-06-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := sampletest.Forum(t, plan, tt.name)
			got := fmt.Sprintf("%s %s %s %s %s %s..%s", f.City, f.Country, f.Zone, f.Kind, f.Format, f.FirstDay, f.LastDay)
			want := fmt.Sprintf("%s %s %s %s %s %s..%s", tt.city, tt.country, tt.zone, tt.kind, tt.format, tt.first, tt.last)
			if got != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
	for _, f := range plan.Forums {
		if f.Website == "" || f.ProposalDeadline.IsZero() || !f.ProposalDeadline.Before(f.FirstDay) {
			t.Errorf("%s: website %q, proposal deadline %s; want both, the deadline before %s",
				f.Name, f.Website, f.ProposalDeadline, f.FirstDay)
		}
		if f.FirstDay.Year != 2021 {
			t.Errorf("%s starts on %s, not in 2021", f.Name, f.FirstDay)
		}
	}
}

func TestSampleHasAForumSouthOfTheEquator(t *testing.T) {
	_, plan := loadSample(t)
	south := []string{"Pacific/Auckland", "America/Sao_Paulo", "America/Argentina/Buenos_Aires"}
	var national []string
	for _, f := range plan.Forums {
		if f.Kind == model.KindNational || f.Kind == model.KindRegional {
			national = append(national, f.Zone.String())
		}
	}
	if !slices.ContainsFunc(national, func(z string) bool { return slices.Contains(south, z) }) {
		t.Errorf("national and regional forums are in %v; want one in %v", national, south)
	}
}

func TestSampleJointSessionAtIGF(t *testing.T) {
	_, plan := loadSample(t)
	igf := sampletest.Forum(t, plan, "IGF 2021")
	var joint []model.Session
	for _, s := range plan.Sessions {
		if s.ForumID == igf.ID && s.Joint() {
			joint = append(joint, s)
		}
	}
	if len(joint) != 1 {
		t.Fatalf("IGF 2021 has %d joint sessions, want 1", len(joint))
	}
	s := joint[0]
	organisers := slices.Sorted(slices.Values(s.Organisers))
	if !slices.Equal(organisers, []string{"DC-CIV", "DC-IoT"}) {
		t.Errorf("%q is organised by %v, want DC-CIV and DC-IoT", s.Title, s.Organisers)
	}
	if s.Format != model.FormatDCSession {
		t.Errorf("%q is a %s, want a dc-session", s.Title, s.Format)
	}
	if !s.Scheduled() || s.Start.Before(igf.Start()) || s.End.After(igf.End()) || !s.End.After(s.Start) {
		t.Errorf("%q runs %s to %s, not within IGF 2021's days %s..%s", s.Title,
			s.Start.In(igf.Zone), s.End.In(igf.Zone), igf.FirstDay, igf.LastDay)
	}
}

func TestSamplePeople(t *testing.T) {
	_, plan := loadSample(t)
	groups := map[model.StakeholderGroup]int{}
	regions := map[model.Region]int{}
	genders := map[model.Gender]int{}
	byName := map[string]model.Person{}
	for _, p := range plan.People {
		if err := p.Validate(); err != nil {
			t.Errorf("%s does not validate: %v", p.Name, err)
		}
		if p.Email == "" || p.Country == "" || p.Affiliation == "" || p.Bio == "" {
			t.Errorf("%s lacks an email, country, affiliation or bio", p.Name)
		}
		groups[p.Group]++
		regions[p.Region]++
		genders[p.Gender]++
		byName[p.Name] = p
	}
	for _, g := range model.StakeholderGroups() {
		if groups[g] == 0 {
			t.Errorf("no one in the sample is from the %s group", g)
		}
	}
	for _, r := range model.Regions() {
		if regions[r] == 0 {
			t.Errorf("no one in the sample is from the %s region", r)
		}
	}
	if genders[model.GenderFemale] == 0 || genders[model.GenderMale] == 0 {
		t.Errorf("genders in the sample: %v; want women and men", genders)
	}
	if n := len(plan.People); n < 14 || n > 21 {
		t.Errorf("the sample has %d people, want about 14 to 20", n)
	}
	for _, tt := range []struct{ name, zone string }{
		{"Zofia Wróblewska", "Europe/Warsaw"},
		{"李明 (Li Ming)", "Asia/Shanghai"},
		{"José Álvarez-Núñez", "America/Argentina/Buenos_Aires"},
	} {
		p, ok := byName[tt.name]
		if !ok {
			t.Errorf("no %q in the sample", tt.name)
		} else if p.Zone.String() != tt.zone {
			t.Errorf("%s is in %s, want %s", tt.name, p.Zone, tt.zone)
		}
	}
}

func TestSampleSessionsVary(t *testing.T) {
	_, plan := loadSample(t)
	statuses := map[model.SessionStatus]int{}
	formats := map[model.SessionFormat]bool{}
	for _, s := range plan.Sessions {
		statuses[s.Status]++
		formats[s.Format] = true
		if s.Status == model.StatusIdea && s.Scheduled() {
			t.Errorf("the idea %q has times", s.Title)
		}
		if s.Description == "" || len(s.Topics) == 0 {
			t.Errorf("%q has no description or no topics", s.Title)
		}
	}
	for _, st := range []model.SessionStatus{model.StatusIdea, model.StatusProposed, model.StatusAccepted,
		model.StatusScheduled, model.StatusHeld, model.StatusCancelled} {
		if statuses[st] == 0 {
			t.Errorf("no session is %s", st)
		}
	}
	if n := len(plan.Sessions); n < 8 || n > 12 {
		t.Errorf("the sample has %d sessions, want 8 to 12", n)
	}
	if len(formats) < 4 {
		t.Errorf("sessions use only the formats %v", formats)
	}
}

func TestSampleActionsFollowTheSeed(t *testing.T) {
	_, plan := loadSample(t)
	for _, word := range []string{"NIST", "EU sector inquiry", "C2"} {
		t.Run(word, func(t *testing.T) {
			for _, a := range plan.Actions {
				if strings.Contains(a.Title, word) {
					if a.OwnerID == 0 || a.Due.IsZero() {
						t.Errorf("%q has no owner or no due date", a.Title)
					}
					return
				}
			}
			t.Errorf("no action item mentions %s", word)
		})
	}
}

func TestLoadingTwiceFailsAndChangesNothing(t *testing.T) {
	store, before := loadSample(t)
	ctx := context.Background()
	err := store.Update(ctx, func(tx *storage.Tx) error { return sample.Load(ctx, tx) })
	if err == nil {
		t.Fatal("loading the sample a second time succeeded; want an error")
	}
	if _, ok := model.AsProblems(err); !ok {
		t.Errorf("the error %q names no field", err)
	}
	var after *model.Plan
	err = store.View(ctx, func(tx *storage.Tx) (err error) {
		after, err = tx.Plan(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("the failed second load changed the plan:\nbefore %+v\nafter  %+v", before, after)
	}
}

// TestSampleShowsOnlyThePlantedProblems holds the sample to its promise: the
// planning checks find the problems planted in it, and nothing else. The
// rules are the product brief's, restated here on the sample's plain data
// with "today" at the end of 2021.
func TestSampleShowsOnlyThePlantedProblems(t *testing.T) {
	_, plan := loadSample(t)
	got := findProblems(plan, model.Date{Year: 2021, Month: time.December, Day: 31})
	want := map[string][]string{
		"double-booked": {"Zofia Wróblewska: Core Internet Values and the Internet of Things: secure devices at a global scale / " +
			"Data access and interoperability: the EU sector inquiry into consumer IoT"},
		"local night":            {"José Álvarez-Núñez: Vulnerability management and disclosure: from law to practice"},
		"few stakeholder groups": {"Software update in practice: three manufacturers compare notes"},
		"overdue":                {"Get the online moderator confirmed for the IGF-USA session"},
	}
	for _, kind := range []string{"double-booked", "room clash", "outside forum days", "local night",
		"outside availability", "few stakeholder groups", "one gender", "one region", "few speakers",
		"no moderator or rapporteur", "overdue", "report past due"} {
		if !slices.Equal(got[kind], want[kind]) {
			t.Errorf("%s: got %q, want %q", kind, got[kind], want[kind])
		}
	}
}

func findProblems(plan *model.Plan, today model.Date) map[string][]string {
	ix := plan.Index()
	found := map[string][]string{}
	add := func(kind, format string, args ...any) {
		found[kind] = append(found[kind], fmt.Sprintf(format, args...))
	}
	overlap := func(a, b *model.Session) bool {
		return a.Scheduled() && b.Scheduled() && a.Start.Before(b.End) && b.Start.Before(a.End)
	}
	taking := func(s *model.Session, personID int64) bool {
		return slices.ContainsFunc(s.Participants, func(pt model.Participation) bool {
			return pt.PersonID == personID && pt.Status != model.Declined
		})
	}
	for i := range plan.Sessions {
		a := &plan.Sessions[i]
		f := ix.Forums[a.ForumID]
		if a.Scheduled() && (a.Start.Before(f.Start()) || a.End.After(f.End()) || !a.End.After(a.Start)) {
			add("outside forum days", "%s", a.Title)
		}
		for j := i + 1; j < len(plan.Sessions); j++ {
			b := &plan.Sessions[j]
			if overlap(a, b) && a.ForumID == b.ForumID && a.Room == b.Room && a.Room != "Online" && a.Room != "" {
				add("room clash", "%s: %s / %s", a.Room, a.Title, b.Title)
			}
		}
		if !a.ReportDue.IsZero() && a.ReportDue.Before(today) {
			add("report past due", "%s", a.Title)
		}
		groups := map[model.StakeholderGroup]bool{}
		genders := map[model.Gender]bool{}
		regions := map[model.Region]bool{}
		speakers, moderator, rapporteur := 0, false, false
		for _, pt := range a.Participants {
			if pt.Status != model.Confirmed {
				continue
			}
			p := ix.People[pt.PersonID]
			switch pt.Role {
			case model.RoleSpeaker, model.RoleModerator, model.RoleOnlineModerator:
				groups[p.Group], genders[p.Gender], regions[p.Region] = true, true, true
			}
			speakers += boolInt(pt.Role == model.RoleSpeaker)
			moderator = moderator || pt.Role == model.RoleModerator
			rapporteur = rapporteur || pt.Role == model.RoleRapporteur
		}
		if len(groups) < 3 {
			add("few stakeholder groups", "%s", a.Title)
		}
		if len(genders) < 2 {
			add("one gender", "%s", a.Title)
		}
		if len(regions) < 2 {
			add("one region", "%s", a.Title)
		}
		if a.Status != model.StatusIdea && speakers < 3 {
			add("few speakers", "%s", a.Title)
		}
		if a.Status == model.StatusScheduled && (!moderator || !rapporteur) {
			add("no moderator or rapporteur", "%s", a.Title)
		}
	}
	for _, p := range plan.People {
		var mine []*model.Session
		for i := range plan.Sessions {
			if s := &plan.Sessions[i]; s.Scheduled() && taking(s, p.ID) {
				mine = append(mine, s)
			}
		}
		for i, a := range mine {
			for _, b := range mine[i+1:] {
				if overlap(a, b) {
					add("double-booked", "%s: %s / %s", p.Name, a.Title, b.Title)
				}
			}
			start, end := a.Start.In(p.Zone), a.End.In(p.Zone)
			if start.Hour() < 7 || end.Hour()*60+end.Minute() > 22*60 || model.DateOf(start) != model.DateOf(end) {
				add("local night", "%s: %s", p.Name, a.Title)
			}
			if len(p.Availability) > 0 && !slices.ContainsFunc(p.Availability, func(w model.Window) bool {
				return w.Contains(a.Start, a.End)
			}) {
				add("outside availability", "%s: %s", p.Name, a.Title)
			}
		}
	}
	for _, a := range plan.Actions {
		if a.Overdue(today) {
			add("overdue", "%s", a.Title)
		}
	}
	return found
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
