package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// A coordinator gives the team plan's address with the password in it,
// on the command line or in $CONVENE_DB. Whatever the command and however
// it ends, the password is in nothing Convene writes: not in a list, nor a
// refused import, nor a failed export, nor a refused login, nor an address
// that is not one.
func TestThePasswordInATeamPlansAddressIsNeverShown(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	plan := demoAt(t, d.URL(d.Owner))
	secret := d.Owner.Password
	wrong := withPassword(t, plan, "SECRET-wrong-9f2c")
	bad := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(bad, []byte("name,email,stakeholder_group\nAna,ana@example.org,no-such-group\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	unwritable := filepath.Join(t.TempDir(), "no-such-folder", "sessions.csv")
	empty := pgtest.Shared(t).NewDatabase(t)
	for _, c := range []struct {
		story  string
		db     string
		args   []string
		code   int
		secret string
	}{
		{"list", plan, []string{"list", "sessions"}, 0, secret},
		{"list --json", plan, []string{"list", "sessions", "--json"}, 0, secret},
		{"an import with a bad row", plan, []string{"import", "csv", "people", bad}, 1, secret},
		{"an export to a folder that is not there", plan, []string{"export", "csv", "sessions", "-o", unwritable}, 2, secret},
		{"a forum that is not in the plan", plan, []string{"export", "schedule-json", "--forum", "No Such Forum"}, 1, secret},
		{"a database with no plan yet", empty.URL(empty.Owner), []string{"list", "forums"}, 2, empty.Owner.Password},
		{"a wrong password", wrong, []string{"list", "forums"}, 2, "SECRET-wrong-9f2c"},
		{"an address that is not one", "postgres://someone:SECRET-port-77ab@127.0.0.1:notaport/plan", []string{"list", "forums"}, 2, "SECRET-port-77ab"},
		{"a server that does not answer", "postgres://someone:SECRET-gone-31cd@127.0.0.1:9/plan", []string{"list", "forums"}, 2, "SECRET-gone-31cd"},
	} {
		for _, how := range []string{"--db", "$CONVENE_DB"} {
			args, env := append(c.args, "--db", c.db), []string(nil)
			if how == "$CONVENE_DB" {
				args, env = c.args, []string{"CONVENE_DB=" + c.db}
			}
			r := convene(t, env, args...)
			if r.code != c.code {
				t.Errorf("%s (%s): exit %d, want %d\n%s", c.story, how, r.code, c.code, r.stderr)
			}
			if strings.Contains(r.stdout, c.secret) || strings.Contains(r.stderr, c.secret) {
				t.Errorf("%s (%s) shows the password:\n%s%s", c.story, how, r.stdout, r.stderr)
			}
		}
	}
	// The hint to make the plan names it as the user can type it, without
	// the password: pgx reads that from $PGPASSWORD or ~/.pgpass.
	r := convene(t, nil, "list", "forums", "--db", empty.URL(empty.Owner))
	if want := "create it with 'convene demo --db " + planName(empty.URL(empty.Owner)) + "'"; !strings.Contains(r.stderr, want) {
		t.Errorf("an empty database: %s\nwant it to say %s", r.stderr, want)
	}
}

// withPassword is the address with another password.
func withPassword(t *testing.T, address, password string) string {
	t.Helper()
	u, err := url.Parse(address)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), password)
	return u.String()
}
