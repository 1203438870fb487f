package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	plans "github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/caldav"
	"github.com/convene-planner/convene/storage/credentials"
	"github.com/convene-planner/convene/storage/feeds"
	"github.com/convene-planner/convene/storage/keyring"
)

// publishDialog asks where to publish the plan's calendars, a folder of
// feeds for a web server or a CalDAV calendar, and for which sessions (a
// forum's, a person's), then publishes them as `convene publish` does. The
// place and the user are remembered for next time; the password only in
// the system keyring, and only when the coordinator asks.
func (mw *Window) publishDialog() {
	const whole = "The whole plan"
	prefs := fyne.CurrentApp().Preferences()
	password := newSavedPassword(mw, "CalDAV password (else the keyring, $CONVENE_PASSWORD or ~/.netrc)")
	target := newAddressEntry("A folder, or the https:// address of a CalDAV calendar", password.lookUp)
	target.Validator = func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" {
			return errors.New("give a folder, or a CalDAV calendar's https:// address")
		}
		if strings.Contains(s, "://") {
			_, _, err := caldav.Collection(s, false)
			return err
		}
		return nil
	}
	user := newAddressEntry("CalDAV user (else the one in the address or ~/.netrc)", password.lookUp)
	// The password is the one of the calendar's host and user, whichever
	// of the two changes.
	setKey := func(string) { password.setKey(calendarKey(target.Text, user.Text)) }
	target.OnChanged, user.OnChanged = setKey, setKey
	scope := widget.NewSelect(append([]string{whole}, mw.forumNames()...), nil)
	scope.SetSelected(whole)
	person := newPersonField(mw.plan.People, 0, "Type part of a name", true)
	contacts := widget.NewCheck("Include emails and attendees (personal data)", nil)
	target.SetText(prefs.String(prefPublishTarget))
	user.SetText(prefs.String(prefPublishUser))
	items := []*widget.FormItem{
		formItem("Publish to", target, "A folder of feeds for a web server, or a CalDAV calendar"),
		formItem("User", user, "For a CalDAV calendar"),
		formItem("Password", password.content(), ""),
		formItem("Sessions at", scope, "The whole plan, or one forum"),
		formItem("Person", person, "Only this person's calendar; empty for everyone's"),
		formItem("Contacts", contacts, "Emails leave the app only when you ask"),
	}
	d := showForm(mw.win, "Publish calendars", "Publish", items, func() {
		to := strings.TrimSpace(target.Text)
		prefs.SetString(prefPublishTarget, to)
		prefs.SetString(prefPublishUser, user.Text)
		var sel feeds.Selection
		if f := mw.forumNamed(scope.Selected); f != nil {
			sel.ForumID = f.ID
		}
		if p := person.Person(); p != nil {
			sel.PersonID = p.ID
		}
		mw.publish(to, user.Text, password.typed(), sel, contacts.Checked)
	})
	password.fit = d.fit
	password.lookUp()
}

// calendarKey is the host and user a CalDAV address and user entry name,
// under which the keyring keeps the password; nothing for a folder.
func calendarKey(target, user string) keyring.Key {
	u, urlUser, err := caldav.Collection(strings.TrimSpace(target), true)
	if err != nil {
		return keyring.Key{}
	}
	return keyring.Key{Host: u.Hostname(), User: cmp.Or(user, urlUser)}
}

// publish publishes off the UI goroutine behind a progress bar and says
// what it did, as the command line prints it.
func (mw *Window) publish(target, user string, password passwordUse, sel feeds.Selection, withContacts bool) {
	store := mw.store
	name := strings.TrimPrefix(mw.win.Title(), "Convene — ")
	mw.task("Publish calendars", func(ctx context.Context, progress func(float64)) (string, error) {
		// Another Convene publishing this plan now would send what this
		// one sends: wait for it, then publish what is still out of step.
		release, err := store.Hold(ctx, plans.Publishing, nil)
		if err != nil {
			return "", err
		}
		defer release()
		if !strings.Contains(target, "://") {
			res, err := feeds.Publish(ctx, store, target, sel, feeds.Options{PlanName: name, WithContacts: withContacts})
			if err != nil {
				return "", err
			}
			return res.String() + "\n" + feeds.IndexFile + " in the folder says whose each feed is.", nil
		}
		u, urlUser, err := caldav.Collection(target, false)
		if err != nil {
			return "", err
		}
		creds, err := credentials.LookUp(u.Hostname(), cmp.Or(user, urlUser), password.resolve(ctx))
		if err != nil {
			return "", err
		}
		res, err := caldav.Publish(ctx, store, u, caldav.Selection{ForumID: sel.ForumID, PersonID: sel.PersonID}, caldav.Options{
			Credentials: creds, Name: name, WithContacts: withContacts,
			Progress: func(done, total int) { progress(float64(done) / float64(total)) },
		})
		if errors.Is(err, caldav.ErrLogin) {
			return "", fmt.Errorf("%w: check the user and the password typed here", err)
		}
		if err != nil {
			return "", err
		}
		lines := append(append([]string{res.String()}, res.Notes...), res.Conflicts...)
		if kept := password.kept(ctx); kept != "" {
			lines = append(lines, kept)
		}
		return strings.Join(lines, "\n"), nil
	}, false)
}
