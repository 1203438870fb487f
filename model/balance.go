package model

import "slices"

// Balance counts the confirmed speakers and moderators (online moderators
// too) of one session or of a forum by stakeholder group, gender and UN
// region: what the app draws beside a session or a forum, and what the
// balance warnings read. Each person counts once, whatever their roles.
type Balance struct {
	People   int    // confirmed speakers and moderators
	Speakers int    // of whom confirmed as speakers
	Groups   [6]int // by StakeholderGroups() order
	Genders  [4]int // by Genders() order
	Regions  [5]int // by Regions() order
	NoRegion int    // people who gave no UN region
}

// SessionBalance counts one session's confirmed speakers and moderators.
func SessionBalance(s *Session, people map[int64]*Person) Balance {
	var b Balance
	for i, pt := range s.Participants {
		if !balanced(pt) {
			continue
		}
		if pt.Role == RoleSpeaker {
			b.Speakers++
		}
		// A session has a handful of people, so looking back for a person
		// counted in another role beats a set, and the checker runs this
		// for every session of a plan.
		if !slices.ContainsFunc(s.Participants[:i], func(q Participation) bool {
			return q.PersonID == pt.PersonID && balanced(q)
		}) {
			b.addPerson(people[pt.PersonID])
		}
	}
	return b
}

// ForumBalance counts the confirmed speakers and moderators of a forum's
// sessions that are not cancelled, each person once.
func ForumBalance(forumID int64, sessions []Session, people map[int64]*Person) Balance {
	var of []*Session
	for i := range sessions {
		if sessions[i].ForumID == forumID {
			of = append(of, &sessions[i])
		}
	}
	return BalanceOf(of, people)
}

// BalanceOf counts the confirmed speakers and moderators of the sessions
// that are not cancelled, each person once: a forum's or a year's balance.
func BalanceOf(sessions []*Session, people map[int64]*Person) Balance {
	var b Balance
	persons, speakers := map[int64]bool{}, map[int64]bool{}
	for _, s := range sessions {
		if s.Status == StatusCancelled {
			continue
		}
		for _, pt := range s.Participants {
			if !balanced(pt) {
				continue
			}
			if pt.Role == RoleSpeaker && !speakers[pt.PersonID] {
				speakers[pt.PersonID] = true
				b.Speakers++
			}
			if !persons[pt.PersonID] {
				persons[pt.PersonID] = true
				b.addPerson(people[pt.PersonID])
			}
		}
	}
	return b
}

// Balanced reports whether a participation counts towards balance: a
// confirmed speaker or moderator, online or in the room.
func Balanced(pt Participation) bool { return balanced(pt) }

// IGFGroups and IGFGenders are the IGF's own expectations of a session's
// or a coalition's speakers: at least three stakeholder groups and more
// than one gender.
const (
	IGFGroups  = minGroups
	IGFGenders = 2
)

// GroupsPresent counts the stakeholder groups present.
func (b Balance) GroupsPresent() int { return nonZero(b.Groups[:]) }

// GendersGiven counts the genders present, leaving out those who did not say.
func (b Balance) GendersGiven() int {
	_, n := b.givenGenders()
	return n
}

// RegionsPresent counts the UN regions present.
func (b Balance) RegionsPresent() int { return nonZero(b.Regions[:]) }

// balanced reports whether a participation counts towards balance: a
// confirmed speaker or moderator, online or in the room.
func balanced(pt Participation) bool {
	return pt.Status == Confirmed &&
		(pt.Role == RoleSpeaker || pt.Role == RoleModerator || pt.Role == RoleOnlineModerator)
}

// Group returns how many of the people are of the stakeholder group.
func (b Balance) Group(g StakeholderGroup) int { return countOf(b.Groups[:], balanceGroups, g) }

// Gender returns how many of the people gave the gender.
func (b Balance) Gender(g Gender) int { return countOf(b.Genders[:], balanceGenders, g) }

// Region returns how many of the people are of the UN region; RegionNone
// gives those who gave none.
func (b Balance) Region(r Region) int {
	if r == RegionNone {
		return b.NoRegion
	}
	return countOf(b.Regions[:], balanceRegions, r)
}

// The enumerations in their product order, looked up once: the checker
// counts every participation of a plan through them.
var (
	balanceGroups  = StakeholderGroups()
	balanceGenders = Genders()
	balanceRegions = Regions()
)

func (b *Balance) addPerson(p *Person) {
	if p == nil {
		return
	}
	b.People++
	bump(b.Groups[:], balanceGroups, p.Group)
	bump(b.Genders[:], balanceGenders, p.Gender)
	if p.Region == RegionNone {
		b.NoRegion++
	} else {
		bump(b.Regions[:], balanceRegions, p.Region)
	}
}

// givenGenders returns how many of the people gave a gender, and how many
// different genders they gave.
func (b Balance) givenGenders() (people, genders int) {
	for i, g := range balanceGenders {
		if g != GenderUndisclosed && b.Genders[i] > 0 {
			people += b.Genders[i]
			genders++
		}
	}
	return people, genders
}

// nonZero counts the groups, genders or regions present.
func nonZero(counts []int) int {
	n := 0
	for _, c := range counts {
		if c > 0 {
			n++
		}
	}
	return n
}

func bump[T comparable](counts []int, keys []T, k T) {
	for i, key := range keys {
		if key == k {
			counts[i]++
			return
		}
	}
}

func countOf[T comparable](counts []int, keys []T, k T) int {
	for i, key := range keys {
		if key == k {
			return counts[i]
		}
	}
	return 0
}

// present names the groups, genders or regions present.
func present[T ~string](counts []int, keys []T) []string {
	var names []string
	for i, n := range counts {
		if n > 0 {
			names = append(names, string(keys[i]))
		}
	}
	return names
}
