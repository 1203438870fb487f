package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/schedule"
)

// exportScheduleCommand is `export schedule-xml` or `export schedule-json`:
// a forum's programme for conference apps.
func (c *cli) exportScheduleCommand(format string) *cobra.Command {
	var (
		forum, output string
		opts          schedule.Options
	)
	write, name := schedule.WriteXML, "frab/pentabarf schedule.xml"
	if format == "schedule-json" {
		write, name = schedule.WriteJSON, "c3voc schedule.json"
	}
	cmd := &cobra.Command{
		Use:   format + " --forum NAME [--with-contacts] [-o FILE]",
		Short: "Write a forum's programme as the " + name + " that conference apps read",
		Long: `Write the forum's programme as the ` + name + ` (the c3voc schema) that
conference apps such as Giggity, ConfClerk and EventFahrplan read: its days,
the rooms used each day, and in each room its sessions that have times and
are not cancelled, at the forum's local time with the forum's time zone named
(time_zone_name). Each event's guid comes from its session's UID, so an app
that reloads the programme keeps its bookmarks. People are named only; emails
are written only with --with-contacts. A session that does not end after it
starts is named and nothing is written.`,
		Example: `  convene export ` + format + ` --forum "IGF 2021" -o igf2021-` + format[len("schedule-"):] + `.` + format[len("schedule-"):],
		Args:    cobra.NoArgs,
		RunE: c.action(func(cmd *cobra.Command, _ []string) error {
			return c.exportSchedule(cmd.Context(), forum, output, opts, write)
		}),
	}
	cmd.Flags().StringVar(&forum, "forum", "", "the forum whose programme to write (required)")
	cmd.MarkFlagRequired("forum")
	cmd.Flags().BoolVar(&opts.WithContacts, "with-contacts", false, "include people's emails")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

type scheduleWriter func(io.Writer, *model.Forum, []model.Session, []model.Person, schedule.Options) error

func (c *cli) exportSchedule(ctx context.Context, forumName, output string, opts schedule.Options, write scheduleWriter) error {
	store, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	var (
		forum    model.Forum
		sessions []model.Session
		people   []model.Person
	)
	err = store.View(ctx, func(tx *storage.Tx) error {
		var err error
		if forum, err = tx.FindForum(ctx, forumName); err != nil {
			return err
		}
		if sessions, err = tx.Sessions(ctx, storage.SessionFilter{ForumID: forum.ID}); err != nil {
			return err
		}
		people, err = tx.Names(ctx)
		return err
	})
	if err != nil {
		return err
	}
	do := func(w io.Writer) error { return write(w, &forum, sessions, people, opts) }
	if output == "" || output == "-" {
		return writeChecked("to standard output", c.stdout, do)
	}
	return writeOutput(output, store.Path(), opts.WithContacts, do)
}
