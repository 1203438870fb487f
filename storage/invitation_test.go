package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/convene-planner/convene/storage"
)

// Inviting the same person to the same session again replaces what the plan
// remembers of the first message; the sender stays from one run to the next.
func TestThePlanRemembersTheLastMessageSentToEachPersonAboutEachSession(t *testing.T) {
	ctx := context.Background()
	s := openPlan(t, samplePlan(t))
	sessions, err := s.Sessions(ctx, storage.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	session, person := sessions[0].ID, sessions[0].Participants[0].PersonID
	if _, err := s.InvitationTo(ctx, session, person); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("before any invitation: %v, want not found", err)
	}
	if from, err := s.InvitationSender(ctx); from != "" || err != nil {
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
	got, err := s.InvitationTo(ctx, session, person)
	want := storage.Invitation{SessionID: session, PersonID: person, Sequence: 2, Method: "CANCEL", Sent: sent.Add(time.Hour), Shown: "second"}
	if err != nil || got != want {
		t.Errorf("the plan remembers %+v, %v; want %+v", got, err, want)
	}
	if all, err := s.Invitations(ctx); err != nil || len(all) != 1 {
		t.Errorf("invitations %+v, %v; want the one last sent", all, err)
	}
	if from, err := s.InvitationSender(ctx); from != "Coordinator <dc-iot@example.org>" || err != nil {
		t.Errorf("sender %q, %v", from, err)
	}
}
