package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

func (c *cli) checkCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check [--json]",
		Short: "Find conflicts and warnings in the plan",
		Long: `Run the planning checks and print conflicts, then warnings, one per line,
each naming the session(s) and the person or room.

Conflicts: a person in two overlapping sessions (across forums too; declined
participations don't count); two sessions in one room of a forum at once (an
empty room, Online or a link never clashes); a session outside its forum's
days; an end not after the start; a joint session (one whose title calls it
joint) with fewer than two organising coalitions.

Warnings: fewer than three stakeholder groups among a session's speakers and
moderators; one gender only; one UN region only; fewer than three confirmed
speakers on a session that is proposed or later; no moderator or no rapporteur
on a scheduled session; a session in a participant's local night (before 07:00
or after 22:00 where they are); a person outside their availability; overdue
action items; a session report past due (two weeks after the session unless
its report_due says otherwise, until the report is filed).

With --json it prints {"conflicts": [...], "warnings": [...]}, each item with
its kind, a message, the sessions (uid and title) and the people (names only)
involved, and the room when a room clashes.

Exit codes: 0 when there is no conflict (warnings or not), 1 when there is any.`,
		Example: `  convene check
  convene check --json --db plan.convene`,
		Args: cobra.NoArgs,
		RunE: c.action(func(cmd *cobra.Command, _ []string) error {
			return c.check(cmd.Context(), asJSON, model.DateOf(time.Now()))
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of lines of text")
	return cmd
}

func (c *cli) check(ctx context.Context, asJSON bool, today model.Date) error {
	store, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	var plan *model.Plan
	err = store.View(ctx, func(tx *storage.Tx) error {
		plan, err = tx.Plan(ctx)
		return err
	})
	if err != nil {
		return err
	}
	checker := model.NewChecker(plan, today)
	findings := checker.Findings()
	out := bufio.NewWriter(c.stdout)
	if asJSON {
		err = writeCheckJSON(out, plan, findings)
	} else {
		for _, f := range findings {
			fmt.Fprintf(out, "%s: %s\n", f.Severity(), f.Message)
		}
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		return fmt.Errorf("check: write the findings: %w", err)
	}
	conflicts, warnings := checker.Counts()
	summary := fmt.Sprintf("%s, %s", checkCount(conflicts, "conflict"), checkCount(warnings, "warning"))
	if conflicts > 0 {
		return &exitError{code: exitData, err: fmt.Errorf("check: %s", summary)}
	}
	fmt.Fprintf(c.stderr, "check: %s\n", summary)
	return nil
}

// checkFindingJSON is one finding as --json prints it: names, never emails.
type checkFindingJSON struct {
	Kind     model.FindingKind  `json:"kind"`
	Message  string             `json:"message"`
	Sessions []checkSessionJSON `json:"sessions"`
	People   []string           `json:"people"`
	Room     string             `json:"room,omitempty"`
	Action   string             `json:"action,omitempty"`
}

type checkSessionJSON struct {
	UID   string `json:"uid"`
	Title string `json:"title"`
}

func writeCheckJSON(w io.Writer, plan *model.Plan, findings []model.Finding) error {
	ix := plan.Index()
	actions := make(map[int64]string, len(plan.Actions))
	for _, a := range plan.Actions {
		actions[a.ID] = a.Title
	}
	doc := struct {
		Conflicts []checkFindingJSON `json:"conflicts"`
		Warnings  []checkFindingJSON `json:"warnings"`
	}{Conflicts: []checkFindingJSON{}, Warnings: []checkFindingJSON{}}
	for _, f := range findings {
		item := checkFindingJSON{Kind: f.Kind, Message: f.Message, Sessions: []checkSessionJSON{}, People: []string{},
			Room: f.Room, Action: actions[f.ActionID]}
		for _, id := range f.SessionIDs {
			if s, ok := ix.Sessions[id]; ok {
				item.Sessions = append(item.Sessions, checkSessionJSON{UID: s.UID, Title: s.Title})
			}
		}
		for _, id := range f.PersonIDs {
			if p, ok := ix.People[id]; ok {
				item.People = append(item.People, p.Name)
			}
		}
		if f.Severity() == model.Conflict {
			doc.Conflicts = append(doc.Conflicts, item)
		} else {
			doc.Warnings = append(doc.Warnings, item)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// checkCount writes "1 conflict", "2 conflicts", "no conflicts".
func checkCount(n int, noun string) string {
	switch n {
	case 0:
		return "no " + noun + "s"
	case 1:
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
