package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/report"
)

func (c *cli) reportCommand() *cobra.Command {
	var (
		year    int
		session string
		out     string
	)
	cmd := &cobra.Command{
		Use:   "report --year YYYY | --session UID|TITLE -o FILE.html|FILE.pdf|FILE.md",
		Short: "Write the year-end report and plan of engagement, or a session's report",
		Long: `Write the coalition's year-end report and plan of engagement for the year
after (--year), or the IGF's report on one session (--session, by UID or
title).

The year's report holds the coalition's focus in its own words (written in the
app's Year view), the forums and sessions of the year, joint sessions and with
whom, who spoke (names and affiliations) with their stakeholder groups,
genders and regions drawn beside the IGF's expectations, action items done,
open and overdue, the session reports filed and due, and the forums, proposal
deadlines and open actions ahead. Emails never appear.

The file's ending chooses the format: .html (one self-contained file that
prints on A4 and Letter), .pdf (its fonts embedded, for every script), or .md
(Markdown, for a wiki or the IGF's forms).

Exit codes: 0 written; 1 no such session, or a title several sessions share;
2 wrong usage or a file that cannot be written.`,
		Example: `  convene report --year 2021 -o dc-iot-2021.pdf
  convene report --session "Core Internet Values and the IoT" -o session.md`,
		Args: cobra.NoArgs,
		RunE: c.action(func(cmd *cobra.Command, _ []string) error {
			hasYear, hasSession := cmd.Flags().Changed("year"), cmd.Flags().Changed("session")
			switch {
			case hasYear == hasSession:
				return usageError("report: give either --year or --session")
			case out == "":
				return usageError("report: give the file to write with -o")
			case hasYear && (year < model.FirstYear || year > model.LastYear):
				return usageError("report: --year %d is outside the years %d to %d", year, model.FirstYear, model.LastYear)
			}
			format, err := reportFormat(out)
			if err != nil {
				return err
			}
			return c.report(cmd.Context(), year, session, out, format, model.DateOf(time.Now()))
		}),
	}
	cmd.Flags().IntVar(&year, "year", 0, "the year to report on; the plan of engagement is for the year after")
	cmd.Flags().StringVar(&session, "session", "", "the session to report on, by UID or title")
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write: .html, .pdf or .md")
	return cmd
}

// reportFormats are the formats by the file endings that choose them.
var reportFormats = map[string]func(io.Writer, *report.Document) error{
	".html":     report.WriteHTML,
	".htm":      report.WriteHTML,
	".pdf":      report.WritePDF,
	".md":       report.WriteMarkdown,
	".markdown": report.WriteMarkdown,
}

func reportFormat(path string) (func(io.Writer, *report.Document) error, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if w, ok := reportFormats[ext]; ok {
		return w, nil
	}
	return nil, usageError("report: %s: the file's name must end in .html, .pdf or .md to say its format", path)
}

func (c *cli) report(ctx context.Context, year int, sessionRef, out string, write func(io.Writer, *report.Document) error, today model.Date) error {
	store, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	var plan *model.Plan
	err = store.View(ctx, func(tx *storage.Tx) (err error) {
		plan, err = tx.Plan(ctx)
		return err
	})
	planPath := store.Path()
	store.Close()
	if err != nil {
		return err
	}
	var doc *report.Document
	if sessionRef != "" {
		id, err := findSession(plan, sessionRef)
		if err != nil {
			return err
		}
		if doc, err = report.Session(plan, id, today); err != nil {
			return err
		}
	} else {
		doc = report.Year(plan, year, today)
	}
	if out == "-" {
		return write(c.stdout, doc)
	}
	// A report names speakers but holds no email: personal data it is not.
	return writeOutput(out, planPath, false, func(w io.Writer) error { return write(w, doc) })
}

// findSession finds the one session with the UID, else with the title
// (in any case).
func findSession(p *model.Plan, ref string) (int64, error) {
	var found []*model.Session
	for i := range p.Sessions {
		if p.Sessions[i].UID == ref {
			return p.Sessions[i].ID, nil
		}
	}
	for i := range p.Sessions {
		if strings.EqualFold(p.Sessions[i].Title, strings.TrimSpace(ref)) {
			found = append(found, &p.Sessions[i])
		}
	}
	switch len(found) {
	case 0:
		return 0, fmt.Errorf("report: no session has the UID or title %q", ref)
	case 1:
		return found[0].ID, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "report: %d sessions are titled %q; give the UID of the one you mean:", len(found), ref)
	for _, s := range found {
		fmt.Fprintf(&b, "\n  %s", s.UID)
	}
	return 0, fmt.Errorf("%s", b.String())
}
