package imip_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/imip"
)

// records is what the plan keeps once the messages are sent, on top of
// what it kept before.
func records(out []imip.Outgoing, before ...storage.Invitation) []storage.Invitation {
	kept := slices.Clone(before)
	for i := range out {
		r := out[i].Record()
		j := slices.IndexFunc(kept, func(k storage.Invitation) bool { return k.SessionID == r.SessionID && k.PersonID == r.PersonID })
		if j >= 0 {
			kept[j] = r
		} else {
			kept = append(kept, r)
		}
	}
	return kept
}

// sent lists messages as "KIND person-id session-id SEQUENCE".
func sent(out []imip.Outgoing) []string {
	var list []string
	for _, o := range out {
		list = append(list, fmt.Sprintf("%s %d %d %d", o.Kind, o.PersonID, o.Invitation.Session.ID, o.Invitation.Sequence))
	}
	return list
}

// A coordinator invites, then runs invite again after each change: each run
// sends exactly what reaches the people a change concerns.
func TestEachRunSendsOnlyWhatAChangeMeansForEachPerson(t *testing.T) {
	p := igfPlan(t)
	stamp := time.Date(2021, 10, 1, 9, 0, 0, 0, time.UTC)
	run := func(step string, kept []storage.Invitation, want ...string) []storage.Invitation {
		t.Helper()
		stamp = stamp.Add(time.Hour)
		out, _ := imip.Decide(p, kept, coordinator, imip.Scope{}, stamp)
		if got := sent(out); !slices.Equal(got, want) {
			t.Errorf("%s: sent %q, want %q", step, got, want)
		}
		return records(out, kept...)
	}

	// Kenji gets one message for his two roles; Li declined; Ana has no email.
	out, left := imip.Decide(p, nil, coordinator, imip.Scope{}, stamp)
	if got, want := sent(out), []string{"invitation 2 1 3", "invitation 1 1 3", "invitation 2 2 0"}; !slices.Equal(got, want) {
		t.Errorf("the first run sends %q, want %q", got, want)
	}
	if len(left) != 1 || left[0].Person.Name != "Ana Silva" || left[0].Why != "has no email" {
		t.Errorf("left out %+v; want Ana, who has no email", left)
	}
	kept := records(out)
	kept = run("nothing changed", kept)

	// Kenji confirms: the plan's SEQUENCE rises, as its published calendar
	// lists who confirmed, but nothing an invitation shows has changed.
	p.Sessions[0].Participants[1].Status, p.Sessions[0].Participants[2].Status = model.Confirmed, model.Confirmed
	p.Sessions[0].Sequence++
	kept = run("Kenji confirmed", kept)

	// The workshop moves: both its participants get an update.
	p.Sessions[0].Start, p.Sessions[0].End = p.Sessions[0].Start.Add(time.Hour), p.Sessions[0].End.Add(time.Hour)
	p.Sessions[0].Sequence++
	kept = run("the workshop moved", kept, "update 2 1 5", "update 1 1 5")

	// Zofia is taken off the talk; the talk is cancelled later.
	p.Sessions[1].Participants = p.Sessions[1].Participants[1:]
	p.Sessions[1].Sequence++
	kept = run("Zofia taken off the talk", kept, "cancellation 2 2 1")
	p.Sessions[1].Status = model.StatusCancelled
	p.Sessions[1].Sequence++
	kept = run("the talk cancelled, with no one invited left", kept)

	// The workshop is cancelled, then on again: everyone gets a new
	// invitation, each message with a SEQUENCE above the one before.
	p.Sessions[0].Participants[0], p.Sessions[0].Participants[1] = p.Sessions[0].Participants[1], p.Sessions[0].Participants[0]
	kept = run("the workshop's people in another order", kept)
	p.Sessions[0].Status = model.StatusCancelled
	kept = run("the workshop cancelled", kept, "cancellation 1 1 6", "cancellation 2 1 6")
	p.Sessions[0].Status = model.StatusScheduled
	kept = run("the workshop on again", kept, "invitation 1 1 7", "invitation 2 1 7")
	for _, k := range kept {
		if k.Method != string(ics.MethodRequest) && k.SessionID == 1 {
			t.Errorf("the plan keeps %+v for the workshop", k)
		}
	}
}

