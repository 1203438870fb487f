package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite"
)

// KeptSnapshots is how many snapshots of a plan are kept; taking one more
// deletes the oldest.
const KeptSnapshots = 5

// A snapshot's file name is the UTC time it was taken, then what was about
// to change: 20261125T042339.123456Z-import-people.convene. Names sort as
// times do, and microseconds keep two processes that snapshot one plan at
// once from choosing the same name.
const (
	snapshotStamp = "20060102T150405.000000Z"
	snapshotExt   = ".convene"
)

// SnapshotInfo describes one snapshot of a plan.
type SnapshotInfo struct {
	Path   string    // a file's snapshot's
	ID     int64     // a team plan's snapshot's number in its database
	Time   time.Time // when it was taken
	Reason string    // the change it was taken before: "import-people", "demo-force", "restore" …
	Size   int64     // bytes
}

// SnapshotDir is the folder beside a plan that holds its snapshots:
// PLAN.snapshots, readable by its owner only, like the plan. The snapshots
// belong to the file, whichever path names it: a symbolic link is followed
// to the plan it names, so every path to a plan finds the same snapshots
// (and forget reaches them all).
func SnapshotDir(planPath string) string { return realPath(planPath) + ".snapshots" }

// realPath is the path of the file itself, symbolic links followed; a
// path that names nothing yet is returned as it is.
func realPath(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	return path
}

// Snapshot keeps a copy of the plan as last committed in SnapshotDir (a
// team plan's in its database, see teamSnapshot), named
// for the change about to be made (reason), and deletes all but the newest
// KeptSnapshots. An empty plan has nothing worth keeping: then no snapshot
// is taken and the path is "".
//
// SQLite's VACUUM INTO writes the copy from one read transaction, on a
// connection of its own, so it is the plan as of one moment even while
// another process writes, and is compact: freed pages are not copied. The
// copy is written under a temporary name and renamed once complete, so a
// snapshot cut short by a crash is never listed.
//
// A bulk change (an import) is best snapshotted inside its own Update,
// once the change is made and found good, just before the commit: the
// snapshot is still the plan before the change, no other writer can
// commit in between while the change holds the write lock, and a change
// that is refused keeps no snapshot that would push an older, useful one
// out. Taken there, it is taken only when the change has changed
// something (a row inserted, updated or deleted): a re-import that changes
// nothing keeps no snapshot, so it pushes none of real changes out.
func (s *Store) Snapshot(ctx context.Context, reason string) (string, error) {
	if s.Team() {
		return s.teamSnapshot(ctx, reason)
	}
	if tx := s.writing.Load(); tx != nil {
		if changed, err := tx.changed(ctx); err != nil || !changed {
			return "", err
		}
	}
	// A bulk change is rare and slow anyway: first make sure no table
	// holds a value of the wrong type that Open does not look for, so
	// that a plan edited by hand is not changed further.
	if err := s.checkTables(ctx, true); err != nil {
		return "", &PlanError{Path: s.path, Err: err}
	}
	return s.snapshot(ctx, reason, "")
}

// snapshot is Snapshot that never deletes the snapshot at keep, the one a
// restore is about to read.
func (s *Store) snapshot(ctx context.Context, reason, keep string) (string, error) {
	var empty bool
	err := s.View(ctx, func(tx *Tx) (err error) {
		empty, err = tx.Empty(ctx)
		return err
	})
	if err != nil || empty {
		return "", err
	}
	dir := SnapshotDir(s.path)
	cannot := func(err error) error {
		return &PlanError{Path: dir, Err: fmt.Errorf("cannot keep a snapshot of the plan here (%w), so nothing was changed", err)}
	}
	// MkdirAll leaves a folder that already exists as it is, hence Chmod.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", cannot(err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", cannot(err)
	}
	removeAbandoned(dir)
	name := time.Now().UTC().Format(snapshotStamp) + "-" + reasonWord(reason) + snapshotExt
	path := filepath.Join(dir, name)
	tmp := filepath.Join(dir, "."+name+".tmp")
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		if errors.Is(damaged(err), ErrDamaged) {
			return "", &PlanError{Path: s.path, Err: damaged(err)}
		}
		return "", cannot(err)
	}
	if err := persist(tmp, path); err != nil {
		os.Remove(tmp)
		return "", cannot(err)
	}
	if err := prune(s.path, keep); err != nil {
		return "", cannot(err)
	}
	return path, nil
}

// persist makes a file written by SQLite owner-only and durable, then gives
// it its name: the rename is what makes it appear, whole.
func persist(tmp, path string) error {
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Chmod(0o600)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		syncDir(filepath.Dir(path))
	}
	return err
}

// syncDir makes a rename in dir durable. Not every system can sync a
// folder; where it cannot, the rename is still atomic, only perhaps lost in
// a power cut, which leaves the file as it was before.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// reasonWord makes a reason fit in a file name on any system: lower-case
// letters, digits and single dashes.
func reasonWord(reason string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(reason) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "change"
	}
	return b.String()
}

