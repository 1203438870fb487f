package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/feeds"
)

// publishFlags are what `convene publish` is told besides its target.
type publishFlags struct {
	forum, person, user    string
	withContacts, insecure bool
}

func (c *cli) publishCommand() *cobra.Command {
	var f publishFlags
	cmd := &cobra.Command{
		Use:   "publish TARGET [--forum NAME] [--person EMAIL|NAME] [--with-contacts]",
		Short: "Keep published calendars in step with the plan: a CalDAV calendar or a folder of feeds",
		Long: `Publish the plan's calendars so that those who subscribe see every change.

TARGET is a folder of static feeds for any web server (webcal): plan.ics,
one file per forum (forum-ID-NAME.ics) and one per person with the sessions
they take part in (person-RANDOM.ics). A person's file name has a random part
that the plan keeps, so their link stays the same from one publish to the
next and cannot be guessed from anyone else's; feeds.csv (readable by you
only: do not serve it) says whose each file is. Only files whose calendar
changed are rewritten, each atomically; the file of a person forgotten or
removed from the plan is removed.

--forum publishes that forum's file and the files of the people taking part
in it; --person publishes that person's file alone. Emails stay out of every
file unless --with-contacts.

Prints "published: N added, M updated, K removed, L unchanged".`,
		Example: `  convene publish /var/www/calendars
  convene publish /var/www/calendars --person zofia.wroblewska@example.org`,
		Args: cobra.ExactArgs(1),
		RunE: c.action(func(cmd *cobra.Command, args []string) error {
			return c.publish(cmd.Context(), args[0], f)
		}),
	}
	cmd.Flags().StringVar(&f.forum, "forum", "", "publish only this forum's sessions")
	cmd.Flags().StringVar(&f.person, "person", "", "publish only the calendar of the person with this email or name")
	cmd.Flags().BoolVar(&f.withContacts, "with-contacts", false, "include emails and attendees")
	return cmd
}

func (c *cli) publish(ctx context.Context, target string, f publishFlags) error {
	store, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	var sel feeds.Selection
	err = store.View(ctx, func(tx *storage.Tx) error {
		if f.forum != "" {
			forum, err := findForum(ctx, tx, f.forum)
			if err != nil {
				return err
			}
			sel.ForumID = forum.ID
		}
		if f.person != "" {
			p, err := findPerson(ctx, tx, f.person)
			if err != nil {
				return err
			}
			sel.PersonID = p.ID
		}
		return nil
	})
	if err != nil {
		return err
	}
	planName := strings.TrimSuffix(filepath.Base(store.Path()), filepath.Ext(store.Path()))
	res, err := feeds.Publish(ctx, store, target, sel, feeds.Options{PlanName: planName, WithContacts: f.withContacts})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	fmt.Fprintln(c.stdout, res)
	return nil
}
