package imip

import (
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/ical"
)

// Scope narrows a run of invitations; its zero value is the whole plan.
type Scope struct {
	SessionID, ForumID, PersonID int64
	// DeletedUID narrows it to the cancellations owed for the session with
	// this UID, deleted since its invitations.
	DeletedUID string
}

func (sc Scope) holds(s *model.Session, personID int64) bool {
	return sc.DeletedUID == "" && (sc.SessionID == 0 || s.ID == sc.SessionID) &&
		(sc.ForumID == 0 || s.ForumID == sc.ForumID) &&
		(sc.PersonID == 0 || personID == sc.PersonID)
}

// Outgoing is one message a run sends.
type Outgoing struct {
	Invitation ical.Invitation
	PersonID   int64
	Zone       *time.Location // the recipient's, for the text
	Kind       Kind
	// Withdrawn is set on a cancellation of an invitation whose session or
	// recipient was deleted, or whose recipient's email changed, since: the
	// record it answers.
	Withdrawn *storage.Withdrawn
}

// Kind says why a message is sent.
type Kind string

const (
	New    Kind = "invitation"
	Update Kind = "update"
	Cancel Kind = "cancellation"
)

// Record is what the plan keeps of the message once it is sent.
func (o *Outgoing) Record() storage.Invitation {
	inv := &o.Invitation
	return storage.Invitation{SessionID: inv.Session.ID, PersonID: o.PersonID, Sequence: inv.Sequence,
		Method: string(inv.Method), Sent: inv.Stamp, Shown: inv.Shown(), Withdrawn: o.Withdrawn}
}

// Shown is what the message shows of its session, forum and recipient,
// for the plan to keep should the session or recipient be deleted while it
// is on its way (storage.Tx.RecordSent).
func (o *Outgoing) Shown() storage.Withdrawn {
	inv := &o.Invitation
	w := storage.Withdrawn{Session: *inv.Session, Roles: inv.Roles,
		Person: model.Person{ID: o.PersonID, Name: inv.Attendee.Name, Email: inv.Attendee.Email, Zone: o.Zone}}
	if inv.Forum != nil {
		w.Forum = *inv.Forum
	}
	return w
}

// Left is a participation a run sends nothing to, and why, for the
// coordinator to put right.
type Left struct {
	Session *model.Session
	Person  *model.Person
	Why     string
}

