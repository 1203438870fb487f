package imip_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/imip"
	"github.com/convene-planner/convene/storage/imip/imiptest"
)

// A secretariat's script sets $CONVENE_SMTP. An address with a password in
// it, written the right way or with ';' typed for ':', is refused without
// showing the password; one with a user alone names the user to log in as.
func TestAnSMTPAddressWithAPasswordIsRefusedWithoutShowingIt(t *testing.T) {
	for _, raw := range []string{
		"smtp://ana:hunter2@mail.example.org",
		"smtp://ana;hunter2@mail.example.org:587",
		"smtps://ana%3Bhunter2@mail.example.org",
	} {
		_, err := imip.ParseServer(raw)
		if err == nil {
			t.Errorf("%s: taken; want it refused", raw)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: the message shows the password: %v", raw, err)
		}
	}
	srv, err := imip.ParseServer("smtp://ana@mail.example.org")
	if err != nil || srv.User != "ana" || srv.Addr != "mail.example.org:587" {
		t.Errorf("smtp://ana@mail.example.org: %+v, %v; want user ana at port 587", srv, err)
	}
}

// Speakers' addresses in other scripts. Through a server that takes only
// ASCII, one whose domain is in other letters goes under its ASCII name
// for DNS, and one whose name before the @ is cannot go: that message is
// refused by Convene, saying why, and the connection goes on. Through a
// server that takes SMTPUTF8, it goes as written.
func TestAddressesBeyondASCIIGoAsTheServerCanTakeThem(t *testing.T) {
	msg := []byte("Subject: Invitation\r\n\r\nSee you in Katowice.\r\n")
	send := func(t *testing.T, o imiptest.Options, to string) (*imiptest.Server, error) {
		server := imiptest.Start(t, o)
		srv, err := imip.ParseServer(server.URL("smtp", ""))
		if err != nil {
			t.Fatal(err)
		}
		conn, err := imip.Dial(context.Background(), srv, "")
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		err = conn.Send("coordination@dc-iot.example.org", to, msg)
		// Whatever came of it, the connection is good for the next.
		if next := conn.Send("coordination@dc-iot.example.org", "ana@example.org", msg); next != nil {
			t.Errorf("the next message, to ana@example.org: %v", next)
		}
		return server, err
	}
	t.Run("an international domain", func(t *testing.T) {
		server, err := send(t, imiptest.Options{}, "zoe@müller.example")
		if err != nil {
			t.Fatal(err)
		}
		got := server.Received(t)
		if len(got) != 2 || !slices.Equal(got[0].Rcpt, []string{"zoe@xn--mller-kva.example"}) {
			t.Errorf("the server took %+v; want the first for zoe@xn--mller-kva.example", got)
		}
	})
	t.Run("a name in other letters, to a server that takes only ASCII", func(t *testing.T) {
		server, err := send(t, imiptest.Options{}, "jürgen@example.org")
		var refused *imip.RefusedError
		if !errors.As(err, &refused) || !refused.Unsendable ||
			err.Error() != "jürgen@example.org: the part before @ has letters beyond ASCII, and this mail server does not take such addresses (it does not offer SMTPUTF8); send it another way" {
			t.Fatalf("sending to jürgen@example.org: %v; want it refused by Convene, saying why", err)
		}
		if got := server.Received(t); len(got) != 1 || !slices.Equal(got[0].Rcpt, []string{"ana@example.org"}) {
			t.Errorf("the server took %+v; want only the next message, to ana@example.org", got)
		}
	})
	t.Run("a name in other letters, to a server that takes them", func(t *testing.T) {
		server, err := send(t, imiptest.Options{UTF8: true}, "jürgen@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if got := server.Received(t); len(got) != 2 || !slices.Equal(got[0].Rcpt, []string{"jürgen@example.org"}) {
			t.Errorf("the server took %+v; want the first for jürgen@example.org", got)
		}
	})
}
