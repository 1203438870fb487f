package model_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
)

// The people, forums and sessions of these stories are small and named, so
// each case reads as what a coordinator did to the plan.

const (
	zofia   = 1  // government, eastern-european, Warsaw
	jose    = 2  // civil society, GRULAC, Buenos Aires
	aroha   = 3  // civil society, WEOG, Auckland
	li      = 4  // technical community, Asia-Pacific, Shanghai
	amara   = 5  // private sector, African, Lagos
	wanjiru = 6  // academia, African, Nairobi
	helen   = 7  // private sector, WEOG, New York
	marek   = 8  // private sector, eastern-european, Prague
	sam     = 9  // technical community, WEOG, Sydney, gender undisclosed
	nadia   = 10 // intergovernmental, African, Cairo
	olena   = 11 // academia, eastern-european, Kyiv
	kenji   = 12 // private sector, Asia-Pacific, Tokyo
	sipho   = 13 // technical community, African, Johannesburg
)

const (
	igf     = 1 // Katowice, Europe/Warsaw, 6–10 Dec 2021
	nethui  = 2 // Wellington, Pacific/Auckland, 6–8 Dec 2021
	autumn  = 3 // Warsaw, 29–31 Oct 2021: the clocks go back on the 31st
	eurodig = 4 // Trieste, Europe/Rome, 28–30 Jun 2021
)

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := model.LoadZone(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func samplePlan(t testing.TB) *model.Plan {
	t.Helper()
	person := func(id int64, name string, g model.StakeholderGroup, r model.Region, gender model.Gender, tz string) model.Person {
		return model.Person{ID: id, Name: name, Email: fmt.Sprintf("p%d@example.org", id),
			Group: g, Region: r, Gender: gender, Zone: zone(t, tz)}
	}
	forum := func(id int64, name, city, tz string, first, last model.Date) model.Forum {
		return model.Forum{ID: id, Name: name, Kind: model.KindGlobal, City: city, Format: model.Hybrid,
			FirstDay: first, LastDay: last, Zone: zone(t, tz)}
	}
	return &model.Plan{
		Forums: []model.Forum{
			forum(igf, "IGF 2021", "Katowice", "Europe/Warsaw", model.Date{Year: 2021, Month: 12, Day: 6}, model.Date{Year: 2021, Month: 12, Day: 10}),
			forum(nethui, "NetHui 2021", "Wellington", "Pacific/Auckland", model.Date{Year: 2021, Month: 12, Day: 6}, model.Date{Year: 2021, Month: 12, Day: 8}),
			forum(autumn, "Autumn School", "Warsaw", "Europe/Warsaw", model.Date{Year: 2021, Month: 10, Day: 29}, model.Date{Year: 2021, Month: 10, Day: 31}),
			forum(eurodig, "EuroDIG 2021", "Trieste", "Europe/Rome", model.Date{Year: 2021, Month: 6, Day: 28}, model.Date{Year: 2021, Month: 6, Day: 30}),
		},
		People: []model.Person{
			person(zofia, "Zofia Wróblewska", model.GroupGovernment, model.RegionEasternEuropean, model.GenderFemale, "Europe/Warsaw"),
			person(jose, "José Álvarez-Núñez", model.GroupCivilSociety, model.RegionGRULAC, model.GenderMale, "America/Argentina/Buenos_Aires"),
			person(aroha, "Aroha Ngata", model.GroupCivilSociety, model.RegionWEOG, model.GenderFemale, "Pacific/Auckland"),
			person(li, "Li Ming", model.GroupTechnicalCommunity, model.RegionAsiaPacific, model.GenderMale, "Asia/Shanghai"),
			person(amara, "Amara Okafor", model.GroupPrivateSector, model.RegionAfrican, model.GenderFemale, "Africa/Lagos"),
			person(wanjiru, "Wanjiru Kamau", model.GroupAcademia, model.RegionAfrican, model.GenderFemale, "Africa/Nairobi"),
			person(helen, "Helen Marsh", model.GroupPrivateSector, model.RegionWEOG, model.GenderFemale, "America/New_York"),
			person(marek, "Marek Novák", model.GroupPrivateSector, model.RegionEasternEuropean, model.GenderMale, "Europe/Prague"),
			person(sam, "Sam Taylor", model.GroupTechnicalCommunity, model.RegionWEOG, model.GenderUndisclosed, "Australia/Sydney"),
			person(nadia, "Nadia Haddad", model.GroupIntergovernmental, model.RegionAfrican, model.GenderFemale, "Africa/Cairo"),
			person(olena, "Olena Kovalenko", model.GroupAcademia, model.RegionEasternEuropean, model.GenderFemale, "Europe/Kyiv"),
			person(kenji, "Kenji Watanabe", model.GroupPrivateSector, model.RegionAsiaPacific, model.GenderMale, "Asia/Tokyo"),
			person(sipho, "Sipho Dlamini", model.GroupTechnicalCommunity, model.RegionAfrican, model.GenderMale, "Africa/Johannesburg"),
		},
	}
}

// at reads a clock time in the forum's zone.
func at(t testing.TB, p *model.Plan, forum int64, clock string) time.Time {
	t.Helper()
	for _, f := range p.Forums {
		if f.ID == forum {
			tm, err := model.ParseWallClock(clock, f.Zone)
			if err != nil {
				t.Fatal(err)
			}
			return tm
		}
	}
	t.Fatalf("no forum %d", forum)
	return time.Time{}
}

func part(id int64, role model.Role) model.Participation {
	return model.Participation{PersonID: id, Role: role, Status: model.Confirmed}
}

// balanced are the people of a session that passes every rule at IGF 2021
// between 08:00 and 14:00 in Katowice: four groups, both genders, three
// regions, a moderator and a rapporteur, and everyone awake.
func balanced() []model.Participation {
	return []model.Participation{
		part(zofia, model.RoleModerator),
		part(li, model.RoleSpeaker),
		part(amara, model.RoleSpeaker),
		part(wanjiru, model.RoleSpeaker),
		part(marek, model.RoleRapporteur),
	}
}

// addSession adds a scheduled session of the forum, on clocks of its zone,
// with the balanced people unless others are given.
func addSession(t testing.TB, p *model.Plan, id, forum int64, title, start, end, room string, people ...model.Participation) *model.Session {
	t.Helper()
	if people == nil {
		people = balanced()
	}
	s := model.Session{ID: id, UID: fmt.Sprintf("s%d@test", id), ForumID: forum, Title: title,
		Format: model.FormatWorkshop, Room: room, Status: model.StatusScheduled,
		Organisers: []string{"DC-IoT"}, Participants: people}
	if start != "" {
		s.Start, s.End = at(t, p, forum, start), at(t, p, forum, end)
	}
	p.Sessions = append(p.Sessions, s)
	return &p.Sessions[len(p.Sessions)-1]
}

var today = model.Date{Year: 2021, Month: 11, Day: 15}

// expect holds a case to the findings it wants, each given as its kind and
// words its message must hold; any other finding fails the case.
func expect(t *testing.T, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		kind, words, _ := strings.Cut(w, ": ")
		g := got[i]
		if !strings.HasPrefix(g, kind+": ") {
			t.Errorf("finding %d is %q, want kind %s", i, g, kind)
			continue
		}
		for _, word := range strings.Split(words, " … ") {
			if !strings.Contains(g, word) {
				t.Errorf("finding %d is %q, want it to say %q", i, g, word)
			}
		}
	}
}

