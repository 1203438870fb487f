package model

import "slices"

// Clash is another session that a session would overlap: for someone taking
// part in both, or in their one room.
type Clash struct {
	With     int64 // the other session
	PersonID int64 // the person in both; 0 when the clash is the room's
}

// ClashesOf finds what a session would clash with if it were saved as s,
// without changing the checker: what the session form warns of while times
// and people are typed. The rules are the checker's own: declined
// participants, cancelled sessions and rooms that hold any number of
// sessions (none, Online, a link) never clash.
func (c *Checker) ClashesOf(s *Session) []Clash {
	if !occupies(s) {
		return nil
	}
	var out []Clash
	overlapping := func(t timeline, person int64) {
		for _, at := range t {
			if !at.start.Before(s.End) {
				break
			}
			if at.id != s.ID && s.Start.Before(at.end) {
				out = append(out, Clash{With: at.id, PersonID: person})
			}
		}
	}
	var seen []int64
	for _, pt := range s.Participants {
		if pt.Status == Declined || slices.Contains(seen, pt.PersonID) {
			continue
		}
		seen = append(seen, pt.PersonID)
		overlapping(c.byPerson[pt.PersonID], pt.PersonID)
	}
	if room, ok := roomOf(s); ok {
		overlapping(c.byRoom[room], 0)
	}
	return out
}

// InClash reports whether a saved session is double-booked for one of its
// people or shares its room at the same time: what the agenda marks.
func (c *Checker) InClash(id int64) bool {
	s, ok := c.sessions[id]
	if !ok {
		return false
	}
	names := func(fs []found) bool {
		return slices.ContainsFunc(fs, func(f found) bool { return slices.Contains(f.SessionIDs, id) })
	}
	for _, pt := range s.Participants {
		if names(c.ofPerson[pt.PersonID]) {
			return true
		}
	}
	room, ok := roomOf(s)
	return ok && names(c.ofRoom[room])
}
