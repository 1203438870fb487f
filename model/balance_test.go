package model_test

import (
	"testing"

	"github.com/convene-planner/convene/model"
)

func TestBalance(t *testing.T) {
	p := samplePlan(t)
	p.People[sam-1].Region = model.RegionNone
	people := p.Index().People
	addSession(t, p, 1, igf, "First", "2021-12-07 10:00", "2021-12-07 11:00", "Room 1",
		part(zofia, model.RoleModerator), part(zofia, model.RoleSpeaker), // counted once
		part(li, model.RoleSpeaker), part(sam, model.RoleOnlineModerator),
		part(marek, model.RoleRapporteur), part(helen, model.RoleOrganiser), // not on the panel
		model.Participation{PersonID: amara, Role: model.RoleSpeaker, Status: model.Invited},
		model.Participation{PersonID: wanjiru, Role: model.RoleSpeaker, Status: model.Declined},
	)
	addSession(t, p, 2, igf, "Second", "2021-12-07 12:00", "2021-12-07 13:00", "Room 1",
		part(li, model.RoleModerator), part(jose, model.RoleSpeaker))
	addSession(t, p, 3, igf, "Cancelled", "2021-12-07 14:00", "2021-12-07 15:00", "Room 1",
		part(nadia, model.RoleSpeaker)).Status = model.StatusCancelled
	addSession(t, p, 4, eurodig, "Elsewhere", "2021-06-28 10:00", "2021-06-28 11:00", "Room 1",
		part(olena, model.RoleSpeaker))

	tests := []struct {
		name     string
		balance  model.Balance
		people   int
		speakers int
		groups   map[model.StakeholderGroup]int
		genders  map[model.Gender]int
		regions  map[model.Region]int
	}{
		{
			name:    "a session: confirmed speakers and moderators, online ones too, each person once",
			balance: model.SessionBalance(&p.Sessions[0], people), people: 3, speakers: 2,
			groups:  map[model.StakeholderGroup]int{model.GroupGovernment: 1, model.GroupTechnicalCommunity: 2},
			genders: map[model.Gender]int{model.GenderFemale: 1, model.GenderMale: 1, model.GenderUndisclosed: 1},
			regions: map[model.Region]int{model.RegionEasternEuropean: 1, model.RegionAsiaPacific: 1, model.RegionNone: 1},
		},
		{
			name:    "a forum: its sessions that are not cancelled, each person once across them",
			balance: model.ForumBalance(igf, p.Sessions, people), people: 4, speakers: 3,
			groups: map[model.StakeholderGroup]int{model.GroupGovernment: 1, model.GroupTechnicalCommunity: 2,
				model.GroupCivilSociety: 1},
			genders: map[model.Gender]int{model.GenderFemale: 1, model.GenderMale: 2, model.GenderUndisclosed: 1},
			regions: map[model.Region]int{model.RegionEasternEuropean: 1, model.RegionAsiaPacific: 1,
				model.RegionGRULAC: 1, model.RegionNone: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.balance
			if b.People != tt.people || b.Speakers != tt.speakers {
				t.Errorf("%d people, %d speakers; want %d, %d", b.People, b.Speakers, tt.people, tt.speakers)
			}
			for _, g := range model.StakeholderGroups() {
				if b.Group(g) != tt.groups[g] {
					t.Errorf("%s: %d, want %d", g, b.Group(g), tt.groups[g])
				}
			}
			for _, g := range model.Genders() {
				if b.Gender(g) != tt.genders[g] {
					t.Errorf("%s: %d, want %d", g, b.Gender(g), tt.genders[g])
				}
			}
			for _, r := range append(model.Regions(), model.RegionNone) {
				if b.Region(r) != tt.regions[r] {
					t.Errorf("region %q: %d, want %d", r, b.Region(r), tt.regions[r])
				}
			}
		})
	}
}
