// Package radicaletest starts Debian's Radicale, a CalDAV server nobody
// here wrote, for tests: on a loopback port, with a user and password of
// its own (htpasswd) and its collections in the test's temporary folder,
// stopped when the test ends.
package radicaletest

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"net"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a running Radicale, reached through a loopback proxy that
// counts the requests it is sent: a count the test can trust the moment a
// response arrives, which Radicale's own log, read from a pipe, is not.
type Server struct {
	// URL is the server's root, http://127.0.0.1:PORT/.
	URL            string
	User, Password string
	// Dir holds the collections, as Radicale stores them.
	Dir string

	mu       sync.Mutex
	log      strings.Builder
	requests map[string]int
}

// Requests returns how many requests of each method the server was sent.
func (s *Server) Requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.requests)
}

// Log is what the server has logged so far, for a failing test to show.
func (s *Server) Log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// Calendar is the address of a calendar collection of the server's user.
func (s *Server) Calendar(name string) string { return s.URL + s.User + "/" + name + "/" }

// Start starts Radicale for the test; a machine without it fails the test
// saying how to install it.
func Start(tb testing.TB) *Server {
	tb.Helper()
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import radicale").Run(); err != nil {
		tb.Fatalf("Radicale is not installed (%v): install Debian's radicale, as 'make test-deps' does", err)
	}
	dir := tb.TempDir()
	var b [12]byte
	rand.Read(b[:])
	s := &Server{User: "coordinator", Password: hex.EncodeToString(b[:]), Dir: filepath.Join(dir, "collections"), requests: map[string]int{}}
	users := filepath.Join(dir, "users")
	if err := os.WriteFile(users, []byte(s.User+":"+s.Password+"\n"), 0o600); err != nil {
		tb.Fatal(err)
	}
	// A port the system has just handed out and taken back is free for
	// Radicale to take.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, []byte(`[server]
hosts = `+addr+`
[auth]
type = htpasswd
htpasswd_filename = `+users+`
htpasswd_encryption = plain
[rights]
type = owner_only
[storage]
filesystem_folder = `+s.Dir+`
[logging]
level = info
`), 0o600); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(python, "-m", "radicale", "--config", config)
	stopWithTest(cmd)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start Radicale: %v", err)
	}
	tb.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		once := sync.Once{}
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.log.WriteString(line + "\n")
			s.mu.Unlock()
			if strings.Contains(line, "Listening on") {
				once.Do(func() { close(ready) })
			}
		}
		once.Do(func() { close(ready) })
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		tb.Fatalf("Radicale did not start listening within 30 s:\n%s", s.Log())
	}
	if !strings.Contains(s.Log(), "Listening on") {
		tb.Fatalf("Radicale stopped before listening:\n%s", s.Log())
	}
	radicale := &url.URL{Scheme: "http", Host: addr}
	proxy := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(radicale)
			s.mu.Lock()
			s.requests[r.In.Method]++
			s.mu.Unlock()
		},
	})
	tb.Cleanup(proxy.Close)
	s.URL = proxy.URL + "/"
	return s
}

// String names the server for messages.
func (s *Server) String() string { return fmt.Sprintf("Radicale at %s", s.URL) }
