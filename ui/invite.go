package ui

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	plans "github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/imip"
	"github.com/convene-planner/convene/storage/keyring"
	"github.com/convene-planner/convene/storage/transfer"
)

// inviteForm is the Invite… dialog: which forum, who sends, and, before
// anything goes, every message a run would send and whom it leaves out.
type inviteForm struct {
	mw       *Window
	only     imip.Scope // a person or a session the dialog was opened on
	scope    *widget.Select
	from     *widget.Entry
	server   *addressEntry
	password *savedPassword
	summary  *widget.Label
	preview  *widget.List
	// sendButton sends what the preview shows, once there is a way to.
	sendButton *widget.Button

	sent   []plans.Invitation // what the plan has sent before
	stored string             // the sender the plan last used
	loaded bool
	out    []imip.Outgoing
	lines  []string
}

const everyForum = "Every forum"

// inviteDialog shows what inviting the chosen forum's participants would
// send (only a person's or a session's messages, when only names one), and
// sends it with a progress bar when the coordinator says so. The mail
// server and the sender are $CONVENE_SMTP and $CONVENE_FROM when set, else
// what the app last sent with (its preferences), else the plan's last
// sender, and may be changed here; the password is kept only in the
// system keyring, when the coordinator asks.
func (mw *Window) inviteDialog(only imip.Scope) {
	prefs := fyne.CurrentApp().Preferences()
	f := &inviteForm{mw: mw, only: only}
	f.scope = widget.NewSelect(append([]string{everyForum}, mw.forumNames()...), func(string) { f.update() })
	f.from = widget.NewEntry()
	f.from.SetPlaceHolder("Coordinator <address@example.org>")
	f.from.SetText(cmp.Or(os.Getenv("CONVENE_FROM"), prefs.String(prefSMTPFrom)))
	f.from.Validator = func(s string) error {
		_, err := imip.ParseSender(s)
		return err
	}
	f.from.OnChanged = func(string) { f.update() }
	f.password = newSavedPassword(mw, "Mail password (else the keyring, $CONVENE_PASSWORD or ~/.netrc)")
	f.server = newAddressEntry("smtp://USER@HOST:587 (STARTTLS) or smtps://USER@HOST:465 (TLS)", f.password.lookUp)
	f.server.Validator = func(s string) error {
		_, err := imip.ParseServer(s)
		return err
	}
	f.server.OnChanged = func(s string) {
		f.password.setKey(mailKey(s))
		f.update()
	}
	f.server.SetText(cmp.Or(os.Getenv("CONVENE_SMTP"), prefs.String(prefSMTPServer)))
	f.summary = widget.NewLabel("Reading what was sent before…")
	f.preview = widget.NewList(func() int { return len(f.lines) },
		func() fyne.CanvasObject { return widget.NewLabel("Invitation to someone on a session") },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(f.lines[id]) })
	preview := container.NewVScroll(f.preview)
	preview.SetMinSize(fyne.NewSize(560, 200))
	form := widget.NewForm(widget.NewFormItem("Sessions of", f.scope), widget.NewFormItem("From", f.from),
		formItem("Mail server", f.server, "smtp://USER@HOST:587 (STARTTLS) or smtps://USER@HOST:465 (TLS)"),
		widget.NewFormItem("Password", f.password.content()))
	if p := mw.index.People[only.PersonID]; p != nil {
		form.Items = append([]*widget.FormItem{widget.NewFormItem("Only", widget.NewLabel(p.Name))}, form.Items...)
	}
	if s := mw.index.Sessions[only.SessionID]; s != nil {
		form.Items = append([]*widget.FormItem{widget.NewFormItem("Only", widget.NewLabel(s.Title))}, form.Items...)
	}
	content := container.NewBorder(container.NewVBox(form, f.summary), nil, nil, nil, preview)
	// Send waits for a sender, a mail server and something to send, so a
	// slip in either keeps the dialog and what was typed in it.
	f.sendButton = widget.NewButtonWithIcon("Send", theme.MailSendIcon(), nil)
	f.sendButton.Importance = widget.HighImportance
	f.sendButton.Disable()
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), nil)
	d := dialog.NewCustomWithoutButtons("Invite by email", container.NewBorder(nil,
		container.NewHBox(layout.NewSpacer(), cancel, f.sendButton), nil, nil, content), mw.win)
	cancel.OnTapped = d.Hide
	f.sendButton.OnTapped = func() {
		d.Hide()
		f.send()
	}
	d.Resize(fyne.NewSize(680, 640))
	f.scope.SetSelected(everyForum)
	if s := mw.index.Sessions[only.SessionID]; s != nil {
		if forum := mw.index.Forums[s.ForumID]; forum != nil {
			f.scope.SetSelected(forum.Name)
		}
		f.scope.Disable()
	}
	d.Show()

	// What was sent before and what the keyring holds, asked together so
	// that one answer comes back to the dialog.
	store, key := mw.store, f.password.key
	mw.busy()
	go func() {
		var (
			sent   []plans.Invitation
			stored string
		)
		kept := askKeyring(key)
		err := store.View(context.Background(), func(tx *plans.Tx) (err error) {
			if sent, err = tx.Invitations(context.Background()); err != nil {
				return err
			}
			stored, err = tx.InvitationSender(context.Background())
			return err
		})
		fyne.Do(func() {
			defer mw.settle()
			if err != nil {
				d.Hide()
				showError(mw.win, "Invite by email", err)
				return
			}
			f.password.show(kept)
			f.sent, f.stored, f.loaded = sent, stored, true
			if f.from.Text == "" {
				f.from.SetText(stored) // updates the preview
			}
			f.update()
		})
	}()
}

