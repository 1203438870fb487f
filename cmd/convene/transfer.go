package main

import "github.com/spf13/cobra"

// importCommand groups the ways a plan takes data in.
func (c *cli) importCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import csv|ics ...",
		Short: "Bring spreadsheets or a forum's calendar into the plan",
		Long: `Bring data into the plan. An import is all or nothing: one bad row and
nothing is written, and every bad row is named with its file and line.`,
	}
	cmd.AddCommand(
		c.importCSVCommand(),
		c.importICSCommand(),
	)
	return cmd
}

// exportCommand groups the ways a plan gives data out.
func (c *cli) exportCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export csv|ics|schedule-xml|schedule-json ...",
		Short: "Write the plan as spreadsheets or calendars",
		Long: `Write the plan out. Emails and gender are personal data: they leave the plan
only with --with-contacts.`,
	}
	cmd.AddCommand(
		c.exportCSVCommand(),
		c.exportICSCommand(),
		c.exportScheduleCommand("schedule-xml"), c.exportScheduleCommand("schedule-json"),
	)
	return cmd
}
