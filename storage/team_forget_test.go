package storage

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/postgres"
)

// forgettableTeamPlan is a team plan with the story's people, a session
// whose description names Émile, and a snapshot kept in the database from
// before a change; the snapshots are stored as they are, not compressed,
// so that a search of the server's files would find a trace left in one.
func forgettableTeamPlan(t *testing.T) (testPlan, model.Person) {
	t.Helper()
	ctx := context.Background()
	team := teamPlanForTest(t)
	if _, err := team.pg.Admin(t).Exec(`ALTER TABLE snapshot ALTER COLUMN plan SET STORAGE EXTERNAL`); err != nil {
		t.Fatal(err)
	}
	p := storyPlan(t)
	p.Sessions[0].Description = "Chaired by Émile Zola (emile@example.org)."
	if err := team.update(ctx, func(tx *Tx) error { return write(ctx, tx, p) }); err != nil {
		t.Fatal(err)
	}
	err := team.update(ctx, func(tx *Tx) error {
		s := p.Sessions[1]
		s.Title = "Core values, imported"
		if err := tx.UpdateSession(ctx, &s); err != nil {
			return err
		}
		_, err := team.store.Snapshot(ctx, "import-sessions")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return team, p.People[0]
}

// filesWith names the files of the team plan's database that hold text.
func filesWith(t *testing.T, team testPlan, text string) []string {
	t.Helper()
	if _, err := team.pg.Admin(t).Exec(`CHECKPOINT`); err != nil {
		t.Fatal(err)
	}
	var where []string
	for name, b := range team.pg.Files(t) {
		if strings.Contains(string(b), text) {
			where = append(where, name)
		}
	}
	return where
}

// The plan's owner forgets a person: afterwards neither their name nor
// their email is in any table, in any snapshot, in any file of the
// database, or in what pg_dump writes; mentions of them read [forgotten].
func TestAForgottenPersonIsInNoTableSnapshotOrFileOfATeamPlan(t *testing.T) {
	ctx := context.Background()
	team, emile := forgettableTeamPlan(t)
	words := []string{emile.Name, emile.Email}
	if where := filesWith(t, team, emile.Email); len(where) < 3 {
		t.Fatalf("before forgetting, the email is in files %v; want the person table's, its index's and the snapshot's", where)
	}
	f, err := team.store.Forget(ctx, emile.ID)
	if err != nil {
		t.Fatalf("forget %s: %v", emile.Name, err)
	}
	if f.Participations != 1 || f.Availability != 1 || f.Mentions != 1 || len(f.Scrubbed) != 1 || len(f.Deleted) != 0 {
		t.Errorf("forget reports %+v; want 1 role, 1 window, 1 mention, 1 snapshot cleaned", f)
	}
	p := team.readPlan(t)
	if len(p.People) != 3 || p.Sessions[0].Description != "Chaired by [forgotten] ([forgotten])." {
		t.Errorf("after forget the plan holds %d people and the description %q", len(p.People), p.Sessions[0].Description)
	}
	for _, sn := range teamSnapshots(t, team) {
		kept := snapshotPlan(t, team, sn.ID)
		for _, person := range kept.People {
			if person.Email == emile.Email {
				t.Errorf("snapshot %d still holds them", sn.ID)
			}
		}
	}
	dump := string(team.pg.Dump(t))
	for _, word := range words {
		if where := filesWith(t, team, word); len(where) > 0 {
			t.Errorf("%q is still in the database's files %v", word, where)
		}
		// pg_dump writes the snapshots' bytes in hex: the look into each
		// snapshot above covers them.
		if strings.Contains(dump, word) {
			t.Errorf("%q is in pg_dump's output", word)
		}
	}
}

// A coordinator who may change the plan but does not own its tables
// forgets a person: their rows are gone, and they are told plainly that
// only the owner can have the server rewrite its files, which is still
// to do; the owner's forget does it.
func TestAForgetByACoordinatorWhoDoesNotOwnTheTeamPlanSaysTheOwnerMustFinishIt(t *testing.T) {
	ctx := context.Background()
	team, emile := forgettableTeamPlan(t)
	writer := team.pg.NewRole(t)
	if err := postgres.Grant(ctx, team.store.db, writer.Name, true); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, team.pg.URL(writer), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Forget(ctx, emile.ID)
	if !errors.Is(err, ErrNotRewritten) || !strings.Contains(err.Error(), team.pg.Owner.Name) {
		t.Fatalf("forget by a writer who does not own the plan: %v; want ErrNotRewritten naming the owner", err)
	}
	if p := team.readPlan(t); len(p.People) != 3 {
		t.Errorf("the writer's forget left %d people, want 3", len(p.People))
	}
	if where := filesWith(t, team, emile.Email); len(where) == 0 {
		t.Error("without the owner's rewrite the email is in no file: the test cannot tell a rewrite from none")
	}
	if err := team.store.RewriteTeamFiles(ctx); err != nil {
		t.Fatal(err)
	}
	if where := filesWith(t, team, emile.Email); len(where) > 0 {
		t.Errorf("after the owner's rewrite the email is still in files %v", where)
	}
}

// A person deleted from a team plan after an invitation was sent to them
// is kept, name and address, only for its cancellation; forget finds them
// there, and afterwards the plan keeps nothing of them and owes them no
// cancellation.
func TestAPersonDeletedAfterAnInvitationIsForgottenFromATeamPlan(t *testing.T) {
	ctx := context.Background()
	team, emile := forgettableTeamPlan(t)
	p := team.readPlan(t)
	err := team.update(ctx, func(tx *Tx) error {
		if err := tx.RecordInvitation(ctx, Invitation{SessionID: p.Sessions[0].ID, PersonID: emile.ID, Sequence: 1,
			Method: "REQUEST", Sent: time.Date(2021, 11, 2, 9, 0, 0, 0, time.UTC), Shown: "invited"}); err != nil {
			return err
		}
		return tx.DeletePerson(ctx, emile.ID, emile.Version)
	})
	if err != nil {
		t.Fatal(err)
	}
	var deleted []model.Person
	err = team.view(ctx, func(tx *Tx) (err error) {
		deleted, err = tx.FindDeletedPeople(ctx, emile.Email)
		return err
	})
	if err != nil || len(deleted) != 1 {
		t.Fatalf("the plan keeps %+v (%v) of the deleted person; want her, for the cancellation", deleted, err)
	}
	f, err := team.store.ForgetDeleted(ctx, deleted[0])
	if err != nil {
		t.Fatal(err)
	}
	if f.Invitations != 1 || f.Mentions != 1 {
		t.Errorf("forget reports %+v; want the 1 record kept for her and 1 mention", f)
	}
	var kept []Invitation
	err = team.view(ctx, func(tx *Tx) (err error) {
		kept, err = tx.Invitations(ctx)
		return err
	})
	if err != nil || len(kept) != 0 {
		t.Errorf("after forget the plan keeps invitations %+v (%v)", kept, err)
	}
	if where := filesWith(t, team, emile.Email); len(where) > 0 {
		t.Errorf("her email is still in the database's files %v", where)
	}
}