// organizer is the sender as typed, if it is an address.
func (f *inviteForm) organizer() (ical.Address, bool) {
	a, err := imip.ParseSender(f.from.Text)
	return a, err == nil
}

// mailKey is the host and user of a mail server's address, under which the
// keyring keeps the password; nothing while it is no such address.
func mailKey(raw string) keyring.Key {
	srv, err := imip.ParseServer(raw)
	if err != nil {
		return keyring.Key{}
	}
	return keyring.Key{Host: srv.Host(), User: srv.User}
}

// update works out, from the plan on screen and what was sent before, what
// a run would send now. It is the same rule as `convene invite`'s.
func (f *inviteForm) update() {
	if !f.loaded {
		return
	}
	organizer, ok := f.organizer()
	if !ok {
		f.out, f.lines = nil, nil
		f.summary.SetText("Give the address the invitations come from, and the answers go to.")
		f.preview.Refresh()
		f.sendButton.Disable()
		return
	}
	out, left := imip.Decide(f.mw.plan, f.sent, organizer, f.chosenScope(), time.Now())
	counts := map[imip.Kind]int{}
	f.lines = f.lines[:0]
	for i := range out {
		o := &out[i]
		counts[o.Kind]++
		f.lines = append(f.lines, fmt.Sprintf("%s to %s on “%s”", strings.ToUpper(string(o.Kind[:1]))+string(o.Kind[1:]),
			o.Invitation.Attendee.Name, o.Invitation.Session.Title))
	}
	for _, l := range left {
		f.lines = append(f.lines, fmt.Sprintf("Not sent: %s on “%s”: %s", l.Person.Name, l.Session.Title, l.Why))
	}
	f.out = out
	summary := fmt.Sprintf("To send: %d invitations, %d updates and %d cancellations; %d not sent.",
		counts[imip.New], counts[imip.Update], counts[imip.Cancel], len(left))
	_, serverErr := imip.ParseServer(f.server.Text)
	if serverErr != nil {
		summary += "\nGive the mail server to send through: smtp://USER@HOST:587 (STARTTLS) or smtps://USER@HOST:465 (TLS)."
	}
	f.summary.SetText(summary)
	f.preview.Refresh()
	if serverErr != nil || len(out) == 0 {
		f.sendButton.Disable()
	} else {
		f.sendButton.Enable()
	}
}

// chosenScope is whose messages the dialog is about: the forum chosen,
// within the person or session it was opened on.
func (f *inviteForm) chosenScope() imip.Scope {
	scope := f.only
	if forum := f.mw.forumNamed(f.scope.Selected); forum != nil {
		scope.ForumID = forum.ID
	}
	return scope
}

