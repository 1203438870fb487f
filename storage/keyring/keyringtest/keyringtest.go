// Package keyringtest gives a test a system keyring of its own: a D-Bus
// session bus started for the test and, on it, Debian's
// gnome-keyring-daemon with its 'login' collection made and unlocked, as a
// desktop has it after logging in. $DBUS_SESSION_BUS_ADDRESS points at the
// bus for the length of the test, and both are stopped when it ends. It
// runs as root and without a desktop, as CI does.
package keyringtest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/convene-planner/convene/storage/keyring"
)

const secretsName = "org.freedesktop.secrets"

// Keyring is a session bus the test started, with or without a keyring on it.
type Keyring struct {
	// Address is the bus's, as $DBUS_SESSION_BUS_ADDRESS says it.
	Address string
	dir     string
}

// Start starts a session bus with gnome-keyring's Secret Service on it; a
// machine without them fails the test saying what to install.
func Start(tb testing.TB) *Keyring {
	tb.Helper()
	k := StartWithout(tb)
	daemon, err := exec.LookPath("gnome-keyring-daemon")
	if err != nil {
		tb.Fatalf("gnome-keyring-daemon is not installed (%v): install Debian's gnome-keyring, as 'make test-deps' does", err)
	}
	// A home of its own: the daemon makes the 'login' keyring there, with
	// the password it reads from its standard input, and unlocks it.
	home := filepath.Join(k.dir, "home")
	cmd := exec.Command(daemon, "--foreground", "--components=secrets", "--unlock",
		"--control-directory="+filepath.Join(k.dir, "keyring"))
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_RUNTIME_DIR="+k.dir,
		"DBUS_SESSION_BUS_ADDRESS="+k.Address)
	cmd.Stdin = strings.NewReader("login password of the test")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	// It is serving once it owns the Secret Service's name on the bus,
	// which is later than it says where its control socket is.
	conn, err := dbus.Connect(k.Address)
	if err != nil {
		tb.Fatalf("connect to the test's bus: %v", err)
	}
	defer conn.Close()
	owned := make(chan *dbus.Signal, 8)
	conn.Signal(owned)
	if err := conn.AddMatchSignal(dbus.WithMatchSender("org.freedesktop.DBus"), dbus.WithMatchMember("NameOwnerChanged"),
		dbus.WithMatchArg(0, secretsName)); err != nil {
		tb.Fatal(err)
	}
	run(tb, cmd, "gnome-keyring-daemon", func(line string) bool {
		return strings.HasPrefix(line, "GNOME_KEYRING_CONTROL=")
	}, &stderr)
	deadline := time.After(30 * time.Second)
	for serving := false; !serving; {
		select {
		case s := <-owned:
			// The bus tells every connection its own name too.
			serving = s.Name == "org.freedesktop.DBus.NameOwnerChanged" && len(s.Body) == 3 &&
				s.Body[0] == secretsName && s.Body[2] != ""
		case <-deadline:
			tb.Fatalf("gnome-keyring-daemon did not provide the Secret Service within 30 s: %s", stderr.String())
		}
	}
	if err := k.unlocked(conn); err != nil {
		tb.Fatalf("gnome-keyring-daemon started without an unlocked login collection: %v\n%s", err, stderr.String())
	}
	return k
}

// StartWithout starts a session bus on which nothing provides the Secret
// Service, and nothing can be started to: a desktop without a keyring.
func StartWithout(tb testing.TB) *Keyring {
	tb.Helper()
	bus, err := exec.LookPath("dbus-daemon")
	if err != nil {
		tb.Fatalf("dbus-daemon is not installed (%v): install Debian's dbus-daemon, as 'make test-deps' does", err)
	}
	// A short folder of its own: a socket's path has room for 107 bytes,
	// less than a long test name's temporary folder may take.
	dir, err := os.MkdirTemp("", "bus")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	config := filepath.Join(dir, "session.conf")
	// No <servicedir>: a name no one owns is not started on demand, so the
	// only Secret Service is the one Start runs.
	if err := os.WriteFile(config, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=`+dir+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`), 0o600); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(bus, "--config-file="+config, "--nofork", "--print-address=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	k := &Keyring{dir: dir}
	k.Address = run(tb, cmd, "dbus-daemon", func(line string) bool { return strings.HasPrefix(line, "unix:") }, &stderr)
	tb.Setenv("DBUS_SESSION_BUS_ADDRESS", k.Address)
	return k
}

// run starts cmd, stopped when the test ends, and returns the first line
// of its standard output that ready accepts.
func run(tb testing.TB, cmd *exec.Cmd, name string, ready func(string) bool, stderr *bytes.Buffer) string {
	tb.Helper()
	stopWithTest(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start %s: %v", name, err)
	}
	tb.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if ready(sc.Text()) {
				found <- sc.Text()
				break
			}
		}
		close(found)
		io.Copy(io.Discard, stdout)
	}()
	select {
	case line, ok := <-found:
		if !ok {
			tb.Fatalf("%s stopped before it was ready: %s", name, stderr.String())
		}
		return line
	case <-time.After(30 * time.Second):
		tb.Fatalf("%s was not ready within 30 s: %s", name, stderr.String())
	}
	return ""
}

// unlocked checks through the bus that the keyring's default collection
// exists and is open.
func (k *Keyring) unlocked(conn *dbus.Conn) error {
	var path dbus.ObjectPath
	err := conn.Object(secretsName, "/org/freedesktop/secrets").
		Call("org.freedesktop.Secret.Service.ReadAlias", 0, "default").Store(&path)
	if err != nil {
		return err
	}
	if path == "/" {
		return fmt.Errorf("no default collection")
	}
	locked, err := conn.Object(secretsName, path).GetProperty("org.freedesktop.Secret.Collection.Locked")
	if err != nil {
		return err
	}
	if locked.Value() != false {
		return fmt.Errorf("%s is locked", path)
	}
	return nil
}

// Lookup reads the password kept for key with Debian's secret-tool, a
// Secret Service client nobody here wrote; found is false when there is none.
func (k *Keyring) Lookup(tb testing.TB, key keyring.Key) (password string, found bool) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "secret-tool", "lookup", "service", keyring.Service, "host", key.Host, "username", key.User)
	cmd.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+k.Address)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if _, ok := err.(*exec.ExitError); ok && stderr.Len() == 0 {
		return "", false // secret-tool says "none" with exit 1 and no word
	}
	if err != nil {
		tb.Fatalf("secret-tool lookup (install Debian's libsecret-tools, as 'make test-deps' does): %v: %s", err, stderr.String())
	}
	return string(out), true
}

// Store keeps a password for key with secret-tool, as another program
// (or the person, in Seahorse) would have.
func (k *Keyring) Store(tb testing.TB, key keyring.Key, password string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "secret-tool", "store", "--label=test", "service", keyring.Service, "host", key.Host, "username", key.User)
	cmd.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+k.Address)
	cmd.Stdin = strings.NewReader(password)
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("secret-tool store: %v: %s", err, out)
	}
}
