package credentials_test

import (
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/credentials"
)

// An address quoted in a message never shows the password typed into it,
// whether or not it parses.
func TestAnAddressQuotedInAMessageHidesItsPassword(t *testing.T) {
	for _, address := range []string{
		"smtp://coordination:hunter2@mail.example.org:587",
		"smtp://coordination:hunter2@mail.example.org:port",
		"smtp:coordination:hunter2@mail.example.org",
		"coordination:hunter2@mail.example.org",
		"https://dc-iot:hunter2@dav.example.org/cal/%zz",
	} {
		if got := credentials.Redact(address); strings.Contains(got, "hunter2") || !strings.Contains(got, "mail.example.org") && !strings.Contains(got, "dav.example.org") {
			t.Errorf("Redact(%q) = %q", address, got)
		}
	}
	if got := credentials.Redact("smtp://mail.example.org:587"); got != "smtp://mail.example.org:587" {
		t.Errorf("an address without a password becomes %q", got)
	}
}