// abandonedAfter is how old a temporary snapshot must be before another
// process takes it for one a crash left behind: younger, it may be one that
// is being written right now.
const abandonedAfter = time.Hour

func removeAbandoned(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") || !strings.HasSuffix(e.Name(), ".tmp") {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > abandonedAfter {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// prune deletes all but the newest KeptSnapshots snapshots, never keep.
// Another process may prune at the same time: a snapshot already gone is
// not an error.
func prune(planPath, keep string) error {
	all, err := Snapshots(planPath)
	if err != nil {
		return err
	}
	kept := 0
	for _, sn := range all {
		if sn.Path == keep {
			continue
		}
		if kept++; kept <= KeptSnapshots {
			continue
		}
		if err := removeSnapshot(sn.Path); err != nil {
			return err
		}
	}
	return nil
}

// removeSnapshot deletes a snapshot file, with the write-ahead log a
// damaged plan kept as a snapshot may have beside it.
func removeSnapshot(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// Snapshots lists the snapshots kept of the plan at planPath, newest first.
// A plan that has none yet has an empty list. Files in the folder that
// Convene did not name are left out, and left alone.
func Snapshots(planPath string) ([]SnapshotInfo, error) {
	dirs := []string{SnapshotDir(planPath)}
	// Convene before this one kept the snapshots of a plan reached through
	// a symbolic link beside the link: they are listed (and so restored
	// and forgotten from) too.
	if beside := planPath + ".snapshots"; beside != dirs[0] {
		dirs = append(dirs, beside)
	}
	var list []SnapshotInfo
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("list the snapshots of %s: %w", planPath, err)
		}
		for _, e := range entries {
			sn, ok := parseSnapshotName(e.Name())
			if !ok || !e.Type().IsRegular() {
				continue
			}
			info, err := e.Info()
			if errors.Is(err, fs.ErrNotExist) {
				continue // pruned by another process since the folder was read
			}
			if err != nil {
				return nil, fmt.Errorf("list the snapshots of %s: %w", planPath, err)
			}
			sn.Path, sn.Size = filepath.Join(dir, e.Name()), info.Size()
			list = append(list, sn)
		}
	}
	// Newest first: a snapshot's name begins with when it was taken.
	slices.SortFunc(list, func(a, b SnapshotInfo) int { return cmp.Compare(filepath.Base(b.Path), filepath.Base(a.Path)) })
	return list, nil
}

func parseSnapshotName(name string) (SnapshotInfo, bool) {
	base, ok := strings.CutSuffix(name, snapshotExt)
	if !ok || len(base) < len(snapshotStamp)+2 || base[len(snapshotStamp)] != '-' {
		return SnapshotInfo{}, false
	}
	t, err := time.Parse(snapshotStamp, base[:len(snapshotStamp)])
	if err != nil {
		return SnapshotInfo{}, false
	}
	return SnapshotInfo{Time: t, Reason: base[len(snapshotStamp)+1:]}, true
}

// Restore makes the plan at planPath what the snapshot at snapshotPath
// holds, keeping the plan it replaces as a snapshot first (reason
// "restore"), so a restore can be undone by another.
//
// The snapshot must be a Convene plan that passes Open's checks; it is
// only read. Its pages are copied into the plan with SQLite's backup API,
// as one write transaction through the plan's own write-ahead log: a crash
// leaves the plan as it was or as the snapshot, and a program that has the
// plan open (the app) sees an ordinary change rather than a file swapped
// under it. A snapshot from an older Convene is brought up to date as it is
// restored, and the result must pass SQLite's integrity_check.
//
// What the plan it replaces sent by email is carried over (see carryOver):
// a restore does not undo messages that are in calendars, so the next run
// of invite numbers above them and cancels what the restored plan does not
// have.
//
// A plan that is itself damaged cannot be copied into; it is moved into the
// snapshots as it is (reason "damaged") and the snapshot restored in its
// place. A plan that does not exist any more is made again.
func Restore(ctx context.Context, planPath, snapshotPath string) (Restored, error) {
	var done Restored
	if IsTeamPlan(planPath) {
		return done, &PlanError{Path: PlanName(planPath), Err: errors.New(
			"is a team plan, whose snapshots are kept in its database: go back to one by its number in 'convene restore --db ADDRESS'")}
	}
	if plan, err := os.Stat(planPath); err == nil {
		if snap, err := os.Stat(snapshotPath); err == nil && os.SameFile(plan, snap) {
			// Nothing would change but the snapshots, one of which the
			// copy would push out.
			return done, &PlanError{Path: snapshotPath, Err: errors.New("is the plan itself, not a snapshot of it")}
		}
	}
	if err := checkSnapshot(ctx, snapshotPath); err != nil {
		return done, err
	}
	s, err := Open(ctx, planPath, Options{Create: true})
	if errors.Is(err, ErrDamaged) {
		if err := setAside(planPath); err != nil {
			return done, fmt.Errorf("restore %s: keep the damaged plan: %w", planPath, err)
		}
		s, err = Open(ctx, planPath, Options{Create: true})
	}
	if err != nil {
		return done, err
	}
	done.MessagesKept, err = s.replaceWith(ctx, snapshotPath)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return done, err
	}
	// Opening again brings an older snapshot's schema up to date.
	if s, err = Open(ctx, planPath, Options{}); err != nil {
		return done, err
	}
	err = s.CheckIntegrity(ctx)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return done, err
}

