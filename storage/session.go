package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/convene-planner/convene/model"
)

// SessionFilter narrows what Sessions returns; its zero value means all.
type SessionFilter struct {
	ForumID int64
}

// sessionFields are a session's own columns, in the order sessionScan
// reads them.
const sessionFields = `
	s.id,
	s.uid,
	s.forum_id,
	s.title,
	s.format,
	s.start_utc,
	s.end_utc,
	s.room,
	s.status,
	s.topics,
	s.description,
	s.report_due,
	s.sequence,
	s.version,
	s.changed_by,
	s.changed_at`

// sessionColumns reads one session with its organisers and participants in
// one row, for reads of a session or a few (a read of many takes them from
// sessionLinks). Short names and the words of roles and statuses hold no
// line breaks or spaces, so they join and split unambiguously.
const sessionColumns = sessionFields + `,
	(SELECT string_agg(c.short_name, ` + lineBreak + ` ORDER BY o.position)
		FROM session_organiser o
		JOIN coalition c ON c.id = o.coalition_id
		WHERE o.session_id = s.id),
	(SELECT string_agg(p.person_id || ' ' || p.role || ' ' || p.status, ` + lineBreak + ` ORDER BY p.position)
		FROM participation p
		WHERE p.session_id = s.id)`

// lineBreak is a line break as an SQL string: SQLite writes it char(10)
// and PostgreSQL chr(10), but both read a quoted line break as it is.
const lineBreak = "'\n'"

type scanner interface{ Scan(...any) error }

// sessionScan is what sessionFields are scanned into before they make a
// model.Session.
type sessionScan struct {
	s              model.Session
	format, status string
	start, end     sql.NullInt64
	topics, due    string
	changedAt      sql.NullInt64
}

func (v *sessionScan) dest() []any {
	return []any{&v.s.ID, &v.s.UID, &v.s.ForumID, &v.s.Title, &v.format, &v.start, &v.end, &v.s.Room,
		&v.status, &v.topics, &v.s.Description, &v.due, &v.s.Sequence, &v.s.Version, &v.s.ChangedBy, &v.changedAt}
}

func (v *sessionScan) session() (model.Session, error) {
	s := v.s
	var errs [3]error
	s.Format, errs[0] = stored(v.format, model.SessionFormats())
	s.Status, errs[1] = stored(v.status, model.SessionStatuses())
	s.Start, s.End = instant(v.start), instant(v.end)
	s.Topics = splitTopics(v.topics)
	s.ReportDue, errs[2] = date(v.due)
	s.ChangedAt = instant(v.changedAt)
	return s, errors.Join(errs[:]...)
}

func scanSession(row scanner) (model.Session, error) {
	var (
		v                        sessionScan
		organisers, participants sql.NullString
	)
	if err := row.Scan(append(v.dest(), &organisers, &participants)...); err != nil {
		return v.s, err
	}
	s, err := v.session()
	if err != nil {
		return s, err
	}
	if organisers.Valid {
		s.Organisers = strings.Split(organisers.String, "\n")
	}
	if participants.Valid {
		for _, line := range strings.Split(participants.String, "\n") {
			id, rest, _ := strings.Cut(line, " ")
			role, status, _ := strings.Cut(rest, " ")
			var pt model.Participation
			var errs [2]error
			pt.Role, errs[0] = stored(role, model.Roles())
			pt.Status, errs[1] = stored(status, append(model.Confirmations(), ""))
			if err := errors.Join(errs[:]...); err != nil {
				return s, fmt.Errorf("session %d: stored participant %q: %w", s.ID, line, err)
			}
			if pt.PersonID, err = strconv.ParseInt(id, 10, 64); err != nil {
				return s, fmt.Errorf("session %d: stored participant %q: %w", s.ID, line, err)
			}
			s.Participants = append(s.Participants, pt)
		}
	}
	return s, nil
}

