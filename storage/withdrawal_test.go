package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/sample"
)

const talkUID = "sample-2021-igf-software-update@convene"

// inviteTalk records an invitation sent to each of the software-update
// talk's three people, as a run of invite would, and returns the talk.
func inviteTalk(t *testing.T, s *storage.Store) model.Session {
	t.Helper()
	ctx := context.Background()
	var talk model.Session
	err := s.Update(ctx, func(tx *storage.Tx) (err error) {
		if talk, err = tx.SessionByUID(ctx, talkUID); err != nil {
			return err
		}
		for _, pt := range talk.Participants {
			inv := storage.Invitation{SessionID: talk.ID, PersonID: pt.PersonID, Sequence: talk.Sequence,
				Method: "REQUEST", Sent: time.Date(2021, 11, 1, 9, 0, 0, 0, time.UTC), Shown: "as invited"}
			if err := tx.RecordInvitation(ctx, inv); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(talk.Participants) != 3 {
		t.Fatalf("the sample talk has %d people, want 3", len(talk.Participants))
	}
	return talk
}

// invitedSpeaker is the sample plan with the talk's people invited, and
// the first of them.
func invitedSpeaker(t *testing.T) (path string, s *storage.Store, talk model.Session, p model.Person) {
	t.Helper()
	path = samplePlan(t)
	s = openPlan(t, path)
	talk = inviteTalk(t, s)
	p, err := viewed(s, func(ctx context.Context, tx *storage.Tx) (model.Person, error) {
		return tx.Person(ctx, talk.Participants[0].PersonID)
	})
	if err != nil {
		t.Fatal(err)
	}
	return path, s, talk, p
}

// withdrawn returns the invitations the plan keeps for deleted sessions or
// people.
func withdrawn(t *testing.T, s *storage.Store) []storage.Invitation {
	t.Helper()
	all, err := viewed(s, func(ctx context.Context, tx *storage.Tx) ([]storage.Invitation, error) { return tx.Invitations(ctx) })
	if err != nil {
		t.Fatal(err)
	}
	var out []storage.Invitation
	for _, inv := range all {
		if inv.Withdrawn != nil {
			out = append(out, inv)
		}
	}
	return out
}

func update(t *testing.T, s *storage.Store, fn func(ctx context.Context, tx *storage.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := s.Update(ctx, func(tx *storage.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

// A talk deleted after its people were invited leaves what its
// cancellation needs: the talk as they were sent it, and to whom.
func TestADeletedSessionKeepsWhatItsCancellationNeeds(t *testing.T) {
	forEachSamplePlan(t, aDeletedSessionKeepsWhatItsCancellationNeeds)
}

func aDeletedSessionKeepsWhatItsCancellationNeeds(t *testing.T, s *storage.Store) {
	talk := inviteTalk(t, s)
	forum, err := viewed(s, func(ctx context.Context, tx *storage.Tx) (model.Forum, error) { return tx.Forum(ctx, talk.ForumID) })
	if err != nil {
		t.Fatal(err)
	}
	update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.DeleteSession(ctx, talk.ID, talk.Version) })

	kept := withdrawn(t, s)
	if len(kept) != 3 {
		t.Fatalf("the plan keeps %d invitations of the deleted talk, want 3: %+v", len(kept), kept)
	}
	for i, inv := range kept {
		w := inv.Withdrawn
		if inv.SessionID != 0 || inv.PersonID != talk.Participants[i].PersonID && inv.PersonID == 0 ||
			inv.Method != "REQUEST" || inv.Sequence != talk.Sequence || !w.Gone ||
			w.Session.UID != talkUID || w.Session.Title != talk.Title || !w.Session.Start.Equal(talk.Start) ||
			!w.Session.End.Equal(talk.End) || w.Session.Sequence != talk.Sequence ||
			w.Forum.ID != forum.ID || w.Forum.Name != forum.Name || w.Forum.Zone.String() != forum.Zone.String() ||
			w.Person.Email == "" || w.Person.Zone == nil || len(w.Roles) == 0 {
			t.Errorf("kept %+v with %+v", inv, *w)
		}
	}

	// Its cancellation sent, the record says so, and nothing more is owed.
	update(t, s, func(ctx context.Context, tx *storage.Tx) error {
		inv := kept[0]
		inv.Method, inv.Sequence, inv.Sent = "CANCEL", talk.Sequence+1, time.Now()
		return tx.RecordInvitation(ctx, inv)
	})
	kept = withdrawn(t, s)
	if len(kept) != 3 || kept[0].Method != "CANCEL" || kept[0].Sequence != talk.Sequence+1 || kept[1].Method != "REQUEST" {
		t.Errorf("after one cancellation the plan keeps %+v", kept)
	}
}

// Undo puts a deleted talk back with its UID: what was sent about it comes
// back with it, a cancellation sent meanwhile too.
func TestASessionThatComesBackTakesBackWhatWasSentAboutIt(t *testing.T) {
	forEachSamplePlan(t, aSessionThatComesBackTakesBackWhatWasSentAboutIt)
}

func aSessionThatComesBackTakesBackWhatWasSentAboutIt(t *testing.T, s *storage.Store) {
	talk := inviteTalk(t, s)
	update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.DeleteSession(ctx, talk.ID, talk.Version) })
	kept := withdrawn(t, s)
	update(t, s, func(ctx context.Context, tx *storage.Tx) error {
		inv := kept[0]
		inv.Method, inv.Sequence = "CANCEL", talk.Sequence+1
		return tx.RecordInvitation(ctx, inv)
	})

	back := talk
	back.ID = 0
	update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.CreateSession(ctx, &back) })
	if kept := withdrawn(t, s); len(kept) != 0 {
		t.Errorf("with the talk back, the plan still keeps %+v", kept)
	}
	for i, pt := range talk.Participants {
		inv, err := viewed(s, func(ctx context.Context, tx *storage.Tx) (storage.Invitation, error) {
			return tx.InvitationTo(ctx, back.ID, pt.PersonID)
		})
		want := "REQUEST"
		if pt.PersonID == kept[0].PersonID {
			want = "CANCEL"
		}
		if err != nil || inv.Method != want {
			t.Errorf("participant %d: %+v, %v; want the %s sent last", i, inv, err, want)
		}
	}
}

// A forum deleted takes its sessions with it; their invitations are kept
// as for a session deleted alone, without the forum's ID.
func TestAForumDeletedKeepsItsSessionsInvitations(t *testing.T) {
	forEachSamplePlan(t, aForumDeletedKeepsItsSessionsInvitations)
}

func aForumDeletedKeepsItsSessionsInvitations(t *testing.T, s *storage.Store) {
	talk := inviteTalk(t, s)
	update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.DeleteForum(ctx, talk.ForumID) })
	kept := withdrawn(t, s)
	if len(kept) != 3 {
		t.Fatalf("the plan keeps %d invitations, want the talk's 3", len(kept))
	}
	for _, inv := range kept {
		if w := inv.Withdrawn; w.Forum.ID != 0 || w.Forum.Name != "IGF 2021" || w.Forum.Zone.String() != "Europe/Warsaw" {
			t.Errorf("kept the forum as %+v", w.Forum)
		}
	}
}

