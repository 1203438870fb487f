package caldav_test

import (
	"os"
	"path/filepath"
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

func TestCredentialsComeFromTheNetrcEntryOfTheHostElseItsDefault(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".netrc")
	os.WriteFile(path, []byte("machine other.example.org login bob password b0b\n"+
		"machine cal.example.org\n  login alice\n  password s3cret\n"+
		"default login anon password guest\n"), 0o600)
	cases := map[string]caldav.Credentials{
		"cal.example.org":   {User: "alice", Password: "s3cret"},
		"other.example.org": {User: "bob", Password: "b0b"},
		"elsewhere.example": {User: "anon", Password: "guest"},
	}
	for host, want := range cases {
		got, found, err := caldav.FromNetrc(path, host)
		if err != nil || !found || got != want {
			t.Errorf("%s: %+v %v %v, want %+v", host, got, found, err, want)
		}
	}
	if _, found, err := caldav.FromNetrc(filepath.Join(t.TempDir(), "none"), "cal.example.org"); found || err != nil {
		t.Errorf("no netrc file: found %v, %v", found, err)
	}
}
