package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/imip"
)

type inviteOptions struct {
	session, forum, person, dryRun, from string
}

func (c *cli) inviteCommand() *cobra.Command {
	var o inviteOptions
	cmd := &cobra.Command{
		Use:   "invite [--session UID|TITLE] [--forum NAME] [--person EMAIL|NAME] [--dry-run DIR] [--from ADDRESS]",
		Short: "Email participants invitations they answer from their own calendar",
		Long: `Send each participant of the sessions an email their calendar program shows as
an invitation with Accept and Decline (iMIP, RFC 6047): a short text with the
time on their clocks and the forum's, and the session as a calendar event
with them as its only attendee, so no one sees anyone else's address.

The plan keeps what was sent to whom, so running invite again sends only what
changed: an update when something their calendar shows has changed, a
cancellation when a session is cancelled, loses its times or is deleted, or
they were taken off it (deleted, or their email changed), nothing otherwise.
Those who declined get nothing more. Give their answers to
'convene import ics FILE' to set who confirmed.

The sender (the ORGANIZER the answers go back to) is --from, else
$CONVENE_FROM, else the address the plan last sent from. The mail server is
$CONVENE_SMTP: smtp://USER@HOST:587 (STARTTLS) or smtps://USER@HOST:465
(TLS); the password comes from $CONVENE_PASSWORD or ~/.netrc and is never
kept or shown. A message the server refuses is reported by recipient; the
others are sent and kept as sent. --dry-run DIR writes the messages there as
.eml files instead, and keeps nothing.`,
		Example: `  CONVENE_SMTP=smtp://dc-iot@mail.example.org:587 convene invite --forum "IGF 2021" --from "DC-IoT <dc-iot@example.org>"
  convene invite --session "Software update in practice" --dry-run outbox/`,
		Args: cobra.NoArgs,
		RunE: c.action(func(cmd *cobra.Command, _ []string) error {
			return c.invite(cmd.Context(), o)
		}),
	}
	cmd.Flags().StringVar(&o.session, "session", "", "only the session with this UID or title (one deleted since its invitations too: its cancellations)")
	cmd.Flags().StringVar(&o.forum, "forum", "", "only this forum's sessions")
	cmd.Flags().StringVar(&o.person, "person", "", "only the person with this email or name")
	cmd.Flags().StringVar(&o.dryRun, "dry-run", "", "write the messages to this folder as .eml files instead of sending them")
	cmd.Flags().StringVar(&o.from, "from", "", `the coordinator who sends them, as "Name <address>" or an address`)
	return cmd
}

func (c *cli) invite(ctx context.Context, o inviteOptions) error {
	open := c.openToChange
	if o.dryRun != "" {
		open = c.open // a dry run keeps nothing in the plan
	}
	// What is sent is recorded in the plan: what could not be recorded is
	// not sent.
	store, err := open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	if o.dryRun == "" {
		// Another coordinator's run at the same moment would read what
		// was sent before either, and both would send it. This one waits,
		// then reads what the other sent.
		release, err := store.Hold(ctx, storage.Inviting, c.waiting)
		if err != nil {
			return err
		}
		defer release()
	}
	var (
		plan   *model.Plan
		sent   []storage.Invitation
		scope  imip.Scope
		stored string
	)
	err = store.View(ctx, func(tx *storage.Tx) error {
		if plan, err = tx.Plan(ctx); err != nil {
			return err
		}
		if sent, err = tx.Invitations(ctx); err != nil {
			return err
		}
		if stored, err = tx.InvitationSender(ctx); err != nil {
			return err
		}
		scope, err = inviteScope(ctx, tx, plan, sent, o)
		return err
	})
	if err != nil {
		return err
	}
	from, err := inviteSender(o.from, stored)
	if err != nil {
		return err
	}
	out, left := imip.Decide(plan, sent, from, scope, time.Now())
	for _, l := range left {
		fmt.Fprintf(c.stdout, "not sent: %s on “%s”: %s\n", l.Person.Name, l.Session.Title, l.Why)
	}
	if o.dryRun != "" {
		return c.inviteDryRun(out, o.dryRun)
	}
	if len(out) == 0 {
		fmt.Fprintln(c.stdout, "nothing to send: everyone has the latest")
		return nil
	}
	return c.inviteSend(ctx, store, out, from, stored)
}

