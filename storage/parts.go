package storage

import (
	"context"

	"github.com/convene-planner/convene/model"
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

// PartsOf returns the kinds of record that the tables named feed. A
// table it does not know, from a newer Convene, may feed anything.
func PartsOf(tables map[string]bool) Parts {
	var parts Parts
	for table := range tables {
		p, known := partsOfTable[table]
		if !known {
			return AllParts
		}
		parts |= p
	}
	return parts
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
