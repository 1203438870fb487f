package storage_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/plangen"
	"github.com/convene-planner/convene/storage/sample"
)

// samplePlan is a plan file holding the sample 2021 plan, closed. It and
// openPlan serve the stories that are a plan file's by nature: the
// snapshots kept in the folder beside it, its bytes and its mode, a path
// restored from. The others are told on both kinds of plan through
// forEachSamplePlan (plans_test.go).
func samplePlan(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dc-iot.convene")
	s, err := storage.Open(ctx, path, storage.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Update(ctx, func(tx *storage.Tx) error { return sample.Load(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	return path
}

func openPlan(t testing.TB, path string) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func forumNames(t testing.TB, s *storage.Store) string {
	t.Helper()
	var forums []model.Forum
	err := s.View(context.Background(), func(tx *storage.Tx) (err error) {
		forums, err = tx.Forums(context.Background())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range forums {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

func addForum(t *testing.T, s *storage.Store, name string) {
	t.Helper()
	ctx := context.Background()
	f := igf(t)
	f.Name = name
	if err := s.Update(ctx, func(tx *storage.Tx) error { return tx.CreateForum(ctx, &f) }); err != nil {
		t.Fatal(err)
	}
}

func mode(t testing.TB, path string) os.FileMode {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode().Perm()
}

func TestSnapshotsAreKeptBesideThePlanForItsOwnerAndTheNewestFiveStay(t *testing.T) {
	ctx := context.Background()
	s := openPlan(t, samplePlan(t))
	var taken []string
	for i := range 7 {
		path, err := s.Snapshot(ctx, fmt.Sprintf("Import people #%d", i))
		if err != nil {
			t.Fatal(err)
		}
		taken = append(taken, path)
	}
	dir := storage.SnapshotDir(s.Path())
	if dir != s.Path()+".snapshots" {
		t.Errorf("snapshots are kept in %s, want PLAN.snapshots beside the plan", dir)
	}
	if m := mode(t, dir); m != 0o700 {
		t.Errorf("the snapshots folder has mode %o, want 700", m)
	}
	list, err := storage.Snapshots(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != storage.KeptSnapshots {
		t.Fatalf("%d snapshots kept, want %d", len(list), storage.KeptSnapshots)
	}
	for i, sn := range list {
		if want := taken[len(taken)-1-i]; sn.Path != want {
			t.Errorf("snapshot %d is %s, want the newest first: %s", i+1, sn.Path, want)
		}
		if want := fmt.Sprintf("import-people-%d", len(taken)-1-i); sn.Reason != want {
			t.Errorf("snapshot %d's reason is %q, want %q", i+1, sn.Reason, want)
		}
		if m := mode(t, sn.Path); m != 0o600 {
			t.Errorf("%s has mode %o, want 600", sn.Path, m)
		}
		if sn.Size == 0 || sn.Time.IsZero() {
			t.Errorf("snapshot %d says neither its size nor its time: %+v", i+1, sn)
		}
		if i > 0 && !sn.Time.Before(list[i-1].Time) {
			t.Errorf("snapshot %d (%v) is not older than the one before it (%v)", i+1, sn.Time, list[i-1].Time)
		}
		// A snapshot is a whole plan in itself.
		if got := forumNames(t, openCopy(t, sn.Path)); got != forumNames(t, s) {
			t.Errorf("snapshot %d holds forums %s, want %s", i+1, got, forumNames(t, s))
		}
	}
	for _, gone := range taken[:2] {
		if _, err := os.Stat(gone); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the oldest snapshot %s was kept", gone)
		}
	}
}

// openCopy opens a copy of a plan file, so that opening it cannot change it.
func openCopy(t testing.TB, path string) *storage.Store {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy.convene")
	if err := os.WriteFile(cp, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return openPlan(t, cp)
}

func TestAPlanWithoutSnapshotsListsNone(t *testing.T) {
	list, err := storage.Snapshots(filepath.Join(t.TempDir(), "new.convene"))
	if err != nil || len(list) != 0 {
		t.Errorf("got %v, %v; want no snapshots and no error", list, err)
	}
}

func TestFilesInTheSnapshotsFolderThatConveneDidNotNameAreLeftAlone(t *testing.T) {
	ctx := context.Background()
	s := openPlan(t, samplePlan(t))
	if _, err := s.Snapshot(ctx, "demo"); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(storage.SnapshotDir(s.Path()), "my-copy.convene")
	if err := os.WriteFile(mine, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	for range storage.KeptSnapshots + 1 {
		if _, err := s.Snapshot(ctx, "demo"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("pruning removed a file Convene did not write: %v", err)
	}
	list, _ := storage.Snapshots(s.Path())
	for _, sn := range list {
		if sn.Path == mine {
			t.Error("a file Convene did not name is listed as a snapshot")
		}
	}
}

func TestRestoreBringsBackASnapshotAndKeepsThePlanItReplaces(t *testing.T) {
	ctx := context.Background()
	path := samplePlan(t)
	s := openPlan(t, path)
	before := forumNames(t, s)
	snap, err := s.Snapshot(ctx, "import-forums")
	if err != nil {
		t.Fatal(err)
	}
	addForum(t, s, "Imported forum")
	after := forumNames(t, s)

	// The plan stays open here, as the app would keep it, while the
	// restore runs as another process would.
	if _, err := storage.Restore(ctx, path, snap); err != nil {
		t.Fatal(err)
	}
	if got := forumNames(t, s); got != before {
		t.Errorf("after the restore the open plan shows forums %s, want %s", got, before)
	}
	if err := s.CheckIntegrity(ctx); err != nil {
		t.Error(err)
	}
	if m := mode(t, path); m != 0o600 {
		t.Errorf("the restored plan has mode %o, want 600", m)
	}
	list, err := storage.Snapshots(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Reason != "restore" {
		t.Fatalf("want the plan kept as a snapshot before the restore, newest first; have %+v", list)
	}
	// That snapshot undoes the restore.
	if _, err := storage.Restore(ctx, path, list[0].Path); err != nil {
		t.Fatal(err)
	}
	if got := forumNames(t, s); got != after {
		t.Errorf("undoing the restore gives forums %s, want %s", got, after)
	}
}

func TestRestoreRefusesWhatIsNotAPlanAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	path := samplePlan(t)
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.convene")
	if err := os.WriteFile(notes, []byte("Ask Zofia about the IGF proposal\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(dir, "damaged.convene")
	writeDamaged(t, path, damaged)
	for file, want := range map[string]error{notes: storage.ErrNotPlan, damaged: storage.ErrDamaged} {
		before := checksum(t, path)
		_, err := storage.Restore(ctx, path, file)
		if !errors.Is(err, want) || !strings.Contains(err.Error(), file) {
			t.Errorf("restore from %s: got %v, want %v naming the file", filepath.Base(file), err, want)
		}
		if checksum(t, path) != before {
			t.Errorf("restore from %s changed the plan", filepath.Base(file))
		}
		if list, _ := storage.Snapshots(path); len(list) != 0 {
			t.Errorf("restore from %s kept a snapshot though it restored nothing", filepath.Base(file))
		}
	}
}

// writeDamaged writes a copy of a plan with one page in the middle
// overwritten, as a failing disk or a stray program would leave it.
func writeDamaged(t testing.TB, plan, path string) {
	t.Helper()
	b, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	middle := len(b) / 2 / 4096 * 4096
	for i := middle; i < middle+4096 && i < len(b); i++ {
		b[i] = byte(i*7 + 3)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestAPlanCutShortOrOverwrittenIsRefusedAndLeftAsItWas(t *testing.T) {
	ctx := context.Background()
	plan := plangen.File(t, plangen.Realistic)
	b, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	truncated := filepath.Join(dir, "truncated.convene")
	if err := os.WriteFile(truncated, b[:4096], 0o600); err != nil {
		t.Fatal(err)
	}
	overwritten := filepath.Join(dir, "overwritten.convene")
	writeDamaged(t, plan, overwritten)
	for _, path := range []string{truncated, overwritten} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			before := checksum(t, path)
			_, err := storage.Open(ctx, path, storage.Options{Create: true})
			if !errors.Is(err, storage.ErrDamaged) || !strings.Contains(err.Error(), path) {
				t.Errorf("got %v, want ErrDamaged naming the file", err)
			}
			if checksum(t, path) != before {
				t.Error("the attempt changed the file")
			}
			for _, side := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(path + side); err == nil {
					t.Errorf("the attempt left %s behind", filepath.Base(path)+side)
				}
			}
		})
	}
}

func TestADamagedPlanIsRestoredAndKeptAmongItsSnapshots(t *testing.T) {
	ctx := context.Background()
	path := plangen.File(t, plangen.Realistic)
	b, _ := os.ReadFile(path)
	path = filepath.Join(t.TempDir(), "plan.convene")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openPlan(t, path)
	snap, err := s.Snapshot(ctx, "import-sessions")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	writeDamaged(t, path, path)
	damagedSum := checksum(t, path)

	if _, err := storage.Restore(ctx, path, snap); err != nil {
		t.Fatal(err)
	}
	s = openPlan(t, path)
	var sessions []model.Session
	err = s.View(ctx, func(tx *storage.Tx) (err error) {
		sessions, err = tx.Sessions(ctx, storage.SessionFilter{})
		return err
	})
	if err != nil || len(sessions) != plangen.Realistic {
		t.Errorf("the restored plan has %d sessions (%v), want %d", len(sessions), err, plangen.Realistic)
	}
	list, _ := storage.Snapshots(path)
	if len(list) != 2 || list[0].Reason != "damaged" || checksum(t, list[0].Path) != damagedSum {
		t.Errorf("the damaged plan is not kept as it was among the snapshots: %+v", list)
	}
}

func TestAPlanGoneMissingIsMadeAgainFromASnapshot(t *testing.T) {
	ctx := context.Background()
	path := samplePlan(t)
	s := openPlan(t, path)
	want := forumNames(t, s)
	snap, err := s.Snapshot(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.Restore(ctx, path, snap); err != nil {
		t.Fatal(err)
	}
	if got := forumNames(t, openPlan(t, path)); got != want {
		t.Errorf("the plan made again holds forums %s, want %s", got, want)
	}
}

// BenchmarkSnapshot measures keeping a snapshot of a plan, what every bulk
// change pays first, and reports the snapshot's size beside the plan's.
func BenchmarkSnapshot(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			ctx := context.Background()
			src, err := os.Open(plangen.File(b, n))
			if err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(b.TempDir(), "plan.convene")
			dst, err := os.Create(path)
			if err == nil {
				_, err = io.Copy(dst, src)
			}
			src.Close()
			dst.Close()
			if err != nil {
				b.Fatal(err)
			}
			s := openPlan(b, path)
			var size int64
			for b.Loop() {
				snap, err := s.Snapshot(ctx, "bench")
				if err != nil {
					b.Fatal(err)
				}
				info, _ := os.Stat(snap)
				size = info.Size()
			}
			plan, _ := os.Stat(path)
			b.ReportMetric(float64(size)/1e6, "MB/snapshot")
			b.ReportMetric(float64(plan.Size())/1e6, "MB/plan")
		})
	}
}

// BenchmarkRestore measures going back to a snapshot: staging it (brought
// up to date, with what the plan sent carried over) and copying it in.
func BenchmarkRestore(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			ctx := context.Background()
			data, err := os.ReadFile(plangen.File(b, n))
			if err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(b.TempDir(), "plan.convene")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				b.Fatal(err)
			}
			s := openPlan(b, path)
			snap, err := s.Snapshot(ctx, "bench")
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := storage.Restore(ctx, path, snap); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
