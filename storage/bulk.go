package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/convene-planner/convene/model"
)

// The bulk writes below add many records as the writes of one record
// (CreateSession, CreatePerson, CreateAction) add each: the same
// cleaning, the same checks, the same refusals in the same words, IDs
// set in the order given, the same as those writes would set. Every
// record is checked before any is written, and the rows then go out a
// table at a time: on a team plan with one COPY per table, since an
// INSERT a row waits for the server once per row (PG-DESIGN.md, "COPY
// for bulk import"); on a file with INSERTs of many rows each, since a
// statement's own cost (binding, stepping, database/sql's bookkeeping)
// was about a third of an import's (bulk_file.go). A bulk write is whole
// or leaves nothing.

// RecordError is a record a bulk write refused: its place among the
// records given, and why, as the write of that one record says it.
type RecordError struct {
	Index int
	Err   error
}

func (e RecordError) Error() string { return e.Err.Error() }

func (e RecordError) Unwrap() error { return e.Err }

// RecordErrors are every record a bulk write refused, in the records'
// order. Nothing of the bulk write was written then.
type RecordErrors []RecordError

func (e RecordErrors) Error() string {
	if len(e) == 1 {
		return e[0].Error()
	}
	return fmt.Sprintf("%d records were refused, the first: %v", len(e), e[0].Err)
}

// CreateSessions adds sessions, with their organisers and participants,
// as CreateSession adds each, setting their IDs (and UIDs where they have
// none). It fails with RecordErrors naming each refused session, or with
// ctx's error when ctx is cancelled.
func (tx *Tx) CreateSessions(ctx context.Context, ss []model.Session) error {
	var errs RecordErrors
	valid := make([]bool, len(ss))
	var uids []string
	var forums, people []int64
	for i := range ss {
		s := &ss[i]
		s.Clean()
		if s.UID == "" {
			s.UID = NewUID()
		}
		if err := s.Validate(); err != nil {
			errs = append(errs, RecordError{i, fmt.Errorf("add session %q: %w", s.Title, err)})
			continue
		}
		valid[i] = true
		uids = append(uids, s.UID)
		forums = append(forums, s.ForumID)
		for _, p := range s.Participants {
			people = append(people, p.PersonID)
		}
	}
	taken, err := present(ctx, tx, "session", "uid", uids)
	if err != nil {
		return fmt.Errorf("add sessions: %w", err)
	}
	forumFound, err := present(ctx, tx, "forum", "id", forums)
	if err != nil {
		return fmt.Errorf("add sessions: %w", err)
	}
	personFound, err := present(ctx, tx, "person", "id", people)
	if err != nil {
		return fmt.Errorf("add sessions: %w", err)
	}
	coalitions, err := tx.coalitionIDs(ctx)
	if err != nil {
		return fmt.Errorf("add sessions: %w", err)
	}
	for i := range ss {
		if !valid[i] {
			continue
		}
		s := &ss[i]
		if taken[s.UID] {
			errs = append(errs, RecordError{i, fmt.Errorf("add session %q: %w", s.Title,
				model.Problems{{Field: "uid", Err: fmt.Errorf("%q is already in the plan", s.UID)}})})
			continue
		}
		taken[s.UID] = true
		if !forumFound[s.ForumID] {
			errs = append(errs, RecordError{i, fmt.Errorf("add session %q: forum %d is not in the plan", s.Title, s.ForumID)})
			continue
		}
		var problems model.Problems
		for _, short := range s.Organisers {
			if _, ok := coalitions[asciiLower(short)]; !ok {
				problems.Add("organisers", fmt.Errorf("%s %w", short, ErrUnknownCoalition))
			}
		}
		for _, p := range s.Participants {
			if !personFound[p.PersonID] {
				problems.Addf("participants", "person %d is not in the plan", p.PersonID)
			}
		}
		if err := problems.Err(); err != nil {
			errs = append(errs, RecordError{i, fmt.Errorf("add session %q: %w", s.Title, err)})
		}
	}
	if len(errs) > 0 {
		return errs
	}

	return tx.whole(ctx, func() error {
		now, signature := tx.newSignature()
		rows := make([][]any, len(ss))
		for i := range ss {
			s := &ss[i]
			rows[i] = []any{s.UID, s.ForumID, s.Title, string(s.Format), unixOrNil(s.Start), unixOrNil(s.End), s.Room,
				string(s.Status), joinTopics(s.Topics), s.Description, s.ReportDue.String(), s.Sequence, int64(1), tx.who, now}
			s.Revision = signature
		}
		ids, err := tx.addRows(ctx, "session", []string{"uid", "forum_id", "title", "format", "start_utc", "end_utc",
			"room", "status", "topics", "description", "report_due", "sequence", "version", "changed_by", "changed_at"}, rows)
		if err != nil {
			return fmt.Errorf("add sessions: %w", err)
		}
		var organisers, participants [][]any
		for i := range ss {
			s := &ss[i]
			s.ID = ids[i]
			for pos, short := range s.Organisers {
				organisers = append(organisers, []any{s.ID, int64(pos), coalitions[asciiLower(short)]})
			}
			for pos, p := range s.Participants {
				participants = append(participants, []any{s.ID, int64(pos), p.PersonID, string(p.Role), string(p.Status)})
			}
		}
		if err := tx.putRows(ctx, "session_organiser", []string{"session_id", "position", "coalition_id"}, organisers); err != nil {
			return fmt.Errorf("add sessions' organisers: %w", err)
		}
		if err := tx.putRows(ctx, "participation", []string{"session_id", "position", "person_id", "role", "status"}, participants); err != nil {
			return fmt.Errorf("add sessions' participants: %w", err)
		}
		return nil
	})
}