// checkLines runs the checks and writes each finding as "kind: message".
func checkLines(p *model.Plan) []string {
	var out []string
	for _, f := range model.Check(p, today) {
		out = append(out, string(f.Kind)+": "+f.Message)
	}
	return out
}

// others are people for a second session beside a balanced one at IGF 2021
// between 11:00 and 15:00 in Katowice, sharing no one with it: three groups,
// two genders, three regions, all awake. It is accepted, so it needs no
// moderator or rapporteur yet.
func others(t testing.TB, p *model.Plan, id, forum int64, title, start, end, room string) *model.Session {
	s := addSession(t, p, id, forum, title, start, end, room,
		part(jose, model.RoleSpeaker), part(nadia, model.RoleSpeaker), part(olena, model.RoleSpeaker))
	s.Status = model.StatusAccepted
	return s
}

// empty adds a session with no people yet, an idea: only the rules about its
// times, room and organisers apply.
func empty(t testing.TB, p *model.Plan, id, forum int64, title, start, end, room string) *model.Session {
	s := addSession(t, p, id, forum, title, start, end, room, []model.Participation{}...)
	s.Status, s.Participants = model.StatusIdea, nil
	return s
}

func TestConflicts(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, p *model.Plan)
		want []string
	}{
		{
			name: "a person in two overlapping sessions is double-booked",
			edit: func(t *testing.T, p *model.Plan) {
				addSession(t, p, 1, igf, "Core values", "2021-12-08 11:30", "2021-12-08 13:00", "Room 2")
				others(t, p, 2, igf, "EU inquiry", "2021-12-08 12:30", "2021-12-08 13:30", "Room 5").
					Participants[2].PersonID = zofia
			},
			want: []string{"double-booked: Zofia Wróblewska is in two sessions at once: “Core values” (IGF 2021, Wed 8 Dec 2021 11:30–13:00) and “EU inquiry” (IGF 2021, Wed 8 Dec 2021 12:30–13:30)"},
		},
		{
			name: "touching sessions, one ending as the next starts, clash neither for the people nor for the room",
			edit: func(t *testing.T, p *model.Plan) {
				addSession(t, p, 1, igf, "First", "2021-12-08 10:00", "2021-12-08 11:30", "Room 2")
				addSession(t, p, 2, igf, "Second", "2021-12-08 11:30", "2021-12-08 13:00", "Room 2")
			},
		},
		{
			name: "a declined speaker is not double-booked",
			edit: func(t *testing.T, p *model.Plan) {
				addSession(t, p, 1, igf, "First", "2021-12-08 11:00", "2021-12-08 12:30", "Room 2")
				s := others(t, p, 2, igf, "Second", "2021-12-08 12:00", "2021-12-08 13:00", "Room 5")
				s.Participants = append(s.Participants,
					model.Participation{PersonID: zofia, Role: model.RoleSpeaker, Status: model.Declined})
			},
		},
		{
			name: "a person in two forums at once is double-booked, each time given with its forum's place",
			edit: func(t *testing.T, p *model.Plan) {
				// 12:00 in Katowice is midnight in Wellington.
				addSession(t, p, 1, igf, "Katowice talk", "2021-12-06 12:00", "2021-12-06 13:30", "Room 2")
				others(t, p, 2, nethui, "Wellington talk", "2021-12-07 00:00", "2021-12-07 01:30", "Kōwhai").
					Participants[0].PersonID = li
			},
			want: []string{"double-booked: Li Ming is in two sessions at once: “Katowice talk” (IGF 2021, Mon 6 Dec 2021 12:00–13:30 in Katowice) and “Wellington talk” (NetHui 2021, Tue 7 Dec 2021 00:00–01:30 in Wellington)"},
		},
		{
			name: "cancelled sessions and unscheduled ideas never clash",
			edit: func(t *testing.T, p *model.Plan) {
				addSession(t, p, 1, igf, "Kept", "2021-12-08 10:00", "2021-12-08 11:30", "Room 2")
				addSession(t, p, 2, igf, "Cancelled", "2021-12-08 10:00", "2021-12-08 11:30", "Room 2").Status = model.StatusCancelled
				addSession(t, p, 3, igf, "Idea", "", "", "Room 2").Status = model.StatusIdea
			},
		},
		{
			name: "two sessions in one room of a forum at once clash, whatever the case of the room's name",
			edit: func(t *testing.T, p *model.Plan) {
				addSession(t, p, 1, igf, "Morning", "2021-12-07 11:00", "2021-12-07 12:30", "Ballroom B")
				others(t, p, 2, igf, "Overrun", "2021-12-07 12:00", "2021-12-07 13:00", "ballroom b")
			},
			want: []string{"room-clash: Ballroom B at IGF 2021 holds two sessions at once: “Morning” (Tue 7 Dec 2021 11:00–12:30) and “Overrun” (Tue 7 Dec 2021 12:00–13:00)"},
		},
		{
			name: "an empty room, Online or a meeting link holds any number of sessions, and rooms of two forums never meet",
			edit: func(t *testing.T, p *model.Plan) {
				for i, room := range []string{"", "", "Online", "online", "https://meet.example.org/igf", "https://meet.example.org/igf"} {
					empty(t, p, int64(1+i), igf, fmt.Sprintf("Session %d", i), "2021-12-07 12:00", "2021-12-07 13:00", room)
				}
				empty(t, p, 7, igf, "In Katowice", "2021-12-07 12:00", "2021-12-07 13:00", "Room 1")
				empty(t, p, 8, nethui, "In Wellington", "2021-12-08 00:00", "2021-12-08 01:00", "Room 1")
			},
		},
		{
			name: "a session outside its forum's days, in the forum's zone",
			edit: func(t *testing.T, p *model.Plan) {
				addSession(t, p, 1, igf, "Too early", "2021-12-05 12:00", "2021-12-05 13:00", "Room 1")
				empty(t, p, 2, igf, "Too late", "2021-12-10 23:30", "2021-12-11 00:30", "Room 1")
			},
			want: []string{
				"outside-forum-days: “Too early” (IGF 2021, Sun 5 Dec 2021 12:00–13:00) is outside the forum's days, Mon 6 Dec 2021 to Fri 10 Dec 2021",
				"outside-forum-days: “Too late” (IGF 2021, Fri 10 Dec 2021 23:30 – Sat 11 Dec 2021 00:30)",
			},
		},
		{
			name: "the clocks going back during a forum give its last day 25 hours, all of them inside it",
			edit: func(t *testing.T, p *model.Plan) {
				// Counting three days of 24 hours from the first midnight
				// would end the forum at 23:00 on the 31st.
				empty(t, p, 1, autumn, "Last hour", "2021-10-31 23:00", "2021-10-31 23:59", "Aula")
				empty(t, p, 2, autumn, "Past its end", "2021-10-31 23:30", "2021-11-01 00:30", "Aula 2")
			},
			want: []string{"outside-forum-days: “Past its end” (Autumn School, Sun 31 Oct 2021 23:30 – Mon 1 Nov 2021 00:30)"},
		},
		{
			name: "an end not after the start",
			edit: func(t *testing.T, p *model.Plan) {
				empty(t, p, 1, igf, "Backwards", "2021-12-07 11:00", "2021-12-07 10:00", "Room 1")
				empty(t, p, 2, igf, "Instant", "2021-12-07 12:00", "2021-12-07 12:00", "Room 1")
			},
			want: []string{
				"end-not-after-start: “Backwards” (IGF 2021) ends at Tue 7 Dec 2021 10:00, which is not after it starts at Tue 7 Dec 2021 11:00",
				"end-not-after-start: “Instant” (IGF 2021) ends at Tue 7 Dec 2021 12:00",
			},
		},
		{
			name: "a joint session with fewer than two organisers",
			edit: func(t *testing.T, p *model.Plan) {
				empty(t, p, 1, igf, "DC-CIV and DC-IoT joint session", "", "", "")
				empty(t, p, 2, igf, "Joint session, done right", "", "", "").Organisers = []string{"DC-CIV", "DC-IoT"}
				empty(t, p, 3, igf, "Disjointed thoughts", "", "", "")
				empty(t, p, 4, igf, "Joint, by nobody", "", "", "").Organisers = nil
			},
			want: []string{
				"joint-one-organiser: “DC-CIV and DC-IoT joint session” (IGF 2021, not scheduled) is a joint session but only DC-IoT organises it",
				"joint-one-organiser: “Joint, by nobody” … no coalition organises it",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := samplePlan(t)
			tt.edit(t, p)
			expect(t, checkLines(p), tt.want...)
		})
	}
}

