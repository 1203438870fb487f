package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/convene-planner/convene/model"
)

// keepWithdrawals keeps what an invitation's cancellation needs when its
// session or its recipient is deleted outright: the invitation record goes
// with either (ON DELETE CASCADE), and without it the next run of invite
// would send nothing, leaving the event in the recipient's calendar. The
// same holds for the old address of a person whose email changes.
//
// Triggers do the keeping, so that every way a session or a person is
// deleted (the app, a forum deleted with its sessions, demo --force, a
// program of later days) leaves the same record. The session is kept as it
// was with the address the message went to; a record whose person is still
// in the plan keeps their ID too, so forgetting them reaches it.
//
// When a session comes back with its UID (Undo in the app, an import of
// it), or a deleted person with their email, the records go back to the
// invitation table, so the next run sends what that record calls for: no
// cancellation for a session restored before it was sent, and an
// invitation with a higher SEQUENCE for one restored after.
//
// The triggers keep to SQL that Debian 12's sqlite3 (3.40) reads, so that
// program can still check a plan.
func keepWithdrawals(ctx context.Context, tx *sql.Tx) error {
	// keep copies the invitations a WHERE clause picks from the view below.
	// A person's are kept under their ID, which ON DELETE SET NULL clears
	// when they are deleted.
	const keep = `INSERT INTO withdrawn_invitation (
		uid, forum_id, forum_name, city, timezone, title, format, start_utc, end_utc, room, status,
		description, roles, session_sequence, person_id, name, email, person_timezone,
		sequence, method, sent_utc, shown
	)
	SELECT
		uid, forum_id, forum_name, city, timezone, title, format, start_utc, end_utc, room, status,
		description, roles, session_sequence, person_id, name, email, person_timezone,
		sequence, method, sent_utc, shown
	FROM invitation_to_keep WHERE`
	_, err := tx.ExecContext(ctx, `
CREATE TABLE withdrawn_invitation (
	id               INTEGER PRIMARY KEY,
	uid              TEXT NOT NULL,
	forum_id         INTEGER REFERENCES forum(id) ON DELETE SET NULL,
	forum_name       TEXT NOT NULL,
	city             TEXT NOT NULL,
	timezone         TEXT NOT NULL,
	title            TEXT NOT NULL,
	format           TEXT NOT NULL,
	start_utc        INTEGER,
	end_utc          INTEGER,
	room             TEXT NOT NULL,
	status           TEXT NOT NULL,
	description      TEXT NOT NULL,
	roles            TEXT NOT NULL,
	session_sequence INTEGER NOT NULL,
	person_id        INTEGER REFERENCES person(id) ON DELETE SET NULL,
	name             TEXT NOT NULL,
	email            TEXT NOT NULL,
	person_timezone  TEXT NOT NULL,
	sequence         INTEGER NOT NULL,
	method           TEXT NOT NULL,
	sent_utc         INTEGER NOT NULL,
	shown            TEXT NOT NULL
);
CREATE INDEX withdrawn_invitation_uid ON withdrawn_invitation(uid);
CREATE INDEX withdrawn_invitation_person ON withdrawn_invitation(person_id);
CREATE INDEX withdrawn_invitation_forum ON withdrawn_invitation(forum_id);

-- What a withdrawn record keeps of an invitation, in the table's columns:
-- read before the session or person goes, while both are still there.
CREATE VIEW invitation_to_keep AS
SELECT
	i.session_id,
	s.uid,
	f.id AS forum_id,
	f.name AS forum_name,
	f.city,
	f.timezone,
	s.title,
	s.format,
	s.start_utc,
	s.end_utc,
	s.room,
	s.status,
	s.description,
	coalesce((SELECT group_concat(pt.role, ' ') FROM participation pt
		WHERE pt.session_id = i.session_id AND pt.person_id = i.person_id), '') AS roles,
	s.sequence AS session_sequence,
	i.person_id,
	p.name,
	p.email,
	p.timezone AS person_timezone,
	i.sequence,
	i.method,
	i.sent_utc,
	i.shown
FROM invitation i
JOIN session s ON s.id = i.session_id
JOIN forum f ON f.id = s.forum_id
JOIN person p ON p.id = i.person_id
WHERE p.email IS NOT NULL;

-- A forum's sessions go before it does, so each is kept with the forum's
-- name and zone (a cascade would run once the forum is gone).
CREATE TRIGGER forum_withdrawn BEFORE DELETE ON forum BEGIN
	DELETE FROM session WHERE forum_id = OLD.id;
END;

-- Every message sent about the session is kept, a cancellation too: should
-- the session come back, its next invitation must carry a higher SEQUENCE.
CREATE TRIGGER session_withdrawn BEFORE DELETE ON session BEGIN
	`+keep+` session_id = OLD.id;
END;

-- A person deleted is taken off every session they were invited to. What
-- was kept for them only to number a later invitation goes with them.
CREATE TRIGGER person_withdrawn BEFORE DELETE ON person BEGIN
	DELETE FROM withdrawn_invitation WHERE person_id = OLD.id AND method <> 'REQUEST';
	`+keep+` person_id = OLD.id AND method = 'REQUEST';
END;

-- A person whose email changes is another recipient for calendars: what
-- went to the old address is withdrawn from it, and the new one is invited
-- afresh, or takes back what was withdrawn from it when it was theirs
-- before (an edit undone). Before the update, so the old address is read.
CREATE TRIGGER person_moves BEFORE UPDATE OF email ON person
WHEN coalesce(OLD.email, '') <> coalesce(NEW.email, '') COLLATE NOCASE BEGIN
	`+keep+` person_id = OLD.id AND method = 'REQUEST';
	DELETE FROM invitation WHERE person_id = OLD.id;
	INSERT OR REPLACE INTO invitation (session_id, person_id, sequence, method, sent_utc, shown)
	SELECT s.id, OLD.id, w.sequence, w.method, w.sent_utc, w.shown
	FROM withdrawn_invitation w
	JOIN session s ON s.uid = w.uid
	WHERE w.person_id = OLD.id AND w.email = NEW.email COLLATE NOCASE;
	DELETE FROM withdrawn_invitation
	WHERE person_id = OLD.id AND email = NEW.email COLLATE NOCASE
		AND uid IN (SELECT uid FROM session);
END;

-- A record comes back once both its session and its recipient are in the
-- plan: the recipient by ID, or by email once they were deleted.
CREATE TRIGGER session_returns AFTER INSERT ON session BEGIN
	INSERT OR REPLACE INTO invitation (session_id, person_id, sequence, method, sent_utc, shown)
	SELECT NEW.id, p.id, w.sequence, w.method, w.sent_utc, w.shown
	FROM withdrawn_invitation w
	JOIN person p ON p.id = w.person_id OR (w.person_id IS NULL AND p.email = w.email COLLATE NOCASE)
	WHERE w.uid = NEW.uid;
	DELETE FROM withdrawn_invitation
	WHERE uid = NEW.uid AND (person_id IS NOT NULL
		OR EXISTS (SELECT 1 FROM person p WHERE p.email = withdrawn_invitation.email COLLATE NOCASE));
END;

CREATE TRIGGER person_returns AFTER INSERT ON person WHEN NEW.email IS NOT NULL BEGIN
	INSERT OR REPLACE INTO invitation (session_id, person_id, sequence, method, sent_utc, shown)
	SELECT s.id, NEW.id, w.sequence, w.method, w.sent_utc, w.shown
	FROM withdrawn_invitation w
	JOIN session s ON s.uid = w.uid
	WHERE w.person_id IS NULL AND w.email = NEW.email COLLATE NOCASE;
	DELETE FROM withdrawn_invitation
	WHERE person_id IS NULL AND email = NEW.email COLLATE NOCASE
		AND uid IN (SELECT uid FROM session);
	UPDATE withdrawn_invitation SET person_id = NEW.id
	WHERE person_id IS NULL AND email = NEW.email COLLATE NOCASE;
END;
`)
	return err
}

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
