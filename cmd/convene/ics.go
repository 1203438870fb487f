package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/imip"
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
	opts.PlanName = strings.TrimSuffix(filepath.Base(store.Path()), filepath.Ext(store.Path()))
	// The calendar is written as the sessions are read, in one read
	// transaction, so it is one consistent view of the plan.
	write := func(w io.Writer) error {
		return store.View(ctx, func(tx *storage.Tx) error { return exportFrom(ctx, tx, w, forumName, personKey, opts) })
	}
	if output == "" || output == "-" {
		return writeChecked("to standard output", c.stdout, write)
	}
	return writeOutput(output, store.Path(), opts.WithContacts, write)
}

// exportFrom writes the calendar the options ask for. Only what a calendar
// shows is read: people's names and emails, action items only when asked,
// and the sessions one by one, straight from the plan file.
func exportFrom(ctx context.Context, tx *storage.Tx, w io.Writer, forumName, personKey string, opts ical.Options) error {
	var (
		src    ical.Source
		filter storage.SessionFilter
		err    error
	)
	if forumName != "" {
		f, err := findForum(ctx, tx, forumName)
		if err != nil {
			return err
		}
		opts.ForumID, filter.ForumID = f.ID, f.ID
	}
	if personKey != "" {
		p, err := findPerson(ctx, tx, personKey)
		if err != nil {
			return err
		}
		opts.PersonID = p.ID
	}
	if src.Forums, err = tx.Forums(ctx); err != nil {
		return err
	}
	if src.People, err = tx.Names(ctx); err != nil {
		return err
	}
	if opts.Todos {
		if src.Actions, err = tx.Actions(ctx); err != nil {
			return err
		}
	}
	if opts.PersonID != 0 {
		// A person's sessions are few: read them at once.
		sessions, err := tx.SessionsOf(ctx, opts.PersonID)
		if err != nil {
			return err
		}
		return ical.Export(w, &model.Plan{Forums: src.Forums, People: src.People, Sessions: sessions, Actions: src.Actions}, opts)
	}
	if src.Spans, err = tx.Spans(ctx, filter); err != nil {
		return err
	}
	src.Sessions = func(yield func(*model.Session) error) error { return tx.EachSession(ctx, filter, yield) }
	return ical.Write(w, src, opts)
}

// findPerson looks a person up by email, else by name; a name that several
// people share is refused, since the calendar would be the wrong person's.
func findPerson(ctx context.Context, tx *storage.Tx, key string) (model.Person, error) {
	people, err := tx.FindPeople(ctx, key)
	switch {
	case err != nil:
		return model.Person{}, err
	case len(people) == 0:
		return model.Person{}, fmt.Errorf("no one in the plan has the email or name %q", key)
	case len(people) > 1:
		return model.Person{}, fmt.Errorf("%d people are named %q; give the email of the one you mean", len(people), key)
	}
	return people[0], nil
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
	in := bufio.NewReader(f)
	if head, _ := in.Peek(4096); imip.IsAnswer(head) {
		return c.importAnswers(ctx, in, path)
	}
	if forumName == "" {
		return usageError("import ics: %s is not an answer to an invitation (a calendar with METHOD:REPLY, or the email it came in); to add a forum's programme, say which forum with --forum NAME", path)
	}
	store, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	var sum ical.Summary
	err = store.Update(ctx, func(tx *storage.Tx) error {
		forum, err := findForum(ctx, tx, forumName)
		if err != nil {
			return err
		}
		events, err := ical.Read(in, path, forum.Zone)
		if err != nil {
			return err
		}
		sum, err = ical.Import(ctx, tx, &forum, path, events)
		if err == nil {
			_, err = store.Snapshot(ctx, "import-ics")
		}
		return err
	})
	if errors.Is(err, ical.ErrUnreadable) {
		return &exitError{code: exitUsage, err: fmt.Errorf("import ics: %w", err)}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, sum)
	return nil
}

// importAnswers applies answers to invitations: all of them, or, when one
// is refused, none.
func (c *cli) importAnswers(ctx context.Context, in io.Reader, path string) error {
	replies, err := imip.ReadAnswers(in, path)
	if errors.Is(err, ical.ErrUnreadable) {
		return &exitError{code: exitUsage, err: fmt.Errorf("import ics: %w", err)}
	}
	if err != nil {
		return err
	}
	store, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	answers, err := imip.Record(ctx, store, replies)
	if err != nil {
		return err
	}
	for _, a := range answers {
		fmt.Fprintln(c.stdout, a)
	}
	return nil
}
