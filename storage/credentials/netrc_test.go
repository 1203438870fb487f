package credentials_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/convene-planner/convene/storage/credentials"
)

func TestCredentialsComeFromTheNetrcEntryOfTheHostElseItsDefault(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".netrc")
	os.WriteFile(path, []byte("machine other.example.org login bob password b0b\n"+
		"machine cal.example.org\n  login alice\n  password s3cret\n"+
		"default login anon password guest\n"), 0o600)
	cases := map[string]credentials.Login{
		"cal.example.org":   {User: "alice", Password: "s3cret"},
		"other.example.org": {User: "bob", Password: "b0b"},
		"elsewhere.example": {User: "anon", Password: "guest"},
	}
	for host, want := range cases {
		got, found, err := credentials.FromNetrc(path, host, "")
		if err != nil || !found || got != want {
			t.Errorf("%s: %+v %v %v, want %+v", host, got, found, err, want)
		}
	}
	if _, found, err := credentials.FromNetrc(filepath.Join(t.TempDir(), "none"), "cal.example.org", ""); found || err != nil {
		t.Errorf("no netrc file: found %v, %v", found, err)
	}
}

// Invitations and publishing look a password up the same way: the user's
// own entry for the host, not the first one, and an entry with no login
// serves any user.
func TestAUserGetsThePasswordOfTheirOwnEntryForTheHost(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".netrc")
	os.WriteFile(path, []byte("machine mail.example.org login x password y\n"+
		"machine mail.example.org login dc-iot password s3cret\n"+
		"machine cal.example.org password open\n"), 0o600)
	t.Setenv("NETRC", path)
	t.Setenv("CONVENE_PASSWORD", "")
	cases := []struct{ host, user, want string }{
		{"mail.example.org", "dc-iot", "s3cret"},
		{"MAIL.example.org", "x", "y"},
		{"mail.example.org", "", "y"},
		{"mail.example.org", "nobody", ""},
		{"cal.example.org", "anyone", "open"},
	}
	for _, c := range cases {
		got, err := credentials.LookUp(c.host, c.user, "")
		if err != nil || got.Password != c.want {
			t.Errorf("%s as %q: %+v %v, want password %q", c.host, c.user, got, err, c.want)
		}
	}
	t.Setenv("CONVENE_PASSWORD", "from-env")
	if got, _ := credentials.LookUp("mail.example.org", "dc-iot", ""); got.Password != "from-env" {
		t.Errorf("$CONVENE_PASSWORD set: %+v, want it before the netrc file", got)
	}
}