// --person and --session keep a run to one person or one session.
func TestARunForOnePersonSendsOnlyTheirs(t *testing.T) {
	p := igfPlan(t)
	out, _ := imip.Decide(p, nil, coordinator, imip.Scope{PersonID: 2}, time.Now())
	if got, want := sent(out), []string{"invitation 2 1 3", "invitation 2 2 0"}; !slices.Equal(got, want) {
		t.Errorf("for Zofia: %q, want %q", got, want)
	}
	out, _ = imip.Decide(p, nil, coordinator, imip.Scope{SessionID: 2}, time.Now())
	if got, want := sent(out), []string{"invitation 2 2 0"}; !slices.Equal(got, want) {
		t.Errorf("for the talk: %q, want %q", got, want)
	}
}

// withdrawnRecords is what the plan keeps once the workshop (session 1) is
// deleted after Kenji and Zofia were invited to it, and Li (deleted from
// the plan) after being invited to the talk.
func withdrawnRecords(p *model.Plan) []storage.Invitation {
	workshop, talk := p.Sessions[0], p.Sessions[1]
	workshop.ID, workshop.Participants = 0, nil
	talk.ID, talk.Participants = 0, nil
	gone := func(person int64, seq int, method string) storage.Invitation {
		who := p.People[person-1]
		return storage.Invitation{PersonID: person, Sequence: seq, Method: method, Withdrawn: &storage.Withdrawn{
			ID: person, Session: workshop, Gone: true, Forum: p.Forums[0], Person: who, Roles: []model.Role{model.RoleSpeaker}}}
	}
	li := p.People[2]
	li.ID = 0
	return []storage.Invitation{
		gone(1, 3, "REQUEST"),
		gone(2, 4, "REQUEST"),
		{SessionID: 2, Sequence: 0, Method: "REQUEST", Withdrawn: &storage.Withdrawn{
			ID: 9, Session: talk, Forum: p.Forums[0], Person: li}},
	}
}

// A session deleted after its invitations, or a person deleted after
// theirs, is cancelled for each of them once, with a SEQUENCE above the
// last they were sent, for the run's scope only.
func TestADeletedSessionOrPersonIsCancelledForThoseInvited(t *testing.T) {
	p := igfPlan(t)
	kept := withdrawnRecords(p)
	p.Sessions = p.Sessions[1:]
	p.People = slices.DeleteFunc(p.People, func(x model.Person) bool { return x.ID == 3 })
	// Zofia was sent an invitation to the talk already.
	kept = append(kept, storage.Invitation{SessionID: 2, PersonID: 2, Sequence: 0, Method: "REQUEST",
		Shown: func() string {
			out, _ := imip.Decide(p, nil, coordinator, imip.Scope{SessionID: 2, PersonID: 2}, time.Now())
			return out[0].Invitation.Shown()
		}()})

	cancels := func(scope imip.Scope) []string {
		out, _ := imip.Decide(p, kept, coordinator, scope, time.Now())
		var list []string
		for _, o := range out {
			if o.Withdrawn == nil {
				continue
			}
			words := "taken off"
			if o.Invitation.Session.Status == model.StatusCancelled {
				words = "cancelled"
			}
			list = append(list, fmt.Sprintf("%s %s %s %d %s", o.Kind, o.Invitation.Attendee.Name, o.Invitation.Session.UID, o.Invitation.Sequence, words))
		}
		return list
	}
	all := []string{
		"cancellation Kenji Watanabe workshop@convene 4 cancelled",
		"cancellation Zofia Wróblewska workshop@convene 5 cancelled",
		"cancellation Li Ming talk@convene 1 taken off",
	}
	for _, c := range []struct {
		scope imip.Scope
		want  []string
	}{
		{imip.Scope{}, all},
		{imip.Scope{ForumID: 1}, all},
		{imip.Scope{ForumID: 2}, nil},
		{imip.Scope{PersonID: 2}, all[1:2]},
		{imip.Scope{SessionID: 2}, all[2:]},
	} {
		if got := cancels(c.scope); !slices.Equal(got, c.want) {
			t.Errorf("scope %+v: %q, want %q", c.scope, got, c.want)
		}
	}

	// Once sent, and for a session already held, nothing more goes.
	out, _ := imip.Decide(p, kept, coordinator, imip.Scope{}, time.Now())
	kept = kept[3:]
	for i := range out {
		if r := out[i].Record(); r.Withdrawn != nil && r.PersonID != 0 {
			kept = append(kept, r)
		}
	}
	if got := cancels(imip.Scope{}); len(got) != 0 {
		t.Errorf("after the cancellations went: %q", got)
	}
	kept = withdrawnRecords(igfPlan(t))
	for _, k := range kept {
		k.Withdrawn.Session.Status = model.StatusHeld
	}
	if got := cancels(imip.Scope{}); len(got) != 0 {
		t.Errorf("for sessions already held: %q", got)
	}
}

