package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/convene-planner/convene/model"
)

// Withdrawn is what the plan kept of an invitation whose session or
// recipient was deleted, or whose recipient's email changed, after it was
// sent: enough to send its cancellation to the address it went to.
type Withdrawn struct {
	ID int64 // of the kept record
	// Session is as the message showed it, with its UID and SEQUENCE; its
	// ID is 0. Gone says whether it was deleted (else its recipient was).
	Session model.Session
	Gone    bool
	// Forum holds its name, city and zone; its ID is 0 once deleted.
	Forum model.Forum
	// Person is who the message went to, at that address; their ID is 0
	// once they are deleted. Moved says they are in the plan still, and so
	// is the session, but with another email.
	Person model.Person
	Moved  bool
	Roles  []model.Role // theirs on the session when the record was kept
}

// withdrawals reads the kept records, as invitations: SessionID is the
// session's when it is still in the plan (its recipient was deleted, or
// their email changed), and PersonID the recipient's when they are.
func (r reader) withdrawals(ctx context.Context) ([]Invitation, error) {
	rows, err := r.q.QueryContext(ctx, `
		SELECT
			w.id,
			coalesce(s.id, 0),
			coalesce(w.person_id, 0),
			w.sequence,
			w.method,
			w.sent_utc,
			w.shown,
			w.uid,
			coalesce(w.forum_id, 0),
			w.forum_name,
			w.city,
			w.timezone,
			w.title,
			w.format,
			w.start_utc,
			w.end_utc,
			w.room,
			w.status,
			w.description,
			s.id IS NULL,
			s.id IS NOT NULL AND w.person_id IS NOT NULL,
			w.roles,
			w.session_sequence,
			w.name,
			w.email,
			w.person_timezone
		FROM withdrawn_invitation w
		LEFT JOIN session s ON s.uid = w.uid
		ORDER BY w.uid, lower(w.email)`)
	if err != nil {
		return nil, fmt.Errorf("read the invitations withdrawn: %w", err)
	}
	defer rows.Close()
	var list []Invitation
	for rows.Next() {
		var (
			inv                       Invitation
			w                         Withdrawn
			sent                      int64
			start, end                sql.NullInt64
			tz, format, status, roles string
			personZone                string
		)
		err := rows.Scan(&w.ID, &inv.SessionID, &inv.PersonID, &inv.Sequence, &inv.Method, &sent, &inv.Shown,
			&w.Session.UID, &w.Forum.ID, &w.Forum.Name, &w.Forum.City, &tz, &w.Session.Title, &format,
			&start, &end, &w.Session.Room, &status, &w.Session.Description, &w.Gone, &w.Moved, &roles,
			&w.Session.Sequence, &w.Person.Name, &w.Person.Email, &personZone)
		if err != nil {
			return nil, fmt.Errorf("read the invitations withdrawn: %w", err)
		}
		inv.Sent = unixTime(sent)
		w.Session.ForumID = w.Forum.ID
		w.Person.ID = inv.PersonID
		w.Session.Start, w.Session.End = instant(start), instant(end)
		errs := make([]error, 4)
		w.Session.Format, errs[0] = stored(format, model.SessionFormats())
		w.Session.Status, errs[1] = stored(status, model.SessionStatuses())
		w.Forum.Zone, errs[2] = zone(tz)
		w.Person.Zone, errs[3] = zone(personZone)
		// Roles are words without spaces, joined by one.
		for _, word := range strings.Fields(roles) {
			role, err := stored(word, model.Roles())
			errs = append(errs, err)
			w.Roles = append(w.Roles, role)
		}
		if err := errors.Join(errs...); err != nil {
			return nil, fmt.Errorf("read the invitation withdrawn from %q: %w", w.Session.Title, err)
		}
		inv.Withdrawn = &w
		list = append(list, inv)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the invitations withdrawn: %w", err)
	}
	return list, nil
}