// Sessions returns the sessions, with organisers and participants, ordered by
// forum (first day, name), then start (unscheduled last), then title.
func (r reader) Sessions(ctx context.Context, f SessionFilter) ([]model.Session, error) {
	where, args := "", []any(nil)
	if f.ForumID != 0 {
		where, args = "WHERE s.forum_id = $1", []any{f.ForumID}
	}
	// Sized up front: a plan may hold tens of thousands of sessions, and
	// growing the slice step by step copies them over and over.
	var n int
	if err := r.q.QueryRowContext(ctx, `SELECT count(*) FROM session s `+where, args...).Scan(&n); err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	forumIDs, err := r.forumOrder(ctx)
	if err != nil {
		return nil, err
	}
	sessions := make([]model.Session, 0, n)
	err = r.eachSession(ctx, f, func(s *model.Session) error {
		sessions = append(sessions, *s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Sorting here rather than in SQL: SQLite would join the forums and
	// sort tens of thousands of rows through a temporary b-tree, several
	// times slower than sorting the structs we hold anyway.
	model.SortSessions(sessions, forumIDs)
	return sessions, nil
}

// forumOrder lists the forums' IDs in the forums' order (first day, name).
func (r reader) forumOrder(ctx context.Context) ([]int64, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT id FROM forum ORDER BY first_day, name, id`)
	if err != nil {
		return nil, fmt.Errorf("order forums: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("order forums: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// SessionsOf returns the sessions a person takes part in, with all their
// participants, ordered by start (unscheduled last).
func (r reader) SessionsOf(ctx context.Context, personID int64) ([]model.Session, error) {
	list, err := r.sessionsWhere(ctx, `s.id IN (SELECT session_id FROM participation WHERE person_id = $1)`, personID)
	if err != nil {
		return nil, fmt.Errorf("person %d: list sessions: %w", personID, err)
	}
	// With no forums ranked, the order is by start alone.
	model.SortSessions(list, nil)
	return list, nil
}

// sessionsWithIDs returns the sessions of those IDs that are in the plan,
// with organisers and participants, in no particular order.
func (r reader) sessionsWithIDs(ctx context.Context, ids []int64) ([]model.Session, error) {
	in, args := inList(ids)
	list, err := r.sessionsWhere(ctx, `s.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("read sessions: %w", err)
	}
	return list, nil
}

// sessionsWhere reads the few sessions (s) that where picks, each with
// its organisers and participants, in no particular order.
func (r reader) sessionsWhere(ctx context.Context, where string, args ...any) ([]model.Session, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT`+sessionColumns+` FROM session s WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []model.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	return list, rows.Err()
}

// SessionTitles returns every session's ID, UID, forum and title and
// nothing else of it, by ID: all an action item names a session by.
func (r reader) SessionTitles(ctx context.Context) ([]model.Session, error) {
	rows, err := r.q.QueryContext(ctx, `
		SELECT
			id,
			uid,
			forum_id,
			title
		FROM session
		ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read sessions' titles: %w", err)
	}
	defer rows.Close()
	var sessions []model.Session
	for rows.Next() {
		var s model.Session
		if err := rows.Scan(&s.ID, &s.UID, &s.ForumID, &s.Title); err != nil {
			return nil, fmt.Errorf("read sessions' titles: %w", err)
		}
		sessions = append(sessions, s)
	}
	return sessions, rows.Err()
}

// Session returns the session with the given ID.
func (r reader) Session(ctx context.Context, id int64) (model.Session, error) {
	s, err := scanSession(r.q.QueryRowContext(ctx, `SELECT`+sessionColumns+` FROM session s WHERE s.id = $1`, id))
	return s, notFound(err, "session %d", id)
}

// SessionByUID returns the session with the given UID.
func (r reader) SessionByUID(ctx context.Context, uid string) (model.Session, error) {
	s, err := scanSession(r.q.QueryRowContext(ctx, `SELECT`+sessionColumns+` FROM session s WHERE s.uid = $1`, uid))
	return s, notFound(err, "session %q", uid)
}

// NewUID returns a UID for a new session: random, so it is unique across
// plans and forums, and suffixed so a calendar shows where it came from.
func NewUID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:]) + "@convene"
}

// CreateSession cleans, validates and adds a session with its organisers and
// participants, setting its ID, and a UID when it has none.
func (tx *Tx) CreateSession(ctx context.Context, s *model.Session) error {
	s.Clean()
	if s.UID == "" {
		s.UID = NewUID()
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("add session %q: %w", s.Title, err)
	}
	row := tx.q.QueryRowContext(ctx, `
		INSERT INTO session (
			uid,
			forum_id,
			title,
			format,
			start_utc,
			end_utc,
			room,
			status,
			topics,
			description,
			report_due,
			sequence,
			version,
			changed_by,
			changed_at
		) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14)
		RETURNING id, version, changed_by, changed_at`,
		s.UID, s.ForumID, s.Title, s.Format, unixOrNull(s.Start), unixOrNull(s.End), s.Room,
		s.Status, joinTopics(s.Topics), s.Description, s.ReportDue.String(), s.Sequence,
		tx.who, tx.now())
	if _, err := signed(row, &s.Revision, &s.ID); err != nil {
		return fmt.Errorf("add session %q: %w", s.Title, uniqueErr(err, "uid", s.UID))
	}
	if err := tx.saveSessionLinks(ctx, s); err != nil {
		return fmt.Errorf("add session %q: %w", s.Title, err)
	}
	return nil
}

// UpdateSession cleans, validates and saves a session that exists, as
// changed from its s.Version: when someone has saved it since, nothing is
// saved and the error is a *StaleError. Its UID cannot change. When
// anything a calendar shows has changed, its SEQUENCE is raised, so
// calendar subscribers take the new version; otherwise it is kept. s gets
// its new version, and who changed it when.
func (tx *Tx) UpdateSession(ctx context.Context, s *model.Session) error {
	s.Clean()
	if err := s.Validate(); err != nil {
		return fmt.Errorf("save session %q: %w", s.Title, err)
	}
	old, err := tx.Session(ctx, s.ID)
	if err != nil {
		return fmt.Errorf("save session %q: %w", s.Title, err)
	}
	if s.UID != old.UID {
		return fmt.Errorf("save session %q: %w", s.Title,
			model.Problems{{Field: "uid", Err: fmt.Errorf("is %s and cannot change", old.UID)}})
	}
	s.Sequence = old.Sequence
	if !model.CalendarEqual(&old, s) {
		s.Sequence++
	}
	row := tx.q.QueryRowContext(ctx, `
		UPDATE session SET
			forum_id = $1,
			title = $2,
			format = $3,
			start_utc = $4,
			end_utc = $5,
			room = $6,
			status = $7,
			topics = $8,
			description = $9,
			report_due = $10,
			sequence = $11,
			version = version + 1,
			changed_by = $14,
			changed_at = $15
		WHERE id = $12 AND version = $13
		RETURNING version, changed_by, changed_at`,
		s.ForumID, s.Title, s.Format, unixOrNull(s.Start), unixOrNull(s.End), s.Room,
		s.Status, joinTopics(s.Topics), s.Description, s.ReportDue.String(), s.Sequence, s.ID,
		s.Version, tx.who, tx.now())
	if err := tx.written(ctx, row, &s.Revision, "session", s.ID); err != nil {
		return fmt.Errorf("save session %q: %w", s.Title, err)
	}
	for _, table := range []string{"session_organiser", "participation"} {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM `+table+` WHERE session_id = $1`, s.ID); err != nil {
			return fmt.Errorf("save session %q: %w", s.Title, err)
		}
	}
	if err := tx.saveSessionLinks(ctx, s); err != nil {
		return fmt.Errorf("save session %q: %w", s.Title, err)
	}
	return nil
}

