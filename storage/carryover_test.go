package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// invitationsBy returns the invitations kept in the plan (not withdrawn),
// by person's email and session UID.
func invitationsBy(t *testing.T, s *storage.Store) map[[2]string]storage.Invitation {
	t.Helper()
	got := map[[2]string]storage.Invitation{}
	_, err := viewed(s, func(ctx context.Context, tx *storage.Tx) (any, error) {
		all, err := tx.Invitations(ctx)
		if err != nil {
			return nil, err
		}
		for _, inv := range all {
			if inv.Withdrawn != nil {
				continue
			}
			sn, err := tx.Session(ctx, inv.SessionID)
			if err != nil {
				return nil, err
			}
			p, err := tx.Person(ctx, inv.PersonID)
			if err != nil {
				return nil, err
			}
			got[[2]string{p.Email, sn.UID}] = inv
		}
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// The coordinator invites the talk's people and keeps a snapshot; then
// moves the talk, sends its people the update, adds a session and invites
// someone to it. Going back to the snapshot must not make the plan forget
// those messages: the talk's people keep their update's SEQUENCE (not the
// older one the snapshot holds), the talk's SEQUENCE ends above it, and the
// session the snapshot does not have is kept to be cancelled.
func TestARestoreKeepsWhatWasSentSinceTheSnapshot(t *testing.T) {
	ctx := context.Background()
	path, s, talk, _ := invitedSpeaker(t)
	snap, err := s.Snapshot(ctx, "before-the-move")
	if err != nil {
		t.Fatal(err)
	}
	sentAt := time.Date(2021, 11, 2, 9, 0, 0, 0, time.UTC)
	var late model.Session
	update(t, s, func(ctx context.Context, tx *storage.Tx) error {
		moved := talk
		moved.Start, moved.End = moved.Start.Add(time.Hour), moved.End.Add(time.Hour)
		if err := tx.UpdateSession(ctx, &moved); err != nil {
			return err
		}
		for _, pt := range moved.Participants {
			if err := tx.RecordInvitation(ctx, storage.Invitation{SessionID: moved.ID, PersonID: pt.PersonID,
				Sequence: moved.Sequence, Method: "REQUEST", Sent: sentAt, Shown: "moved"}); err != nil {
				return err
			}
		}
		late = model.Session{ForumID: talk.ForumID, Title: "A late addition", Format: talk.Format,
			Start: talk.Start.Add(3 * time.Hour), End: talk.End.Add(3 * time.Hour), Status: model.StatusScheduled,
			Participants: []model.Participation{{PersonID: talk.Participants[0].PersonID, Role: model.RoleSpeaker, Status: model.Invited}}}
		if err := tx.CreateSession(ctx, &late); err != nil {
			return err
		}
		return tx.RecordInvitation(ctx, storage.Invitation{SessionID: late.ID, PersonID: talk.Participants[0].PersonID,
			Sequence: 2, Method: "REQUEST", Sent: sentAt, Shown: "late"})
	})
	movedSeq := talk.Sequence + 1

	if _, err := storage.Restore(ctx, path, snap); err != nil {
		t.Fatal(err)
	}
	got := invitationsBy(t, s)
	if len(got) != 3 {
		t.Errorf("after the restore the plan keeps %d invitations, want the talk's 3: %+v", len(got), got)
	}
	for key, inv := range got {
		if key[1] != talkUID || inv.Sequence != movedSeq || inv.Shown != "moved" {
			t.Errorf("%s about %s: kept %+v; want the update, SEQUENCE %d", key[0], key[1], inv, movedSeq)
		}
	}
	restored, err := viewed(s, func(ctx context.Context, tx *storage.Tx) (model.Session, error) {
		return tx.SessionByUID(ctx, talkUID)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !restored.Start.Equal(talk.Start) || restored.Sequence <= movedSeq {
		t.Errorf("the restored talk starts %v with SEQUENCE %d; want %v, above %d", restored.Start, restored.Sequence, talk.Start, movedSeq)
	}
	kept := withdrawn(t, s)
	if len(kept) != 1 || kept[0].Withdrawn.Session.UID != late.UID || !kept[0].Withdrawn.Gone ||
		kept[0].Method != "REQUEST" || kept[0].Sequence != 2 || kept[0].PersonID == 0 {
		t.Fatalf("after the restore the plan keeps %+v; want the late session's invitation, to cancel", kept)
	}

	// Restoring the plan it replaced (kept as a snapshot) brings the late
	// session back, with its invitation, and the move with its SEQUENCE.
	list, err := storage.Snapshots(path)
	if err != nil || list[0].Reason != "restore" {
		t.Fatalf("snapshots %+v, %v", list, err)
	}
	if _, err := storage.Restore(ctx, path, list[0].Path); err != nil {
		t.Fatal(err)
	}
	if kept := withdrawn(t, s); len(kept) != 0 {
		t.Errorf("with the late session back the plan keeps %+v", kept)
	}
	got = invitationsBy(t, s)
	if inv := got[[2]string{kept[0].Withdrawn.Person.Email, late.UID}]; inv.Sequence != 2 {
		t.Errorf("the late session's invitation is %+v", inv)
	}
	back, err := viewed(s, func(ctx context.Context, tx *storage.Tx) (model.Session, error) {
		return tx.SessionByUID(ctx, talkUID)
	})
	if err != nil || back.Sequence <= restored.Sequence {
		t.Errorf("the talk moved back has SEQUENCE %d (%v); it was %d as restored", back.Sequence, err, restored.Sequence)
	}
}

// Each side keeps the higher SEQUENCE sent: a snapshot may hold a later
// message than the plan it replaces (one restored before), and the plan a
// later one than the snapshot.
func TestARestoreKeepsTheLaterMessageOfEither(t *testing.T) {
	ctx := context.Background()
	path, s, talk, _ := invitedSpeaker(t)
	record := func(person int64, seq int, shown string) {
		update(t, s, func(ctx context.Context, tx *storage.Tx) error {
			return tx.RecordInvitation(ctx, storage.Invitation{SessionID: talk.ID, PersonID: person,
				Sequence: seq, Method: "REQUEST", Sent: time.Now(), Shown: shown})
		})
	}
	a, b := talk.Participants[0].PersonID, talk.Participants[1].PersonID
	record(a, 7, "snapshot's")
	snap, err := s.Snapshot(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	record(a, 5, "plan's")
	record(b, 6, "plan's")
	if _, err := storage.Restore(ctx, path, snap); err != nil {
		t.Fatal(err)
	}
	for _, inv := range invitationsBy(t, s) {
		switch inv.PersonID {
		case a:
			if inv.Sequence != 7 || inv.Shown != "snapshot's" {
				t.Errorf("the first speaker keeps %+v; want the snapshot's SEQUENCE 7", inv)
			}
		case b:
			if inv.Sequence != 6 || inv.Shown != "plan's" {
				t.Errorf("the second speaker keeps %+v; want the plan's SEQUENCE 6", inv)
			}
		}
	}
}

// Someone forgotten after a snapshot was taken is removed from it too: a
// restore of it brings nothing of them back, not through what the plan
// carries over either.
func TestARestoreAfterForgetBringsNoTraceBack(t *testing.T) {
	ctx := context.Background()
	path, s, talk, p := invitedSpeaker(t)
	snap, err := s.Snapshot(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.DeleteSession(ctx, talk.ID, talk.Version) })
	if _, err := s.Forget(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.Restore(ctx, path, snap); err != nil {
		t.Fatal(err)
	}
	if found := filesHolding(t, path, p.Name, p.Email); len(found) > 0 {
		t.Errorf("after forget and restore: %v", found)
	}
	if got := invitationsBy(t, s); len(got) != 2 {
		t.Errorf("the restored talk has %d invitations, want the 2 not forgotten: %+v", len(got), got)
	}
	if kept := withdrawn(t, s); len(kept) != 0 {
		t.Errorf("the restored plan keeps %+v", kept)
	}
}

// A speaker deleted after the snapshot was sent the cancellation, and the
// plan kept nothing of them after. The snapshot still has them invited:
// restored, their invitation is recorded as cancelled, so the next run
// invites them again rather than take the session to be in their calendar.
func TestARestoreKnowsACancellationSentToSomeoneDeletedSince(t *testing.T) {
	ctx := context.Background()
	path, s, talk, p := invitedSpeaker(t)
	snap, err := s.Snapshot(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.DeletePerson(ctx, p.ID, p.Version) })
	kept := withdrawn(t, s)
	if len(kept) != 1 {
		t.Fatalf("after the delete the plan keeps %+v", kept)
	}
	update(t, s, func(ctx context.Context, tx *storage.Tx) error {
		inv := kept[0]
		inv.Method, inv.Sequence = "CANCEL", inv.Sequence+1
		return tx.RecordInvitation(ctx, inv)
	})
	if _, err := storage.Restore(ctx, path, snap); err != nil {
		t.Fatal(err)
	}
	got := invitationsBy(t, s)
	if inv := got[[2]string{p.Email, talkUID}]; inv.Method != "CANCEL" || inv.Sequence != talk.Sequence+1 {
		t.Errorf("%s back with the talk: %+v; want the cancellation sent, SEQUENCE %d", p.Name, inv, talk.Sequence+1)
	}
	for key, inv := range got {
		if key[0] != p.Email && inv.Method != "REQUEST" {
			t.Errorf("%s: %+v; want their invitation as it was", key[0], inv)
		}
	}
}
