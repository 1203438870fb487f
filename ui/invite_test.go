package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/imip"
	"github.com/convene-planner/convene/storage/imip/imiptest"
	"github.com/convene-planner/convene/storage/keyring"
	"github.com/convene-planner/convene/storage/keyring/keyringtest"
)

// Before anything is sent, Invite… shows every message a run would send and
// whom it leaves out, for the forum chosen and the sender typed.
func TestInviteShowsEveryMessageBeforeItIsSent(t *testing.T) {
	path, _ := samplePlanFile(t)
	t.Setenv("CONVENE_FROM", "DC-IoT coordination <coordination@dc-iot.example.org>")
	t.Setenv("CONVENE_SMTP", "")
	w, mw := openWindow(t, path)
	mw.inviteDialog(imip.Scope{})
	<-mw.Idle()
	d := dialogShown(t, w)
	said := func() string {
		var text []string
		for _, l := range shownWidgets[*widget.Label](d) {
			text = append(text, l.Text)
		}
		return strings.Join(text, "\n")
	}
	selects := shownWidgets[*widget.Select](d)
	if len(selects) != 1 {
		t.Fatalf("%d choices of forum in the dialog, want 1", len(selects))
	}
	selects[0].SetSelected("IGF 2021")
	for _, want := range []string{
		"To send: 22 invitations, 0 updates and 0 cancellations; 8 not sent.",
		"Invitation to Olena Kovalenko on “Vulnerability management and disclosure: from law to practice”",
	} {
		if !strings.Contains(said(), want) {
			t.Errorf("the dialog does not say %q:\n%s", want, said())
		}
	}
	// With no mail server given, the dialog says what to give, and Send waits for it.
	if !strings.Contains(said(), "Give the mail server to send through: smtp://USER@HOST:587") {
		t.Errorf("without a mail server, the dialog says:\n%s", said())
	}
	for _, b := range shownWidgets[*widget.Button](d) {
		if b.Text == "Send" && !b.Disabled() {
			t.Error("Send can be tapped with no mail server to send through")
		}
	}
	from := shownWidgets[*widget.Entry](d)[0]
	from.SetText("")
	test.Type(from, "not an address")
	if !strings.Contains(said(), "Give the address the invitations come from") {
		t.Errorf("with no address to send from, the dialog says:\n%s", said())
	}
}