// CreatePeople adds people, with their availability, as CreatePerson adds
// each, setting their IDs (and UIDs where they have none). It fails with
// RecordErrors naming each refused person.
func (tx *Tx) CreatePeople(ctx context.Context, people []model.Person) error {
	var errs RecordErrors
	valid := make([]bool, len(people))
	var emails, uids []string
	for i := range people {
		p := &people[i]
		p.Clean()
		if err := p.Validate(); err != nil {
			errs = append(errs, RecordError{i, fmt.Errorf("add %q: %w", p.Name, err)})
			continue
		}
		if p.UID == "" {
			p.UID = newPersonUID()
		}
		valid[i] = true
		uids = append(uids, p.UID)
		if p.Email != "" {
			emails = append(emails, asciiLower(p.Email))
		}
	}
	// Emails are unique as the plan's index has them: A–Z folded, as
	// SQLite's NOCASE and lower() under the "C" collation fold them.
	emailTaken, err := present(ctx, tx, "person", "lower(email)", emails)
	if err != nil {
		return fmt.Errorf("add people: %w", err)
	}
	uidTaken, err := present(ctx, tx, "person", "uid", uids)
	if err != nil {
		return fmt.Errorf("add people: %w", err)
	}
	for i := range people {
		if !valid[i] {
			continue
		}
		p := &people[i]
		var problems model.Problems
		if key := asciiLower(p.Email); p.Email != "" {
			if emailTaken[key] {
				problems.Add("email", fmt.Errorf("%q is already in the plan", p.Email))
			}
			emailTaken[key] = true
		}
		if uidTaken[p.UID] {
			problems.Add("uid", fmt.Errorf("%q is already in the plan", p.UID))
		}
		uidTaken[p.UID] = true
		if err := problems.Err(); err != nil {
			errs = append(errs, RecordError{i, fmt.Errorf("add %q: %w", p.Name, err)})
		}
	}
	if len(errs) > 0 {
		return errs
	}

	return tx.whole(ctx, func() error {
		now, signature := tx.newSignature()
		rows := make([][]any, len(people))
		for i := range people {
			p := &people[i]
			var email any
			if p.Email != "" {
				email = p.Email
			}
			rows[i] = []any{p.UID, p.Name, email, p.Affiliation, string(p.Group), string(p.Region), string(p.Gender),
				p.Country, zoneName(p.Zone), p.Bio, int64(1), tx.who, now}
			p.Revision = signature
		}
		ids, err := tx.addRows(ctx, "person", []string{"uid", "name", "email", "affiliation", "stakeholder_group",
			"region", "gender", "country", "timezone", "bio", "version", "changed_by", "changed_at"}, rows)
		if err != nil {
			return fmt.Errorf("add people: %w", err)
		}
		var windows [][]any
		for i := range people {
			p := &people[i]
			p.ID = ids[i]
			for _, win := range p.Availability {
				windows = append(windows, []any{p.ID, win.Start.Unix(), win.End.Unix()})
			}
		}
		if err := tx.putRows(ctx, "availability", []string{"person_id", "start_utc", "end_utc"}, windows); err != nil {
			return fmt.Errorf("add people's availability: %w", err)
		}
		return nil
	})
}