// recordWithdrawal keeps the message sent about a withdrawn invitation in
// place of the one before, while its session is deleted and its recipient
// is not: should the session come back, their next invitation must number
// above it. Otherwise nothing more can be owed to that address, and it is
// not kept.
func (tx *Tx) recordWithdrawal(ctx context.Context, inv Invitation) error {
	var err error
	if inv.PersonID == 0 || !inv.Withdrawn.Gone {
		_, err = tx.q.ExecContext(ctx, `DELETE FROM withdrawn_invitation WHERE id = $1`, inv.Withdrawn.ID)
	} else {
		_, err = tx.q.ExecContext(ctx, `
			UPDATE withdrawn_invitation SET
				sequence = $1,
				method = $2,
				sent_utc = $3,
				shown = $4
			WHERE id = $5`,
			inv.Sequence, inv.Method, inv.Sent.Unix(), inv.Shown, inv.Withdrawn.ID)
	}
	if err != nil {
		return fmt.Errorf("record the message to %s about %q: %w", inv.Withdrawn.Person.Name, inv.Withdrawn.Session.Title, err)
	}
	return nil
}

// forgetInvitations removes every record of a message sent to the person
// with id or, among those kept for people deleted since, to their email;
// before they are deleted, so the triggers above keep nothing of them. It
// returns how many records there were. A plan (a snapshot) from before
// withdrawals were kept has their invitations only.
func forgetInvitations(ctx context.Context, q querier, id int64, email string) (int, error) {
	var kept int
	if err := q.QueryRowContext(ctx, `
		SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'withdrawn_invitation'`).Scan(&kept); err != nil {
		return 0, err
	}
	return deleteInvitations(ctx, q, id, email, kept > 0)
}

// deleteInvitations is forgetInvitations for a plan that keeps withdrawals
// or not, as it is told: a team plan always does.
func deleteInvitations(ctx context.Context, q querier, id int64, email string, withdrawals bool) (int, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM invitation WHERE person_id = $1`, id)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if !withdrawals {
		return int(n), nil
	}
	// A deleted person's records (id 0) are those with no one's ID.
	res, err = q.ExecContext(ctx, `
		DELETE FROM withdrawn_invitation
		WHERE person_id = $1 OR ($2 <> '' AND lower(email) = lower($2) AND ($1 <> 0 OR person_id IS NULL))`, id, email)
	if err != nil {
		return 0, err
	}
	m, _ := res.RowsAffected()
	return int(n + m), nil
}

// FindDeletedPeople returns the people deleted from the plan (not
// forgotten) after they were sent an invitation whose email, or else whose
// name, is key (compared as FindPeople compares them): the plan keeps their
// name and address for the invitation's cancellation, and forget must find
// them there. Each is a person with no ID, their email, and the name the
// newest record keeps; one per email.
func (r reader) FindDeletedPeople(ctx context.Context, key string) ([]model.Person, error) {
	rows, err := r.q.QueryContext(ctx, `
		SELECT
			name,
			email
		FROM withdrawn_invitation
		WHERE person_id IS NULL
		ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("find %q among the people deleted: %w", key, err)
	}
	defer rows.Close()
	emailKey, nameKey := model.EmailKey(key), model.NameKey(key)
	seen := map[string]bool{}
	var byEmail, byName []model.Person
	for rows.Next() {
		var p model.Person
		if err := rows.Scan(&p.Name, &p.Email); err != nil {
			return nil, fmt.Errorf("find %q among the people deleted: %w", key, err)
		}
		k := model.EmailKey(p.Email)
		if seen[k] {
			continue
		}
		seen[k] = true
		if k == emailKey {
			byEmail = append(byEmail, p)
		} else if model.NameKey(p.Name) == nameKey {
			byName = append(byName, p)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find %q among the people deleted: %w", key, err)
	}
	if len(byEmail) > 0 {
		return byEmail, nil
	}
	return byName, nil
}

