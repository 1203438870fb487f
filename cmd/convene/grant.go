package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/storage"
)

func (c *cli) grantCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "grant ROLE read|write",
		Short: "Let a colleague's role read a team plan, or read and change it",
		Long: `Let ROLE, a login role of the PostgreSQL server that keeps the team plan,
read the plan (read), or read and change it (write). A role given read after
write may no longer change it; a role that may only read opens the plan
read-only, and every command that would change it is refused.

Only the plan's owner can grant, and the role must exist: the server's
administrator makes roles (CREATE ROLE NAME LOGIN PASSWORD '…').

A plan file has no grants: who may read or change it is the file
system's to say, through the file's permissions.`,
		Example:   `  convene grant amina write --db postgres://owner@db.example.org/coalition`,
		ValidArgs: []string{"read", "write"},
		Args:      cobra.ExactArgs(2),
		RunE: c.action(func(cmd *cobra.Command, args []string) error {
			var write bool
			switch args[1] {
			case "read":
			case "write":
				write = true
			default:
				return usageError("grant: %q is neither read nor write", args[1])
			}
			return c.grant(cmd.Context(), args[0], write)
		}),
	}
}

func (c *cli) grant(ctx context.Context, role string, write bool) error {
	plan, _, err := c.planPath()
	if err != nil {
		return err
	}
	if err := storage.Grant(ctx, plan, role, write); err != nil {
		return err
	}
	may := "read"
	if write {
		may = "read and change"
	}
	fmt.Fprintf(c.stdout, "%s may now %s %s.\n", role, may, storage.PlanName(plan))
	return nil
}
