package ui

import (
	"context"
	"fmt"
	"io"
	"net/mail"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	plans "github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/imip"
	"github.com/convene-planner/convene/storage/transfer"
)

// inviteForm is the Invite… dialog: which forum, who sends, and, before
// anything goes, every message a run would send and whom it leaves out.
type inviteForm struct {
	mw      *Window
	only    imip.Scope // a person or a session the dialog was opened on
	scope   *widget.Select
	from    *widget.Entry
	summary *widget.Label
	preview *widget.List

	sent   []plans.Invitation // what the plan has sent before
	stored string             // the sender the plan last used
	loaded bool
	out    []imip.Outgoing
	lines  []string
}

const everyForum = "Every forum"

// inviteDialog shows what inviting the chosen forum's participants would
// send (only a person's or a session's messages, when only names one), and
// sends it with a progress bar when the coordinator says so.
func (mw *Window) inviteDialog(only imip.Scope) {
	f := &inviteForm{mw: mw, only: only}
	f.scope = widget.NewSelect(append([]string{everyForum}, mw.forumNames()...), func(string) { f.update() })
	f.from = widget.NewEntry()
	f.from.SetPlaceHolder("Coordinator <address@example.org>")
	f.from.SetText(os.Getenv("CONVENE_FROM"))
	f.from.Validator = func(s string) error {
		_, err := mail.ParseAddress(s)
		return err
	}
	f.from.OnChanged = func(string) { f.update() }
	f.summary = widget.NewLabel("Reading what was sent before…")
	f.preview = widget.NewList(func() int { return len(f.lines) },
		func() fyne.CanvasObject { return widget.NewLabel("Invitation to someone on a session") },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(f.lines[id]) })
	server := os.Getenv("CONVENE_SMTP")
	if server == "" {
		server = "none: set $CONVENE_SMTP (smtp://USER@HOST:587 or smtps://USER@HOST:465) before starting Convene"
	}
	preview := container.NewVScroll(f.preview)
	preview.SetMinSize(fyne.NewSize(560, 240))
	form := widget.NewForm(widget.NewFormItem("Sessions of", f.scope), widget.NewFormItem("From", f.from))
	if p := mw.index.People[only.PersonID]; p != nil {
		form.Items = append([]*widget.FormItem{widget.NewFormItem("Only", widget.NewLabel(p.Name))}, form.Items...)
	}
	if s := mw.index.Sessions[only.SessionID]; s != nil {
		form.Items = append([]*widget.FormItem{widget.NewFormItem("Only", widget.NewLabel(s.Title))}, form.Items...)
	}
	content := container.NewBorder(container.NewVBox(form,
		widget.NewLabel("Mail server: "+server), f.summary), nil, nil, nil, preview)
	d := dialog.NewCustomConfirm("Invite by email", "Send", "Cancel", content, func(ok bool) {
		if ok {
			f.send()
		}
	}, mw.win)
	d.Resize(fyne.NewSize(640, 480))
	f.scope.SetSelected(everyForum)
	if s := mw.index.Sessions[only.SessionID]; s != nil {
		if forum := mw.index.Forums[s.ForumID]; forum != nil {
			f.scope.SetSelected(forum.Name)
		}
		f.scope.Disable()
	}
	d.Show()

	store := mw.store
	mw.busy()
	go func() {
		var (
			sent   []plans.Invitation
			stored string
		)
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
	a, err := mail.ParseAddress(f.from.Text)
	if err != nil {
		return ical.Address{}, false
	}
	return ical.Address{Name: a.Name, Email: a.Address}, true
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
		return
	}
	scope := f.only
	if forum := f.mw.forumNamed(f.scope.Selected); forum != nil {
		scope.ForumID = forum.ID
	}
	out, left := imip.Decide(f.mw.plan, f.sent, organizer, scope, time.Now())
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
	f.summary.SetText(fmt.Sprintf("To send: %d invitations, %d updates and %d cancellations; %d not sent.",
		counts[imip.New], counts[imip.Update], counts[imip.Cancel], len(left)))
	f.preview.Refresh()
}

// send sends what the preview shows, off the UI goroutine, with a progress
// bar and a Cancel button; what went before a cancel stays sent.
func (f *inviteForm) send() {
	mw, out := f.mw, f.out
	organizer, ok := f.organizer()
	if !ok || len(out) == 0 {
		dialog.ShowInformation("Invite by email", "Nothing to send.", mw.win)
		return
	}
	srv, err := imip.ParseServer(os.Getenv("CONVENE_SMTP"))
	if err != nil {
		showError(mw.win, "Invite by email", err)
		return
	}
	password, err := imip.Password(srv)
	if err != nil {
		showError(mw.win, "Invite by email", err)
		return
	}
	store, sender := mw.store, (&mail.Address{Name: organizer.Name, Address: organizer.Email}).String()
	storedSender := f.stored
	mw.task("Send invitations", func(ctx context.Context, progress func(float64)) (string, error) {
		if sender != storedSender {
			if err := store.Update(ctx, func(tx *plans.Tx) error { return tx.SetInvitationSender(ctx, sender) }); err != nil {
				return "", err
			}
		}
		conn, err := imip.Dial(ctx, srv, password)
		if err != nil {
			return "", err
		}
		defer conn.Close()
		d, err := imip.Deliver(ctx, store, conn, out, organizer.Email, func(done int, _ *imip.Outgoing, _ error) {
			progress(float64(done) / float64(len(out)))
		})
		if err != nil && d.Total() == 0 {
			return "", err
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Sent %d of %d messages; the plan keeps them as sent.", d.Total(), len(out))
		for _, r := range d.Refused {
			fmt.Fprintf(&b, "\nRefused by the mail server: %s (%s) on “%s”: %v", r.Message.Invitation.Attendee.Email,
				r.Message.Invitation.Attendee.Name, r.Message.Invitation.Session.Title, r.Err)
		}
		if err != nil {
			fmt.Fprintf(&b, "\nThen: %v", err)
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
