package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// ApplicationID marks a SQLite file as a Convene plan ("Conv" in ASCII), in
// the header field SQLite reserves for that (PRAGMA application_id).
const ApplicationID = 0x436f6e76

// Migrations bring a plan file's schema up to date: migration i takes a
// plan from schema version i to i+1 (PRAGMA user_version). The list is only
// ever appended to; package storage runs each once, in its own transaction
// together with the bump of the version.
var Migrations = []func(ctx context.Context, tx *sql.Tx) error{
	createSchema,
	addInvitations,
	addReports,
	keyColumnsFirst,
	personUID,
	createPublishing,
	addArchive,
	keepWithdrawals,
	addSyncToken,
	addRevisions,
}

// SchemaVersion is the version of the schema this Convene writes (SQLite's
// user_version of a plan it has opened).
func SchemaVersion() int { return len(Migrations) }

func createSchema(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)+`;
CREATE TABLE coalition (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	short_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	own        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE forum (
	id                INTEGER PRIMARY KEY,
	name              TEXT NOT NULL UNIQUE COLLATE NOCASE,
	kind              TEXT NOT NULL,
	city              TEXT NOT NULL DEFAULT '',
	country           TEXT NOT NULL DEFAULT '',
	format            TEXT NOT NULL,
	first_day         TEXT NOT NULL,
	last_day          TEXT NOT NULL,
	timezone          TEXT NOT NULL,
	website           TEXT NOT NULL DEFAULT '',
	proposal_deadline TEXT NOT NULL DEFAULT '',
	notes             TEXT NOT NULL DEFAULT ''
);
CREATE TABLE person (
	id                INTEGER PRIMARY KEY,
	name              TEXT NOT NULL,
	email             TEXT UNIQUE COLLATE NOCASE,
	affiliation       TEXT NOT NULL DEFAULT '',
	stakeholder_group TEXT NOT NULL,
	region            TEXT NOT NULL DEFAULT '',
	gender            TEXT NOT NULL,
	country           TEXT NOT NULL DEFAULT '',
	timezone          TEXT NOT NULL,
	bio               TEXT NOT NULL DEFAULT ''
);
CREATE TABLE availability (
	person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
	start_utc INTEGER NOT NULL,
	end_utc   INTEGER NOT NULL
);
CREATE INDEX availability_person ON availability(person_id);
CREATE TABLE session (
	id          INTEGER PRIMARY KEY,
	uid         TEXT NOT NULL UNIQUE,
	forum_id    INTEGER NOT NULL REFERENCES forum(id) ON DELETE CASCADE,
	title       TEXT NOT NULL,
	format      TEXT NOT NULL,
	start_utc   INTEGER,
	end_utc     INTEGER,
	room        TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL,
	topics      TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	report_due  TEXT NOT NULL DEFAULT '',
	sequence    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX session_forum_start ON session(forum_id, start_utc);
CREATE TABLE session_organiser (
	session_id   INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
	coalition_id INTEGER NOT NULL REFERENCES coalition(id) ON DELETE RESTRICT,
	position     INTEGER NOT NULL,
	PRIMARY KEY (session_id, position),
	UNIQUE (session_id, coalition_id)
) WITHOUT ROWID;
CREATE INDEX session_organiser_coalition ON session_organiser(coalition_id);
CREATE TABLE participation (
	session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
	person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
	role       TEXT NOT NULL,
	status     TEXT NOT NULL,
	position   INTEGER NOT NULL,
	PRIMARY KEY (session_id, position),
	UNIQUE (session_id, person_id, role)
) WITHOUT ROWID;
CREATE INDEX participation_person ON participation(person_id);
CREATE TABLE action_item (
	id         INTEGER PRIMARY KEY,
	title      TEXT NOT NULL,
	owner_id   INTEGER REFERENCES person(id) ON DELETE SET NULL,
	due        TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL,
	forum_id   INTEGER REFERENCES forum(id) ON DELETE SET NULL,
	session_id INTEGER REFERENCES session(id) ON DELETE SET NULL,
	notes      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_item_owner ON action_item(owner_id);
CREATE INDEX action_item_forum ON action_item(forum_id);
CREATE INDEX action_item_session ON action_item(session_id);
`)
	return err
}

// addInvitations keeps what was sent to whom by email about which session,
// so inviting again sends only what changed, and a reply can be checked
// against what its sender was sent. A record goes with its person and its
// session (forgetting someone removes what was sent to them). The sender
// is one address per plan, so every message about a session names the same
// organiser, which is how calendar clients match an update to an invitation.
func addInvitations(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `
CREATE TABLE invitation (
	id         INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
	person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
	sequence   INTEGER NOT NULL,
	method     TEXT NOT NULL,
	sent_utc   INTEGER NOT NULL,
	shown      TEXT NOT NULL,
	UNIQUE (session_id, person_id)
);
CREATE INDEX invitation_person ON invitation(person_id);
CREATE TABLE invitation_sender (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	address TEXT NOT NULL
);
`)
	return err
}

