package caldav

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FromNetrc returns the login and password that the netrc file at path
// gives for host (or its default entry), as curl and ftp read it; found is
// false when it gives none or there is no file.
func FromNetrc(path, host string) (creds Credentials, found bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return creds, false, nil
	}
	if err != nil {
		return creds, false, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Split(bufio.ScanWords)
	var (
		entry, fallback Credentials
		inHost, inDef   bool
		seenHost, seenD bool
	)
	save := func() {
		if inHost && !seenHost {
			creds, seenHost = entry, true
		}
		if inDef && !seenD {
			fallback, seenD = entry, true
		}
	}
	for sc.Scan() {
		switch tok := sc.Text(); tok {
		case "machine":
			save()
			inDef, entry = false, Credentials{}
			inHost = sc.Scan() && strings.EqualFold(sc.Text(), host)
		case "default":
			save()
			inHost, inDef, entry = false, true, Credentials{}
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
			return pick(creds, seenHost, fallback, seenD)
		}
	}
	if err := sc.Err(); err != nil {
		return Credentials{}, false, fmt.Errorf("read %s: %w", path, err)
	}
	save()
	return pick(creds, seenHost, fallback, seenD)
}

func pick(host Credentials, seenHost bool, def Credentials, seenDef bool) (Credentials, bool, error) {
	switch {
	case seenHost:
		return host, true, nil
	case seenDef:
		return def, true, nil
	}
	return Credentials{}, false, nil
}

// LookUpCredentials finds the user and password for host: the user and
// password given, else the password in $CONVENE_PASSWORD, and what the
// netrc file ($NETRC, else ~/.netrc) has for the host for whatever is
// still missing (its password only for its own login).
func LookUpCredentials(host, user, password string) (Credentials, error) {
	creds := Credentials{User: user, Password: cmp.Or(password, os.Getenv("CONVENE_PASSWORD"))}
	if creds.User != "" && creds.Password != "" {
		return creds, nil
	}
	path := os.Getenv("NETRC")
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return creds, nil
		}
		path = filepath.Join(home, ".netrc")
	}
	entry, found, err := FromNetrc(path, host)
	if err != nil || !found {
		return creds, err
	}
	if creds.User == "" {
		creds.User = entry.User
	}
	if creds.Password == "" && entry.User == creds.User {
		creds.Password = entry.Password
	}
	return creds, nil
}
