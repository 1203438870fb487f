package postgres

import (
	"context"
	"database/sql"
)

// keepWithdrawals makes the triggers that keep what an invitation's
// cancellation needs when its session or recipient is deleted, or the
// recipient's email changes, and that give it back when they return: the
// same records, kept at the same moments, as a plan file's triggers
// (storage/withdrawal.go says why each is needed), in PL/pgSQL.
//
// Where SQLite's INSERT OR REPLACE lets the last of two records for one
// session and person win, ON CONFLICT may meet each row once: the newest
// record is chosen first (DISTINCT ON … ORDER BY w.id DESC).
func keepWithdrawals(ctx context.Context, tx *sql.Tx) error {
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
	const putBack = `
	ON CONFLICT (session_id, person_id) DO UPDATE SET
		sequence = excluded.sequence,
		method = excluded.method,
		sent_utc = excluded.sent_utc,
		shown = excluded.shown`
	_, err := tx.ExecContext(ctx, `
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
	coalesce((SELECT string_agg(pt.role, ' ' ORDER BY pt.position) FROM participation pt
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

CREATE FUNCTION forum_withdrawn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM session WHERE forum_id = OLD.id;
	RETURN OLD;
END $$;
CREATE TRIGGER forum_withdrawn BEFORE DELETE ON forum
FOR EACH ROW EXECUTE FUNCTION forum_withdrawn();

CREATE FUNCTION session_withdrawn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	`+keep+` session_id = OLD.id;
	RETURN OLD;
END $$;
CREATE TRIGGER session_withdrawn BEFORE DELETE ON session
FOR EACH ROW EXECUTE FUNCTION session_withdrawn();

CREATE FUNCTION person_withdrawn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM withdrawn_invitation WHERE person_id = OLD.id AND method <> 'REQUEST';
	`+keep+` person_id = OLD.id AND method = 'REQUEST';
	RETURN OLD;
END $$;
CREATE TRIGGER person_withdrawn BEFORE DELETE ON person
FOR EACH ROW EXECUTE FUNCTION person_withdrawn();

CREATE FUNCTION person_moves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	`+keep+` person_id = OLD.id AND method = 'REQUEST';
	DELETE FROM invitation WHERE person_id = OLD.id;
	INSERT INTO invitation (session_id, person_id, sequence, method, sent_utc, shown)
	SELECT DISTINCT ON (s.id) s.id, OLD.id, w.sequence, w.method, w.sent_utc, w.shown
	FROM withdrawn_invitation w
	JOIN session s ON s.uid = w.uid
	WHERE w.person_id = OLD.id AND lower(w.email) = lower(NEW.email)
	ORDER BY s.id, w.id DESC`+putBack+`;
	DELETE FROM withdrawn_invitation
	WHERE person_id = OLD.id AND lower(email) = lower(NEW.email)
		AND uid IN (SELECT uid FROM session);
	RETURN NEW;
END $$;
CREATE TRIGGER person_moves BEFORE UPDATE OF email ON person
FOR EACH ROW WHEN (lower(coalesce(OLD.email, '')) <> lower(coalesce(NEW.email, '')))
EXECUTE FUNCTION person_moves();

CREATE FUNCTION session_returns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO invitation (session_id, person_id, sequence, method, sent_utc, shown)
	SELECT DISTINCT ON (p.id) NEW.id, p.id, w.sequence, w.method, w.sent_utc, w.shown
	FROM withdrawn_invitation w
	JOIN person p ON p.id = w.person_id OR (w.person_id IS NULL AND lower(p.email) = lower(w.email))
	WHERE w.uid = NEW.uid
	ORDER BY p.id, w.id DESC`+putBack+`;
	DELETE FROM withdrawn_invitation
	WHERE uid = NEW.uid AND (person_id IS NOT NULL
		OR EXISTS (SELECT 1 FROM person p WHERE lower(p.email) = lower(withdrawn_invitation.email)));
	RETURN NEW;
END $$;
CREATE TRIGGER session_returns AFTER INSERT ON session
FOR EACH ROW EXECUTE FUNCTION session_returns();

CREATE FUNCTION person_returns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO invitation (session_id, person_id, sequence, method, sent_utc, shown)
	SELECT DISTINCT ON (s.id) s.id, NEW.id, w.sequence, w.method, w.sent_utc, w.shown
	FROM withdrawn_invitation w
	JOIN session s ON s.uid = w.uid
	WHERE w.person_id IS NULL AND lower(w.email) = lower(NEW.email)
	ORDER BY s.id, w.id DESC`+putBack+`;
	DELETE FROM withdrawn_invitation
	WHERE person_id IS NULL AND lower(email) = lower(NEW.email)
		AND uid IN (SELECT uid FROM session);
	UPDATE withdrawn_invitation SET person_id = NEW.id
	WHERE person_id IS NULL AND lower(email) = lower(NEW.email);
	RETURN NEW;
END $$;
CREATE TRIGGER person_returns AFTER INSERT ON person
FOR EACH ROW WHEN (NEW.email IS NOT NULL)
EXECUTE FUNCTION person_returns();
`)
	return err
}