// inviteScope resolves the options' session, forum and person. A session
// deleted since its invitations is found by its UID or title among what
// was sent, so its cancellations can be sent alone.
func inviteScope(ctx context.Context, tx *storage.Tx, plan *model.Plan, sent []storage.Invitation, o inviteOptions) (imip.Scope, error) {
	var sc imip.Scope
	if o.forum != "" {
		f, err := tx.FindForum(ctx, o.forum)
		if err != nil {
			return sc, err
		}
		sc.ForumID = f.ID
	}
	if o.person != "" {
		p, err := tx.FindPerson(ctx, o.person)
		if err != nil {
			return sc, err
		}
		sc.PersonID = p.ID
	}
	if o.session != "" {
		var matches []*model.Session
		for i := range plan.Sessions {
			s := &plan.Sessions[i]
			if s.UID == o.session {
				matches = []*model.Session{s}
				break
			}
			if strings.EqualFold(s.Title, o.session) {
				matches = append(matches, s)
			}
		}
		switch {
		case len(matches) == 1:
			sc.SessionID = matches[0].ID
		case len(matches) > 1:
			return sc, fmt.Errorf("%d sessions have the title %q; give the UID of the one you mean", len(matches), o.session)
		default:
			if sc.DeletedUID = deletedSession(sent, o.session); sc.DeletedUID == "" {
				return sc, fmt.Errorf("no session has the UID or title %q", o.session)
			}
		}
	}
	return sc, nil
}

// deletedSession returns the UID of the session deleted since its
// invitations that has the UID or the title key, or "" when none has or
// several have the title.
func deletedSession(sent []storage.Invitation, key string) string {
	uids := map[string]bool{}
	for _, inv := range sent {
		w := inv.Withdrawn
		if w == nil || !w.Gone {
			continue
		}
		if w.Session.UID == key {
			return key
		}
		if strings.EqualFold(w.Session.Title, key) {
			uids[w.Session.UID] = true
		}
	}
	if len(uids) == 1 {
		for uid := range uids {
			return uid
		}
	}
	return ""
}

// inviteSender is who invitations come from: --from, else $CONVENE_FROM,
// else the address the plan last sent from.
func inviteSender(flag, stored string) (ical.Address, error) {
	raw, what := flag, "--from"
	if raw == "" {
		raw, what = os.Getenv("CONVENE_FROM"), "$CONVENE_FROM"
	}
	if raw == "" {
		raw, what = stored, "the plan's sender"
	}
	if raw == "" {
		return ical.Address{}, usageError("invite: say who sends the invitations, and gets the answers: --from ADDRESS or $CONVENE_FROM")
	}
	a, err := imip.ParseSender(raw)
	if err != nil {
		return ical.Address{}, usageError("invite: %s: %v", what, err)
	}
	return a, nil
}

// inviteDryRun writes the messages to dir, one .eml each, and keeps nothing.
func (c *cli) inviteDryRun(out []imip.Outgoing, dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("invite --dry-run: %w", err)}
	}
	// The messages of an earlier dry run into the folder would read as
	// part of this one: they go, and nothing else in the folder does.
	earlier, err := filepath.Glob(filepath.Join(dir, "[0-9][0-9][0-9]-*.eml"))
	if err != nil {
		return err
	}
	replaced := 0
	for _, path := range earlier {
		if dryRunName.MatchString(filepath.Base(path)) {
			if err := os.Remove(path); err != nil {
				return &exitError{code: exitUsage, err: fmt.Errorf("invite --dry-run: %w", err)}
			}
			replaced++
		}
	}
	if replaced > 0 {
		fmt.Fprintf(c.stdout, "removed the %s of an earlier dry run from %s\n", count(replaced, "message", "messages"), dir)
	}
	if len(out) == 0 {
		fmt.Fprintln(c.stdout, "nothing to send: everyone has the latest")
		return nil
	}
	for i := range out {
		msg, err := imip.Compose(&out[i])
		if err != nil {
			return err
		}
		inv := &out[i].Invitation
		name := fmt.Sprintf("%03d-%s-%s-%d.eml", i+1, out[i].Kind, fileWord(inv.Session.UID), out[i].PersonID)
		// A message holds its recipient's address: readable by its owner only.
		if err := os.WriteFile(filepath.Join(dir, name), msg, 0o600); err != nil {
			return &exitError{code: exitUsage, err: fmt.Errorf("invite --dry-run: %w", err)}
		}
		fmt.Fprintf(c.stdout, "%s: %s to %s on “%s”\n", name, out[i].Kind, inv.Attendee.Name, inv.Session.Title)
	}
	fmt.Fprintf(c.stdout, "wrote %s to %s; nothing was sent, and the plan keeps nothing of them\n", count(len(out), "message", "messages"), dir)
	return nil
}

