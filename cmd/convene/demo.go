package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/sample"
)

func (c *cli) demoCommand() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "demo [--force]",
		Short: "Fill the plan with the sample 2021 plan",
		Long: `Fill the plan with the sample plan of the Dynamic Coalition on IoT for 2021:
EuroDIG, national IGFs, IGF 2021 in Katowice with the joint DC-CIV/DC-IoT
session, speakers from every stakeholder group and region, and action items.
The plan file is created if it does not exist. A plan that already holds data
is left alone unless --force is given, which replaces everything in it.`,
		Args: cobra.NoArgs,
		RunE: c.action(func(cmd *cobra.Command, _ []string) error {
			return c.demo(cmd.Context(), force)
		}),
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace whatever the plan holds with the sample")
	return cmd
}

func (c *cli) demo(ctx context.Context, force bool) error {
	store, err := c.openToChange(ctx, true)
	if err != nil {
		return err
	}
	defer store.Close()
	err = store.Update(ctx, func(tx *storage.Tx) error {
		empty, err := tx.Empty(ctx)
		if err != nil {
			return err
		}
		if !empty && !force {
			return fmt.Errorf("%s already holds a plan; 'convene demo --force' replaces it with the sample", store.Path())
		}
		if err := tx.Clear(ctx); err != nil {
			return err
		}
		if err := sample.Load(ctx, tx); err != nil {
			return err
		}
		if empty {
			return nil // nothing is replaced, so there is nothing to keep
		}
		// The snapshot is of the plan as last committed: the one replaced.
		_, err = store.Snapshot(ctx, "demo-force")
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s: the sample 2021 plan is in place\n", store.Path())
	return nil
}
