// Package imiptest starts a real mail server for the tests of invitations:
// Debian's python3-aiosmtpd on a loopback port (testdata/smtpd.py), writing
// each message it takes to a folder, with STARTTLS or TLS on a certificate
// made for the test, a login, or mailboxes it refuses, as a test asks.
package imiptest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	_ "embed"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

//go:embed testdata/smtpd.py
var script []byte

// Server is a mail server a test started; it stops when the test ends.
type Server struct {
	Dir  string // where it writes what it takes
	Port string
	// Cert is the test certificate's file: point SSL_CERT_FILE at it and
	// it is the one root a Go program trusts.
	Cert string
}

// Options say how the server speaks: STARTTLS or TLS from the start, a
// login it requires, mailboxes it refuses (550), and whether it takes
// addresses in letters beyond ASCII (SMTPUTF8).
type Options struct {
	StartTLS, TLS  bool
	User, Password string
	Refuse         []string
	UTF8           bool
}

// Start starts the server; a machine without python3-aiosmtpd fails the
// test, saying so.
func Start(tb testing.TB, o Options) *Server {
	tb.Helper()
	s := &Server{Dir: tb.TempDir()}
	path := filepath.Join(tb.TempDir(), "smtpd.py")
	if err := os.WriteFile(path, script, 0o600); err != nil {
		tb.Fatal(err)
	}
	args := []string{path, s.Dir}
	if o.StartTLS || o.TLS {
		var key string
		s.Cert, key = certificate(tb)
		flag := "--starttls"
		if o.TLS {
			flag = "--tls"
		}
		args = append(args, flag, s.Cert, key)
	}
	if o.User != "" {
		args = append(args, "--login", o.User, o.Password)
	}
	for _, a := range o.Refuse {
		args = append(args, "--refuse", a)
	}
	if o.UTF8 {
		args = append(args, "--utf8")
	}
	cmd := exec.Command("/usr/bin/python3", args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start the mail server (python3-aiosmtpd; make test-deps installs it): %v", err)
	}
	tb.Cleanup(func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			tb.Errorf("the mail server: %v", err)
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stdin.Close()
		tb.Fatalf("the mail server did not start (is python3-aiosmtpd installed? make test-deps installs it): %v", err)
	}
	s.Port = strings.TrimSpace(line)
	return s
}

// URL is the server's address as $CONVENE_SMTP gives it.
func (s *Server) URL(scheme, user string) string {
	if user != "" {
		user += "@"
	}
	return scheme + "://" + user + "127.0.0.1:" + s.Port
}

// Env is what points Convene at the server: $CONVENE_SMTP, and the test
// certificate as the one root to trust.
func (s *Server) Env(scheme, user string) []string {
	env := []string{"CONVENE_SMTP=" + s.URL(scheme, user)}
	if s.Cert != "" {
		env = append(env, "SSL_CERT_FILE="+s.Cert)
	}
	return env
}

// Received is a message the server took, with its envelope's recipients.
type Received struct {
	Path string
	Rcpt []string
}

// Received lists the messages the server has taken, in order.
func (s *Server) Received(tb testing.TB) []Received {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(s.Dir, "*.eml"))
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(paths)
	var list []Received
	for _, p := range paths {
		b, err := os.ReadFile(strings.TrimSuffix(p, ".eml") + ".rcpt")
		if err != nil {
			tb.Fatal(err)
		}
		list = append(list, Received{p, strings.Fields(string(b))})
	}
	return list
}

// certificate writes a self-signed certificate for 127.0.0.1 and its key
// to files of the test and returns them. A process makes one and gives it
// to every server it starts: Go reads $SSL_CERT_FILE once per process, so
// a second certificate would not be trusted by a test in the same one.
func certificate(tb testing.TB) (cert, key string) {
	tb.Helper()
	pems, err := testCertificate()
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(cert, pems[0], 0o600); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(key, pems[1], 0o600); err != nil {
		tb.Fatal(err)
	}
	return cert, key
}

// testCertificate is the process's certificate and key, in PEM.
var testCertificate = sync.OnceValues(func() ([2][]byte, error) {
	var none [2][]byte
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return none, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Convene test mail server"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		return none, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return none, err
	}
	return [2][]byte{pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})}, nil
})