// A person deleted (not forgotten) is taken off the talk: what their
// calendar needs to drop it is kept, and comes back to them with their
// email should they come back.
func TestADeletedPersonKeepsTheirInvitationsUntilCancelled(t *testing.T) {
	forEachSamplePlan(t, aDeletedPersonKeepsTheirInvitationsUntilCancelled)
}

func aDeletedPersonKeepsTheirInvitationsUntilCancelled(t *testing.T, s *storage.Store) {
	talk := inviteTalk(t, s)
	p, err := viewed(s, func(ctx context.Context, tx *storage.Tx) (model.Person, error) {
		return tx.Person(ctx, talk.Participants[0].PersonID)
	})
	if err != nil {
		t.Fatal(err)
	}
	update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.DeletePerson(ctx, p.ID, p.Version) })
	kept := withdrawn(t, s)
	if len(kept) != 1 || kept[0].PersonID != 0 || kept[0].SessionID != talk.ID || kept[0].Withdrawn.Gone ||
		kept[0].Withdrawn.Person.Email != p.Email || kept[0].Method != "REQUEST" {
		t.Fatalf("after deleting %s the plan keeps %+v", p.Name, kept)
	}

	// They come back (Undo): the invitation is theirs again.
	back := p
	back.ID = 0
	update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.CreatePerson(ctx, &back) })
	if kept := withdrawn(t, s); len(kept) != 0 {
		t.Errorf("with %s back, the plan still keeps %+v", p.Name, kept)
	}
	if inv, err := viewed(s, func(ctx context.Context, tx *storage.Tx) (storage.Invitation, error) {
		return tx.InvitationTo(ctx, talk.ID, back.ID)
	}); err != nil || inv.Method != "REQUEST" {
		t.Errorf("%s back: %+v, %v", p.Name, inv, err)
	}

	// Deleted again and cancelled: their address is not kept after.
	update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.DeletePerson(ctx, back.ID, back.Version) })
	kept = withdrawn(t, s)
	update(t, s, func(ctx context.Context, tx *storage.Tx) error {
		inv := kept[0]
		inv.Method, inv.Sequence = "CANCEL", inv.Sequence+1
		return tx.RecordInvitation(ctx, inv)
	})
	if kept := withdrawn(t, s); len(kept) != 0 {
		t.Errorf("after their cancellation the plan keeps %+v", kept)
	}
}

