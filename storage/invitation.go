package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Invitation is the last message sent to a person about a session.
type Invitation struct {
	SessionID, PersonID int64
	Sequence            int    // the SEQUENCE the message carried
	Method              string // REQUEST or CANCEL
	Sent                time.Time
	// Shown identifies what the message showed of the session, so a later
	// change the recipient's calendar would show can be told from one it
	// would not.
	Shown string
	// Withdrawn is set when the session or the person has been deleted,
	// or the person's email changed, since: what the plan kept to cancel
	// the message.
	Withdrawn *Withdrawn
}

// Invitations returns the last message sent about each session to each
// person, ordered by session and person, then those whose session or person
// has been deleted, or whose person's email changed, since (see Withdrawn).
func (r reader) Invitations(ctx context.Context) ([]Invitation, error) {
	rows, err := r.q.QueryContext(ctx, `
		SELECT
			session_id,
			person_id,
			sequence,
			method,
			sent_utc,
			shown
		FROM invitation
		ORDER BY session_id, person_id`)
	if err != nil {
		return nil, fmt.Errorf("read the invitations sent: %w", err)
	}
	defer rows.Close()
	var list []Invitation
	for rows.Next() {
		var (
			inv  Invitation
			sent int64
		)
		if err := rows.Scan(&inv.SessionID, &inv.PersonID, &inv.Sequence, &inv.Method, &sent, &inv.Shown); err != nil {
			return nil, fmt.Errorf("read the invitations sent: %w", err)
		}
		inv.Sent = unixTime(sent)
		list = append(list, inv)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the invitations sent: %w", err)
	}
	withdrawn, err := r.withdrawals(ctx)
	return append(list, withdrawn...), err
}

// InvitationTo returns the last message sent to the person about the
// session, or ErrNotFound when none was.
func (r reader) InvitationTo(ctx context.Context, sessionID, personID int64) (Invitation, error) {
	inv := Invitation{SessionID: sessionID, PersonID: personID}
	var sent int64
	err := r.q.QueryRowContext(ctx, `
		SELECT
			sequence,
			method,
			sent_utc,
			shown
		FROM invitation
		WHERE session_id = $1 AND person_id = $2`, sessionID, personID).
		Scan(&inv.Sequence, &inv.Method, &sent, &inv.Shown)
	if errors.Is(err, sql.ErrNoRows) {
		return inv, fmt.Errorf("invitation to person %d about session %d: %w", personID, sessionID, ErrNotFound)
	}
	if err != nil {
		return inv, fmt.Errorf("read the invitation to person %d about session %d: %w", personID, sessionID, err)
	}
	inv.Sent = unixTime(sent)
	return inv, nil
}

// RecordInvitation keeps inv as the last message sent to its person about
// its session, in place of the one before.
func (tx *Tx) RecordInvitation(ctx context.Context, inv Invitation) error {
	if inv.Withdrawn != nil {
		return tx.recordWithdrawal(ctx, inv)
	}
	_, err := tx.q.ExecContext(ctx, `
		INSERT INTO invitation (
			session_id,
			person_id,
			sequence,
			method,
			sent_utc,
			shown
		) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (session_id, person_id) DO UPDATE SET
			sequence = excluded.sequence,
			method = excluded.method,
			sent_utc = excluded.sent_utc,
			shown = excluded.shown`,
		inv.SessionID, inv.PersonID, inv.Sequence, inv.Method, inv.Sent.Unix(), inv.Shown)
	if err != nil {
		return fmt.Errorf("record the invitation to person %d about session %d: %w", inv.PersonID, inv.SessionID, err)
	}
	return nil
}

// InvitationSender returns the address the plan's invitations come from,
// or "" when none has been sent.
func (r reader) InvitationSender(ctx context.Context) (string, error) {
	var address string
	err := r.q.QueryRowContext(ctx, `SELECT address FROM invitation_sender WHERE id = 1`).Scan(&address)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the invitations' sender: %w", err)
	}
	return address, nil
}

// SetInvitationSender makes address the one the plan's invitations come from.
func (tx *Tx) SetInvitationSender(ctx context.Context, address string) error {
	_, err := tx.q.ExecContext(ctx, `
		INSERT INTO invitation_sender (id, address) VALUES (1, $1)
		ON CONFLICT (id) DO UPDATE SET address = excluded.address`, address)
	if err != nil {
		return fmt.Errorf("set the invitations' sender: %w", err)
	}
	return nil
}
