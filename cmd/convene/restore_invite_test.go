package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// The coordinator invites IGF 2021 and a snapshot is kept; then the talk
// moves an hour and a session is added, and both go out. Going back to the
// snapshot, the next run moves the talk back in its people's calendars
// with a SEQUENCE above the move's (one at or below it would be ignored),
// and cancels the added session, which the restored plan does not have;
// the run after sends nothing.
//
// A plan file only, for now: it restores a snapshot from the folder beside
// the plan; a team plan's restore is being built beside this.
func TestARestoreLeavesNoGhostsAndItsUpdatesAreTaken(t *testing.T) {
	plan, server, env, _ := invited(t, "--forum", "IGF 2021")
	snapshotPlan(t, plan)
	changePlan(t, plan, func(ctx context.Context, tx *storage.Tx) error {
		talk, err := tx.SessionByUID(ctx, talkUID)
		if err != nil {
			return err
		}
		helen, err := tx.PersonByEmail(ctx, "helen.marsh@example.com")
		if err != nil {
			return err
		}
		added := model.Session{ForumID: talk.ForumID, Title: "Labelling schemes: a late addition", Format: talk.Format,
			Start: talk.Start.Add(4 * time.Hour), End: talk.End.Add(4 * time.Hour), Room: talk.Room,
			Status: model.StatusScheduled, Organisers: talk.Organisers,
			Participants: []model.Participation{{PersonID: helen.ID, Role: model.RoleSpeaker, Status: model.Invited}}}
		if err := tx.CreateSession(ctx, &added); err != nil {
			return err
		}
		talk.Start, talk.End = talk.Start.Add(time.Hour), talk.End.Add(time.Hour)
		return tx.UpdateSession(ctx, &talk)
	})
	invite := []string{"invite", "--forum", "IGF 2021", "--db", plan}
	r := convene(t, env, invite...)
	if r.code != 0 || !strings.Contains(r.stdout, "sent 1 invitation, 3 updates and 0 cancellations") {
		t.Fatalf("after the move: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	got := server.Received(t)
	moved := checkLetters(t, got[len(got)-4:], "REQUEST")
	movedSeq := 0
	for _, l := range moved {
		if e := l.ICalJS.Events[0]; e.UID == talkUID {
			movedSeq = max(movedSeq, e.Sequence)
		}
	}

	if r := convene(t, nil, "restore", "1", "--db", plan); r.code != 0 ||
		!strings.Contains(r.stdout, "What the plan it replaced sent by email is kept (") || !strings.Contains(r.stdout, "'convene invite' sends") {
		t.Fatalf("restore does not say the messages sent are kept: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = convene(t, env, invite...)
	if r.code != 0 || !strings.Contains(r.stdout, "sent 0 invitations, 3 updates and 1 cancellation") {
		t.Fatalf("after the restore: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	got = server.Received(t)
	after := got[len(got)-4:]
	// The updates come first, session by session, then what was withdrawn.
	for i, l := range checkLetters(t, after[:3], "REQUEST") {
		if e := l.ICalJS.Events[0]; e.UID != talkUID || e.Sequence <= movedSeq {
			t.Errorf("%s is sent %s with SEQUENCE %d; the move of the talk had %d", after[i].Rcpt[0], e.UID, e.Sequence, movedSeq)
		}
	}
	cancel := checkLetters(t, after[3:], "CANCEL")
	if e := cancel[0].ICalJS.Events[0]; after[3].Rcpt[0] != "helen.marsh@example.com" || e.Summary != "Labelling schemes: a late addition" {
		t.Errorf("%s is sent the cancellation of %q", after[3].Rcpt[0], e.Summary)
	}
	if r := convene(t, env, invite...); r.code != 0 || !strings.Contains(r.stdout, "nothing to send") {
		t.Errorf("a run after: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