// Forgetting someone invited to a talk deleted since removes what was kept
// for their cancellation, to the last byte: they are owed nothing more.
func TestForgetReachesTheInvitationsOfADeletedSession(t *testing.T) {
	ctx := context.Background()
	path, s, talk, p := invitedSpeaker(t)
	update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.DeleteSession(ctx, talk.ID, talk.Version) })
	got, err := s.Forget(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Invitations != 1 || len(got.Lingering) > 0 {
		t.Errorf("forget reports %+v; want 1 invitation and no traces", got)
	}
	kept := withdrawn(t, s)
	if len(kept) != 2 {
		t.Errorf("after forgetting %s the plan keeps %d invitations of the talk, want the other 2", p.Name, len(kept))
	}
	for _, inv := range kept {
		if inv.Withdrawn.Person.Email == p.Email {
			t.Errorf("the plan still keeps a cancellation for %s", p.Name)
		}
	}
	if found := filesHolding(t, path, p.Name, p.Email); len(found) > 0 {
		t.Errorf("after forget: %v", found)
	}
}

// demo --force empties the plan and fills it again: the sessions and
// people that come back take back what was sent to them, so nothing is
// cancelled or sent again.
func TestAPlanEmptiedAndFilledAgainOwesNoCancellation(t *testing.T) {
	forEachSamplePlan(t, aPlanEmptiedAndFilledAgainOwesNoCancellation)
}

func aPlanEmptiedAndFilledAgainOwesNoCancellation(t *testing.T, s *storage.Store) {
	inviteTalk(t, s)
	update(t, s, func(ctx context.Context, tx *storage.Tx) error {
		if err := tx.Clear(ctx); err != nil {
			return err
		}
		return sample.Load(ctx, tx)
	})
	if kept := withdrawn(t, s); len(kept) != 0 {
		t.Errorf("the plan filled again keeps %+v", kept)
	}
	all, err := viewed(s, func(ctx context.Context, tx *storage.Tx) ([]storage.Invitation, error) { return tx.Invitations(ctx) })
	if err != nil || len(all) != 3 {
		t.Errorf("the plan filled again has the invitations %+v, %v; want the talk's 3", all, err)
	}
}