// deletedNames returns the names kept with a deleted person's email.
func (r reader) deletedNames(ctx context.Context, email string) ([]string, error) {
	rows, err := r.q.QueryContext(ctx, `
		SELECT DISTINCT name FROM withdrawn_invitation
		WHERE person_id IS NULL AND lower(email) = lower($1)`, email)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// RecordSent keeps inv, a message just sent, as RecordInvitation does.
// shown is what the message showed: its session, forum, recipient (at the
// address it went to) and their roles.
//
// The session or the recipient may have been deleted while the message
// was on its way (in the app's window, by another program), or the
// recipient's email changed. The message is in their calendar all the
// same, so it is kept as the plan keeps an invitation withdrawn after it
// was sent (see Withdrawn): the next run cancels it. RecordSent then
// reports true. A session or person put back meanwhile (Undo: the same UID
// or email under another ID) takes the record as theirs.
func (tx *Tx) RecordSent(ctx context.Context, inv Invitation, shown Withdrawn) (withdrawn bool, err error) {
	if inv.Withdrawn != nil {
		return false, tx.recordWithdrawal(ctx, inv)
	}
	fail := func(err error) (bool, error) {
		return false, fmt.Errorf("record the message to %s about %q: %w", shown.Person.Name, shown.Session.Title, err)
	}
	var sessionID, personID int64
	err = tx.q.QueryRowContext(ctx, `SELECT id FROM session WHERE uid = $1`, shown.Session.UID).Scan(&sessionID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fail(err)
	}
	var email string
	err = tx.q.QueryRowContext(ctx, `SELECT id, coalesce(email, '') FROM person WHERE id = $1`, inv.PersonID).Scan(&personID, &email)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.q.QueryRowContext(ctx, `
			SELECT id, email FROM person WHERE lower(email) = lower($1)`, shown.Person.Email).Scan(&personID, &email)
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fail(err)
	}
	sameAddress := personID != 0 && model.EmailKey(email) == model.EmailKey(shown.Person.Email)
	if sessionID != 0 && sameAddress {
		inv.SessionID, inv.PersonID = sessionID, personID
		return false, tx.RecordInvitation(ctx, inv)
	}
	// What was kept of the invitation before this message, when the
	// session or person went, is replaced by the message itself.
	if _, err := tx.q.ExecContext(ctx, `
		DELETE FROM withdrawn_invitation WHERE uid = $1 AND lower(email) = lower($2)`,
		shown.Session.UID, shown.Person.Email); err != nil {
		return fail(err)
	}
	// As recordWithdrawal keeps: a cancellation owes nothing more, and is
	// kept only to number the invitation of a session that may come back
	// for a person still in the plan.
	if inv.Method != "REQUEST" && (personID == 0 || sessionID != 0) {
		return true, nil
	}
	var forumID sql.NullInt64
	err = tx.q.QueryRowContext(ctx, `SELECT id FROM forum WHERE id = $1`, shown.Forum.ID).Scan(&forumID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fail(err)
	}
	roles := make([]string, len(shown.Roles))
	for i, r := range shown.Roles {
		roles[i] = string(r)
	}
	s := &shown.Session
	sent := sentRecord{uid: s.UID, forumName: shown.Forum.Name, city: shown.Forum.City, timezone: zoneName(shown.Forum.Zone),
		title: s.Title, format: string(s.Format), start: unixOrNull(s.Start), end: unixOrNull(s.End), room: s.Room,
		status: string(s.Status), description: s.Description, roles: strings.Join(roles, " "), sessionSequence: s.Sequence,
		name: shown.Person.Name, email: shown.Person.Email, personTimezone: zoneName(shown.Person.Zone),
		sequence: inv.Sequence, method: inv.Method, sent: inv.Sent.Unix(), shown: inv.Shown}
	err = sent.keepWithdrawn(ctx, tx.q, forumID, personID)
	if err != nil {
		return fail(err)
	}
	return true, nil
}
