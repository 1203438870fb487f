package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/convene-planner/convene/model"
)

// SessionFilter narrows what Sessions returns; its zero value means all.
type SessionFilter struct {
	ForumID int64
}

const sessionColumns = `
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
	s.sequence`

func scanSession(row interface{ Scan(...any) error }) (model.Session, error) {
	var (
		s              model.Session
		format, status string
		start, end     sql.NullInt64
		topics, due    string
	)
	err := row.Scan(&s.ID, &s.UID, &s.ForumID, &s.Title, &format, &start, &end, &s.Room,
		&status, &topics, &s.Description, &due, &s.Sequence)
	if err != nil {
		return s, err
	}
	s.Format, s.Status = model.SessionFormat(format), model.SessionStatus(status)
	s.Start, s.End = instant(start), instant(end)
	s.Topics = splitTopics(topics)
	s.ReportDue, err = date(due)
	return s, err
}

// Sessions returns the sessions, with organisers and participants, ordered by
// forum (first day, name), then start (unscheduled last), then title.
func (r reader) Sessions(ctx context.Context, f SessionFilter) ([]model.Session, error) {
	where, args := "", []any(nil)
	if f.ForumID != 0 {
		where, args = "WHERE s.forum_id = ?", []any{f.ForumID}
	}
	rows, err := r.q.QueryContext(ctx, `
		SELECT`+sessionColumns+`
		FROM session s
		JOIN forum f ON f.id = s.forum_id
		`+where+`
		ORDER BY f.first_day, f.name, s.start_utc IS NULL, s.start_utc, s.title, s.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	var sessions []model.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		sessions = append(sessions, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	if err := r.fillSessions(ctx, sessions, where, args); err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	return sessions, nil
}

// Session returns the session with the given ID.
func (r reader) Session(ctx context.Context, id int64) (model.Session, error) {
	return r.oneSession(ctx, "s.id = ?", id, fmt.Sprintf("session %d", id))
}

// SessionByUID returns the session with the given UID.
func (r reader) SessionByUID(ctx context.Context, uid string) (model.Session, error) {
	return r.oneSession(ctx, "s.uid = ?", uid, fmt.Sprintf("session %q", uid))
}

func (r reader) oneSession(ctx context.Context, where string, arg any, what string) (model.Session, error) {
	s, err := scanSession(r.q.QueryRowContext(ctx, `SELECT`+sessionColumns+` FROM session s WHERE `+where, arg))
	if err != nil {
		return s, notFound(err, "%s", what)
	}
	one := []model.Session{s}
	if err := r.fillSessions(ctx, one, "WHERE s.id = ?", []any{s.ID}); err != nil {
		return s, fmt.Errorf("read %s: %w", what, err)
	}
	return one[0], nil
}

// fillSessions reads the organisers and participants of the sessions that
// the condition on "s" selects, in two queries however many sessions there are.
func (r reader) fillSessions(ctx context.Context, sessions []model.Session, where string, args []any) error {
	if len(sessions) == 0 {
		return nil
	}
	byID := make(map[int64]*model.Session, len(sessions))
	for i := range sessions {
		byID[sessions[i].ID] = &sessions[i]
	}
	rows, err := r.q.QueryContext(ctx, `
		SELECT
			o.session_id,
			c.short_name
		FROM session_organiser o
		JOIN coalition c ON c.id = o.coalition_id
		JOIN session s ON s.id = o.session_id
		`+where+`
		ORDER BY o.session_id, o.position`, args...)
	if err != nil {
		return fmt.Errorf("read organisers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var short string
		if err := rows.Scan(&id, &short); err != nil {
			return fmt.Errorf("read organisers: %w", err)
		}
		if s := byID[id]; s != nil {
			s.Organisers = append(s.Organisers, short)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read organisers: %w", err)
	}
	prows, err := r.q.QueryContext(ctx, `
		SELECT
			p.session_id,
			p.person_id,
			p.role,
			p.status
		FROM participation p
		JOIN session s ON s.id = p.session_id
		`+where+`
		ORDER BY p.session_id, p.position`, args...)
	if err != nil {
		return fmt.Errorf("read participants: %w", err)
	}
	defer prows.Close()
	for prows.Next() {
		var id int64
		var pt model.Participation
		var role, status string
		if err := prows.Scan(&id, &pt.PersonID, &role, &status); err != nil {
			return fmt.Errorf("read participants: %w", err)
		}
		pt.Role, pt.Status = model.Role(role), model.Confirmation(status)
		if s := byID[id]; s != nil {
			s.Participants = append(s.Participants, pt)
		}
	}
	return prows.Err()
}

// SessionsOf returns the sessions a person takes part in, with the person's
// participations, ordered by start (unscheduled last).
func (r reader) SessionsOf(ctx context.Context, personID int64) ([]model.Session, error) {
	where := "WHERE s.id IN (SELECT session_id FROM participation WHERE person_id = ?)"
	rows, err := r.q.QueryContext(ctx, `
		SELECT`+sessionColumns+`
		FROM session s
		`+where+`
		ORDER BY s.start_utc IS NULL, s.start_utc, s.title, s.id`, personID)
	if err != nil {
		return nil, fmt.Errorf("list person %d's sessions: %w", personID, err)
	}
	defer rows.Close()
	var sessions []model.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("list person %d's sessions: %w", personID, err)
		}
		sessions = append(sessions, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list person %d's sessions: %w", personID, err)
	}
	if err := r.fillSessions(ctx, sessions, where, []any{personID}); err != nil {
		return nil, fmt.Errorf("list person %d's sessions: %w", personID, err)
	}
	return sessions, nil
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
	res, err := tx.q.ExecContext(ctx, `
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
			sequence
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.UID, s.ForumID, s.Title, s.Format, unixOrNull(s.Start), unixOrNull(s.End), s.Room,
		s.Status, joinTopics(s.Topics), s.Description, s.ReportDue.String(), s.Sequence)
	if err != nil {
		return fmt.Errorf("add session %q: %w", s.Title, uniqueErr(err, "uid", s.UID))
	}
	if s.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("add session %q: %w", s.Title, err)
	}
	if err := tx.saveSessionLinks(ctx, s); err != nil {
		return fmt.Errorf("add session %q: %w", s.Title, err)
	}
	return nil
}

