package sqlite

import (
	"context"
	"database/sql"
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
