package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/csvio"
	"github.com/convene-planner/convene/storage/transfer"
)

func (c *cli) importCSVCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "csv forums|sessions|people|actions|reports|narratives FILE.csv",
		Short: "Add or update forums, sessions, people, action items, session reports or narratives from a spreadsheet",
		Long: `Read a spreadsheet saved as CSV into the plan, all or nothing: if any row
has a problem, every problem is printed as FILE:LINE: column: what is wrong,
nothing is written, and the exit code is 1.

The first line names the columns (any case, any order; those a kind needs
are required, unknown ones are refused). UTF-8 with or without BOM; comma or
semicolon delimiter, detected from the header. Lists in a cell are separated
by ";" in a comma file and by "|" in a semicolon file. Times are
YYYY-MM-DD HH:MM in the row's timezone (the forum's when empty) or RFC 3339.

Rows update what the plan has: forums by name, people by uid (else by
email, else by name), sessions by uid (empty: a new session), actions by
title and owner, session reports by their session's uid, narratives by year.
Participants and owners are named by a person's uid, email, or a name one
person has. Emails and names compare in any case and Unicode form.
Import forums and people before the sessions and actions that name them.
Coalitions the sessions name that the plan lacks are added.`,
		Example: `  convene import csv forums forums.csv
  convene import csv people people.csv
  convene import csv sessions sessions.csv`,
		ValidArgs: []string{"forums", "sessions", "people", "actions", "reports", "narratives"},
		Args:      cobra.ExactArgs(2),
		RunE: c.action(func(cmd *cobra.Command, args []string) error {
			kind, err := csvio.ParseKind(args[0])
			if err != nil {
				return usageError("import csv: %v", err)
			}
			return c.importCSV(cmd.Context(), kind, args[1])
		}),
	}
}

func (c *cli) importCSV(ctx context.Context, kind csvio.Kind, path string) error {
	f, err := openInput(path)
	if err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("import %s: %w", kind, err)}
	}
	defer f.Close()
	plan, _, err := c.planPath()
	if err != nil {
		return err
	}
	_, statErr := os.Stat(plan)
	created := !storage.IsTeamPlan(plan) && errors.Is(statErr, fs.ErrNotExist)
	store, err := c.openToChange(ctx, true)
	if err != nil {
		return err
	}
	sum, err := transfer.ImportCSV(ctx, store, kind, transfer.Source{Name: path, R: f}, nil)
	if errors.Is(err, csvio.ErrUnreadable) {
		err = &exitError{code: exitUsage, err: err}
	}
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if created {
			// The import made the plan file only to fill it; nothing was
			// written, so nothing is left behind either.
			for _, p := range []string{store.Path(), store.Path() + "-wal", store.Path() + "-shm"} {
				os.Remove(p)
			}
		}
		return err
	}
	fmt.Fprintln(c.stdout, sum)
	return nil
}

func (c *cli) exportCSVCommand() *cobra.Command {
	var (
		output       string
		withContacts bool
	)
	cmd := &cobra.Command{
		Use:   "csv forums|sessions|people|actions|reports|narratives [-o FILE] [--with-contacts]",
		Short: "Write the plan's forums, sessions, people or action items as a spreadsheet",
		Long: `Write one kind of record as CSV, to standard output or to FILE: the columns
of 'convene import csv' in their documented order, UTF-8 without BOM, comma
delimiter, CRLF line ends, times as YYYY-MM-DD HH:MM in the forum's zone.
The same plan always gives the same bytes, and importing the file into the
plan changes nothing.

Cells a spreadsheet would run as a formula (starting with = + - or @) get a
leading ' so they show as text; import takes it off again.

Emails and gender are personal data: without --with-contacts their cells
are empty and participants and owners are named by name, or by the person's
uid (a random key, not personal data) when two people share the name.`,
		Example: `  convene export csv sessions -o sessions.csv
  convene export csv people --with-contacts -o people.csv`,
		ValidArgs: []string{"forums", "sessions", "people", "actions", "reports", "narratives"},
		Args:      cobra.ExactArgs(1),
		RunE: c.action(func(cmd *cobra.Command, args []string) error {
			kind, err := csvio.ParseKind(args[0])
			if err != nil {
				return usageError("export csv: %v", err)
			}
			return c.exportCSV(cmd.Context(), kind, output, csvio.Options{WithContacts: withContacts})
		}),
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of standard output")
	cmd.Flags().BoolVar(&withContacts, "with-contacts", false, "include emails and gender, and name people by email")
	return cmd
}

func (c *cli) exportCSV(ctx context.Context, kind csvio.Kind, output string, opts csvio.Options) error {
	store, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	err = usageIfCannotWrite(transfer.ExportCSV(ctx, store, kind, c.destination(output), opts))
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	return err
}
