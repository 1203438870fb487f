package caldav_test

import (
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/caldav"
)

func TestWhichAddressesAPublishGoesTo(t *testing.T) {
	cases := []struct {
		target   string
		insecure bool
		want     string // the collection, or the start of the refusal
		user     string
	}{
		{"https://cal.example.org/dav/alice/igf", false, "https://cal.example.org/dav/alice/igf/", ""},
		{"https://alice@cal.example.org/dav/alice/igf/", false, "https://cal.example.org/dav/alice/igf/", "alice"},
		{"http://127.0.0.1:5232/alice/igf/", false, "http://127.0.0.1:5232/alice/igf/", ""},
		{"http://localhost:5232/alice/igf/", false, "http://localhost:5232/alice/igf/", ""},
		{"http://[::1]:5232/alice/igf/", false, "http://[::1]:5232/alice/igf/", ""},
		{"http://cal.example.org/alice/igf/", false, "refused: plain http", ""},
		{"http://cal.example.org/alice/igf/", true, "http://cal.example.org/alice/igf/", ""},
		{"https://alice:hunter2@cal.example.org/igf/", false, "refused: holds a password", ""},
		{"ftp://cal.example.org/igf/", false, "refused: not a calendar address", ""},
		{"/var/www/calendars", false, "refused: not a calendar address", ""},
	}
	for _, c := range cases {
		u, user, err := caldav.Collection(c.target, c.insecure)
		if refusal, ok := strings.CutPrefix(c.want, "refused: "); ok {
			if err == nil || !strings.Contains(err.Error(), refusal) {
				t.Errorf("%s: %v, want a refusal saying %q", c.target, err, refusal)
			}
			if err != nil && strings.Contains(err.Error(), "hunter2") {
				t.Errorf("%s: the refusal shows the password: %v", c.target, err)
			}
			continue
		}
		if err != nil || u.String() != c.want || user != c.user {
			t.Errorf("%s: %v %q %v, want %s user %q", c.target, u, user, err, c.want, c.user)
		}
	}
}
