package storage

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// A team plan's snapshots are kept in its database, in the table
// snapshot, each a whole plan file made from the team plan: every
// coordinator lists and restores the same ones, the server's backups hold
// them with the plan, and forget reaches them. Being plan files, they are
// checked, scrubbed and restored by the code a file's snapshots are.

// teamSnapshot is Snapshot for a team plan. Inside a change (an import)
// the snapshot is read on a connection of its own, which sees the plan as
// last committed, before the change, and is kept through the change's own
// transaction, so a refused change keeps none.
func (s *Store) teamSnapshot(ctx context.Context, reason string) (string, error) {
	tx := s.writing.Load()
	if tx != nil {
		if changed, err := tx.changed(ctx); err != nil || !changed {
			return "", err
		}
	}
	var plan []byte
	err := s.View(ctx, func(from *Tx) (err error) {
		plan, err = planFileOf(ctx, from)
		return err
	})
	if err != nil || plan == nil {
		return "", err
	}
	var id int64
	keep := func(tx *Tx) (err error) {
		id, err = keepTeamSnapshot(ctx, tx, reason, plan)
		return err
	}
	if tx != nil {
		err = keep(tx)
	} else {
		err = s.Update(ctx, keep)
	}
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("snapshot %d", id), nil
}

// planFileOf makes the plan read in from a plan file and returns its
// bytes, compacted; nil for an empty plan, which has nothing worth keeping.
func planFileOf(ctx context.Context, from *Tx) ([]byte, error) {
	if empty, err := from.Empty(ctx); err != nil || empty {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "convene-snapshot-")
	if err != nil {
		return nil, fmt.Errorf("make a snapshot of the plan: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "snapshot.convene")
	if err := writePlanFile(ctx, from, path); err != nil {
		return nil, fmt.Errorf("make a snapshot of the plan: %w", err)
	}
	return os.ReadFile(path)
}

// writePlanFile copies the plan read in from into a new plan file at
// path, compacted as a file's snapshot is.
func writePlanFile(ctx context.Context, from *Tx, path string) error {
	f, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		return err
	}
	err = f.Update(ctx, func(to *Tx) error { return copyPlan(ctx, from, to) })
	if err == nil {
		_, err = f.db.ExecContext(ctx, "VACUUM")
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// keepTeamSnapshot keeps plan, a plan file, as the newest snapshot, and
// deletes all but the newest KeptSnapshots.
// snapshotPlanColumn reads a snapshot's plan file as base64, which database/sql
// scans as text however the server is set to write bytea out: statements
// are sent in one round trip (postgres.Open), so their results come as
// text, and pgx reads bytea as text only in the hex form, which a
// database set to bytea_output = escape does not give. Go's decoder skips
// the line breaks PostgreSQL's encoder puts in.
const snapshotPlanColumn = `encode(plan, 'base64')`

func keepTeamSnapshot(ctx context.Context, tx *Tx, reason string, plan []byte) (id int64, err error) {
	err = tx.q.QueryRowContext(ctx, `
		INSERT INTO snapshot (
			taken_utc,
			reason,
			plan
		) VALUES ($1, $2, $3)
		RETURNING id`, time.Now().Unix(), reasonWord(reason), plan).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("keep a snapshot of the plan: %w", err)
	}
	_, err = tx.q.ExecContext(ctx, `
		DELETE FROM snapshot
		WHERE id NOT IN (SELECT id FROM snapshot ORDER BY id DESC LIMIT $1)`, KeptSnapshots)
	if err != nil {
		return 0, fmt.Errorf("keep a snapshot of the plan: %w", err)
	}
	return id, nil
}

// TeamSnapshots lists the snapshots kept of a team plan, newest first;
// each has its ID rather than a path.
func (s *Store) TeamSnapshots(ctx context.Context) ([]SnapshotInfo, error) {
	var list []SnapshotInfo
	err := s.View(ctx, func(tx *Tx) error {
		rows, err := tx.q.QueryContext(ctx, `
			SELECT
				id,
				taken_utc,
				reason,
				octet_length(plan)
			FROM snapshot
			ORDER BY id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				sn    SnapshotInfo
				taken int64
			)
			if err := rows.Scan(&sn.ID, &taken, &sn.Reason, &sn.Size); err != nil {
				return err
			}
			sn.Time = time.Unix(taken, 0).UTC()
			list = append(list, sn)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list the snapshots of %s: %w", s.path, err)
	}
	return list, nil
}

// errNoSnapshot means a team plan has no snapshot of the number asked for.
var errNoSnapshot = errors.New("no such snapshot")

// RestoreTeam makes a team plan what its snapshot id holds, in one
// transaction: the plan it replaces kept as a snapshot first (reason
// "restore"), so a restore can be undone by another; every row deleted;
// the snapshot's rows copied in, brought up to date by this Convene, with
// what the replaced plan sent by email carried over (see carryOver), as a
// file's restore does.
func (s *Store) RestoreTeam(ctx context.Context, id int64) (Restored, error) {
	var done Restored
	dir, err := os.MkdirTemp("", "convene-restore-")
	if err != nil {
		return done, fmt.Errorf("restore %s: %w", s.path, err)
	}
	defer os.RemoveAll(dir)
	err = s.Update(ctx, func(tx *Tx) error {
		var encoded string
		err := tx.q.QueryRowContext(ctx, `SELECT `+snapshotPlanColumn+` FROM snapshot WHERE id = $1`, id).Scan(&encoded)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoSnapshot
		}
		if err != nil {
			return err
		}
		plan, err := base64.StdEncoding.DecodeString(encoded)
		if err != nil {
			return fmt.Errorf("snapshot %d: %w", id, err)
		}
		stage := filepath.Join(dir, "snapshot.convene")
		if err := os.WriteFile(stage, plan, 0o600); err != nil {
			return err
		}
		if err := checkSnapshot(ctx, stage); err != nil {
			return fmt.Errorf("snapshot %d is not a whole plan: %w", id, err)
		}
		// Nothing is changed yet: the transaction reads the plan it is
		// about to replace.
		current := filepath.Join(dir, "current.convene")
		if err := writePlanFile(ctx, tx, current); err != nil {
			return err
		}
		sent, err := sentIn(ctx, current)
		if err != nil {
			return err
		}
		if empty, err := tx.Empty(ctx); err != nil {
			return err
		} else if !empty {
			replaced, err := os.ReadFile(current)
			if err != nil {
				return err
			}
			if _, err := keepTeamSnapshot(ctx, tx, "restore", replaced); err != nil {
				return err
			}
		}
		// Opened, the snapshot is brought up to date.
		staged, err := Open(ctx, stage, Options{})
		if err != nil {
			return err
		}
		defer staged.Close()
		if err := staged.Update(ctx, func(stx *Tx) error { return stx.carryOver(ctx, sent) }); err != nil {
			return err
		}
		for i := len(copyTables) - 1; i >= 0; i-- {
			if _, err := tx.q.ExecContext(ctx, `DELETE FROM `+copyTables[i].name); err != nil {
				return err
			}
		}
		done.MessagesKept = len(sent.records)
		return staged.View(ctx, func(from *Tx) error { return copyPlan(ctx, from, tx) })
	})
	if errors.Is(err, errNoSnapshot) {
		return Restored{}, fmt.Errorf("%s has no snapshot %d; 'convene restore' lists those it has", s.path, id)
	}
	if err != nil {
		return Restored{}, fmt.Errorf("restore %s from snapshot %d: %w", s.path, id, err)
	}
	return done, nil
}

// sentIn reads what the plan file at path sent by email (see
// readSentSoFar).
func sentIn(ctx context.Context, path string) (sentSoFar, error) {
	f, err := Open(ctx, path, Options{})
	if err != nil {
		return sentSoFar{}, err
	}
	defer f.Close()
	conn, err := f.db.Conn(ctx)
	if err != nil {
		return sentSoFar{}, err
	}
	defer conn.Close()
	return readSentSoFar(ctx, conn)
}
