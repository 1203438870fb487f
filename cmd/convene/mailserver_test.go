package main

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// mailServer is Debian's aiosmtpd on a loopback port, started by the test
// (testdata/smtpd.py) and stopped when it ends, writing each message it
// takes to a folder.
type mailServer struct {
	dir  string
	port string
	// cert is the test certificate's file, for SSL_CERT_FILE: the one
	// root the binary then trusts.
	cert string
}

// serverOptions say how the server speaks: STARTTLS or TLS from the start
// with a certificate made for the test, a login it requires, addresses it
// refuses.
type serverOptions struct {
	starttls, tls  bool
	user, password string
	refuse         []string
}

func startMailServer(t testing.TB, o serverOptions) *mailServer {
	t.Helper()
	m := &mailServer{dir: t.TempDir()}
	args := []string{filepath.Join("testdata", "smtpd.py"), m.dir}
	if o.starttls || o.tls {
		var key string
		m.cert, key = testCertificate(t)
		flag := "--starttls"
		if o.tls {
			flag = "--tls"
		}
		args = append(args, flag, m.cert, key)
	}
	if o.user != "" {
		args = append(args, "--login", o.user, o.password)
	}
	for _, a := range o.refuse {
		args = append(args, "--refuse", a)
	}
	cmd := exec.Command("/usr/bin/python3", args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the mail server (python3-aiosmtpd; make test-deps installs it): %v", err)
	}
	t.Cleanup(func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("the mail server: %v", err)
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stdin.Close()
		t.Fatalf("the mail server did not start (is python3-aiosmtpd installed? make test-deps installs it): %v", err)
	}
	m.port = strings.TrimSpace(line)
	return m
}

// env is what points the binary at the server.
func (m *mailServer) env(scheme, user string) []string {
	at := ""
	if user != "" {
		at = user + "@"
	}
	env := []string{"CONVENE_SMTP=" + scheme + "://" + at + "127.0.0.1:" + m.port}
	if m.cert != "" {
		env = append(env, "SSL_CERT_FILE="+m.cert)
	}
	return env
}

// received are the messages the server has taken, in order, each with its
// envelope's recipients.
type received struct {
	path string
	rcpt []string
}

func (m *mailServer) received(t testing.TB) []received {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(m.dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	var list []received
	for _, p := range paths {
		b, err := os.ReadFile(strings.TrimSuffix(p, ".eml") + ".rcpt")
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, received{p, strings.Fields(string(b))})
	}
	return list
}

// testCertificate makes a self-signed certificate for 127.0.0.1 and
// returns the files of it and its key.
func testCertificate(t testing.TB) (cert, key string) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Convene test mail server"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return cert, key
}

// letter is what a mail client shows of a message, read with Python's
// email package and python3-icalendar (storage/imip/testdata/read_message.py).
type letter struct {
	From        string   `json:"from"`
	To          []string `json:"to"`
	Cc          *string  `json:"cc"`
	Subject     string   `json:"subject"`
	Text        string   `json:"text"`
	MethodParam string   `json:"method_param"`
	Calendar    *struct {
		Method string      `json:"method"`
		Text   string      `json:"text"`
		Events []itipEvent `json:"events"`
	} `json:"calendar"`
	// ICalJS is the calendar part as Thunderbird's parser reads it.
	ICalJS struct {
		Method string      `json:"method"`
		Events []itipEvent `json:"events"`
	}
}

type itipEvent struct {
	UID       string `json:"uid"`
	Sequence  int    `json:"sequence"`
	Summary   string `json:"summary"`
	Status    string `json:"status"`
	Organizer string `json:"organizer"`
	Attendees []struct {
		Email    string  `json:"email"`
		Partstat *string `json:"partstat"`
		RSVP     *string `json:"rsvp"`
	} `json:"attendees"`
}

// readLetters reads messages as a mail client would, and their calendar
// parts as Thunderbird would (ical.js, from storage/ical's test folder,
// where npm installs it): each reader once for all of them.
func readLetters(t *testing.T, paths []string) []letter {
	t.Helper()
	var letters []letter
	runJSON(t, &letters, exec.Command("/usr/bin/python3", append([]string{filepath.Join("..", "..", "storage", "imip", "testdata", "read_message.py")}, paths...)...))
	cals := make([]string, len(paths))
	for i, l := range letters {
		if l.Calendar == nil {
			t.Fatalf("%s has no calendar part", paths[i])
		}
		cals[i] = paths[i] + ".calendar.ics"
	}
	js := filepath.Join("..", "..", "storage", "ical", "testdata", "js")
	if _, err := os.Stat(filepath.Join(js, "node_modules", "ical.js")); err != nil {
		npm := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		npm.Dir = js
		if out, err := npm.CombinedOutput(); err != nil {
			t.Fatalf("install ical.js with npm ci in %s: %v\n%s", js, err, out)
		}
	}
	var views []struct {
		Method string      `json:"method"`
		Events []itipEvent `json:"events"`
	}
	runJSON(t, &views, exec.Command("node", append([]string{filepath.Join(js, "itip.mjs")}, cals...)...))
	for i := range letters {
		letters[i].ICalJS.Method, letters[i].ICalJS.Events = views[i].Method, views[i].Events
	}
	return letters
}

func runJSON(t *testing.T, v any, cmd *exec.Cmd) {
	t.Helper()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, stderr.String())
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("%s printed what is not JSON: %v\n%s", cmd, err, out)
	}
}
