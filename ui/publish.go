package ui

import (
	"cmp"
	"context"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/storage/caldav"
	"github.com/convene-planner/convene/storage/credentials"
	"github.com/convene-planner/convene/storage/feeds"
)

// publishDialog asks where to publish the plan's calendars, a folder of
// feeds for a web server or a CalDAV calendar, and for which sessions,
// then publishes them as `convene publish` does. The password typed is
// used for this publish and kept nowhere.
func (mw *Window) publishDialog() {
	const whole = "The whole plan"
	target := widget.NewEntry()
	target.SetPlaceHolder("A folder, or the https:// address of a CalDAV calendar")
	user := widget.NewEntry()
	user.SetPlaceHolder("CalDAV user (else the one in ~/.netrc)")
	password := widget.NewPasswordEntry()
	password.SetPlaceHolder("CalDAV password (else $CONVENE_PASSWORD or ~/.netrc)")
	scope := widget.NewSelect(append([]string{whole}, mw.forumNames()...), nil)
	scope.SetSelected(whole)
	contacts := widget.NewCheck("Include emails and attendees (personal data)", nil)
	dialog.ShowCustomConfirm("Publish calendars", "Publish", "Cancel",
		container.NewVBox(target, user, password, scope, contacts), func(ok bool) {
			if !ok || strings.TrimSpace(target.Text) == "" {
				return
			}
			var forumID int64
			if f := mw.forumNamed(scope.Selected); f != nil {
				forumID = f.ID
			}
			mw.publish(strings.TrimSpace(target.Text), user.Text, password.Text, forumID, contacts.Checked)
		}, mw.win)
}

// publish publishes off the UI goroutine behind a progress bar and says
// what it did, as the command line prints it.
func (mw *Window) publish(target, user, password string, forumID int64, withContacts bool) {
	store := mw.store
	name := strings.TrimPrefix(mw.win.Title(), "Convene — ")
	mw.task("Publish calendars", func(ctx context.Context, progress func(float64)) (string, error) {
		if !strings.Contains(target, "://") {
			res, err := feeds.Publish(ctx, store, target, feeds.Selection{ForumID: forumID},
				feeds.Options{PlanName: name, WithContacts: withContacts})
			if err != nil {
				return "", err
			}
			return res.String() + "\n" + feeds.IndexFile + " in the folder says whose each feed is.", nil
		}
		u, urlUser, err := caldav.Collection(target, false)
		if err != nil {
			return "", err
		}
		creds, err := credentials.LookUp(u.Hostname(), cmp.Or(user, urlUser), password)
		if err != nil {
			return "", err
		}
		res, err := caldav.Publish(ctx, store, u, caldav.Selection{ForumID: forumID}, caldav.Options{
			Credentials: creds, Name: name, WithContacts: withContacts,
			Progress: func(done, total int) { progress(float64(done) / float64(total)) },
		})
		if err != nil {
			return "", err
		}
		return strings.Join(append([]string{res.String()}, res.Conflicts...), "\n"), nil
	}, false)
}
