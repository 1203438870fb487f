// Package pgtest starts Debian's PostgreSQL for tests: one server for a
// test binary, made with initdb in a temporary folder, reached on a Unix
// socket in that folder and on a loopback port, and stopped when the
// package's tests end. Each test gets a database of its own, owned by a
// login role of its own, and can make more roles.
//
// PostgreSQL refuses to run as root, and CI runs as root: there the
// server runs as the system user Debian's package made for it (postgres),
// else as nobody.
package pgtest

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// BinDir holds the programs of Debian 12's PostgreSQL 15.
const BinDir = "/usr/lib/postgresql/15/bin"

// Admin is the server's superuser role, reached on the Unix socket
// without a password; every other role logs in with one over TCP.
const Admin = "postgres"

// Server is a running PostgreSQL.
type Server struct {
	// Dir holds the data folder and the Unix socket.
	Dir  string
	Port int
	// Took is how long initdb and the start took.
	Took time.Duration

	cmd     *exec.Cmd
	exited  chan struct{}
	mu      sync.Mutex
	log     strings.Builder
	admin   *sql.DB
	counter atomic.Int64
}

var (
	sharedOnce sync.Once
	shared     *Server
	sharedErr  error
)

// Run runs a package's tests and then stops the server if a test started
// one: call it from TestMain, as os.Exit(pgtest.Run(m)).
func Run(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// Shared returns the server of this test binary, starting it on the
// first call. A server that cannot start fails the test, saying why.
func Shared(tb testing.TB) *Server {
	tb.Helper()
	sharedOnce.Do(func() { shared, sharedErr = Start() })
	if sharedErr != nil {
		tb.Fatal(sharedErr)
	}
	return shared
}

// Start makes a new cluster in a temporary folder and starts a server on
// it; Stop stops it and removes the folder.
func Start() (*Server, error) {
	begin := time.Now()
	initdb := filepath.Join(BinDir, "initdb")
	if _, err := os.Stat(initdb); err != nil {
		return nil, fmt.Errorf("PostgreSQL 15 is not installed (%v): install Debian's postgresql, as 'make test-deps' does", err)
	}
	cred, err := serverUser()
	if err != nil {
		return nil, err
	}
	// The folder is made here rather than in a test's TempDir: that one
	// lies under folders only its owner may enter, and the server's user
	// must reach its files.
	dir, err := os.MkdirTemp("", "convene-pg-")
	if err != nil {
		return nil, fmt.Errorf("make the server's folder: %w", err)
	}
	s := &Server{Dir: dir, exited: make(chan struct{})}
	fail := func(err error) (*Server, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return fail(fmt.Errorf("give the server's folder to its user: %w", err))
		}
	}
	data := filepath.Join(dir, "data")
	cmd := exec.Command(initdb,
		"--pgdata="+data,
		"--username="+Admin,
		"--auth-local=trust",
		"--auth-host=scram-sha-256",
		"--encoding=UTF8",
		"--locale=C.UTF-8",
		"--no-sync",
		"--no-instructions")
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fail(fmt.Errorf("initdb: %v\n%s", err, out))
	}
	if s.Port, err = freePort(); err != nil {
		return fail(err)
	}
	// Tests need no durability: a crash of the test loses the folder anyway.
	s.cmd = exec.Command(filepath.Join(BinDir, "postgres"),
		"-D", data,
		"-p", strconv.Itoa(s.Port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories="+dir,
		"-c", "fsync=off",
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off")
	s.cmd.Dir = dir
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	stopWithTest(s.cmd)
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		return fail(err)
	}
	if err := s.cmd.Start(); err != nil {
		return fail(fmt.Errorf("start PostgreSQL: %w", err))
	}
	ready := make(chan struct{})
	go s.readLog(stderr, ready)
	go func() {
		s.cmd.Wait()
		close(s.exited)
	}()
	select {
	case <-ready:
	case <-s.exited:
		return fail(fmt.Errorf("PostgreSQL stopped before it was ready:\n%s", s.Log()))
	case <-time.After(60 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
		return fail(fmt.Errorf("PostgreSQL was not ready within 60 s:\n%s", s.Log()))
	}
	s.admin, err = sql.Open("pgx", s.adminDSN("postgres"))
	if err == nil {
		err = s.admin.Ping()
	}
	if err != nil {
		s.Stop()
		return nil, fmt.Errorf("reach PostgreSQL on its socket: %w\n%s", err, s.Log())
	}
	s.Took = time.Since(begin)
	return s, nil
}

// serverUser is who the server runs as: the caller, unless that is root.
func serverUser() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	var errs []error
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("user %s: %w", name, err)
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
	}
	return nil, fmt.Errorf("PostgreSQL refuses to run as root, and there is no user to run it as: %w", errors.Join(errs...))
}

// freePort is a loopback port the system has just handed out and taken
// back, so free for the server to take.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// readLog keeps what the server logs, for messages, and closes ready once
// it says it takes connections.
func (s *Server) readLog(stderr io.Reader, ready chan struct{}) {
	sc := bufio.NewScanner(stderr)
	once := sync.Once{}
	for sc.Scan() {
		line := sc.Text()
		s.mu.Lock()
		s.log.WriteString(line + "\n")
		s.mu.Unlock()
		if strings.Contains(line, "database system is ready to accept connections") {
			once.Do(func() { close(ready) })
		}
	}
}

