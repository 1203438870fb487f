package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// teamSnapshots lists a team plan's snapshots, failing the test on error.
func teamSnapshots(t *testing.T, b testPlan) []SnapshotInfo {
	t.Helper()
	list, err := b.store.TeamSnapshots(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// snapshotPlan reads the plan a team plan's snapshot holds, as a file.
func snapshotPlan(t *testing.T, b testPlan, id int64) *model.Plan {
	t.Helper()
	ctx := context.Background()
	var bytes []byte
	err := b.view(ctx, func(tx *Tx) error {
		return tx.q.QueryRowContext(ctx, `SELECT plan FROM snapshot WHERE id = $1`, id).Scan(&bytes)
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "snapshot.convene")
	if err := os.WriteFile(path, bytes, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := checkSnapshot(ctx, path); err != nil {
		t.Fatalf("snapshot %d is not a whole plan file: %v", id, err)
	}
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return testPlan{name: "snapshot", view: s.View, store: s}.readPlan(t)
}

// An import into a team plan keeps, in the plan's database, a snapshot of
// the plan as it was before; an import that is refused, or that changes
// nothing, keeps none; and only the newest KeptSnapshots stay.
func TestATeamPlansImportKeepsASnapshotOfThePlanBeforeItInItsDatabase(t *testing.T) {
	ctx := context.Background()
	team := teamPlanForTest(t)
	p := storyPlan(t)
	if err := team.update(ctx, func(tx *Tx) error { return write(ctx, tx, p) }); err != nil {
		t.Fatal(err)
	}
	before := team.readPlan(t)
	rename := func(title string) func(tx *Tx) error {
		return func(tx *Tx) error {
			s, err := tx.Session(ctx, p.Sessions[0].ID)
			if err != nil {
				return err
			}
			s.Title = title
			if err := tx.UpdateSession(ctx, &s); err != nil {
				return err
			}
			_, err = team.store.Snapshot(ctx, "import sessions")
			return err
		}
	}
	if err := team.update(ctx, rename("Renamed by an import")); err != nil {
		t.Fatal(err)
	}
	list := teamSnapshots(t, team)
	if len(list) != 1 || list[0].Reason != "import-sessions" || list[0].Size == 0 || time.Since(list[0].Time) > time.Hour {
		t.Fatalf("after an import the team plan keeps snapshots %+v; want one, before import-sessions", list)
	}
	if got := snapshotPlan(t, team, list[0].ID); !reflect.DeepEqual(got, before) {
		t.Errorf("the snapshot is not the plan before the import:\ngot  %+v\nwant %+v", got, before)
	}

	refused := errors.New("line 5: no such forum")
	err := team.update(ctx, func(tx *Tx) error {
		if err := rename("Half an import")(tx); err != nil {
			return err
		}
		return refused
	})
	if !errors.Is(err, refused) {
		t.Fatal(err)
	}
	if err := team.update(ctx, func(tx *Tx) error {
		_, err := team.store.Snapshot(ctx, "import-people")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if after := teamSnapshots(t, team); len(after) != 1 {
		t.Errorf("a refused import and one that changed nothing left snapshots %+v", after)
	}

	for i := range KeptSnapshots + 2 {
		if err := team.update(ctx, rename("Renamed "+string(rune('A'+i)))); err != nil {
			t.Fatal(err)
		}
	}
	list = teamSnapshots(t, team)
	if len(list) != KeptSnapshots || list[0].ID <= list[len(list)-1].ID {
		t.Errorf("after %d more imports the team plan keeps %d snapshots, newest first? %+v", KeptSnapshots+2, len(list), list)
	}
	if got := snapshotPlan(t, team, list[0].ID); got.Sessions[0].Title != "Renamed "+string(rune('A'+KeptSnapshots)) {
		t.Errorf("the newest snapshot holds %q, the plan before the last import", got.Sessions[0].Title)
	}
}

// A bad import into a team plan is undone from the snapshot it kept: the
// plan is again what it was, the plan replaced is kept as a snapshot in
// turn, and restoring that brings the import back. What was sent by email
// in between stays recorded, as on a file.
func TestATeamPlanRestoredFromASnapshotIsThePlanItWasAndKeepsWhatWasSent(t *testing.T) {
	ctx := context.Background()
	team := teamPlanForTest(t)
	p := storyPlan(t)
	if err := team.update(ctx, func(tx *Tx) error { return write(ctx, tx, p) }); err != nil {
		t.Fatal(err)
	}
	before := team.readPlan(t)
	err := team.update(ctx, func(tx *Tx) error {
		renamed := p.Sessions[0]
		renamed.Title = "Renamed by a bad import"
		if err := tx.UpdateSession(ctx, &renamed); err != nil {
			return err
		}
		if err := tx.DeletePerson(ctx, p.People[3].ID, p.People[3].Version); err != nil {
			return err
		}
		_, err := team.store.Snapshot(ctx, "import-sessions")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	imported := team.readPlan(t)
	list := teamSnapshots(t, team)
	if _, err := team.store.RestoreTeam(ctx, list[0].ID); err != nil {
		t.Fatalf("restore: %v", err)
	}
	// Each session's SEQUENCE ends above the replaced plan's, as on a
	// file, so calendars take the restored version.
	after := team.readPlan(t)
	for i := range after.Sessions {
		if after.Sessions[i].Sequence <= imported.Sessions[i].Sequence {
			t.Errorf("restored session %d has SEQUENCE %d, not above %d", i, after.Sessions[i].Sequence, imported.Sessions[i].Sequence)
		}
		after.Sessions[i].Sequence = before.Sessions[i].Sequence
	}
	// And each record's version ends above the replaced plan's, so a form
	// opened before the restore cannot save over it.
	revisions := func(p *model.Plan) (r []*model.Revision) {
		for i := range p.Sessions {
			r = append(r, &p.Sessions[i].Revision)
		}
		for i := range p.People {
			r = append(r, &p.People[i].Revision)
		}
		for i := range p.Actions {
			r = append(r, &p.Actions[i].Revision)
		}
		return r
	}
	was, restored := revisions(before), revisions(after)
	newest := int64(0)
	for _, r := range revisions(imported) {
		newest = max(newest, r.Version)
	}
	for i, r := range restored {
		if r.Version <= newest {
			t.Errorf("a restored record is at version %d, not above the replaced plan's %d", r.Version, newest)
		}
		*r = *was[i]
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("the restored team plan differs from the one the snapshot was taken of:\nbefore %+v\nafter  %+v", before, after)
	}
	list = teamSnapshots(t, team)
	if len(list) != 2 || list[0].Reason != "restore" {
		t.Fatalf("after the restore the snapshots are %+v; want the plan replaced first", list)
	}

	// An invitation goes out about the restored talk; then the import is
	// brought back.
	sent := Invitation{SessionID: p.Sessions[0].ID, PersonID: p.People[0].ID, Sequence: 3, Method: "REQUEST",
		Sent: time.Date(2021, 11, 2, 9, 0, 0, 0, time.UTC), Shown: "restored"}
	if err := team.update(ctx, func(tx *Tx) error { return tx.RecordInvitation(ctx, sent) }); err != nil {
		t.Fatal(err)
	}
	done, err := team.store.RestoreTeam(ctx, list[0].ID)
	if err != nil {
		t.Fatalf("restore the plan replaced: %v", err)
	}
	after = team.readPlan(t)
	if after.Sessions[0].Title != imported.Sessions[0].Title || len(after.People) != len(imported.People) {
		t.Errorf("restoring the replaced plan did not bring the import back: %+v", after)
	}
	var kept Invitation
	err = team.view(ctx, func(tx *Tx) (err error) {
		kept, err = tx.InvitationTo(ctx, sent.SessionID, sent.PersonID)
		return err
	})
	if err != nil || done.MessagesKept != 1 || kept.Sequence != 3 || after.Sessions[0].Sequence <= 3 {
		t.Errorf("the invitation sent before the restore: kept %+v (%v), %d messages said kept, talk at SEQUENCE %d; want it kept and the talk above it",
			kept, err, done.MessagesKept, after.Sessions[0].Sequence)
	}
	if _, err := team.store.RestoreTeam(ctx, 999); err == nil {
		t.Error("a snapshot the plan does not have was restored")
	}
}

// A hosting admin keeps an older program happy with bytea_output =
// escape on the database: a team plan still restores its snapshot, and
// its contents are the plan as it was.
func TestATeamPlanRestoresItsSnapshotWhenTheServerWritesBinaryEscaped(t *testing.T) {
	ctx := context.Background()
	d := pgtest.Shared(t).NewDatabase(t)
	s, err := Open(ctx, d.URL(d.Owner), Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Admin(t).Exec(`ALTER DATABASE ` + d.Name + ` SET bytea_output = escape`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, d.URL(d.Owner), Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := addForum(ctx, s, "EuroDIG 2026"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Snapshot(ctx, "before a test"); err != nil {
		t.Fatal(err)
	}
	if err := addForum(ctx, s, "IGF 2026"); err != nil {
		t.Fatal(err)
	}
	snaps, err := s.TeamSnapshots(ctx)
	if err != nil || len(snaps) == 0 {
		t.Fatalf("snapshots %v, %v", snaps, err)
	}
	if _, err := s.RestoreTeam(ctx, snaps[0].ID); err != nil {
		t.Fatalf("restore with bytea_output = escape: %v", err)
	}
	var forums []model.Forum
	if err := s.View(ctx, func(tx *Tx) (err error) {
		forums, err = tx.Forums(ctx)
		return err
	}); err != nil || len(forums) != 1 || forums[0].Name != "EuroDIG 2026" {
		t.Errorf("after the restore the plan holds %+v (%v); want EuroDIG 2026 alone", forums, err)
	}
}
