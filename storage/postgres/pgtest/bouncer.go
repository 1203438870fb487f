package pgtest

import (
	"bufio"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bouncer is Debian's PgBouncer, the pooler a hosting admin puts in
// front of PostgreSQL.
const bouncer = "/usr/sbin/pgbouncer"

// Bouncer starts PgBouncer in front of the database, in session mode,
// logging in to the server as role r, and returns the address a
// coordinator would give Convene through it. It stops when the test
// ends.
func (d *Database) Bouncer(tb testing.TB, r Role) string {
	tb.Helper()
	if _, err := os.Stat(bouncer); err != nil {
		tb.Fatalf("PgBouncer is not installed (%v): install Debian's pgbouncer, as 'make test-deps' does", err)
	}
	cred, err := serverUser()
	if err != nil {
		tb.Fatal(err)
	}
	// Not the test's TempDir, which PgBouncer's user could not enter.
	dir, err := os.MkdirTemp("", "convene-pgbouncer-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			tb.Fatal(err)
		}
	}
	port, err := freePort()
	if err != nil {
		tb.Fatal(err)
	}
	// The client's own login is taken as it comes (auth_type any): the
	// password to the server is PgBouncer's, as an admin would set it.
	ini := filepath.Join(dir, "pgbouncer.ini")
	config := fmt.Sprintf(`[databases]
%s = host=127.0.0.1 port=%d dbname=%s user=%s password=%s
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = any
pool_mode = session
`, d.Name, d.server.Port, d.Name, r.Name, r.Password, port)
	if err := os.WriteFile(ini, []byte(config), 0o644); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(bouncer, ini)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	stopWithTest(cmd)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start PgBouncer: %v", err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	tb.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGINT)
		<-exited
	})
	// What it logs until it is up is kept for a failure to show; the
	// rest is read and dropped, so that it never blocks on its log.
	ready, read := make(chan struct{}), make(chan struct{})
	var log strings.Builder
	go func() {
		defer close(read)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "process up") {
				close(ready)
				break
			}
		}
		for sc.Scan() {
		}
	}()
	select {
	case <-ready:
	case <-exited:
		<-read
		tb.Fatalf("PgBouncer stopped before it was ready:\n%s", log.String())
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-read
		tb.Fatalf("PgBouncer was not ready within 30 s:\n%s", log.String())
	}
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(r.Name),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		Path:     "/" + d.Name,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}
