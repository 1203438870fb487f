package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

func (c *cli) scheduleCommand() *cobra.Command {
	var person, tz string
	cmd := &cobra.Command{
		Use:   "schedule --person EMAIL|NAME [--tz ZONE]",
		Short: "Print one person's sessions in their own time zone",
		Long: `Print the sessions a person takes part in, ordered by start: the day and time
as they fall in the person's own zone (or in --tz), the forum's local time
beside it, the forum, the title, their role and the room. Sessions they
declined are left out; unscheduled ones come last.

The person is found by email, or else by name (regardless of case). A name
that several people share lists them; give the email of the one you mean.`,
		Example: `  convene schedule --person jose.alvarez@example.org
  convene schedule --person "José Álvarez-Núñez" --tz Europe/Warsaw`,
		Args: cobra.NoArgs,
		RunE: c.action(func(cmd *cobra.Command, _ []string) error {
			var zone *time.Location
			if tz != "" {
				var err error
				if zone, err = model.LoadZone(tz); err != nil {
					return usageError("schedule: --tz %v", err)
				}
			}
			return c.schedule(cmd.Context(), person, zone)
		}),
	}
	cmd.Flags().StringVar(&person, "person", "", "the person's email or name")
	cmd.Flags().StringVar(&tz, "tz", "", "show times in this IANA zone instead of the person's (e.g. Europe/Warsaw)")
	cmd.MarkFlagRequired("person")
	return cmd
}

func (c *cli) schedule(ctx context.Context, key string, zone *time.Location) error {
	store, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	var (
		person   model.Person
		sessions []model.Session
		forums   []model.Forum
	)
	err = store.View(ctx, func(tx *storage.Tx) error {
		if person, err = schedulePerson(ctx, tx, key); err != nil {
			return err
		}
		if sessions, err = tx.SessionsOf(ctx, person.ID); err != nil {
			return err
		}
		forums, err = tx.Forums(ctx)
		return err
	})
	if err != nil {
		return err
	}
	if zone == nil {
		zone = person.Zone
	}
	forumByID := make(map[int64]*model.Forum, len(forums))
	for i := range forums {
		forumByID[forums[i].ID] = &forums[i]
	}

	var rows [][]string
	for _, s := range sessions {
		role := scheduleRoles(&s, person.ID)
		if role == "" {
			continue // declined
		}
		f := forumByID[s.ForumID]
		day, hours, local := "unscheduled", "", ""
		if s.Scheduled() {
			day = s.Start.In(zone).Format("Mon 2 Jan 2006")
			hours = scheduleClock(s.Start, s.End, zone)
			local = scheduleClock(s.Start, s.End, f.Zone)
			if model.DateOf(s.Start.In(f.Zone)) != model.DateOf(s.Start.In(zone)) {
				local = s.Start.In(f.Zone).Format("Mon 2 Jan ") + local
			}
			local += " " + schedulePlace(f)
		}
		title := shorten(s.Title, 56)
		if s.Status == model.StatusCancelled {
			title += " (cancelled)"
		}
		rows = append(rows, []string{day, hours, local, f.Name, title, role, s.Room})
	}

	out := bufio.NewWriter(c.stdout)
	if len(rows) == 0 {
		fmt.Fprintf(out, "%s takes part in no sessions.\n", person.Name)
		return out.Flush()
	}
	fmt.Fprintf(out, "%s, times in %s (%s)\n\n", person.Name, model.City(zone), zone)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DAY\tTIME\tFORUM TIME\tFORUM\tTITLE\tROLE\tROOM")
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
	return out.Flush()
}

// schedulePerson looks a person up by email or name; a name several people share
// is refused with the list of them, since a schedule is one person's.
func schedulePerson(ctx context.Context, tx *storage.Tx, key string) (model.Person, error) {
	people, err := tx.FindPeople(ctx, key)
	if err == nil && len(people) == 0 {
		people, err = schedulePeopleFolded(ctx, tx, key)
	}
	switch {
	case err != nil:
		return model.Person{}, err
	case len(people) == 0:
		return model.Person{}, fmt.Errorf("schedule: no one in the plan has the email or name %q", key)
	case len(people) > 1:
		var names []string
		for _, p := range people {
			names = append(names, fmt.Sprintf("%s (%s)", p.Name, joinNonEmpty(", ", p.Affiliation, p.Country, p.Zone.String())))
		}
		return model.Person{}, fmt.Errorf("schedule: %d people are named %q: %s; give the email of the one you mean",
			len(people), key, strings.Join(names, "; "))
	}
	return people[0], nil
}

// schedulePeopleFolded matches email or name regardless of case beyond ASCII,
// which the store's lookup leaves to SQLite, whose NOCASE folds only A to Z:
// "josé álvarez-núñez" must find José Álvarez-Núñez.
func schedulePeopleFolded(ctx context.Context, tx *storage.Tx, key string) ([]model.Person, error) {
	everyone, err := tx.People(ctx)
	if err != nil {
		return nil, err
	}
	key = model.CleanLine(key)
	var named []model.Person
	for _, p := range everyone {
		if p.Email != "" && strings.EqualFold(p.Email, key) {
			return []model.Person{p}, nil
		}
		if strings.EqualFold(p.Name, key) {
			named = append(named, p)
		}
	}
	return named, nil
}

// scheduleRoles lists what the person does in the session, marking invitations
// not yet accepted; empty when they declined everything.
func scheduleRoles(s *model.Session, personID int64) string {
	var roles []string
	for _, pt := range s.Participants {
		if pt.PersonID != personID || pt.Status == model.Declined {
			continue
		}
		r := string(pt.Role)
		if pt.Status == model.Invited {
			r += " (invited)"
		}
		roles = append(roles, r)
	}
	return strings.Join(roles, ", ")
}

// scheduleClock writes [start, end) on the clocks of loc, marking an end on the
// next day ("23:30–00:30 +1").
func scheduleClock(start, end time.Time, loc *time.Location) string {
	s, e := start.In(loc), end.In(loc)
	text := s.Format("15:04") + "–" + e.Format("15:04")
	if days := model.DateOf(e).Compare(model.DateOf(s)); days > 0 {
		text += " +1"
	}
	return text
}

// schedulePlace is where the forum's clocks are: its city, else its zone's.
func schedulePlace(f *model.Forum) string {
	if f.City != "" {
		return f.City
	}
	return model.City(f.Zone)
}
