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