func TestWarnings(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, p *model.Plan)
		want []string
	}{
		{
			name: "speakers from one stakeholder group only",
			edit: func(t *testing.T, p *model.Plan) {
				addSession(t, p, 1, igf, "Three manufacturers", "2021-12-09 10:00", "2021-12-09 10:30", "Stage",
					part(amara, model.RoleSpeaker), part(marek, model.RoleSpeaker), part(kenji, model.RoleSpeaker)).
					Status = model.StatusAccepted
			},
			want: []string{"few-stakeholder-groups: “Three manufacturers” (IGF 2021, Thu 9 Dec 2021 10:00–10:30) has speakers and moderators from 1 stakeholder group (private-sector); aim for at least 3"},
		},
		{
			name: "speakers and moderator of one gender, named without saying which",
			edit: func(t *testing.T, p *model.Plan) {
				addSession(t, p, 1, igf, "All women", "2021-12-09 10:00", "2021-12-09 11:00", "Room 1",
					part(zofia, model.RoleModerator), part(amara, model.RoleSpeaker), part(wanjiru, model.RoleSpeaker),
					part(nadia, model.RoleSpeaker), part(olena, model.RoleRapporteur))
			},
			want: []string{"one-gender: “All women” (IGF 2021, Thu 9 Dec 2021 10:00–11:00): all its speakers and moderators who gave a gender are of one gender"},
		},
		{
			name: "an undisclosed gender is not a second gender; 07:00 and 22:00 sharp are day",
			edit: func(t *testing.T, p *model.Plan) {
				// 11:00–12:00 in Katowice is 07:00–08:00 in Buenos Aires
				// and 21:00–22:00 in Sydney.
				addSession(t, p, 1, igf, "All men", "2021-12-09 11:00", "2021-12-09 12:00", "Room 1",
					part(jose, model.RoleModerator), part(li, model.RoleSpeaker), part(marek, model.RoleSpeaker),
					part(sam, model.RoleSpeaker), part(olena, model.RoleRapporteur))
			},
			want: []string{"one-gender: “All men”"},
		},
		{
			name: "speakers from one UN region only",
			edit: func(t *testing.T, p *model.Plan) {
				addSession(t, p, 1, igf, "African voices", "2021-12-09 10:00", "2021-12-09 11:00", "Room 1",
					part(amara, model.RoleSpeaker), part(wanjiru, model.RoleSpeaker), part(sipho, model.RoleSpeaker)).
					Status = model.StatusAccepted
			},
			want: []string{"one-region: “African voices” (IGF 2021, Thu 9 Dec 2021 10:00–11:00): all its speakers and moderators come from one UN region (african)"},
		},
		{
			name: "fewer than three confirmed speakers on a proposal, but not on an idea",
			edit: func(t *testing.T, p *model.Plan) {
				proposal := addSession(t, p, 1, igf, "Proposal", "", "", "")
				proposal.Status = model.StatusProposed
				proposal.Participants[3].Status = model.Invited // Wanjiru
				idea := addSession(t, p, 2, igf, "Idea", "", "", "")
				idea.Status = model.StatusIdea
				idea.Participants = proposal.Participants
			},
			want: []string{"few-speakers: “Proposal” (IGF 2021, not scheduled) is proposed with 2 confirmed speakers; the IGF asks for at least 3"},
		},
		{
			name: "a scheduled session without a confirmed moderator or rapporteur; an accepted one is not asked yet",
			edit: func(t *testing.T, p *model.Plan) {
				s := addSession(t, p, 1, igf, "Unmoderated", "2021-12-09 10:00", "2021-12-09 11:00", "Room 1",
					part(li, model.RoleSpeaker), part(amara, model.RoleSpeaker), part(wanjiru, model.RoleSpeaker),
					part(zofia, model.RoleModerator))
				s.Participants[3].Status = model.Invited
				accepted := addSession(t, p, 2, igf, "Accepted", "2021-12-10 10:00", "2021-12-10 11:00", "Room 1")
				accepted.Participants = s.Participants
				accepted.Status = model.StatusAccepted
			},
			want: []string{
				"no-moderator: “Unmoderated” (IGF 2021, Thu 9 Dec 2021 10:00–11:00) is scheduled but has no confirmed moderator",
				"no-rapporteur: “Unmoderated” … has no confirmed rapporteur",
			},
		},
		{
			name: "Auckland and Buenos Aires speakers on a Warsaw morning session are both in their night",
			edit: func(t *testing.T, p *model.Plan) {
				addSession(t, p, 1, igf, "Vulnerability disclosure", "2021-12-07 09:00", "2021-12-07 10:30", "Ballroom B",
					part(zofia, model.RoleModerator), part(jose, model.RoleSpeaker), part(aroha, model.RoleSpeaker),
					part(olena, model.RoleSpeaker), part(nadia, model.RoleSpeaker), part(marek, model.RoleRapporteur))
			},
			// One session's findings of one rule come in the order its
			// people joined the plan.
			want: []string{
				"local-night: José Álvarez-Núñez: Tue 7 Dec 2021 05:00–06:30 in Buenos Aires for “Vulnerability disclosure” (IGF 2021, 09:00–10:30 in Katowice)",
				"local-night: Aroha Ngata: Tue 7 Dec 2021 21:00–22:30 in Auckland for “Vulnerability disclosure” (IGF 2021, 09:00–10:30 in Katowice)",
			},
		},
		{
			name: "a session spanning local midnight, and one on the next day where the speaker is",
			edit: func(t *testing.T, p *model.Plan) {
				addSession(t, p, 1, igf, "Midday", "2021-12-07 11:30", "2021-12-07 12:30", "Room 1",
					part(zofia, model.RoleModerator), part(aroha, model.RoleSpeaker), part(olena, model.RoleSpeaker),
					part(sipho, model.RoleSpeaker), part(marek, model.RoleRapporteur))
				addSession(t, p, 2, igf, "Afternoon", "2021-12-07 13:00", "2021-12-07 14:00", "Room 1",
					part(zofia, model.RoleModerator), part(aroha, model.RoleSpeaker), part(olena, model.RoleSpeaker),
					part(sipho, model.RoleSpeaker), part(marek, model.RoleRapporteur))
			},
			want: []string{
				"local-night: Aroha Ngata: Tue 7 Dec 2021 23:30 – Wed 8 Dec 2021 00:30 in Auckland for “Midday” (IGF 2021, 11:30–12:30 in Katowice)",
				"local-night: Aroha Ngata: Wed 8 Dec 2021 01:00–02:00 in Auckland for “Afternoon” (IGF 2021, Tue 7 Dec 2021 13:00–14:00 in Katowice)",
			},
		},
		{
			name: "a participant who declined, or a session that was cancelled, keeps no one up at night",
			edit: func(t *testing.T, p *model.Plan) {
				s := addSession(t, p, 1, igf, "Early", "2021-12-07 09:00", "2021-12-07 10:00", "Room 1")
				s.Participants = append(s.Participants, model.Participation{PersonID: jose, Role: model.RoleSpeaker, Status: model.Declined})
				addSession(t, p, 2, igf, "Cancelled", "2021-12-07 09:00", "2021-12-07 10:00", "Room 2",
					part(jose, model.RoleSpeaker)).Status = model.StatusCancelled
			},
		},
		{
			name: "a person outside the times they gave",
			edit: func(t *testing.T, p *model.Plan) {
				for i := range p.People {
					if p.People[i].ID == wanjiru {
						p.People[i].Availability = []model.Window{
							{Start: at(t, p, igf, "2021-12-07 10:00"), End: at(t, p, igf, "2021-12-07 16:00")},
						}
					}
				}
				addSession(t, p, 1, igf, "Too early for her", "2021-12-07 09:00", "2021-12-07 10:00", "Room 1")
				addSession(t, p, 2, igf, "Within", "2021-12-07 10:00", "2021-12-07 11:30", "Room 1")
				addSession(t, p, 3, igf, "Next day", "2021-12-08 10:00", "2021-12-08 11:30", "Room 1")
			},
			want: []string{
				"unavailable: Wanjiru Kamau is not available for “Too early for her” (IGF 2021, Tue 7 Dec 2021 09:00–10:00)",
				"unavailable: Wanjiru Kamau is not available for “Next day”",
			},
		},
		{
			name: "overdue action items, and a session report past due",
			edit: func(t *testing.T, p *model.Plan) {
				addSession(t, p, 1, igf, "Reported late", "2021-11-08 10:00", "2021-11-08 11:00", "Room 1").
					ReportDue = model.Date{Year: 2021, Month: 11, Day: 14}
				p.Forums[0].FirstDay = model.Date{Year: 2021, Month: 11, Day: 8}
				addSession(t, p, 2, igf, "Cancelled", "2021-12-07 10:00", "2021-12-07 11:00", "Room 1").
					ReportDue = model.Date{Year: 2021, Month: 11, Day: 1}
				p.Sessions[1].Status = model.StatusCancelled
				p.Actions = []model.ActionItem{
					{ID: 1, Title: "Confirm the moderator", OwnerID: jose, SessionID: 1,
						Due: model.Date{Year: 2021, Month: 11, Day: 14}, Status: model.ActionOpen},
					{ID: 2, Title: "Due today", OwnerID: jose, Due: today, Status: model.ActionOpen},
					{ID: 3, Title: "Done late", OwnerID: jose, Due: model.Date{Year: 2021, Month: 1, Day: 1}, Status: model.ActionDone},
					{ID: 4, Title: "Book the room", Due: model.Date{Year: 2021, Month: 10, Day: 1}, Status: model.ActionInProgress},
				}
			},
			want: []string{
				"action-overdue: “Book the room” was due on Fri 1 Oct 2021 and is still in-progress; no one owns it",
				"action-overdue: José Álvarez-Núñez's action “Confirm the moderator” for “Reported late” was due on Sun 14 Nov 2021 and is still open",
				"report-overdue: The report on “Reported late” (IGF 2021, Mon 8 Nov 2021 10:00–11:00) was due on Sun 14 Nov 2021",
			},
		},
		{
			name: "a held session's report is due two weeks after it ends, unless filed or set otherwise",
			edit: func(t *testing.T, p *model.Plan) {
				p.Forums[0].FirstDay = model.Date{Year: 2021, Month: 10, Day: 25}
				// Ends on Sun 31 Oct, so it was due on Sun 14 Nov.
				addSession(t, p, 1, igf, "Held, not reported", "2021-10-31 10:00", "2021-10-31 11:00", "Room 1").
					Status = model.StatusHeld
				// Due on Mon 15 Nov: today, not yet late.
				addSession(t, p, 2, igf, "Held yesterday fortnight", "2021-11-01 10:00", "2021-11-01 11:00", "Room 1").
					Status = model.StatusHeld
				addSession(t, p, 3, igf, "Held and filed", "2021-10-26 10:00", "2021-10-26 11:00", "Room 1").
					Status = model.StatusHeld
				addSession(t, p, 4, igf, "Given a later date", "2021-10-27 10:00", "2021-10-27 11:00", "Room 1").
					ReportDue = model.Date{Year: 2021, Month: 12, Day: 1}
				p.Reports = []model.SessionReport{{SessionID: 3, KeyIssues: "Labels.", Filed: model.Date{Year: 2021, Month: 11, Day: 20}}}
			},
			want: []string{
				"report-overdue: The report on “Held, not reported” (IGF 2021, Sun 31 Oct 2021 10:00–11:00) was due on Sun 14 Nov 2021",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := samplePlan(t)
			tt.edit(t, p)
			got := checkLines(p)
			expect(t, got, tt.want...)
			for _, g := range got {
				for _, gender := range model.Genders() {
					if strings.Contains(g, string(gender)) {
						t.Errorf("%q tells a person's gender", g)
					}
				}
			}
		})
	}
}
