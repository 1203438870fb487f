package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/storage"
)

func (c *cli) copyCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "copy FROM TO",
		Short: "Copy a whole plan between a file and a team plan",
		Long: `Copy the whole plan FROM into TO: every forum, session, person, action item,
report and narrative, and what was sent by email, each with its number, so
that both export the same bytes. Each of FROM and TO is a plan file or a team
plan's address (postgres://USER@HOST:PORT/DATABASE): a plan moves from a file
to a server, back, or between two of either.

TO must be a new file, an empty database, or a plan that holds nothing; any
other is refused (exit 2) and left as it was. FROM is read as of one moment
while others may go on changing it, and TO is written in one go: a copy that
fails leaves nothing behind. Snapshots are not copied: they stay with FROM.`,
		Example: `  convene copy plan.convene postgres://ana@db.example.org/dc_iot
  convene copy postgres://ana@db.example.org/dc_iot backup.convene`,
		Args: cobra.ExactArgs(2),
		RunE: c.action(func(cmd *cobra.Command, args []string) error {
			if err := storage.Copy(cmd.Context(), args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "%s is copied to %s; its snapshots stay with it.\n", storage.PlanName(args[0]), storage.PlanName(args[1]))
			return nil
		}),
	}
}