// A person's email changes after their invitation: the old address is
// kept for its cancellation, under their record, so forgetting them
// reaches it too.
func TestAnEmailChangedAfterAnInvitationKeepsTheOldAddressForItsCancellation(t *testing.T) {
	ctx := context.Background()
	path, s, talk, p := invitedSpeaker(t)
	old := p.Email
	p.Email = "new.address@example.net"
	update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.UpdatePerson(ctx, &p) })
	kept := withdrawn(t, s)
	if len(kept) != 1 || kept[0].PersonID != p.ID || kept[0].SessionID != talk.ID || !kept[0].Withdrawn.Moved ||
		kept[0].Withdrawn.Person.Email != old {
		t.Fatalf("after the change the plan keeps %+v", kept)
	}
	if _, err := viewed(s, func(ctx context.Context, tx *storage.Tx) (storage.Invitation, error) {
		return tx.InvitationTo(ctx, talk.ID, p.ID)
	}); err == nil {
		t.Error("the new address counts as invited already")
	}
	if _, err := s.Forget(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if kept := withdrawn(t, s); len(kept) != 0 {
		t.Errorf("after forget the plan keeps %+v", kept)
	}
	if found := filesHolding(t, path, old, p.Email); len(found) > 0 {
		t.Errorf("after forget: %v", found)
	}
}

// viewed reads one thing from the plan in a read transaction.
func viewed[T any](s *storage.Store, read func(context.Context, *storage.Tx) (T, error)) (T, error) {
	ctx := context.Background()
	var out T
	err := s.View(ctx, func(tx *storage.Tx) (err error) { out, err = read(ctx, tx); return err })
	return out, err
}

// A speaker invited to the talk is deleted from the plan (not forgotten),
// and asks later to be forgotten: the plan holds their name and address
// only in what it keeps to cancel their invitation, and a snapshot from
// before holds their record. Forget finds them by name there, and leaves
// nothing of them in any file.
func TestForgetFindsAPersonDeletedAfterTheirInvitation(t *testing.T) {
	ctx := context.Background()
	path, s, _, p := invitedSpeaker(t)
	if _, err := s.Snapshot(ctx, "before-delete"); err != nil {
		t.Fatal(err)
	}
	update(t, s, func(ctx context.Context, tx *storage.Tx) error { return tx.DeletePerson(ctx, p.ID, p.Version) })
	if _, err := s.Snapshot(ctx, "after-delete"); err != nil {
		t.Fatal(err)
	}
	if found := filesHolding(t, path, p.Email); len(found) < 2 {
		t.Fatalf("the test needs the deleted person in the plan and snapshots: %v", found)
	}
	deleted, err := viewed(s, func(ctx context.Context, tx *storage.Tx) ([]model.Person, error) {
		return tx.FindDeletedPeople(ctx, p.Name)
	})
	if err != nil || len(deleted) != 1 || deleted[0].Email != p.Email || deleted[0].ID != 0 {
		t.Fatalf("find %q among the deleted: %+v, %v", p.Name, deleted, err)
	}
	got, err := s.ForgetDeleted(ctx, deleted[0])
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != p.Name || got.Invitations != 1 || len(got.Scrubbed) != 2 || len(got.Deleted) != 0 || len(got.Lingering) != 0 {
		t.Errorf("forget reports %+v; want their 1 record gone and 2 snapshots cleaned", got)
	}
	for _, inv := range withdrawn(t, s) {
		if inv.Withdrawn.Person.Email == p.Email {
			t.Errorf("the plan still keeps a cancellation for %s", p.Name)
		}
	}
	if found := filesHolding(t, path, p.Name, p.Email); len(found) > 0 {
		t.Errorf("after forget: %v", found)
	}
	if again, err := viewed(s, func(ctx context.Context, tx *storage.Tx) ([]model.Person, error) {
		return tx.FindDeletedPeople(ctx, p.Email)
	}); err != nil || len(again) != 0 {
		t.Errorf("after forget, the deleted people with their email: %+v, %v", again, err)
	}
}
