package imip_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/imip"
	"github.com/convene-planner/convene/storage/imip/imiptest"
	"github.com/convene-planner/convene/storage/sample"
)

// deliverAll decides and sends what a run for the plan sends through the
// server, calling each after every message as the command does.
func deliverAll(t *testing.T, s *storage.Store, server *imiptest.Server, each func(done int, o *imip.Outgoing)) imip.Delivery {
	t.Helper()
	ctx := context.Background()
	var (
		plan *model.Plan
		sent []storage.Invitation
	)
	err := s.View(ctx, func(tx *storage.Tx) (err error) {
		if plan, err = tx.Plan(ctx); err != nil {
			return err
		}
		sent, err = tx.Invitations(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var talk model.Session
	for _, sn := range plan.Sessions {
		if sn.UID == "sample-2021-igf-software-update@convene" {
			talk = sn
		}
	}
	scope := imip.Scope{ForumID: talk.ForumID}
	out, _ := imip.Decide(plan, sent, coordinator, scope, time.Now())
	srv, err := imip.ParseServer(server.URL("smtp", ""))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := imip.Dial(ctx, srv, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	d, err := imip.Deliver(ctx, s, conn, out, coordinator.Email, func(done int, o *imip.Outgoing, _ error) {
		if each != nil {
			each(done, o)
		}
	})
	if err != nil {
		t.Fatalf("the run stopped after %d messages: %v", d.Total(), err)
	}
	return d
}

// The coordinator invites the software-update talk's people while, in the
// app, a colleague deletes Helen Marsh and then the talk itself, each just
// before her message and the next go. Those messages are in calendars: the
// run goes on, says so, and keeps them, so the next run cancels all three.
func TestASessionOrPersonDeletedWhileInvitationsAreSentIsCancelledNextRun(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dc-iot.convene")
	s, err := storage.Open(ctx, path, storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	change := func(fn func(ctx context.Context, tx *storage.Tx) error) {
		if err := s.Update(ctx, func(tx *storage.Tx) error { return fn(ctx, tx) }); err != nil {
			t.Fatal(err)
		}
	}
	change(func(ctx context.Context, tx *storage.Tx) error { return sample.Load(ctx, tx) })
	// The talk is the one session left, so the run is its people's.
	change(func(ctx context.Context, tx *storage.Tx) error {
		plan, err := tx.Plan(ctx)
		if err != nil {
			return err
		}
		for _, sn := range plan.Sessions {
			if sn.UID != "sample-2021-igf-software-update@convene" {
				if err := tx.DeleteSession(ctx, sn.ID, sn.Version); err != nil {
					return err
				}
			}
		}
		return nil
	})
	server := imiptest.Start(t, imiptest.Options{})
	var order []string
	d := deliverAll(t, s, server, func(done int, o *imip.Outgoing) {
		order = append(order, o.Invitation.Attendee.Email)
		switch done {
		case 1: // the second message goes to someone deleted just now
			change(func(ctx context.Context, tx *storage.Tx) error {
				p, err := tx.Person(ctx, nextPerson(t, ctx, tx, o))
				if err != nil {
					return err
				}
				return tx.DeletePerson(ctx, p.ID, p.Version)
			})
		case 2: // the third, about a session deleted just now
			change(func(ctx context.Context, tx *storage.Tx) error {
				talk, err := tx.Session(ctx, o.Invitation.Session.ID)
				if err != nil {
					return err
				}
				return tx.DeleteSession(ctx, talk.ID, talk.Version)
			})
		}
	})
	if d.Total() != 3 || len(d.Withdrawn) != 2 {
		t.Fatalf("the run sent %d messages and kept %d as withdrawn; want 3 and 2", d.Total(), len(d.Withdrawn))
	}
	if n := len(server.Received(t)); n != 3 {
		t.Fatalf("the server took %d messages, want 3", n)
	}

	d = deliverAll(t, s, server, nil)
	got := server.Received(t)[3:]
	if d.Total() != 3 || d.Sent[imip.Cancel] != 3 || len(got) != 3 {
		t.Fatalf("the next run sent %v, the server took %d; want 3 cancellations", d.Sent, len(got))
	}
	var to []string
	for i, l := range imiptest.ReadLetters(t, got[0].Path, got[1].Path, got[2].Path) {
		to = append(to, got[i].Rcpt[0])
		if l.Calendar == nil || l.Calendar.Method != "CANCEL" {
			t.Errorf("message to %s is not a cancellation: %+v", got[i].Rcpt[0], l.Calendar)
		}
	}
	slices.Sort(to)
	slices.Sort(order)
	if !slices.Equal(to, order) {
		t.Errorf("the cancellations went to %v; the invitations to %v", to, order)
	}
	if d := deliverAll(t, s, server, nil); d.Total() != 0 {
		t.Errorf("a third run sent %v", d.Sent)
	}
}

// nextPerson is the ID of the talk's person who is sent a message after o's
// recipient, by the order Decide gives: the next participant by role.
func nextPerson(t *testing.T, ctx context.Context, tx *storage.Tx, o *imip.Outgoing) int64 {
	t.Helper()
	talk, err := tx.Session(ctx, o.Invitation.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, pt := range talk.Participants {
		if pt.PersonID == o.PersonID {
			for _, next := range talk.Participants[i+1:] {
				if next.PersonID != o.PersonID {
					return next.PersonID
				}
			}
		}
	}
	t.Fatal("no one is sent a message after the first")
	return 0
}