// Restored is what a restore did beyond making the plan the snapshot.
type Restored struct {
	// MessagesKept counts the messages the replaced plan had sent by
	// email, carried over so the next invite takes them into account.
	MessagesKept int
}

// replaceWith keeps a snapshot of the plan, then copies the snapshot at src
// into it, with what the plan sent carried over (see carryOver).
//
// The copy is made of a file staged beside the snapshots: the snapshot,
// brought up to date, with what was sent added; so the plan goes from what
// it was to all of that in the copy's one transaction. A message another
// program records as sent while the file is staged would be lost, so the
// plan's data_version is read before and after, on the connection that
// copies, and the file staged again when another connection committed in
// between.
func (s *Store) replaceWith(ctx context.Context, src string) (kept int, err error) {
	if _, err := s.snapshot(ctx, "restore", src); err != nil {
		return 0, err
	}
	fail := func(err error) error { return fmt.Errorf("restore %s from %s: %w", s.path, src, s.failed(err)) }
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, fail(err)
	}
	defer conn.Close()
	for range stagingAttempts {
		before, err := dataVersion(ctx, conn)
		if err != nil {
			return 0, fail(err)
		}
		sent, err := readSentSoFar(ctx, conn)
		if err != nil {
			return 0, fail(err)
		}
		stage, err := stageRestore(ctx, s.path, src, sent)
		if err != nil {
			return 0, fail(err)
		}
		after, err := dataVersion(ctx, conn)
		if err == nil && after == before {
			err = copyFrom(conn, stage)
			removeSnapshot(stage)
			if err != nil {
				return 0, fail(err)
			}
			return len(sent.records), nil
		}
		removeSnapshot(stage)
		if err != nil {
			return 0, fail(err)
		}
	}
	return 0, fail(fmt.Errorf("the plan changed each of %d times a restore was prepared; try again when it is not being changed", stagingAttempts))
}

// stagingAttempts is how many times replaceWith stages a restore before it
// gives up on a plan that keeps changing.
const stagingAttempts = 5

// dataVersion is SQLite's count of the changes other connections have
// committed to the plan, as conn sees it.
func dataVersion(ctx context.Context, conn *sql.Conn) (int64, error) {
	var v int64
	err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, err
}

// checkSnapshot makes sure a snapshot is a Convene plan this Convene can
// open, and whole, without changing it: the header checks Open makes, then
// SQLite's quick_check through a read-only connection. Snapshots are
// written in rollback-journal mode, so reading one needs no -wal or -shm.
func checkSnapshot(ctx context.Context, path string) error {
	if _, err := prepareFile(path, Options{}); err != nil {
		return &PlanError{Path: path, Err: err}
	}
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return &PlanError{Path: path, Err: err}
	}
	defer db.Close()
	if err := checkPages(ctx, db, "quick_check"); err != nil {
		return &PlanError{Path: path, Err: err}
	}
	return nil
}

func readOnlyDSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro"
}

// copyFrom copies every page of the plan file at src into the plan conn is
// a connection to, in one transaction (SQLite's backup API, which waits for
// other writers through the busy timeout like any write).
func copyFrom(conn *sql.Conn, src string) error {
	return conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("the SQLite driver cannot copy databases")
		}
		b, err := r.NewRestore(readOnlyDSN(src))
		if err != nil {
			return err
		}
		for more := true; more && err == nil; {
			more, err = b.Step(-1)
		}
		if ferr := b.Finish(); err == nil {
			err = ferr
		}
		return err
	})
}

// setAside moves a damaged plan, with its write-ahead log, into its
// snapshots, so what it still holds is not lost and the path is free for a
// good copy. The shared-memory index is only a cache of the log and is
// removed: left behind, it would be taken for the new plan's.
func setAside(planPath string) error {
	planPath = realPath(planPath) // the damaged file, not a link to it
	dir := SnapshotDir(planPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	kept := filepath.Join(dir, time.Now().UTC().Format(snapshotStamp)+"-damaged"+snapshotExt)
	if err := os.Rename(planPath+"-wal", kept+"-wal"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Remove(planPath + "-shm"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(planPath, kept); err != nil {
		return err
	}
	syncDir(dir)
	syncDir(filepath.Dir(planPath))
	return nil
}