// ErrUnknownCoalition means a session names an organiser the plan does not have.
var ErrUnknownCoalition = errors.New("is not a coalition of this plan")

func (tx *Tx) saveSessionLinks(ctx context.Context, s *model.Session) error {
	var problems model.Problems
	for i, short := range s.Organisers {
		res, err := tx.q.ExecContext(ctx, `
			INSERT INTO session_organiser (
				session_id,
				coalition_id,
				position
			) SELECT $1, id, $2 FROM coalition WHERE lower(short_name) = lower($3)`,
			s.ID, i, short)
		if err != nil {
			return fmt.Errorf("save organisers: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			problems.Add("organisers", fmt.Errorf("%s %w", short, ErrUnknownCoalition))
		}
	}
	if len(s.Participants) == 0 {
		return problems.Err()
	}
	// One statement for all of them: a session has a handful, and an
	// import of thousands of sessions pays for every statement.
	args := make([]any, 0, 5*len(s.Participants))
	for i, p := range s.Participants {
		args = append(args, s.ID, p.PersonID, p.Role, p.Status, i)
	}
	err := tx.Attempt(ctx, func() error {
		_, err := tx.q.ExecContext(ctx, `
			INSERT INTO participation (
				session_id,
				person_id,
				role,
				status,
				position
			) VALUES `+valueRows(len(s.Participants), 5), args...)
		return err
	})
	if isConstraint(err) {
		// A foreign key: someone named is not in the plan. Say who.
		missing := false
		for _, p := range s.Participants {
			var n int
			if err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM person WHERE id = $1`, p.PersonID).Scan(&n); err != nil {
				return fmt.Errorf("save participants: %w", err)
			}
			if n == 0 {
				problems.Addf("participants", "person %d is not in the plan", p.PersonID)
				missing = true
			}
		}
		if missing {
			return problems.Err()
		}
	}
	if err != nil {
		return fmt.Errorf("save participants: %w", err)
	}
	return problems.Err()
}

// DeleteSession removes a session and its participations, as it was at
// version: when someone has saved it since, nothing is deleted and the
// error is a *StaleError. Action items about it stay, no longer tied to it.
func (tx *Tx) DeleteSession(ctx context.Context, id, version int64) error {
	return tx.deleteAt(ctx, "session", id, version)
}
