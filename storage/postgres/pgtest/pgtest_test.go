package pgtest_test

import (
	"database/sql"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// A test is given a database of its own that its owner reaches with the
// password in the URL, over loopback TCP; another role it makes reaches
// the database but none of the owner's tables.
func TestADatabaseIsReachedByItsOwnerAndNotReadByAnotherRole(t *testing.T) {
	srv := pgtest.Shared(t)
	t.Logf("initdb and start took %v", srv.Took)
	d := srv.NewDatabase(t)
	owner, err := sql.Open("pgx", d.URL(d.Owner))
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	var who, addr string
	if err := owner.QueryRow(`SELECT current_user, inet_server_addr()::text`).Scan(&who, &addr); err != nil {
		t.Fatal(err)
	}
	if who != d.Owner.Name || addr != "127.0.0.1/32" {
		t.Errorf("connected as %s to %s, want %s on 127.0.0.1", who, addr, d.Owner.Name)
	}
	var listen, sockets string
	if err := d.Admin(t).QueryRow(`SELECT current_setting('listen_addresses'), current_setting('unix_socket_directories')`).Scan(&listen, &sockets); err != nil {
		t.Fatal(err)
	}
	if listen != "127.0.0.1" || sockets != srv.Dir {
		t.Errorf("the server listens on %q and has its socket in %q; want loopback only and %s", listen, sockets, srv.Dir)
	}
	// PostgreSQL refuses root: under root, the server's folder is another user's.
	info, err := os.Stat(srv.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if owner := info.Sys().(*syscall.Stat_t).Uid; os.Geteuid() == 0 && owner == 0 {
		t.Errorf("the server's folder belongs to root")
	}
	if _, err := owner.Exec(`CREATE TABLE note (text text); INSERT INTO note VALUES ('hello')`); err != nil {
		t.Fatal(err)
	}
	other := d.NewRole(t)
	db, err := sql.Open("pgx", d.URL(other))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var text string
	err = db.QueryRow(`SELECT text FROM note`).Scan(&text)
	if err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("another role read the owner's table: %q, %v", text, err)
	}
}

// A wrong password is refused: the loopback port asks for one.
func TestAWrongPasswordIsRefused(t *testing.T) {
	d := pgtest.Shared(t).NewDatabase(t)
	r := d.Owner
	r.Password += "x"
	db, err := sql.Open("pgx", d.URL(r))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(); err == nil || !strings.Contains(err.Error(), "password authentication failed") {
		t.Errorf("a wrong password: %v, want password authentication failed", err)
	}
}

// BenchmarkStartAndStop measures initdb, a start until the server takes
// connections, and a fast stop.
func BenchmarkStartAndStop(b *testing.B) {
	for b.Loop() {
		srv, err := pgtest.Start()
		if err != nil {
			b.Fatal(err)
		}
		if err := srv.Stop(); err != nil {
			b.Fatal(err)
		}
	}
}
