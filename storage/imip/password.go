package imip

import (
	"fmt"

	"github.com/convene-planner/convene/storage/credentials"
)

// Password returns the password for logging in to the server, found as
// publishing finds one ($CONVENE_PASSWORD, else ~/.netrc for its host and
// user); a server without a user needs none. It is read each time it is
// needed and kept nowhere.
func Password(srv Server) (string, error) {
	if srv.User == "" {
		return "", nil
	}
	login, err := credentials.LookUp(srv.Host(), srv.User, "")
	if err != nil {
		return "", err
	}
	if login.Password == "" {
		return "", fmt.Errorf("no password for %s at %s: set $CONVENE_PASSWORD or add it to ~/.netrc", srv.User, srv.Host())
	}
	return login.Password, nil
}
