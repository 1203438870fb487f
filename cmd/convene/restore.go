package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/storage"
)

func (c *cli) restoreCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "restore [SNAPSHOT]",
		Short: "List the plan's snapshots, or go back to one",
		Long: `Before every bulk change (an import, demo --force, a restore) Convene keeps
the plan as it was in a snapshot, in a folder beside it (PLAN.snapshots,
readable by you only); the newest five stay.

With no argument, list them, newest first: when each was taken, the change it
was taken before, its size, and what followed it. With SNAPSHOT (a number
from that list, or a snapshot file's path), make the plan what the snapshot
holds. The plan it replaces is kept as a snapshot first, so a restore can be
undone by another. What it recorded as sent by email (invite) stays
recorded: the next 'convene invite' updates the restored sessions in
calendars and cancels those the snapshot does not have. A damaged plan is kept among the snapshots as it is, and
a plan that was deleted is made again.

A team plan (--db postgres://…) keeps its snapshots in its own database, so
every coordinator sees the same list and the server's backups hold them;
SNAPSHOT is then a number from that list. Its restore is one change: the
plan is as it was, or as the snapshot, never in between.`,
		Example: `  convene restore
  convene restore 2`,
		Args: cobra.MaximumNArgs(1),
		RunE: c.action(func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return c.listSnapshots(cmd.Context())
			}
			return c.restore(cmd.Context(), args[0])
		}),
	}
}

func (c *cli) listSnapshots(ctx context.Context) error {
	plan, _, err := c.planPath()
	if err != nil {
		return err
	}
	var list []storage.SnapshotInfo
	if storage.IsTeamPlan(plan) {
		list, err = c.teamSnapshots(ctx)
		plan = storage.PlanName(plan)
	} else {
		list, err = storage.Snapshots(plan)
	}
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if len(list) == 0 {
		fmt.Fprintf(c.stdout, "%s has no snapshots yet: one is kept before every import, demo --force and restore.\n", plan)
		return nil
	}
	fmt.Fprintf(c.stdout, "Snapshots of %s, newest first:\n\n", plan)
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "#\tTAKEN\tBEFORE\tSIZE\tFOLLOWED BY")
	for i, sn := range list {
		then := "the current plan"
		if i > 0 {
			then = fmt.Sprintf("%d (before %s)", i, list[i-1].Reason)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", i+1, sn.Time.Local().Format("2006-01-02 15:04:05 MST"), sn.Reason, size(sn.Size), then)
	}
	w.Flush()
	fmt.Fprintln(c.stdout, "\nGo back to one with 'convene restore NUMBER'; the plan as it is now is kept as a snapshot first.")
	return nil
}

// restore makes the plan what a snapshot holds; which is a number from the
// list or a path.
func (c *cli) restore(ctx context.Context, which string) error {
	plan, _, err := c.planPath()
	if err != nil {
		return err
	}
	if storage.IsTeamPlan(plan) {
		return c.restoreTeam(ctx, which)
	}
	before, err := storage.Snapshots(plan)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	var chosen storage.SnapshotInfo
	if n, err := strconv.Atoi(which); err == nil {
		if n < 1 || n > len(before) {
			return fmt.Errorf("%s has no snapshot %d; 'convene restore' lists those it has", plan, n)
		}
		chosen = before[n-1]
	} else {
		if _, err := os.Stat(which); errors.Is(err, fs.ErrNotExist) {
			return &exitError{code: exitUsage, err: fmt.Errorf(
				"restore: %s is neither a snapshot's number nor a file; 'convene restore' lists the snapshots", which)}
		}
		chosen = storage.SnapshotInfo{Path: which}
		for _, sn := range before {
			if sameFile(sn.Path, which) {
				chosen = sn
			}
		}
	}
	done, err := storage.Restore(ctx, plan, chosen.Path)
	if err != nil {
		return err
	}
	what := chosen.Path
	if !chosen.Time.IsZero() {
		what = fmt.Sprintf("it was at %s, before %s", chosen.Time.Local().Format("2006-01-02 15:04:05 MST"), chosen.Reason)
	}
	fmt.Fprintf(c.stdout, "%s is now as %s.\n", plan, what)
	after, err := storage.Snapshots(plan)
	if err == nil && len(after) > 0 && after[0].Reason == "restore" && (len(before) == 0 || after[0].Path != before[0].Path) {
		fmt.Fprintln(c.stdout, "The plan it replaced is kept as snapshot 1: 'convene restore 1' brings it back.")
	}
	if done.MessagesKept > 0 {
		fmt.Fprintf(c.stdout, "What the plan it replaced sent by email is kept (%s): 'convene invite' sends the speakers what the restore changed.\n",
			count(done.MessagesKept, "message", "messages"))
	}
	return nil
}

func sameFile(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(ia, ib)
}

// size writes a number of bytes as people read them.
func size(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%d kB", n/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

// teamSnapshots lists the snapshots a team plan keeps in its database.
func (c *cli) teamSnapshots(ctx context.Context) ([]storage.SnapshotInfo, error) {
	store, err := c.open(ctx, false)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	return store.TeamSnapshots(ctx)
}

// restoreTeam makes a team plan what one of its snapshots holds; which is
// a number from the list.
func (c *cli) restoreTeam(ctx context.Context, which string) error {
	store, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	list, err := store.TeamSnapshots(ctx)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	n, err := strconv.Atoi(which)
	if err != nil {
		return usageError("restore: a team plan's snapshot is chosen by its number; 'convene restore' lists them")
	}
	if n < 1 || n > len(list) {
		return fmt.Errorf("%s has no snapshot %d; 'convene restore' lists those it has", store.Path(), n)
	}
	chosen := list[n-1]
	done, err := store.RestoreTeam(ctx, chosen.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s is now as it was at %s, before %s.\n", store.Path(), chosen.Time.Local().Format("2006-01-02 15:04:05 MST"), chosen.Reason)
	if after, err := store.TeamSnapshots(ctx); err == nil && len(after) > 0 && after[0].Reason == "restore" && after[0].ID != list[0].ID {
		fmt.Fprintln(c.stdout, "The plan it replaced is kept as snapshot 1: 'convene restore 1' brings it back.")
	}
	if done.MessagesKept > 0 {
		fmt.Fprintf(c.stdout, "What the plan it replaced sent by email is kept (%s): 'convene invite' sends the speakers what the restore changed.\n",
			count(done.MessagesKept, "message", "messages"))
	}
	return nil
}
