package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

func (c *cli) forgetCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "forget EMAIL|NAME",
		Short: "Remove a person and every trace of them from the plan and its snapshots",
		Long: `Remove the person with that email (or, failing that, that name) from the
plan: their record, their roles in sessions and their availability. Action
items they owned stay, without an owner. Where other records' text (a
session's description, a forum's notes …) mentions their name or email, the
mention becomes "[forgotten]".

Then make sure nothing of them is left in the files: SQLite overwrites what
was deleted, the plan file is rewritten and its write-ahead log emptied, and
each snapshot of the plan is cleaned the same way, or deleted when that
cannot be done. Every file is then searched for their name and email, and
anything found is reported (exit 1).

A person deleted from the plan after they were sent an invitation is kept,
name and address, only so that the next 'convene invite' can cancel it;
forget finds them there too, removes them from it and from the snapshots,
and no cancellation is sent to them.

On a team plan (--db postgres://…) the person leaves every table and every
snapshot kept in the database; then the server rewrites the plan's table
files (VACUUM FULL), so deleted rows are in none of them. PostgreSQL lets
only the tables' owner do that: anyone else is told so (exit 1), and the
owner finishes it by running the same forget, which then finds no one left
to forget. What the server still keeps elsewhere (its write-ahead log,
backups) is the administrator's: see the README.

Their name stays where another person has the same name. A name that several
people share is refused: give the email of the one you mean.`,
		Example: `  convene forget zofia.wroblewska@example.org
  convene forget "Zofia Wróblewska"`,
		Args: cobra.ExactArgs(1),
		RunE: c.action(func(cmd *cobra.Command, args []string) error {
			return c.forget(cmd.Context(), args[0])
		}),
	}
}

func (c *cli) forget(ctx context.Context, key string) error {
	plan, _, err := c.planPath()
	if err != nil {
		return err
	}
	store, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	// Those deleted from the plan after an invitation are still in it,
	// kept for its cancellation, and are found there too.
	var people, deleted []model.Person
	err = store.View(ctx, func(tx *storage.Tx) (err error) {
		if people, err = tx.FindPeople(ctx, key); err != nil {
			return err
		}
		deleted, err = tx.FindDeletedPeople(ctx, key)
		return err
	})
	if err != nil {
		return err
	}
	switch {
	case len(people)+len(deleted) == 0 && storage.IsTeamPlan(plan) && store.RewriteTeamFiles(ctx) == nil:
		// The owner finishing what a coordinator's forget began.
		return fmt.Errorf("no one in %s has the email or name %q, so no one was forgotten; "+
			"the server has rewritten the plan's table files, so no one forgotten before is left in them", store.Path(), key)
	case len(people)+len(deleted) == 0:
		return fmt.Errorf("no one in %s has the email or name %q; nothing was changed", store.Path(), key)
	case len(people)+len(deleted) > 1:
		var b strings.Builder
		fmt.Fprintf(&b, "%d people are named %q; give the email of the one to forget:", len(people)+len(deleted), key)
		for _, p := range people {
			email := p.Email
			if email == "" {
				email = "no email"
			}
			fmt.Fprintf(&b, "\n  %s <%s>, %s", p.Name, email, p.Affiliation)
		}
		for _, p := range deleted {
			fmt.Fprintf(&b, "\n  %s <%s>, deleted from the plan, kept to cancel what was sent to them", p.Name, p.Email)
		}
		b.WriteString("\nNothing was changed.")
		return fmt.Errorf("%s", b.String())
	}
	var f storage.Forgotten
	if len(deleted) == 1 {
		f, err = store.ForgetDeleted(ctx, deleted[0])
	} else {
		f, err = store.Forget(ctx, people[0].ID)
	}
	if errors.Is(err, storage.ErrNotRewritten) {
		c.printForgotten(f, len(deleted) == 1)
		return fmt.Errorf("%w.\nRun 'convene forget %s' again as the plan's owner: it finds no one left to forget, "+
			"and has the server rewrite its files", err, shellQuote(key))
	}
	if err != nil {
		return err
	}
	c.printForgotten(f, len(deleted) == 1)
	if len(f.Lingering) > 0 {
		return fmt.Errorf("not every trace of %s is gone:\n  %s\n"+
			"A program that has the plan open (such as Convene's window) keeps SQLite's log until it closes, "+
			"and the letters of a short name may be part of other words",
			f.Name, strings.Join(f.Lingering, "\n  "))
	}
	return nil
}

// printForgotten says what forget removed; wasDeleted is set for a person
// deleted from the plan before.
func (c *cli) printForgotten(f storage.Forgotten, wasDeleted bool) {
	fmt.Fprintf(c.stdout, "Forgot %s:\n", f.Name)
	if wasDeleted {
		fmt.Fprintf(c.stdout, "  they were deleted from the plan before; what it kept to cancel the invitations sent to them (%s) is removed, and no cancellation will be sent to them\n",
			count(f.Invitations, "record", "records"))
	} else {
		fmt.Fprintf(c.stdout, "  their record, %s, %s and %s are removed\n",
			count(f.Participations, "role in a session", "roles in sessions"),
			count(f.Availability, "availability window", "availability windows"),
			count(f.Invitations, "invitation sent to them", "invitations sent to them"))
		fmt.Fprintf(c.stdout, "  %s, without an owner\n", count(f.Actions, "action item they owned stays", "action items they owned stay"))
	}
	fmt.Fprintf(c.stdout, "  %s of them in other records now read %q\n", count(f.Mentions, "mention", "mentions"), storage.Redacted)
	if f.SharedName != "" {
		fmt.Fprintf(c.stdout, "  their name stays in the plan as that of another person, %s\n", f.SharedName)
	}
	for _, sn := range f.Scrubbed {
		fmt.Fprintf(c.stdout, "  snapshot %s: cleaned\n", filepath.Base(sn))
	}
	for _, d := range f.Deleted {
		fmt.Fprintf(c.stdout, "  snapshot %s: deleted, as they could not be removed from it (%s)\n", filepath.Base(d.Path), d.Why)
	}
}

// shellQuote writes a word so that a shell takes it as one.
func shellQuote(word string) string {
	if word != "" && strings.Trim(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@._+-") == "" {
		return word
	}
	return "'" + strings.ReplaceAll(word, "'", `'\''`) + "'"
}

// count writes "1 thing" or "n things".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
