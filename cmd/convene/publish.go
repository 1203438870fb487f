package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/caldav"
	"github.com/convene-planner/convene/storage/credentials"
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
		Use:   "publish TARGET [--forum NAME] [--person EMAIL|NAME] [--with-contacts] [--user USER] [--insecure]",
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

TARGET https://… (or http://… on this machine) is a CalDAV calendar
collection, created when missing. Each session with times is one event there,
named from its UID. Later runs compare with what the server holds and send
only what changed: new sessions are added, changed ones replaced (same UID,
higher SEQUENCE), cancelled ones marked CANCELLED, and sessions gone from the
selection removed. Where the server keeps sync tokens, a later run asks it
only for what changed since the last one. An event someone changed on the
server since the last publish is named and left as it is (exit 1). Events
this plan did not publish are never changed or removed: they are named, and
the run goes on; an event of one of the plan's sessions that the plan has
no record of publishing (a plan made anew, a record lost) is taken over when
it says what the session says, else named and left as it is (exit 1). A run
cut off half-way is finished by the next. The user is --user, or the one in the address, or
~/.netrc's login for the host; the password $CONVENE_PASSWORD, else
~/.netrc's. Plain http:// to another machine is refused unless --insecure.
A server that refuses (wrong password, no right to write, full) or does not
answer is a plain message and exit 2.

Prints "published: N added, M updated, K removed, L unchanged".`,
		Example: `  convene publish /var/www/calendars
  CONVENE_PASSWORD=… convene publish https://dav.example.org/cal/dc-iot/igf2021/ --user dc-iot --forum "IGF 2021"
  convene publish /var/www/calendars --person zofia.wroblewska@example.org`,
		Args: cobra.ExactArgs(1),
		RunE: c.action(func(cmd *cobra.Command, args []string) error {
			return c.publish(cmd.Context(), args[0], f)
		}),
	}
	cmd.Flags().StringVar(&f.forum, "forum", "", "publish only this forum's sessions")
	cmd.Flags().StringVar(&f.person, "person", "", "publish only the calendar of the person with this email or name")
	cmd.Flags().BoolVar(&f.withContacts, "with-contacts", false, "include emails and attendees")
	cmd.Flags().StringVar(&f.user, "user", "", "the CalDAV user (the password comes from $CONVENE_PASSWORD or ~/.netrc)")
	cmd.Flags().BoolVar(&f.insecure, "insecure", false, "allow plain http:// to another machine")
	return cmd
}

func (c *cli) publish(ctx context.Context, target string, f publishFlags) error {
	// A publish records in the plan what it published (its feeds' names,
	// the server's events), without which the next run would not know
	// them: a plan that may only be read is not published from.
	store, err := c.openToChange(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	// The plan records what each calendar holds: two runs at once would
	// each send what the other is sending.
	release, err := store.Hold(ctx, storage.Publishing, c.waiting)
	if err != nil {
		return err
	}
	defer release()
	var sel feeds.Selection
	err = store.View(ctx, func(tx *storage.Tx) error {
		if f.forum != "" {
			forum, err := tx.FindForum(ctx, f.forum)
			if err != nil {
				return err
			}
			sel.ForumID = forum.ID
		}
		if f.person != "" {
			p, err := tx.FindPerson(ctx, f.person)
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
	if strings.Contains(target, "://") {
		return c.publishCalDAV(ctx, store, target, planName, sel, f)
	}
	res, err := feeds.Publish(ctx, store, target, sel, feeds.Options{PlanName: planName, WithContacts: f.withContacts})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	fmt.Fprintln(c.stdout, res)
	return nil
}

// publishCalDAV publishes to a CalDAV collection. The password is only ever
// handed to the HTTP client: no message, log or file holds it.
func (c *cli) publishCalDAV(ctx context.Context, store *storage.Store, target, planName string, sel feeds.Selection, f publishFlags) error {
	u, user, err := caldav.Collection(target, f.insecure)
	if err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("publish: %w", err)}
	}
	creds, err := credentials.LookUp(u.Hostname(), cmp.Or(f.user, user), "")
	if err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("publish: %w", err)}
	}
	res, err := caldav.Publish(ctx, store, u, caldav.Selection{ForumID: sel.ForumID, PersonID: sel.PersonID},
		caldav.Options{Credentials: creds, Name: planName, WithContacts: f.withContacts})
	if err != nil {
		if errors.Is(err, caldav.ErrLogin) {
			return &exitError{code: exitUsage, err: fmt.Errorf("publish: %w; give them with --user and $CONVENE_PASSWORD or ~/.netrc", err)}
		}
		if errors.Is(err, caldav.ErrServer) {
			return &exitError{code: exitUsage, err: fmt.Errorf("publish: %w", err)}
		}
		return err
	}
	fmt.Fprintln(c.stdout, res)
	for _, line := range append(res.Notes, res.Conflicts...) {
		fmt.Fprintln(c.stderr, "publish: "+line)
	}
	if len(res.Conflicts) > 0 {
		them := "them"
		if len(res.Conflicts) == 1 {
			them = "it"
		}
		return &exitError{code: exitData, err: fmt.Errorf("publish: someone else changed %s on the server, left as the server has %s; delete %s there, or undo the change there, and publish again",
			count(len(res.Conflicts), "event", "events"), them, them)}
	}
	return nil
}