// Log is what the server has logged so far, for a failing test to show.
func (s *Server) Log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// Stop stops the server as pg_ctl's fast mode does (open sessions are
// ended, the data is written out) and removes its folder.
func (s *Server) Stop() error {
	if s.admin != nil {
		s.admin.Close()
	}
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.exited:
	case <-time.After(60 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("PostgreSQL did not stop within 60 s:\n%s", s.Log())
	}
	return os.RemoveAll(s.Dir)
}

func (s *Server) adminDSN(database string) string {
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s", s.Dir, s.Port, Admin, database)
}

// Exec runs statements as the superuser in the server's postgres database
// (roles, databases), failing the test if they fail.
func (s *Server) Exec(tb testing.TB, statements string) {
	tb.Helper()
	if _, err := s.admin.Exec(statements); err != nil {
		tb.Fatalf("as %s: %s: %v", Admin, statements, err)
	}
}

// Database is a database made for one test.
type Database struct {
	server *Server
	Name   string
	// Owner is the login role that owns the database, as a user who was
	// given a database of their own by the administrator.
	Owner Role
}

// Role is a login role with its password.
type Role struct {
	Name, Password string
}

// NewDatabase makes an empty database owned by a new login role,
// dropped with the role when the test ends. Its default collation is
// ICU's English one, as a server set up for people would have, so text
// that sorts differently there than byte by byte shows it.
func (s *Server) NewDatabase(tb testing.TB) *Database {
	tb.Helper()
	n := s.counter.Add(1)
	d := &Database{server: s, Name: fmt.Sprintf("plan_%d", n)}
	d.Owner = d.NewRole(tb)
	s.Exec(tb, fmt.Sprintf(`CREATE DATABASE %s OWNER %s TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`, d.Name, d.Owner.Name))
	tb.Cleanup(func() { s.admin.Exec(`DROP DATABASE IF EXISTS ` + d.Name + ` WITH (FORCE)`) })
	return d
}

// NewRole makes a login role with a random password and no privileges on
// anything but what PUBLIC has; it is dropped when the test ends, after
// the databases made before it.
func (d *Database) NewRole(tb testing.TB) Role {
	tb.Helper()
	var b [12]byte
	rand.Read(b[:])
	r := Role{Name: fmt.Sprintf("coordinator_%d", d.server.counter.Add(1)), Password: hex.EncodeToString(b[:])}
	d.server.Exec(tb, fmt.Sprintf(`CREATE ROLE %s LOGIN PASSWORD '%s'`, r.Name, r.Password))
	tb.Cleanup(func() {
		// What the role was given in the database goes first, then the role.
		if d.Name != "" {
			if db, err := sql.Open("pgx", d.server.adminDSN(d.Name)); err == nil {
				db.Exec(`DROP OWNED BY ` + r.Name)
				db.Close()
			}
		}
		d.server.admin.Exec(`DROP ROLE IF EXISTS ` + r.Name)
	})
	return r
}

// URL is the address a user would give Convene for the database as role
// r over TCP on loopback, password included.
func (d *Database) URL(r Role) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(r.Name, r.Password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(d.server.Port)),
		Path:     "/" + d.Name,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Admin connects to the database as the superuser over the Unix socket,
// for what a test checks or sets up behind Convene's back; it is closed
// when the test ends.
func (d *Database) Admin(tb testing.TB) *sql.DB {
	tb.Helper()
	db, err := sql.Open("pgx", d.server.adminDSN(d.Name))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.PingContext(context.Background()); err != nil {
		tb.Fatalf("connect to %s as %s: %v", d.Name, Admin, err)
	}
	return db
}

// Files returns the contents of every file that holds the database's
// tables and indexes, as they are on disk now: what a test searches for
// data that should be gone. Call CHECKPOINT first, or what was just
// written may still be in the server's memory only.
func (d *Database) Files(tb testing.TB) map[string][]byte {
	tb.Helper()
	var oid int64
	if err := d.server.admin.QueryRow(`SELECT oid FROM pg_database WHERE datname = $1`, d.Name).Scan(&oid); err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(d.server.Dir, "data", "base", strconv.FormatInt(oid, 10))
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if errors.Is(err, fs.ErrNotExist) {
			// The running server removes files of its own between the
			// listing and the read (pg_internal.init, a dropped
			// relation's segments); one that is gone holds nothing.
			continue
		}
		if err != nil {
			tb.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

// WAL returns the contents of the server's write-ahead log files.
func (d *Database) WAL(tb testing.TB) []byte {
	tb.Helper()
	dir := filepath.Join(d.server.Dir, "data", "pg_wal")
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var all []byte
	for _, e := range entries {
		if e.Type().IsRegular() {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if errors.Is(err, fs.ErrNotExist) {
				continue // a segment recycled since the listing
			}
			if err != nil {
				tb.Fatal(err)
			}
			all = append(all, b...)
		}
	}
	return all
}

// Dump is what pg_dump, run by the superuser, writes of the database.
func (d *Database) Dump(tb testing.TB) []byte {
	tb.Helper()
	out, err := exec.Command(filepath.Join(BinDir, "pg_dump"), d.server.adminDSN(d.Name)).Output()
	if err != nil {
		tb.Fatalf("pg_dump %s: %v", d.Name, err)
	}
	return out
}