// dryRunName is how a dry run names the messages it writes.
var dryRunName = regexp.MustCompile(`^[0-9]{3,}-(invitation|update|cancellation)-[A-Za-z0-9._-]*-[0-9]+\.eml$`)

// fileWord keeps the letters, digits, dots and dashes of a UID, for a file name.
func fileWord(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && (r == '.' || r == '-' || r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')) {
			return r
		}
		return '_'
	}, s)
}

// inviteSend sends the messages through the server $CONVENE_SMTP names.
func (c *cli) inviteSend(ctx context.Context, store *storage.Store, out []imip.Outgoing, from ical.Address, stored string) error {
	raw := os.Getenv("CONVENE_SMTP")
	if raw == "" {
		return usageError("invite: say which mail server sends them: $CONVENE_SMTP=smtp://USER@HOST:587 (or smtps://…:465), or --dry-run DIR to write them to files")
	}
	srv, err := imip.ParseServer(raw)
	if err != nil {
		return usageError("invite: $CONVENE_SMTP: %v", err)
	}
	password, err := imip.Password(srv)
	if err != nil {
		return usageError("invite: %v", err)
	}
	if s := imip.FormatSender(from); s != stored {
		if err := store.Update(ctx, func(tx *storage.Tx) error { return tx.SetInvitationSender(ctx, s) }); err != nil {
			return err
		}
	}
	conn, err := imip.Dial(ctx, srv, password)
	if err != nil {
		// A server that cannot be reached or refuses the login is what
		// the command was pointed at, as publish's calendar server is.
		return &exitError{code: exitUsage, err: fmt.Errorf("invite: %w", err)}
	}
	defer conn.Close()
	d, err := imip.Deliver(ctx, store, conn, out, from.Email, func(_ int, o *imip.Outgoing, err error) {
		if err == nil {
			fmt.Fprintf(c.stdout, "sent %s to %s on “%s”\n", o.Kind, o.Invitation.Attendee.Name, o.Invitation.Session.Title)
		}
	})
	if err != nil {
		return fmt.Errorf("invite: %w; the %s sent before are kept as sent", err, count(d.Total(), "message", "messages"))
	}
	fmt.Fprintf(c.stdout, "sent %s, %s and %s\n", count(d.Sent[imip.New], "invitation", "invitations"),
		count(d.Sent[imip.Update], "update", "updates"), count(d.Sent[imip.Cancel], "cancellation", "cancellations"))
	for _, o := range d.Withdrawn {
		// Forget cannot tell a message on its way: one sent to someone
		// forgotten meanwhile keeps their address until forget runs again.
		fmt.Fprintf(c.stdout, "%s; if %s was being forgotten, run 'convene forget %s' again\n",
			o.WithdrawnWhileSent(), o.Invitation.Attendee.Name, o.Invitation.Attendee.Email)
	}
	if len(d.Refused) > 0 {
		lines := make([]string, len(d.Refused))
		for i, r := range d.Refused {
			inv := &r.Message.Invitation
			lines[i] = fmt.Sprintf("%s (%s) on “%s”: %v", inv.Attendee.Email, inv.Attendee.Name, inv.Session.Title, r.Err)
		}
		return fmt.Errorf("the mail server refused %s:\n  %s", count(len(lines), "message", "messages"), strings.Join(lines, "\n  "))
	}
	return nil
}