// CreateActions adds action items as CreateAction adds each, setting
// their IDs. It fails with RecordErrors naming each refused item.
func (tx *Tx) CreateActions(ctx context.Context, actions []model.ActionItem) error {
	var errs RecordErrors
	var people, forums, sessions []int64
	for i := range actions {
		a := &actions[i]
		a.Clean()
		if err := a.Validate(); err != nil {
			errs = append(errs, RecordError{i, fmt.Errorf("add action %q: %w", a.Title, err)})
			continue
		}
		people = append(people, a.OwnerID)
		forums = append(forums, a.ForumID)
		sessions = append(sessions, a.SessionID)
	}
	if len(errs) > 0 {
		return errs
	}
	// What an item refers to must be in the plan, as the table's
	// references have it; a COPY refused for one would name no item.
	for _, ref := range []struct {
		what, table string
		ids         []int64
		of          func(*model.ActionItem) int64
	}{
		{"person", "person", people, func(a *model.ActionItem) int64 { return a.OwnerID }},
		{"forum", "forum", forums, func(a *model.ActionItem) int64 { return a.ForumID }},
		{"session", "session", sessions, func(a *model.ActionItem) int64 { return a.SessionID }},
	} {
		found, err := present(ctx, tx, ref.table, "id", ref.ids)
		if err != nil {
			return fmt.Errorf("add action items: %w", err)
		}
		for i := range actions {
			if id := ref.of(&actions[i]); id != 0 && !found[id] {
				errs = append(errs, RecordError{i, fmt.Errorf("add action %q: %s %d is not in the plan", actions[i].Title, ref.what, id)})
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}

	return tx.whole(ctx, func() error {
		now, signature := tx.newSignature()
		rows := make([][]any, len(actions))
		for i := range actions {
			a := &actions[i]
			rows[i] = []any{a.Title, idOrNil(a.OwnerID), a.Due.String(), string(a.Status), idOrNil(a.ForumID), idOrNil(a.SessionID), a.Notes,
				int64(1), tx.who, now}
			a.Revision = signature
		}
		ids, err := tx.addRows(ctx, "action_item", []string{"title", "owner_id", "due", "status", "forum_id", "session_id", "notes",
			"version", "changed_by", "changed_at"}, rows)
		if err != nil {
			return fmt.Errorf("add action items: %w", err)
		}
		for i := range actions {
			actions[i].ID = ids[i]
		}
		return nil
	})
}

// coalitionIDs maps the plan's coalitions' short names, A–Z folded as
// the plan's unique index folds them, to their IDs.
func (tx *Tx) coalitionIDs(ctx context.Context) (map[string]int64, error) {
	list, err := tx.Coalitions(ctx)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]int64, len(list))
	for _, c := range list {
		ids[asciiLower(c.ShortName)] = c.ID
	}
	return ids, nil
}

// present returns which of keys are in table's column (or expression
// of its columns): a team plan is asked with an array, a file with a
// JSON array, once each, in one statement.
func present[K string | int64](ctx context.Context, tx *Tx, table, column string, keys []K) (map[K]bool, error) {
	found := map[K]bool{}
	// Asked once each: sessions name the same people over and over.
	distinct := make([]K, 0, len(keys))
	for _, k := range keys {
		if _, seen := found[k]; !seen {
			found[k] = false
			distinct = append(distinct, k)
		}
	}
	if len(distinct) == 0 {
		return found, nil
	}
	var rows *sql.Rows
	var err error
	if _, team := tx.kind.(teamBackend); team {
		rows, err = tx.q.QueryContext(ctx, `SELECT `+column+` FROM `+table+` WHERE `+column+` = ANY($1)`, distinct)
	} else {
		list, jerr := json.Marshal(distinct)
		if jerr != nil {
			return nil, jerr
		}
		rows, err = tx.q.QueryContext(ctx, `SELECT `+column+` FROM `+table+` WHERE `+column+` IN (SELECT value FROM json_each($1))`, string(list))
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k K
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		found[k] = true
	}
	return found, rows.Err()
}

// asciiLower folds A–Z only, as SQLite's NOCASE and PostgreSQL's lower()
// under the "C" collation do.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// unixOrNil and idOrNil are unixOrNull and nullIfZero for a COPY, which
// takes plain values.
func unixOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func idOrNil(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// newSignature is what a record added in the transaction is signed with,
// as each is on its own: version 1, by the Store's user, now (a team
// plan's server signs them again, with its role and clock).
func (tx *Tx) newSignature() (now int64, r model.Revision) {
	now = tx.now()
	return now, model.Revision{Version: 1, ChangedBy: tx.who, ChangedAt: time.Unix(now, 0).UTC()}
}
