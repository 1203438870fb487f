package imip_test

import (
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/imip"
	"github.com/convene-planner/convene/storage/plangen"
)

// forumOf200 is the generated plan of 200 sessions made one forum's
// programme, every session scheduled and with four people: 800
// participations, the size of a global IGF's sessions for a coalition.
func forumOf200() *model.Plan {
	p := plangen.Plan(plangen.Realistic)
	for i := range p.Sessions {
		s := &p.Sessions[i]
		s.ForumID, s.Status = p.Forums[0].ID, model.StatusScheduled
		for id := int64(1); len(s.Participants) < 4; id++ {
			if !hasPerson(s, id) {
				s.Participants = append(s.Participants, model.Participation{PersonID: id, Role: model.RoleRapporteur, Status: model.Invited})
			}
		}
	}
	return p
}

func hasPerson(s *model.Session, id int64) bool {
	for _, pt := range s.Participants {
		if pt.PersonID == id {
			return true
		}
	}
	return false
}

// BenchmarkComposeInvitations200Sessions800Participations decides and
// writes every message of a first run on a forum of 200 sessions, without
// sending them.
func BenchmarkComposeInvitations200Sessions800Participations(b *testing.B) {
	p := forumOf200()
	b.ReportAllocs()
	for b.Loop() {
		out, _ := imip.Decide(p, nil, coordinator, imip.Scope{}, time.Now())
		if len(out) != 800 {
			b.Fatalf("%d messages, want 800", len(out))
		}
		for i := range out {
			if _, err := imip.Compose(&out[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(800*b.N)/b.Elapsed().Seconds(), "messages/s")
}