// An answer dropped on the window sets who confirmed, as `convene import
// ics` does, and says what changed.
func TestAnAnswerDroppedOnTheAppSetsWhoConfirmed(t *testing.T) {
	path, _ := samplePlanFile(t)
	w, mw := openWindow(t, path)
	answer, err := filepath.Abs(filepath.Join("..", "storage", "imip", "testdata", "replies", "outlook-declined.eml"))
	if err != nil {
		t.Fatal(err)
	}
	mw.dropped(fyne.Position{}, []fyne.URI{fynestorage.NewFileURI(answer)})
	<-mw.Idle()
	var said []string
	for _, l := range shownWidgets[*widget.Label](dialogShown(t, w)) {
		said = append(said, l.Text)
	}
	if !strings.Contains(strings.Join(said, "\n"), "Marek Novák on “Software update in practice: three manufacturers compare notes”: declined (was confirmed)") {
		t.Errorf("the app says:\n%s", strings.Join(said, "\n"))
	}
	var sessions []model.Session
	err = mw.store.View(context.Background(), func(tx *storage.Tx) (err error) {
		sessions, err = tx.Sessions(context.Background(), storage.SessionFilter{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sessions {
		if s.UID != "sample-2021-igf-software-update@convene" {
			continue
		}
		for _, pt := range s.Participants {
			if p := mw.index.People[pt.PersonID]; p != nil && p.Name == "Marek Novák" && pt.Status != model.Declined {
				t.Errorf("Marek is %s on the talk, want declined", pt.Status)
			}
		}
	}
}

// Send goes through the mail server, with a progress bar; the next time the
// dialog opens, there is nothing left to send.
func TestSendingFromTheAppReachesEachParticipantAndIsKept(t *testing.T) {
	path, _ := samplePlanFile(t)
	server := imiptest.Start(t, imiptest.Options{})
	t.Setenv("CONVENE_SMTP", server.URL("smtp", ""))
	t.Setenv("CONVENE_FROM", "DC-IoT coordination <coordination@dc-iot.example.org>")
	w, mw := openWindow(t, path)
	zofia := -1
	for i, p := range mw.plan.People {
		if p.Name == "Zofia Wróblewska" {
			zofia = i
		}
	}
	mw.inviteDialog(imip.Scope{PersonID: mw.plan.People[zofia].ID})
	<-mw.Idle()
	d := dialogShown(t, w)
	var send *widget.Button
	for _, b := range shownWidgets[*widget.Button](d) {
		if b.Text == "Send" {
			send = b
		}
	}
	if send == nil {
		t.Fatal("the dialog has no Send button")
	}
	test.Tap(send)
	<-mw.Idle()
	got := server.Received(t)
	if len(got) != 2 {
		t.Fatalf("the server took %d messages, want Zofia's two", len(got))
	}
	for _, m := range got {
		if len(m.Rcpt) != 1 || m.Rcpt[0] != "zofia.wroblewska@example.org" {
			t.Errorf("a message went to %v", m.Rcpt)
		}
	}
	mw.inviteDialog(imip.Scope{PersonID: mw.plan.People[zofia].ID})
	<-mw.Idle()
	var said []string
	for _, l := range shownWidgets[*widget.Label](dialogShown(t, w)) {
		said = append(said, l.Text)
	}
	if !strings.Contains(strings.Join(said, "\n"), "To send: 0 invitations, 0 updates and 0 cancellations") {
		t.Errorf("after sending, the dialog says:\n%s", strings.Join(said, "\n"))
	}
}

// Invite by email… on a session shows that session's messages only.
func TestInviteOnASessionShowsItsMessagesOnly(t *testing.T) {
	path, _ := samplePlanFile(t)
	t.Setenv("CONVENE_FROM", "DC-IoT coordination <coordination@dc-iot.example.org>")
	w, mw := openWindow(t, path)
	var talk int64
	for _, s := range mw.plan.Sessions {
		if s.UID == "sample-2021-igf-software-update@convene" {
			talk = s.ID
		}
	}
	mw.inviteDialog(imip.Scope{SessionID: talk})
	<-mw.Idle()
	var said []string
	for _, l := range shownWidgets[*widget.Label](dialogShown(t, w)) {
		said = append(said, l.Text)
	}
	text := strings.Join(said, "\n")
	for _, want := range []string{
		"Software update in practice: three manufacturers compare notes",
		"To send: 3 invitations, 0 updates and 0 cancellations; 0 not sent.",
		"Invitation to Helen Marsh on “Software update in practice: three manufacturers compare notes”",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the dialog does not say %q:\n%s", want, text)
		}
	}
}

// sendInvitesTo opens Invite… on a person, types the sender, the mail
// server and the password, ticks Remember when asked, and sends.
func sendInvitesTo(t *testing.T, mw *Window, person int64, from, server, password string, remember bool) {
	t.Helper()
	mw.inviteDialog(imip.Scope{PersonID: person})
	<-mw.Idle()
	d := dialogShown(t, mw.win)
	entries := shownWidgets[*widget.Entry](d)
	if len(entries) < 3 {
		t.Fatalf("the dialog has %d entries, want the sender, the mail server and the password", len(entries))
	}
	for i, text := range []string{from, server, password} {
		entries[i].SetText("")
		test.Type(entries[i], text)
	}
	if remember {
		tapCheck(t, d, "Remember in the system keyring")
	}
	tapButton(t, d, "Send")
	<-mw.Idle()
}

func personNamed(t *testing.T, p *model.Plan, name string) int64 {
	t.Helper()
	for _, person := range p.People {
		if person.Name == name {
			return person.ID
		}
	}
	t.Fatalf("no %s in the plan", name)
	return 0
}

// A coordinator sets the mail server, the sender and the password in
// Invite…, and asks to remember the password: the messages reach the
// server through STARTTLS and a login; the app keeps the server and the
// sender in its preferences and the password in the system keyring
// alone, and the next Invite… has all three filled in.
func TestMailSettingsTypedInInviteAreKeptAndThePasswordOnlyInTheKeyring(t *testing.T) {
	k := keyringtest.Start(t)
	const password = "mail pässword 7"
	server := imiptest.Start(t, imiptest.Options{StartTLS: true, User: "coordination", Password: password})
	// The test certificate is the one root trusted (the same one for every
	// test mail server of this process: Go reads the roots once).
	t.Setenv("SSL_CERT_FILE", server.Cert)
	t.Setenv("CONVENE_SMTP", "")
	t.Setenv("CONVENE_FROM", "")
	path, _ := samplePlanFile(t)
	w, mw := openWindow(t, path)
	zofia := personNamed(t, mw.plan, "Zofia Wróblewska")
	const from = "DC-IoT coordination <coordination@dc-iot.example.org>"
	url := server.URL("smtp", "coordination")
	sendInvitesTo(t, mw, zofia, from, url, password, true)
	said := shownText(dialogShown(t, w))
	if !strings.Contains(said, "Sent 2 of 2 messages") || !strings.Contains(said, "The system keyring remembers the password of coordination at 127.0.0.1.") {
		t.Errorf("after sending, the window says:\n%s", said)
	}
	got := server.Received(t)
	if len(got) != 2 {
		t.Fatalf("the server took %d messages, want Zofia's two", len(got))
	}
	for _, m := range got {
		if len(m.Rcpt) != 1 || m.Rcpt[0] != "zofia.wroblewska@example.org" {
			t.Errorf("a message went to %v", m.Rcpt)
		}
	}
	if got, found := k.Lookup(t, keyring.Key{Host: "127.0.0.1", User: "coordination"}); !found || got != password {
		t.Errorf("secret-tool finds %q (found %v), want the password typed", got, found)
	}
	prefs := fyne.CurrentApp().Preferences()
	if prefs.String(prefSMTPServer) != url || prefs.String(prefSMTPFrom) != from {
		t.Errorf("the preferences keep the server %q and the sender %q", prefs.String(prefSMTPServer), prefs.String(prefSMTPFrom))
	}
	noPasswordKept(t, path, password)

	mw.inviteDialog(imip.Scope{PersonID: zofia})
	<-mw.Idle()
	d := dialogShown(t, w)
	entries := shownWidgets[*widget.Entry](d)
	if entries[0].Text != from || entries[1].Text != url || entries[2].Text != password {
		t.Errorf("the next Invite… shows %q, %q and a password of %d characters", entries[0].Text, entries[1].Text, len(entries[2].Text))
	}
	if said := shownText(d); !strings.Contains(said, "The password of coordination at 127.0.0.1 is filled in from the system keyring.") {
		t.Errorf("the dialog says:\n%s", said)
	}
}

// On a desktop without a keyring, Invite… says so in plain words, and
// sends with the password typed, which is kept nowhere.
func TestWithoutAKeyringInviteSaysSoAndUsesThePasswordTyped(t *testing.T) {
	keyringtest.StartWithout(t)
	const password = "typed each time"
	server := imiptest.Start(t, imiptest.Options{StartTLS: true, User: "coordination", Password: password})
	t.Setenv("SSL_CERT_FILE", server.Cert)
	t.Setenv("CONVENE_SMTP", server.URL("smtp", "coordination"))
	t.Setenv("CONVENE_FROM", "")
	path, _ := samplePlanFile(t)
	w, mw := openWindow(t, path)
	zofia := personNamed(t, mw.plan, "Zofia Wróblewska")
	mw.inviteDialog(imip.Scope{PersonID: zofia})
	<-mw.Idle()
	d := dialogShown(t, w)
	if said := shownText(d); !strings.Contains(said, "No system keyring is running (such as GNOME Keyring or KWallet), so the password cannot be remembered: type it each time.") {
		t.Errorf("without a keyring, the dialog says:\n%s", said)
	}
	if c := tapCheck(t, d, "Remember in the system keyring"); !c.Disabled() || c.Checked {
		t.Error("Remember can be ticked with no keyring to remember in")
	}
	tapButton(t, d, "Cancel")
	sendInvitesTo(t, mw, zofia, "coordination@dc-iot.example.org", server.URL("smtp", "coordination"), password, false)
	if said := shownText(dialogShown(t, w)); !strings.Contains(said, "Sent 2 of 2 messages") || strings.Contains(said, "keyring") {
		t.Errorf("after sending, the window says:\n%s", said)
	}
	if got := server.Received(t); len(got) != 2 {
		t.Errorf("the server took %d messages, want Zofia's two", len(got))
	}
	noPasswordKept(t, path, password)
}

// The coordinator opens Invite by email… on Zofia while a colleague's
// Convene sends her messages. Send then sends nothing twice: it decides
// again from the plan as it is, and says why nothing went.
func TestSendingWhatAColleagueSentMeanwhileSendsNothingTwice(t *testing.T) {
	path, _ := samplePlanFile(t)
	server := imiptest.Start(t, imiptest.Options{})
	t.Setenv("CONVENE_SMTP", server.URL("smtp", ""))
	t.Setenv("CONVENE_FROM", "DC-IoT coordination <coordination@dc-iot.example.org>")
	w, mw := openWindow(t, path)
	var zofia int64
	for _, p := range mw.plan.People {
		if p.Name == "Zofia Wróblewska" {
			zofia = p.ID
		}
	}
	mw.inviteDialog(imip.Scope{PersonID: zofia})
	<-mw.Idle()
	d := dialogShown(t, w)

	// The colleague's Convene, on the same plan.
	ctx := context.Background()
	colleague, err := storage.Open(ctx, path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer colleague.Close()
	var (
		plan *model.Plan
		sent []storage.Invitation
	)
	err = colleague.View(ctx, func(tx *storage.Tx) (err error) {
		if plan, err = tx.Plan(ctx); err != nil {
			return err
		}
		sent, err = tx.Invitations(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	from, _ := imip.ParseSender("DC-IoT coordination <coordination@dc-iot.example.org>")
	out, _ := imip.Decide(plan, sent, from, imip.Scope{PersonID: zofia}, time.Now())
	srv, _ := imip.ParseServer(server.URL("smtp", ""))
	conn, err := imip.Dial(ctx, srv, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := imip.Deliver(ctx, colleague, conn, out, from.Email, func(int, *imip.Outgoing, error) {}); err != nil {
		t.Fatal(err)
	}
	conn.Close()

	for _, b := range shownWidgets[*widget.Button](d) {
		if b.Text == "Send" {
			test.Tap(b)
		}
	}
	<-mw.Idle()
	if got := server.Received(t); len(got) != 2 {
		t.Errorf("the server took %d messages; want Zofia's two, once", len(got))
	}
	var said []string
	for _, l := range shownWidgets[*widget.Label](dialogShown(t, w)) {
		said = append(said, l.Text)
	}
	if !strings.Contains(strings.Join(said, "\n"), "Nothing to send: another coordinator sent these meanwhile") {
		t.Errorf("after Send the app says:\n%s", strings.Join(said, "\n"))
	}
}
