package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/convene-planner/convene/model"
)

// sentRecord is a message the plan replaced by a restore recorded as sent,
// with what it showed (the columns withdrawn_invitation keeps), for the
// restored plan to carry over: the message is in its recipient's calendar
// whatever the snapshot says.
type sentRecord struct {
	uid                                        string
	forumID                                    int64
	forumName, city, timezone, title, format   string
	start, end                                 sql.NullInt64
	room, status, description, roles           string
	sessionSequence                            int
	personUID                                  string // "" when the person is not in the plan
	name, email, personTimezone, method, shown string
	sequence                                   int
	sent                                       int64
}

// sentSoFar is what a restore carries over from the plan it replaces: every
// message sent, the sessions' SEQUENCEs (which calendars that subscribe
// have seen), the invitations' sender, and the highest version of any
// session, person or action item (which open forms have read).
type sentSoFar struct {
	records   []sentRecord
	sequences map[string]int  // by session UID
	people    map[string]bool // the UIDs of the plan's people
	sender    string
	versions  int64
}

// readSentSoFar reads what a restore carries over, in one read transaction
// on conn.
func readSentSoFar(ctx context.Context, conn *sql.Conn) (sentSoFar, error) {
	got := sentSoFar{sequences: map[string]int{}, people: map[string]bool{}}
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return got, err
	}
	defer tx.Rollback()
	columns := func(t string) string {
		return strings.NewReplacer("T.", t+".").Replace(`
			T.uid, T.forum_id, T.forum_name, T.city, T.timezone, T.title, T.format, T.start_utc, T.end_utc,
			T.room, T.status, T.description, T.roles, T.session_sequence, T.name, T.email, T.person_timezone,
			T.sequence, T.method, T.sent_utc, T.shown`)
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT`+columns("v")+`, p.uid
		FROM invitation_to_keep v JOIN person p ON p.id = v.person_id
		UNION ALL
		SELECT`+columns("w")+`, coalesce(p.uid, '')
		FROM withdrawn_invitation w LEFT JOIN person p ON p.id = w.person_id`)
	if err != nil {
		return got, err
	}
	for rows.Next() {
		var (
			r       sentRecord
			forumID sql.NullInt64
		)
		if err := rows.Scan(&r.uid, &forumID, &r.forumName, &r.city, &r.timezone, &r.title, &r.format,
			&r.start, &r.end, &r.room, &r.status, &r.description, &r.roles, &r.sessionSequence,
			&r.name, &r.email, &r.personTimezone, &r.sequence, &r.method, &r.sent, &r.shown, &r.personUID); err != nil {
			rows.Close()
			return got, err
		}
		r.forumID = forumID.Int64
		got.records = append(got.records, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return got, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT uid, sequence FROM session`)
	if err != nil {
		return got, err
	}
	for rows.Next() {
		var (
			uid string
			seq int
		)
		if err := rows.Scan(&uid, &seq); err != nil {
			rows.Close()
			return got, err
		}
		got.sequences[uid] = seq
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return got, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT uid FROM person`)
	if err != nil {
		return got, err
	}
	for rows.Next() {
		var uid string
		if err := rows.Scan(&uid); err != nil {
			rows.Close()
			return got, err
		}
		got.people[uid] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return got, err
	}
	err = tx.QueryRowContext(ctx, `SELECT address FROM invitation_sender WHERE id = 1`).Scan(&got.sender)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return got, err
	}
	err = tx.QueryRowContext(ctx, `
		SELECT max(
			(SELECT coalesce(max(version), 0) FROM session),
			(SELECT coalesce(max(version), 0) FROM person),
			(SELECT coalesce(max(version), 0) FROM action_item))`).Scan(&got.versions)
	return got, err
}

// stageRestore writes, beside the snapshots, the plan a restore of the
// snapshot at src makes: the snapshot brought up to date, with what the
// plan it replaces sent carried over (see carryOver). It returns the file's
// path; it is named as a snapshot being written is, so one a crash leaves
// is removed as those are.
func stageRestore(ctx context.Context, planPath, src string, sent sentSoFar) (string, error) {
	dir := SnapshotDir(planPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	stage := filepath.Join(dir, "."+time.Now().UTC().Format(snapshotStamp)+"-restoring"+snapshotExt+".tmp")
	db, err := sql.Open("sqlite", readOnlyDSN(src))
	if err != nil {
		return "", err
	}
	_, err = db.ExecContext(ctx, "VACUUM INTO ?", stage)
	db.Close()
	if err == nil {
		err = os.Chmod(stage, 0o600)
	}
	if err != nil {
		removeSnapshot(stage)
		return "", err
	}
	s, err := Open(ctx, stage, Options{})
	if err != nil {
		removeSnapshot(stage)
		return "", err
	}
	err = s.Update(ctx, func(tx *Tx) error { return tx.carryOver(ctx, sent) })
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		removeSnapshot(stage)
		return "", err
	}
	return stage, nil
}

// carryOver puts into the restored plan what the plan it replaces sent,
// as the restore's own: for each session and person the record with the
// higher SEQUENCE is kept, so the next message numbers above both; what
// was sent about a session the restored plan does not have (one added
// after the snapshot), or to someone it does not have, is kept as a
// withdrawal, so the next run of invite cancels it; and each session's
// SEQUENCE ends above every one sent or published, so calendars take the
// restored version rather than drop it as old. A person forgotten is in
// neither plan, so nothing of them comes back. Every session, person and
// action item is put at a version above any the replaced plan had, so a
// form opened on that plan cannot save over the restored content, even
// once it has been changed as often again.
//
// The plan it replaces keeps nothing of a cancellation sent once the
// person it went to was deleted (nothing more is owed them). An invitation
// the snapshot holds, whose session or person is no longer in that plan,
// and of which it kept nothing, was therefore cancelled: it is recorded so,
// and the next run invites them again, numbered above the cancellation.
// A plan made anew (it had been deleted) knows nothing, and this is not
// done.
func (tx *Tx) carryOver(ctx context.Context, sent sentSoFar) error {
	q := tx.q
	if len(sent.sequences)+len(sent.people) > 0 {
		if err := cancelledSince(ctx, q, sent); err != nil {
			return fmt.Errorf("carry over the cancellations sent: %w", err)
		}
	}
	highest := map[string]int{}
	for _, r := range sent.records {
		highest[r.uid] = max(highest[r.uid], r.sequence+1)
		if err := carryRecord(ctx, q, r); err != nil {
			return fmt.Errorf("carry over the message sent to %s about %q: %w", r.name, r.title, err)
		}
	}
	for uid, seq := range sent.sequences {
		highest[uid] = max(highest[uid], seq+1)
	}
	for uid, seq := range highest {
		if _, err := q.ExecContext(ctx, `UPDATE session SET sequence = max(sequence, ?) WHERE uid = ?`, seq, uid); err != nil {
			return fmt.Errorf("carry over the SEQUENCE of session %s: %w", uid, err)
		}
	}
	for _, table := range []string{"session", "person", "action_item"} {
		if _, err := q.ExecContext(ctx, `UPDATE `+table+` SET version = version + $1`, sent.versions); err != nil {
			return fmt.Errorf("carry over the versions of each %s: %w", kindOf(table), err)
		}
	}
	if sent.sender != "" {
		return tx.SetInvitationSender(ctx, sent.sender)
	}
	return nil
}

// cancelledSince records as cancelled the restored plan's invitations that
// the plan it replaces had sent a cancellation for and kept nothing of (see
// carryOver).
func cancelledSince(ctx context.Context, q querier, sent sentSoFar) error {
	carried := map[[2]string]bool{}
	for _, r := range sent.records {
		carried[[2]string{r.uid, model.EmailKey(r.email)}] = true
	}
	rows, err := q.QueryContext(ctx, `
		SELECT
			i.id,
			s.uid,
			p.uid,
			coalesce(p.email, '')
		FROM invitation i
		JOIN session s ON s.id = i.session_id
		JOIN person p ON p.id = i.person_id
		WHERE i.method = 'REQUEST'`)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var (
			id                          int64
			sessionUID, personUID, mail string
		)
		if err := rows.Scan(&id, &sessionUID, &personUID, &mail); err != nil {
			rows.Close()
			return err
		}
		_, sessionThere := sent.sequences[sessionUID]
		if (!sessionThere || !sent.people[personUID]) && !carried[[2]string{sessionUID, model.EmailKey(mail)}] {
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := q.ExecContext(ctx, `
			UPDATE invitation SET method = 'CANCEL', sequence = sequence + 1 WHERE id = ?`, id); err != nil {
			return err
		}
	}
	return nil
}

// carryRecord carries one message over (see carryOver). Its recipient is
// the restored plan's person with its person's UID and the address it
// went to, else with that address; one with that UID at another address
// now is a person whose email changed.
func carryRecord(ctx context.Context, q querier, r sentRecord) error {
	var sessionID, personID, movedID int64
	err := q.QueryRowContext(ctx, `SELECT id FROM session WHERE uid = ?`, r.uid).Scan(&sessionID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if r.personUID != "" {
		var (
			id    int64
			email string
		)
		err := q.QueryRowContext(ctx, `SELECT id, coalesce(email, '') FROM person WHERE uid = ?`, r.personUID).Scan(&id, &email)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if id != 0 && model.EmailKey(email) == model.EmailKey(r.email) {
			personID = id
		} else {
			movedID = id
		}
	}
	if personID == 0 {
		err := q.QueryRowContext(ctx, `SELECT id FROM person WHERE lower(email) = lower(?)`, r.email).Scan(&personID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	if sessionID != 0 && personID != 0 {
		_, err := q.ExecContext(ctx, `
			INSERT INTO invitation (
				session_id,
				person_id,
				sequence,
				method,
				sent_utc,
				shown
			) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (session_id, person_id) DO UPDATE SET
				sequence = excluded.sequence,
				method = excluded.method,
				sent_utc = excluded.sent_utc,
				shown = excluded.shown
			WHERE excluded.sequence > invitation.sequence`,
			sessionID, personID, r.sequence, r.method, r.sent, r.shown)
		return err
	}
	// The restored plan may keep a withdrawal of its own for the session
	// and address: the higher SEQUENCE stays.
	var kept sql.NullInt64
	err = q.QueryRowContext(ctx, `
		SELECT max(sequence) FROM withdrawn_invitation WHERE uid = ? AND lower(email) = lower(?)`,
		r.uid, r.email).Scan(&kept)
	if err != nil {
		return err
	}
	if kept.Valid && kept.Int64 >= int64(r.sequence) {
		return nil
	}
	if _, err := q.ExecContext(ctx, `
		DELETE FROM withdrawn_invitation WHERE uid = ? AND lower(email) = lower(?)`, r.uid, r.email); err != nil {
		return err
	}
	if personID == 0 {
		personID = movedID
	}
	// As recordWithdrawal keeps: a cancellation owes nothing more, and is
	// kept only to number the invitation of a session that may come back
	// for a person in the plan.
	if r.method != "REQUEST" && (personID == 0 || sessionID != 0) {
		return nil
	}
	var forumID sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT id FROM forum WHERE id = ? AND name = ?`, r.forumID, r.forumName).Scan(&forumID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return r.keepWithdrawn(ctx, q, forumID, personID)
}

// keepWithdrawn keeps the message as sent about a session or to a person
// the plan no longer has: what its cancellation will need. forumID is the
// forum's when the plan still has it; personID the person's, or 0.
func (r sentRecord) keepWithdrawn(ctx context.Context, q querier, forumID sql.NullInt64, personID int64) error {
	_, err := q.ExecContext(ctx, `
		INSERT INTO withdrawn_invitation (
			uid,
			forum_id,
			forum_name,
			city,
			timezone,
			title,
			format,
			start_utc,
			end_utc,
			room,
			status,
			description,
			roles,
			session_sequence,
			person_id,
			name,
			email,
			person_timezone,
			sequence,
			method,
			sent_utc,
			shown
		) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
		r.uid, forumID, r.forumName, r.city, r.timezone, r.title, r.format, r.start, r.end, r.room, r.status,
		r.description, r.roles, r.sessionSequence, nullIfZero(personID), r.name, r.email, r.personTimezone,
		r.sequence, r.method, r.sent, r.shown)
	return err
}
