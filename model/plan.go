package model

// Plan is a whole plan in memory: what exports and planning checks read.
// Its slices are in the store's order (forums by first day, sessions by
// forum and start, people by name, the own coalition then the others by short name,
// actions by due date).
type Plan struct {
	Coalitions []Coalition
	Forums     []Forum
	Sessions   []Session
	People     []Person
	Actions    []ActionItem
}

// Index gives constant-time lookups of a plan's records by ID.
type Index struct {
	Forums   map[int64]*Forum
	Sessions map[int64]*Session
	People   map[int64]*Person
}

// Index builds the lookups; it points into the plan's slices, so it is valid
// until they are changed.
func (p *Plan) Index() Index {
	ix := Index{
		Forums:   make(map[int64]*Forum, len(p.Forums)),
		Sessions: make(map[int64]*Session, len(p.Sessions)),
		People:   make(map[int64]*Person, len(p.People)),
	}
	for i := range p.Forums {
		ix.Forums[p.Forums[i].ID] = &p.Forums[i]
	}
	for i := range p.Sessions {
		ix.Sessions[p.Sessions[i].ID] = &p.Sessions[i]
	}
	for i := range p.People {
		ix.People[p.People[i].ID] = &p.People[i]
	}
	return ix
}
