package imip_test

import (
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/imip"
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