// UpdateSession cleans, validates and saves a session that exists. Its UID
// cannot change. When anything a calendar shows has changed, its SEQUENCE is
// raised, so calendar subscribers take the new version; otherwise it is kept.
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
	_, err = tx.q.ExecContext(ctx, `
		UPDATE session SET
			forum_id = ?,
			title = ?,
			format = ?,
			start_utc = ?,
			end_utc = ?,
			room = ?,
			status = ?,
			topics = ?,
			description = ?,
			report_due = ?,
			sequence = ?
		WHERE id = ?`,
		s.ForumID, s.Title, s.Format, unixOrNull(s.Start), unixOrNull(s.End), s.Room,
		s.Status, joinTopics(s.Topics), s.Description, s.ReportDue.String(), s.Sequence, s.ID)
	if err != nil {
		return fmt.Errorf("save session %q: %w", s.Title, err)
	}
	for _, table := range []string{"session_organiser", "participation"} {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM `+table+` WHERE session_id = ?`, s.ID); err != nil {
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
			) SELECT ?, id, ? FROM coalition WHERE short_name = ?`,
			s.ID, i, short)
		if err != nil {
			return fmt.Errorf("save organisers: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			problems.Add("organisers", fmt.Errorf("%s %w", short, ErrUnknownCoalition))
		}
	}
	for i, p := range s.Participants {
		res, err := tx.q.ExecContext(ctx, `
			INSERT INTO participation (
				session_id,
				person_id,
				role,
				status,
				position
			) SELECT ?, id, ?, ?, ? FROM person WHERE id = ?`,
			s.ID, p.Role, p.Status, i, p.PersonID)
		if err != nil {
			return fmt.Errorf("save participants: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			problems.Addf("participants", "person %d is not in the plan", p.PersonID)
		}
	}
	return problems.Err()
}

// DeleteSession removes a session and its participations; action items
// about it stay, no longer tied to it.
func (tx *Tx) DeleteSession(ctx context.Context, id int64) error {
	res, err := tx.q.ExecContext(ctx, `DELETE FROM session WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete session %d: %w", id, err)
	}
	return affectedOne(res, "delete session %d", id)
}