// addReports keeps what a coalition's reports are made of beyond the plan
// itself: the focus of each year in its own words, and each session's report
// to the IGF. A session's report goes with the session.
func addReports(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `
CREATE TABLE narrative (
	year INTEGER PRIMARY KEY,
	text TEXT NOT NULL
);
CREATE TABLE session_report (
	session_id  INTEGER PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,
	key_issues  TEXT NOT NULL DEFAULT '',
	way_forward TEXT NOT NULL DEFAULT '',
	onsite      INTEGER NOT NULL DEFAULT 0,
	online      INTEGER NOT NULL DEFAULT 0,
	women       INTEGER NOT NULL DEFAULT 0,
	filed       TEXT NOT NULL DEFAULT ''
);
`)
	return err
}

// keyColumnsFirst rebuilds the two WITHOUT ROWID tables with their primary
// key's columns first. SQLite before 3.41 (Debian 12 has 3.40.1) misreads
// such a table whose key columns are not its first ones in integrity_check,
// and reports every row's other columns as NULL: a user who checks a plan
// with the system's sqlite3 would be told it is damaged. The rows are
// copied as they are, in one transaction.
func keyColumnsFirst(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `
CREATE TABLE session_organiser_new (
	session_id   INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
	position     INTEGER NOT NULL,
	coalition_id INTEGER NOT NULL REFERENCES coalition(id) ON DELETE RESTRICT,
	PRIMARY KEY (session_id, position),
	UNIQUE (session_id, coalition_id)
) WITHOUT ROWID;
INSERT INTO session_organiser_new (session_id, position, coalition_id)
	SELECT session_id, position, coalition_id FROM session_organiser;
DROP TABLE session_organiser;
ALTER TABLE session_organiser_new RENAME TO session_organiser;
CREATE INDEX session_organiser_coalition ON session_organiser(coalition_id);
CREATE TABLE participation_new (
	session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
	role       TEXT NOT NULL,
	status     TEXT NOT NULL,
	PRIMARY KEY (session_id, position),
	UNIQUE (session_id, person_id, role)
) WITHOUT ROWID;
INSERT INTO participation_new (session_id, position, person_id, role, status)
	SELECT session_id, position, person_id, role, status FROM participation;
DROP TABLE participation;
ALTER TABLE participation_new RENAME TO participation;
CREATE INDEX participation_person ON participation(person_id);
`)
	return err
}

// personUID gives every person a UID (see model.Person): random, so it
// says nothing about them.
func personUID(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `
ALTER TABLE person ADD COLUMN uid TEXT NOT NULL DEFAULT '';
UPDATE person SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX person_uid ON person(uid);
`)
	return err
}

// createPublishing keeps what publishing needs to stay in step from one run
// to the next: the random part of each person's feed name, so their link
// survives republishing (and goes with them when they are forgotten), and
// what each CalDAV collection was last sent, so a republish sends only
// what changed and notices a change made on the server by someone else.
func createPublishing(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `
CREATE TABLE feed_token (
	person_id INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
	token     TEXT NOT NULL UNIQUE
);
CREATE TABLE caldav_resource (
	collection TEXT NOT NULL,
	uid        TEXT NOT NULL,
	digest     TEXT NOT NULL,
	etag       TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (collection, uid)
) WITHOUT ROWID;
`)
	return err
}

// addArchive keeps the years a coalition has put away: what fell due in
// them no longer counts as overdue.
func addArchive(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `
CREATE TABLE archived_year (
	year INTEGER PRIMARY KEY
);
`)
	return err
}

// addSyncToken keeps, for each CalDAV collection published to, the token
// the server gave for its state after the last complete publish (RFC 6578),
// so the next publish asks only for what changed since rather than for a
// listing of every resource.
func addSyncToken(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `
CREATE TABLE caldav_collection (
	collection TEXT PRIMARY KEY,
	sync_token TEXT NOT NULL
) WITHOUT ROWID;
`)
	return err
}

// addRevisions has sessions, people and action items keep their last
// change: a version a save must start from, so no one's change is
// silently written over, and who made it and when (Unix seconds), for
// the forms to show. Rows already there are at version 1, by no one
// known, at no time known.
func addRevisions(ctx context.Context, tx *sql.Tx) error {
	for _, table := range []string{"session", "person", "action_item"} {
		_, err := tx.ExecContext(ctx, `
ALTER TABLE `+table+` ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE `+table+` ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE `+table+` ADD COLUMN changed_at INTEGER;
`)
		if err != nil {
			return err
		}
	}
	return nil
}
