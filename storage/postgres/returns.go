package postgres

import (
	"context"
	"database/sql"
)

// returnPerStatement makes the triggers that give back a withdrawn
// invitation when its session or recipient returns (keepWithdrawals)
// run once per statement instead of once per row: a bulk import's COPY
// of 20,000 sessions ran their two statements 20,000 times, most of the
// COPY's time, though a plan rarely holds a withdrawn invitation at all.
// Each now sees the statement's new rows as one table (a transition
// table) and does for all of them what it did for each; with nothing
// withdrawn it does nothing.
//
// What each keeps and gives back is as before: a session's invitations
// come back from the newest record for each person (DISTINCT ON …
// ORDER BY w.id DESC), now for every new session at once.
func returnPerStatement(ctx context.Context, tx *sql.Tx) error {
	const putBack = `
	ON CONFLICT (session_id, person_id) DO UPDATE SET
		sequence = excluded.sequence,
		method = excluded.method,
		sent_utc = excluded.sent_utc,
		shown = excluded.shown`
	_, err := tx.ExecContext(ctx, `
DROP TRIGGER session_returns ON session;
DROP FUNCTION session_returns();
DROP TRIGGER person_returns ON person;
DROP FUNCTION person_returns();

CREATE FUNCTION sessions_return() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM withdrawn_invitation) THEN
		RETURN NULL;
	END IF;
	INSERT INTO invitation (session_id, person_id, sequence, method, sent_utc, shown)
	SELECT DISTINCT ON (n.id, p.id) n.id, p.id, w.sequence, w.method, w.sent_utc, w.shown
	FROM new_sessions n
	JOIN withdrawn_invitation w ON w.uid = n.uid
	JOIN person p ON p.id = w.person_id OR (w.person_id IS NULL AND lower(p.email) = lower(w.email))
	ORDER BY n.id, p.id, w.id DESC`+putBack+`;
	DELETE FROM withdrawn_invitation
	WHERE uid IN (SELECT uid FROM new_sessions) AND (person_id IS NOT NULL
		OR EXISTS (SELECT 1 FROM person p WHERE lower(p.email) = lower(withdrawn_invitation.email)));
	RETURN NULL;
END $$;
CREATE TRIGGER sessions_return AFTER INSERT ON session
REFERENCING NEW TABLE AS new_sessions
FOR EACH STATEMENT EXECUTE FUNCTION sessions_return();

CREATE FUNCTION people_return() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM withdrawn_invitation WHERE person_id IS NULL) THEN
		RETURN NULL;
	END IF;
	INSERT INTO invitation (session_id, person_id, sequence, method, sent_utc, shown)
	SELECT DISTINCT ON (s.id, n.id) s.id, n.id, w.sequence, w.method, w.sent_utc, w.shown
	FROM new_people n
	JOIN withdrawn_invitation w ON w.person_id IS NULL AND lower(w.email) = lower(n.email)
	JOIN session s ON s.uid = w.uid
	ORDER BY s.id, n.id, w.id DESC`+putBack+`;
	DELETE FROM withdrawn_invitation
	WHERE person_id IS NULL AND lower(email) IN (SELECT lower(email) FROM new_people WHERE email IS NOT NULL)
		AND uid IN (SELECT uid FROM session);
	UPDATE withdrawn_invitation w SET person_id = n.id
	FROM new_people n
	WHERE w.person_id IS NULL AND lower(w.email) = lower(n.email);
	RETURN NULL;
END $$;
CREATE TRIGGER people_return AFTER INSERT ON person
REFERENCING NEW TABLE AS new_people
FOR EACH STATEMENT EXECUTE FUNCTION people_return();
`)
	return err
}
