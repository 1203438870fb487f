package csvio

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// Load reads the part of the plan that rows of the kind show or name:
// forums for forums, people for people, forums, people and sessions for
// sessions (with the coalitions that organise them) and actions, sessions'
// UIDs and titles for reports, and nothing else for narratives. Sessions
// and actions name people by email or name only, and actions name sessions
// by UID or title, so those are read with nothing else. Called on one Tx, it is a consistent view for an
// export or an import.
func Load(ctx context.Context, tx *storage.Tx, k Kind) (*model.Plan, error) {
	var (
		p   model.Plan
		err error
	)
	if k == Sessions {
		p.Coalitions, err = tx.Coalitions(ctx)
	}
	if err == nil && k != People && k != Narratives {
		p.Forums, err = tx.Forums(ctx)
	}
	switch {
	case err != nil:
	case k == People:
		p.People, err = tx.People(ctx)
	case k == Sessions || k == Actions:
		p.People, err = tx.Names(ctx)
	}
	switch {
	case err != nil:
	case k == Sessions:
		p.Sessions, err = tx.Sessions(ctx, storage.SessionFilter{})
	case k == Actions:
		p.Sessions, err = tx.SessionTitles(ctx)
	}
	if err == nil && k == Actions {
		p.Actions, err = tx.Actions(ctx)
	}
	if err == nil && k == Reports {
		if p.Sessions, err = tx.SessionTitles(ctx); err == nil {
			p.Reports, err = tx.Reports(ctx)
		}
	}
	if err == nil && k == Narratives {
		p.Narratives, err = tx.Narratives(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("read the plan for its %s: %w", k, err)
	}
	return &p, nil
}

// index is the plan an import works against, with the lookups its rows
// need. Each row the import accepts changes it as the write will change the
// plan, so later rows see earlier ones, and the index ends up being what
// the plan will hold.
type index struct {
	plan *model.Plan

	// Lookups by folded key (see fold) to positions in the plan's slices;
	// a list holds positions in the plan's order.
	forumByName     map[string]int
	personByUID     map[string]int
	personByEmail   map[string]int
	peopleByName    map[string][]int
	sessionByUID    map[string]int // UIDs are exact: a calendar compares them so
	sessionsByTitle map[string][]int
	actionsByKey    map[actionKey][]int
	reportOf        map[int64]int     // session ID → position in Reports
	narrativeOf     map[int]int       // year → position in Narratives
	coalitions      map[string]string // folded short name → as the plan spells it

	lastID int64 // of the records this import adds, counting down from -1 so none is a stored ID
}

// actionKey is what identifies an action item in a file: its title and owner.
type actionKey struct {
	title string
	owner int64
}

// fold makes forum names and titles match regardless of case, as the
// plan's unique names do. People's emails and names match as the model's
// one rule says (model.EmailKey, model.NameKey), as they do for every
// other lookup and for forget.
func fold(s string) string { return strings.ToLower(s) }

func newIndex(p *model.Plan) *index {
	ix := &index{
		plan:            p,
		forumByName:     make(map[string]int, len(p.Forums)),
		personByUID:     make(map[string]int, len(p.People)),
		personByEmail:   make(map[string]int, len(p.People)),
		peopleByName:    make(map[string][]int, len(p.People)),
		sessionByUID:    make(map[string]int, len(p.Sessions)),
		sessionsByTitle: make(map[string][]int, len(p.Sessions)),
		actionsByKey:    make(map[actionKey][]int, len(p.Actions)),
		reportOf:        make(map[int64]int, len(p.Reports)),
		narrativeOf:     make(map[int]int, len(p.Narratives)),
		coalitions:      make(map[string]string, len(p.Coalitions)),
	}
	for i, f := range p.Forums {
		ix.forumByName[fold(f.Name)] = i
	}
	for i := range p.People {
		ix.indexPerson(i)
	}
	for i := range p.Sessions {
		ix.indexSession(i)
	}
	for i := range p.Actions {
		ix.indexAction(i)
	}
	for _, c := range p.Coalitions {
		ix.coalitions[fold(c.ShortName)] = c.ShortName
	}
	for i, r := range p.Reports {
		ix.reportOf[r.SessionID] = i
	}
	for i, n := range p.Narratives {
		ix.narrativeOf[n.Year] = i
	}
	return ix
}

func (ix *index) newID() int64 {
	ix.lastID--
	return ix.lastID
}

func (ix *index) indexPerson(i int) {
	p := &ix.plan.People[i]
	if p.UID != "" {
		ix.personByUID[p.UID] = i
	}
	if p.Email != "" {
		ix.personByEmail[model.EmailKey(p.Email)] = i
	}
	key := model.NameKey(p.Name)
	ix.peopleByName[key] = insertSorted(ix.peopleByName[key], i)
}

func (ix *index) unindexPerson(i int) {
	p := &ix.plan.People[i]
	if p.Email != "" {
		delete(ix.personByEmail, model.EmailKey(p.Email))
	}
	key := model.NameKey(p.Name)
	ix.peopleByName[key] = slices.DeleteFunc(ix.peopleByName[key], func(j int) bool { return j == i })
}

func (ix *index) indexSession(i int) {
	s := &ix.plan.Sessions[i]
	ix.sessionByUID[s.UID] = i
	key := fold(s.Title)
	ix.sessionsByTitle[key] = insertSorted(ix.sessionsByTitle[key], i)
}

func (ix *index) unindexSession(i int) {
	s := &ix.plan.Sessions[i]
	key := fold(s.Title)
	ix.sessionsByTitle[key] = slices.DeleteFunc(ix.sessionsByTitle[key], func(j int) bool { return j == i })
}

func (ix *index) indexAction(i int) {
	a := &ix.plan.Actions[i]
	key := actionKey{fold(a.Title), a.OwnerID}
	ix.actionsByKey[key] = insertSorted(ix.actionsByKey[key], i)
}

func (ix *index) unindexAction(i int) {
	a := &ix.plan.Actions[i]
	key := actionKey{fold(a.Title), a.OwnerID}
	ix.actionsByKey[key] = slices.DeleteFunc(ix.actionsByKey[key], func(j int) bool { return j == i })
}

func insertSorted(list []int, i int) []int {
	at, _ := slices.BinarySearch(list, i)
	return slices.Insert(list, at, i)
}

// person finds who a file means by a participant or an owner: the person
// with that UID, else with that email, else the one person with that name.
func (ix *index) person(ref string) (int, error) {
	if i, ok := ix.personByUID[strings.TrimSpace(ref)]; ok {
		return i, nil
	}
	if i, ok := ix.personByEmail[model.EmailKey(ref)]; ok {
		return i, nil
	}
	switch named := ix.peopleByName[model.NameKey(ref)]; len(named) {
	case 1:
		return named[0], nil
	case 0:
		return -1, fmt.Errorf("no one in the plan has the email or name %q; import them with the people first", ref)
	default:
		return -1, fmt.Errorf("%d people in the plan are named %q; give the email of the one meant", len(named), ref)
	}
}

// forum finds a forum by name.
func (ix *index) forum(name string) (int, error) {
	if i, ok := ix.forumByName[fold(name)]; ok {
		return i, nil
	}
	return -1, fmt.Errorf("no forum is named %q; import it with the forums first", name)
}

// session finds the session a file means by its UID, else by its title,
// among the forum's sessions when forumID is not 0.
func (ix *index) session(ref string, forumID int64) (int, error) {
	if i, ok := ix.sessionByUID[ref]; ok {
		return i, nil
	}
	var found []int
	for _, i := range ix.sessionsByTitle[fold(ref)] {
		if forumID == 0 || ix.plan.Sessions[i].ForumID == forumID {
			found = append(found, i)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return -1, fmt.Errorf("no session has the uid or title %q", ref)
	default:
		return -1, fmt.Errorf("%d sessions are titled %q; give the uid of the one meant", len(found), ref)
	}
}