// send sends what the preview shows, off the UI goroutine, with a progress
// bar and a Cancel button; what went before a cancel stays sent.
//
// On a plan others work on too, another coordinator may have sent some of
// it since the preview was made, or be sending now: send waits for any
// other Convene sending this plan's invitations, then decides again from
// the plan as it is, and sends only what is still owed.
func (f *inviteForm) send() {
	mw, previewed, scope := f.mw, len(f.out), f.chosenScope()
	organizer, _ := f.organizer()
	srv, _ := imip.ParseServer(f.server.Text)
	prefs := fyne.CurrentApp().Preferences()
	prefs.SetString(prefSMTPServer, f.server.Text)
	prefs.SetString(prefSMTPFrom, f.from.Text)
	store, sender := mw.store, imip.FormatSender(organizer)
	storedSender, use := f.stored, f.password.typed()
	mw.task("Send invitations", func(ctx context.Context, progress func(float64)) (string, error) {
		release, err := store.Hold(ctx, plans.Inviting, nil)
		if err != nil {
			return "", err
		}
		defer release()
		var (
			plan *model.Plan
			sent []plans.Invitation
		)
		err = store.View(ctx, func(tx *plans.Tx) (err error) {
			if plan, err = tx.Plan(ctx); err != nil {
				return err
			}
			sent, err = tx.Invitations(ctx)
			return err
		})
		if err != nil {
			return "", err
		}
		out, _ := imip.Decide(plan, sent, organizer, scope, time.Now())
		if len(out) == 0 {
			return "Nothing to send: another coordinator sent these meanwhile, or the plan changed.", nil
		}
		// The password typed or kept in the keyring, else the command
		// line's ($CONVENE_PASSWORD, ~/.netrc).
		password := use.resolve(ctx)
		if srv.User != "" && password == "" {
			var err error
			if password, err = imip.Password(srv); err != nil {
				return "", fmt.Errorf("%w, or type it in Invite by email…", err)
			}
		}
		if sender != storedSender {
			if err := store.Update(ctx, func(tx *plans.Tx) error { return tx.SetInvitationSender(ctx, sender) }); err != nil {
				return "", err
			}
		}
		conn, err := imip.Dial(ctx, srv, password)
		if err != nil {
			return "", err
		}
		kept := use.kept(ctx)
		defer conn.Close()
		d, err := imip.Deliver(ctx, store, conn, out, organizer.Email, func(done int, _ *imip.Outgoing, _ error) {
			progress(float64(done) / float64(len(out)))
		})
		if err != nil && d.Total() == 0 {
			return "", err
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Sent %d of %d messages; the plan keeps them as sent.", d.Total(), len(out))
		if len(out) != previewed {
			fmt.Fprintf(&b, "\nThe plan had changed since the list was made (%d messages then), so what is owed now was sent.", previewed)
		}
		for _, r := range d.Refused {
			fmt.Fprintf(&b, "\nRefused by the mail server: %s (%s) on “%s”: %v", r.Message.Invitation.Attendee.Email,
				r.Message.Invitation.Attendee.Name, r.Message.Invitation.Session.Title, r.Err)
		}
		for _, o := range d.Withdrawn {
			// Forget cannot tell a message on its way: one sent to someone
			// forgotten meanwhile keeps their address until forget runs again.
			fmt.Fprintf(&b, "\n%s. If %s was being forgotten, forget them again.", o.WithdrawnWhileSent(), o.Invitation.Attendee.Name)
		}
		if err != nil {
			fmt.Fprintf(&b, "\nThen: %v", err)
		}
		if kept != "" {
			fmt.Fprintf(&b, "\n%s", kept)
		}
		return b.String(), nil
	}, false)
}

// importAnswersDialog takes answers to invitations (a REPLY calendar or the
// email it came in) and sets who confirmed.
func (mw *Window) importAnswersDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		mw.importAnswers(r.URI().Name(), r)
	}, mw.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".ics", ".ICS", ".eml", ".EML"}))
	d.Show()
}

// importAnswers applies the answers in one file, all or none, as `convene
// import ics` does, and says what changed.
func (mw *Window) importAnswers(name string, r io.ReadCloser) {
	store := mw.store
	mw.task("Import answers from "+name, func(ctx context.Context, _ func(float64)) (string, error) {
		defer r.Close()
		answers, err := transfer.ImportAnswers(ctx, store, transfer.Source{Name: name, R: r}, nil)
		lines := make([]string, len(answers))
		for i, a := range answers {
			lines[i] = a.String()
		}
		return strings.Join(lines, "\n"), err
	}, true)
}

// dropped takes files dropped on the window as answers to invitations, as
// File › Import answers to invitations… does; a file that is no answer is
// refused saying what it is. Nothing happens until a plan is on screen.
func (mw *Window) dropped(_ fyne.Position, uris []fyne.URI) {
	if !mw.planShown() {
		return
	}
	for _, u := range uris {
		r, err := storage.Reader(u)
		if err != nil {
			showError(mw.win, "Import answers from "+u.Name(), err)
			continue
		}
		mw.importAnswers(u.Name(), r)
	}
}