// Li was invited to the workshop and declined from her calendar. A change
// of room sends her nothing; but the workshop's end reaches her as it
// reaches everyone invited, whichever way it ends: cancelled, its times
// taken away, she taken off it, or it deleted.
func TestOneWhoDeclinedIsSentTheCancellationAsEveryoneInvitedIs(t *testing.T) {
	stamp := time.Date(2021, 10, 1, 9, 0, 0, 0, time.UTC)
	invitedThenDeclined := func() (*model.Plan, []storage.Invitation) {
		p := igfPlan(t)
		p.Sessions[0].Participants[3].Status = model.Invited
		out, _ := imip.Decide(p, nil, coordinator, imip.Scope{SessionID: 1}, stamp)
		kept := records(out)
		p.Sessions[0].Participants[3].Status = model.Declined
		p.Sessions[0].Room = "Room 3"
		p.Sessions[0].Sequence++
		return p, kept
	}
	p, kept := invitedThenDeclined()
	out, _ := imip.Decide(p, kept, coordinator, imip.Scope{SessionID: 1}, stamp)
	if got, want := sent(out), []string{"update 2 1 4", "update 1 1 4"}; !slices.Equal(got, want) {
		t.Errorf("the room changed: sent %q, want %q (nothing to Li, who declined)", got, want)
	}
	for _, end := range []struct {
		how    string
		change func(p *model.Plan, kept []storage.Invitation)
	}{
		{"cancelled", func(p *model.Plan, _ []storage.Invitation) { p.Sessions[0].Status = model.StatusCancelled }},
		{"its times taken away", func(p *model.Plan, _ []storage.Invitation) {
			p.Sessions[0].Start, p.Sessions[0].End = time.Time{}, time.Time{}
		}},
		{"she is taken off it", func(p *model.Plan, _ []storage.Invitation) {
			p.Sessions[0].Participants = p.Sessions[0].Participants[:3]
		}},
		{"it is deleted", func(p *model.Plan, kept []storage.Invitation) {
			// The plan keeps each invitation for its cancellation, as
			// its triggers do.
			workshop := p.Sessions[0]
			workshop.ID, workshop.Participants = 0, nil
			for i := range kept {
				who := p.People[kept[i].PersonID-1]
				kept[i].Withdrawn = &storage.Withdrawn{ID: int64(i + 1), Session: workshop, Gone: true,
					Forum: p.Forums[0], Person: who}
				kept[i].SessionID = 0
			}
			p.Sessions = p.Sessions[1:]
		}},
	} {
		p, kept := invitedThenDeclined()
		end.change(p, kept)
		out, _ := imip.Decide(p, kept, coordinator, imip.Scope{}, stamp)
		toLi := 0
		for _, o := range out {
			if o.Invitation.Attendee.Email == "li.ming@example.com" {
				toLi++
				if o.Kind != imip.Cancel || o.Invitation.Sequence <= 3 {
					t.Errorf("%s: Li is sent a %s with SEQUENCE %d", end.how, o.Kind, o.Invitation.Sequence)
				}
			}
		}
		if toLi != 1 {
			t.Errorf("%s: Li is sent %d messages (%q), want its cancellation", end.how, toLi, sent(out))
		}
	}
}
