package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/imip"
	"github.com/convene-planner/convene/storage/imip/imiptest"
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
	sessions, err := mw.store.Sessions(context.Background(), storage.SessionFilter{})
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
