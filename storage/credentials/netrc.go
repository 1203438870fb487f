// Package credentials finds the user and password for a server, the same
// way for sending invitations and for publishing, from the command line and
// from the app: what was given, else $CONVENE_PASSWORD, else the netrc file.
// Nothing it finds is kept.
package credentials

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Login is a user name and password; both empty means none.
type Login struct {
	User, Password string
}

// FromNetrc returns the login and password that the netrc file at path
// gives for host (or its default entry), as curl and ftp read it: the first
// entry for the host whose login is user, or has none, when user is given;
// found is false when it gives none or there is no file.
func FromNetrc(path, host, user string) (login Login, found bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return login, false, nil
	}
	if err != nil {
		return login, false, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Split(bufio.ScanWords)
	var (
		entry, fallback Login
		inHost, inDef   bool
		seenHost, seenD bool
	)
	save := func() {
		if user != "" && entry.User != "" && entry.User != user {
			return
		}
		if inHost && !seenHost {
			login, seenHost = entry, true
		}
		if inDef && !seenD {
			fallback, seenD = entry, true
		}
	}
	for sc.Scan() {
		switch tok := sc.Text(); tok {
		case "machine":
			save()
			inDef, entry = false, Login{}
			inHost = sc.Scan() && strings.EqualFold(sc.Text(), host)
		case "default":
			save()
			inHost, inDef, entry = false, true, Login{}
		case "login":
			if sc.Scan() {
				entry.User = sc.Text()
			}
		case "password":
			if sc.Scan() {
				entry.Password = sc.Text()
			}
		case "account":
			sc.Scan()
		case "macdef":
			// A macro runs to the next blank line, which word scanning
			// cannot see; nothing after it is read.
			save()
			return pick(login, seenHost, fallback, seenD)
		}
	}
	if err := sc.Err(); err != nil {
		return Login{}, false, fmt.Errorf("read %s: %w", path, err)
	}
	save()
	return pick(login, seenHost, fallback, seenD)
}

func pick(host Login, seenHost bool, def Login, seenDef bool) (Login, bool, error) {
	switch {
	case seenHost:
		return host, true, nil
	case seenDef:
		return def, true, nil
	}
	return Login{}, false, nil
}

// LookUp finds the user and password for host: the user and password
// given, else the password in $CONVENE_PASSWORD, and what the netrc file
// ($NETRC, else ~/.netrc) has for the host for whatever is still missing
// (its password only for its own login, or an entry with no login).
func LookUp(host, user, password string) (Login, error) {
	login := Login{User: user, Password: cmp.Or(password, os.Getenv("CONVENE_PASSWORD"))}
	if login.User != "" && login.Password != "" {
		return login, nil
	}
	path := os.Getenv("NETRC")
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return login, nil
		}
		path = filepath.Join(home, ".netrc")
	}
	entry, found, err := FromNetrc(path, host, login.User)
	if err != nil || !found {
		return login, err
	}
	if login.User == "" {
		login.User = entry.User
	}
	if login.Password == "" && (entry.User == login.User || entry.User == "") {
		login.Password = entry.Password
	}
	return login, nil
}
