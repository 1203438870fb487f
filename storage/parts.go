package storage

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/postgres"
)

// Parts names kinds of record of a plan, as model.Plan holds them, so a
// reader that was told which tables changed reads again only the kinds
// they feed.
type Parts uint

const (
	Coalitions Parts = 1 << iota
	Forums
	People
	Sessions
	Actions
	Reports
	Narratives
	Archive

	// AllParts is the whole plan.
	AllParts = Coalitions | Forums | People | Sessions | Actions | Reports | Narratives | Archive
)

// partsOfTable says which kinds each table of a plan feeds. The tables
// of invitations sent, calendars published, feeds, snapshots and the
// plan's own version feed none of them: a change to one of those is
// nothing the plan's records show.
var partsOfTable = map[string]Parts{
	// A session names the coalitions that organise it.
	"coalition": Coalitions | Sessions,
	// Sessions stand in the order of their forums' days.
	"forum":                Forums | Sessions,
	"person":               People,
	"availability":         People,
	"session":              Sessions,
	"participation":        Sessions,
	"session_organiser":    Sessions,
	"action_item":          Actions,
	"session_report":       Reports,
	"narrative":            Narratives,
	"archived_year":        Archive,
	"invitation":           0,
	"invitation_sender":    0,
	"withdrawn_invitation": 0,
	"caldav_collection":    0,
	"caldav_resource":      0,
	"feed_token":           0,
	"snapshot":             0,
	"convene_plan":         0,
}

// recordsOfTable says which kind of record each row of a table belongs
// to, for the tables a team plan's notifications name the records of
// (postgres.recordKeys).
var recordsOfTable = map[string]Parts{
	"session":           Sessions,
	"participation":     Sessions,
	"session_organiser": Sessions,
	"person":            People,
	"availability":      People,
	"action_item":       Actions,
}

// Changes says what others changed in a plan since a reader last looked.
type Changes struct {
	// Parts are the kinds of record to read again.
	Parts Parts
	// Records holds, for each kind of Parts of which only some records
	// changed and all of them are known (sessions, people, action
	// items), their IDs: records added, changed or gone. A kind of Parts
	// not in Records is read again whole.
	Records map[Parts][]int64
}

// changesOf says what a reader reads again after the changes heard: the
// kinds the tables feed, and of those whose every change was named by
// record, just the records, unless there are more than a notification
// names at most (postgres.MaxNamedRecords), when reading them one by one
// would no longer pay.
func changesOf(heard postgres.Heard) Changes {
	var whole Parts
	named := map[Parts]map[int64]bool{}
	for table, ids := range heard {
		parts, known := partsOfTable[table]
		if !known {
			return Changes{Parts: AllParts}
		}
		kind, keyed := recordsOfTable[table]
		if !keyed || ids == nil {
			whole |= parts
			continue
		}
		if named[kind] == nil {
			named[kind] = map[int64]bool{}
		}
		for id := range ids {
			named[kind][id] = true
		}
	}
	c := Changes{Parts: whole}
	for kind, ids := range named {
		c.Parts |= kind
		if whole&kind != 0 || len(ids) > postgres.MaxNamedRecords {
			continue
		}
		if c.Records == nil {
			c.Records = map[Parts][]int64{}
		}
		c.Records[kind] = slices.Sorted(maps.Keys(ids))
	}
	return c
}

// And is what a reader reads again after both c and d: the kinds either
// names, each by record only where both know its changes by record, and
// whole once that is more than postgres.MaxNamedRecords records, as many
// as a notification names at most.
func (c Changes) And(d Changes) Changes {
	both := Changes{Parts: c.Parts | d.Parts}
	for _, kind := range []Parts{Sessions, People, Actions} {
		mine, named := c.Records[kind]
		theirs, alsoNamed := d.Records[kind]
		if c.Parts&kind != 0 && !named || d.Parts&kind != 0 && !alsoNamed || !named && !alsoNamed {
			continue
		}
		ids := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(mine), theirs...))))
		if len(ids) > postgres.MaxNamedRecords {
			continue
		}
		if both.Records == nil {
			both.Records = map[Parts][]int64{}
		}
		both.Records[kind] = ids
	}
	return both
}

// Records are the records of sessions, people and action items that
// PlanChanges read by ID.
type Records struct {
	Sessions []model.Session
	People   []model.Person
	Actions  []model.ActionItem
}

// PlanChanges reads again what others changed: into p, as PlanParts
// does, the kinds c says to read whole; and of the kinds c names by
// record, the records named that are still in the plan, in no particular
// order. A record named but not read is gone.
func (r reader) PlanChanges(ctx context.Context, p *model.Plan, c Changes) (Records, error) {
	whole := c.Parts
	for kind := range c.Records {
		whole &^= kind
	}
	if err := r.PlanParts(ctx, p, whole); err != nil {
		return Records{}, err
	}
	var (
		got Records
		err error
	)
	if ids, ok := c.Records[Sessions]; ok {
		got.Sessions, err = r.sessionsWithIDs(ctx, ids)
	}
	if ids, ok := c.Records[People]; ok && err == nil {
		got.People, err = r.peopleWithIDs(ctx, ids)
	}
	if ids, ok := c.Records[Actions]; ok && err == nil {
		got.Actions, err = r.actionsWithIDs(ctx, ids)
	}
	return got, err
}

// inList writes the parameters of an IN of n values, "$1, $2, …", and
// gives the values as arguments: for a few values, the same statement on
// both backends.
func inList(ids []int64) (string, []any) {
	params := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		params[i], args[i] = "$"+strconv.Itoa(i+1), id
	}
	return strings.Join(params, ", "), args
}

// Plan reads the whole plan, for exports and planning checks. Called on a Tx,
// it is one consistent snapshot.
func (r reader) Plan(ctx context.Context) (*model.Plan, error) {
	var p model.Plan
	if err := r.PlanParts(ctx, &p, AllParts); err != nil {
		return nil, err
	}
	return &p, nil
}

// PlanParts reads the kinds of record named into p, in place of what it
// held of them, and leaves the rest of p as it was.
func (r reader) PlanParts(ctx context.Context, p *model.Plan, parts Parts) (err error) {
	if parts&Coalitions != 0 {
		if p.Coalitions, err = r.Coalitions(ctx); err != nil {
			return err
		}
	}
	if parts&Forums != 0 {
		if p.Forums, err = r.Forums(ctx); err != nil {
			return err
		}
	}
	if parts&People != 0 {
		if p.People, err = r.People(ctx); err != nil {
			return err
		}
	}
	if parts&Sessions != 0 {
		if p.Sessions, err = r.Sessions(ctx, SessionFilter{}); err != nil {
			return err
		}
	}
	if parts&Actions != 0 {
		if p.Actions, err = r.Actions(ctx); err != nil {
			return err
		}
	}
	if parts&Reports != 0 {
		if p.Reports, err = r.Reports(ctx); err != nil {
			return err
		}
	}
	if parts&Narratives != 0 {
		if p.Narratives, err = r.Narratives(ctx); err != nil {
			return err
		}
	}
	if parts&Archive != 0 {
		if p.Archived, err = r.ArchivedYears(ctx); err != nil {
			return err
		}
	}
	return nil
}
