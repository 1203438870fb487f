package imip

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// Password returns the password for logging in to the server:
// $CONVENE_PASSWORD, else the one ~/.netrc gives for its host and user, else
// "". It is read each time it is needed and kept nowhere.
func Password(srv Server) string {
	if p := os.Getenv("CONVENE_PASSWORD"); p != "" {
		return p
	}
	return netrcPassword(srv.Host(), srv.User)
}

// netrcPassword returns the password ~/.netrc (or $NETRC) gives for the
// machine and login, as curl and ftp read that file: "machine HOST login
// USER password SECRET", on one line or several; "default" is any machine.
// A file that cannot be read gives no password.
func netrcPassword(machine, login string) string {
	path := os.Getenv("NETRC")
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		path = filepath.Join(home, ".netrc")
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		words = append(words, strings.Fields(sc.Text())...)
	}
	var host, user, password string
	found := func() bool {
		return (host == machine || host == "\x00default") && (user == "" || user == login) && password != ""
	}
	for i := 0; i < len(words); i++ {
		switch words[i] {
		case "machine", "default":
			if found() {
				return password
			}
			host, user, password = "\x00default", "", ""
			if words[i] == "machine" && i+1 < len(words) {
				i++
				host = words[i]
			}
		case "login":
			if i+1 < len(words) {
				i++
				user = words[i]
			}
		case "password":
			if i+1 < len(words) {
				i++
				password = words[i]
			}
		}
	}
	if found() {
		return password
	}
	return ""
}
