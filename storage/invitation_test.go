package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// Inviting the same person to the same session again replaces what the plan
// remembers of the first message; the sender stays from one run to the next.
func TestThePlanRemembersTheLastMessageSentToEachPersonAboutEachSession(t *testing.T) {
	forEachSamplePlan(t, thePlanRemembersTheLastMessageSentToEachPersonAboutEachSession)
}

func thePlanRemembersTheLastMessageSentToEachPersonAboutEachSession(t *testing.T, s *storage.Store) {
	ctx := context.Background()
	var sessions []model.Session
	err := s.View(ctx, func(tx *storage.Tx) (err error) {
		sessions, err = tx.Sessions(ctx, storage.SessionFilter{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	session, person := sessions[0].ID, sessions[0].Participants[0].PersonID
	var _ storage.Invitation
	if err := s.View(ctx, func(tx *storage.Tx) (err error) { _, err = tx.InvitationTo(ctx, session, person); return err }); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("before any invitation: %v, want not found", err)
	}
	var from string
	if err := s.View(ctx, func(tx *storage.Tx) (err error) { from, err = tx.InvitationSender(ctx); return err }); from != "" || err != nil {
		t.Fatalf("a new plan has sender %q, %v", from, err)
	}
	sent := time.Date(2021, 11, 1, 9, 30, 0, 0, time.UTC)
	err = s.Update(ctx, func(tx *storage.Tx) error {
		for _, inv := range []storage.Invitation{
			{SessionID: session, PersonID: person, Sequence: 0, Method: "REQUEST", Sent: sent, Shown: "first"},
			{SessionID: session, PersonID: person, Sequence: 2, Method: "CANCEL", Sent: sent.Add(time.Hour), Shown: "second"},
		} {
			if err := tx.RecordInvitation(ctx, inv); err != nil {
				return err
			}
		}
		return tx.SetInvitationSender(ctx, "Coordinator <dc-iot@example.org>")
	})
	if err != nil {
		t.Fatal(err)
	}
	var got storage.Invitation
	err = s.View(ctx, func(tx *storage.Tx) (err error) {
		got, err = tx.InvitationTo(ctx, session, person)
		return err
	})
	want := storage.Invitation{SessionID: session, PersonID: person, Sequence: 2, Method: "CANCEL", Sent: sent.Add(time.Hour), Shown: "second"}
	if err != nil || got != want {
		t.Errorf("the plan remembers %+v, %v; want %+v", got, err, want)
	}
	var all []storage.Invitation
	if err := s.View(ctx, func(tx *storage.Tx) (err error) { all, err = tx.Invitations(ctx); return err }); err != nil || len(all) != 1 {
		t.Errorf("invitations %+v, %v; want the one last sent", all, err)
	}
	if err := s.View(ctx, func(tx *storage.Tx) (err error) { from, err = tx.InvitationSender(ctx); return err }); from != "Coordinator <dc-iot@example.org>" || err != nil {
		t.Errorf("sender %q, %v", from, err)
	}
}
