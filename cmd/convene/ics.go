package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/transfer"
)

func (c *cli) exportICSCommand() *cobra.Command {
	var (
		forum, person, output string
		opts                  ical.Options
	)
	cmd := &cobra.Command{
		Use:   "ics [--forum NAME] [--person EMAIL|NAME] [--todos] [--with-contacts] [-o FILE]",
		Short: "Write the plan's sessions as a calendar (.ics) to subscribe to or import",
		Long: `Write the sessions that have times, whatever their status, as an iCalendar
(RFC 5545) file every calendar program reads: one event per session, in its
forum's time zone, with its organisers, people and roles in the description.
A cancelled session stays in, marked cancelled, so subscribers see it go.
SEQUENCE rises whenever something a calendar shows changes, so subscribers
take each new version.

--forum keeps one forum; --person keeps the sessions that person takes part
in (not those they declined) and names the calendar after them. --todos adds
action items as to-dos. Emails and ATTENDEE lines are personal data: they are
written only with --with-contacts.`,
		Example: `  convene export ics -o plan.ics
  convene export ics --forum "IGF 2021" --todos -o igf.ics
  convene export ics --person zofia@example.pl -o zofia.ics`,
		Args: cobra.NoArgs,
		RunE: c.action(func(cmd *cobra.Command, _ []string) error {
			return c.exportICS(cmd.Context(), forum, person, output, opts)
		}),
	}
	cmd.Flags().StringVar(&forum, "forum", "", "only this forum's sessions and action items")
	cmd.Flags().StringVar(&person, "person", "", "only the sessions and action items of the person with this email or name")
	cmd.Flags().BoolVar(&opts.Todos, "todos", false, "add action items as to-dos")
	cmd.Flags().BoolVar(&opts.WithContacts, "with-contacts", false, "include emails and attendees")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

func (c *cli) exportICS(ctx context.Context, forumName, personKey, output string, opts ical.Options) error {
	store, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	sel := transfer.Selection{Forum: forumName, Person: personKey}
	return usageIfCannotWrite(transfer.ExportICS(ctx, store, c.destination(output), sel, opts))
}

func (c *cli) importICSCommand() *cobra.Command {
	var forum string
	cmd := &cobra.Command{
		Use:   "ics [--forum NAME] FILE.ics|FILE.eml",
		Short: "Add or update a forum's sessions from its published calendar, or take answers to invitations",
		Long: `Read a forum's published programme (.ics from any calendar program) and add
its events to the forum as sessions, or update the sessions that have their
UIDs. Times in UTC, with a TZID, or without a zone (read in the forum's own)
are all understood, and an end given as DURATION. A new session keeps the
event's UID, is organised by the plan's own coalition and has the format
"other". What an event leaves out (a room, a description), the session keeps.
Prints "added N, updated M, unchanged K"; importing the same file again
changes nothing. A calendar that cannot be read is refused, every bad line
named as FILE:LINE, and nothing is written.

An answer to an invitation sent with 'convene invite' (METHOD:REPLY, as the
.ics a calendar program wrote or the .eml it came in) needs no --forum: it
sets the participant's status on that session (ACCEPTED confirmed, DECLINED
declined, TENTATIVE invited) and says what changed. An answer for a session
the plan does not have, from someone who is not its participant, or to an
invitation older than the last one sent to them is refused, naming why, and
nothing is written. A proposal of another time (METHOD:COUNTER) is shown,
not applied.`,
		Example: `  convene import ics --forum "IGF 2021" igf2021.ics
  convene import ics "Accepted: Software update in practice.eml"`,
		Args: cobra.ExactArgs(1),
		RunE: c.action(func(cmd *cobra.Command, args []string) error {
			return c.importICS(cmd.Context(), forum, args[0])
		}),
	}
	cmd.Flags().StringVar(&forum, "forum", "", "the forum whose programme the file is (not needed for answers to invitations)")
	return cmd
}

func (c *cli) importICS(ctx context.Context, forumName, path string) error {
	f, err := openInput(path)
	if err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("import ics: %w", err)}
	}
	defer f.Close()
	store, err := c.openToChange(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	cal, err := transfer.ImportICS(ctx, store, forumName, transfer.Source{Name: path, R: f}, nil)
	switch {
	case errors.Is(err, transfer.ErrNoForum):
		return usageError("import ics: %s is not an answer to an invitation (a calendar with METHOD:REPLY, or the email it came in); to add a forum's programme, say which forum with --forum NAME", path)
	case errors.Is(err, ical.ErrUnreadable):
		return &exitError{code: exitUsage, err: fmt.Errorf("import ics: %w", err)}
	case err != nil:
		return err
	case cal.Forum != nil:
		fmt.Fprintln(c.stdout, cal.Summary)
	}
	for _, a := range cal.Answers {
		fmt.Fprintln(c.stdout, a)
	}
	return nil
}