// Decide returns the messages a run must send, from what the plan holds
// now and what was last sent to each person about each session (sent):
//
//   - an invitation to each participant who has not declined and was sent
//     none, or whose last message was a cancellation;
//   - an update when what their calendar shows of the session (its title,
//     times, place, status, description, their roles) has changed since,
//     unless they declined it;
//   - a cancellation when the session is cancelled, loses its times, or
//     they were taken off it, after an invitation;
//   - a cancellation when the session, or they, were deleted from the plan
//     after an invitation, or their email changed: to the address it went
//     to (see storage.Withdrawn);
//   - nothing otherwise.
//
// One rule holds for cancellations: whoever's last message about a session
// was an invitation is sent its cancellation when the session ends for
// them, whichever way it ends, whether they declined it or not. RFC 5546
// (§3.2.5) has the organiser send CANCEL to every attendee the
// cancellation affects, and one who declined is still an attendee, with
// PARTSTAT=DECLINED; calendars that keep declined events (Thunderbird,
// Google Calendar) keep them until a CANCEL removes them, and a deleted
// session or person cannot tell who declined anyway.
//
// Every message carries a SEQUENCE above the last one its recipient was
// sent, and at least the session's own. Participants without an email, and
// sessions without times, are returned as left; sessions already held are
// passed over.
func Decide(p *model.Plan, sent []storage.Invitation, organizer ical.Address, scope Scope, stamp time.Time) ([]Outgoing, []Left) {
	ix := p.Index()
	type pair struct{ session, person int64 }
	last := make(map[pair]*storage.Invitation, len(sent))
	bySession := map[int64][]*storage.Invitation{}
	for i := range sent {
		if sent[i].Withdrawn != nil {
			continue
		}
		last[pair{sent[i].SessionID, sent[i].PersonID}] = &sent[i]
		bySession[sent[i].SessionID] = append(bySession[sent[i].SessionID], &sent[i])
	}
	var (
		out  []Outgoing
		left []Left
	)
	add := func(s *model.Session, person *model.Person, method ics.Method, roles []model.Role, prev *storage.Invitation) {
		seq, kind := s.Sequence, New
		if prev != nil {
			seq = max(seq, prev.Sequence+1)
			if prev.Method == string(ics.MethodRequest) {
				kind = Update
			}
		}
		if method == ics.MethodCancel {
			kind = Cancel
		}
		o := Outgoing{
			Invitation: ical.Invitation{Method: method, Session: s, Forum: ix.Forums[s.ForumID], Organizer: organizer,
				Attendee: ical.Address{Name: person.Name, Email: person.Email}, Roles: roles, Sequence: seq, Stamp: stamp},
			PersonID: person.ID, Zone: person.Zone, Kind: kind,
		}
		if kind == Update && o.Invitation.Shown() == prev.Shown {
			return
		}
		out = append(out, o)
	}
	for i := range p.Sessions {
		s := &p.Sessions[i]
		var (
			order    []int64 // people in the order the session lists them
			roles    = map[int64][]model.Role{}
			took     = map[int64]bool{} // on the session, declined or not
			declined []int64            // on it, with every role declined
			said     = map[int64][]model.Role{}
		)
		for _, pt := range s.Participants {
			if !scope.holds(s, pt.PersonID) {
				continue
			}
			if !took[pt.PersonID] && pt.Status == model.Declined {
				declined = append(declined, pt.PersonID)
			}
			took[pt.PersonID] = true
			if pt.Status == model.Declined {
				said[pt.PersonID] = append(said[pt.PersonID], pt.Role)
				continue
			}
			if _, seen := roles[pt.PersonID]; !seen {
				order = append(order, pt.PersonID)
			}
			roles[pt.PersonID] = append(roles[pt.PersonID], pt.Role)
		}
		if s.Status == model.StatusHeld {
			// It is over: there is nothing to accept, change or cancel.
			continue
		}
		for _, id := range order {
			person, prev := ix.People[id], last[pair{s.ID, id}]
			live := prev != nil && prev.Method == string(ics.MethodRequest)
			switch {
			case s.Status == model.StatusCancelled:
				if live {
					add(s, person, ics.MethodCancel, roles[id], prev)
				}
			case person.Email == "":
				left = append(left, Left{s, person, "has no email"})
			case !s.Scheduled() && live:
				// Its times were taken away: the event at the old ones
				// comes off their calendar until it has new ones.
				add(s, person, ics.MethodCancel, roles[id], prev)
			case !s.Scheduled():
				left = append(left, Left{s, person, "the session has no times yet"})
			default:
				add(s, person, ics.MethodRequest, roles[id], prev)
			}
		}
		// Those who declined are sent no update, but the session's end
		// reaches them as it reaches everyone sent an invitation (see
		// Decide).
		for _, id := range declined {
			person, prev := ix.People[id], last[pair{s.ID, id}]
			if _, accepted := roles[id]; accepted || prev == nil || prev.Method != string(ics.MethodRequest) {
				continue
			}
			if s.Status == model.StatusCancelled || !s.Scheduled() {
				add(s, person, ics.MethodCancel, said[id], prev)
			}
		}
		// Those taken off the session since their invitation.
		for _, inv := range bySession[s.ID] {
			if took[inv.PersonID] || inv.Method != string(ics.MethodRequest) ||
				!scope.holds(s, inv.PersonID) {
				continue
			}
			if person := ix.People[inv.PersonID]; person != nil && person.Email != "" {
				add(s, person, ics.MethodCancel, nil, inv)
			}
		}
	}
	for i := range sent {
		if o, ok := withdrawal(&sent[i], ix, organizer, scope, stamp); ok {
			out = append(out, o)
		}
	}
	return out, left
}

// withdrawal is the cancellation owed for an invitation whose session or
// recipient was deleted (or whose recipient's address changed) since, if
// one is and scope holds it. The session is the one the invitation showed:
// a deleted one is cancelled for its recipient; one that is still there is
// no longer theirs, or no longer at that address.
func withdrawal(inv *storage.Invitation, ix model.Index, organizer ical.Address, scope Scope, stamp time.Time) (Outgoing, bool) {
	w := inv.Withdrawn
	if w == nil || inv.Method != string(ics.MethodRequest) || w.Session.Status == model.StatusHeld ||
		(scope.SessionID != 0 && inv.SessionID != scope.SessionID) ||
		(scope.DeletedUID != "" && (!w.Gone || w.Session.UID != scope.DeletedUID)) ||
		(scope.ForumID != 0 && w.Forum.ID != scope.ForumID) ||
		(scope.PersonID != 0 && inv.PersonID != scope.PersonID) {
		return Outgoing{}, false
	}
	s, forum := w.Session, &w.Forum
	if f := ix.Forums[w.Forum.ID]; f != nil {
		forum = f
	}
	var roles []model.Role
	if w.Gone {
		s.Status, roles = model.StatusCancelled, w.Roles
	}
	return Outgoing{
		Invitation: ical.Invitation{Method: ics.MethodCancel, Session: &s, Forum: forum, Organizer: organizer,
			Attendee: ical.Address{Name: w.Person.Name, Email: w.Person.Email}, Roles: roles,
			Sequence: max(s.Sequence, inv.Sequence+1), Stamp: stamp},
		PersonID: inv.PersonID, Zone: w.Person.Zone, Kind: Cancel, Withdrawn: w,
	}, true
}
