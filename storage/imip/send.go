package imip

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/idna"

	"github.com/convene-planner/convene/storage/credentials"
)

// Server is the SMTP server invitations go through, as a URL names it:
// smtp://user@host:587 speaks STARTTLS (and must, to send a password),
// smtps://user@host:465 TLS from the first byte.
type Server struct {
	Addr     string // host:port
	User     string // empty: the server takes mail without logging in
	Implicit bool   // smtps: TLS from the start
}

// ParseServer reads an SMTP server's URL.
func ParseServer(raw string) (Server, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return Server{}, fmt.Errorf("%q is not an SMTP server's address such as smtp://user@host:587", credentials.Redact(raw))
	}
	var srv Server
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		if port == "" {
			port = "587"
		}
	case "smtps":
		srv.Implicit = true
		if port == "" {
			port = "465"
		}
	default:
		return Server{}, fmt.Errorf("%q: the address must start with smtp:// (STARTTLS) or smtps:// (TLS)", credentials.Redact(raw))
	}
	if _, set := u.User.Password(); set {
		return Server{}, fmt.Errorf("the SMTP address holds a password; give it in $CONVENE_PASSWORD or ~/.netrc instead, where it is not shown with the address")
	}
	// A user name never holds ';': that is a password after a mistyped
	// ':', to be refused as one, and not shown with the user's name.
	if strings.Contains(u.User.Username(), ";") {
		return Server{}, fmt.Errorf("the user in the SMTP address holds a ';' (a password after it, where ':' was meant?); give the password in $CONVENE_PASSWORD or ~/.netrc instead, and the user alone in the address")
	}
	srv.Addr = net.JoinHostPort(u.Hostname(), port)
	srv.User = u.User.Username()
	return srv, nil
}

// Host is the server's name without its port.
func (srv Server) Host() string {
	host, _, _ := net.SplitHostPort(srv.Addr)
	return host
}

// Conn is an open SMTP session that sends one message after another.
type Conn struct {
	conn   net.Conn
	client *smtp.Client
}

// timeout bounds each exchange with the server, so a server that stops
// answering is reported rather than waited on for ever.
const timeout = time.Minute

// Dial connects to the server, starts TLS as its URL says, and logs in with
// the password when the URL names a user. A password never goes over a
// connection without TLS.
func Dial(ctx context.Context, srv Server, password string) (*Conn, error) {
	d := net.Dialer{Timeout: timeout}
	var (
		conn net.Conn
		err  error
	)
	cfg := &tls.Config{ServerName: srv.Host()}
	if srv.Implicit {
		conn, err = (&tls.Dialer{NetDialer: &d, Config: cfg}).DialContext(ctx, "tcp", srv.Addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", srv.Addr)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to the mail server %s: %w", srv.Addr, err)
	}
	conn.SetDeadline(time.Now().Add(timeout))
	c, err := smtp.NewClient(conn, srv.Host())
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("connect to the mail server %s: %w", srv.Addr, err)
	}
	fail := func(what string, err error) (*Conn, error) {
		c.Close()
		return nil, fmt.Errorf("%s with the mail server %s: %w", what, srv.Addr, err)
	}
	if !srv.Implicit {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(cfg); err != nil {
				return fail("start TLS", err)
			}
		} else if srv.User != "" {
			return fail("log in", errors.New("the server does not offer STARTTLS, and the password is not sent unencrypted"))
		}
	}
	if srv.User != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fail("log in", errors.New("the server does not offer to log in (AUTH)"))
		}
		if err := c.Auth(smtp.PlainAuth("", srv.User, password, srv.Host())); err != nil {
			return fail("log in as "+srv.User, err)
		}
	}
	return &Conn{conn: conn, client: c}, nil
}

// RefusedError is a message the server would not take for its recipient;
// the connection stays usable for the next.
type RefusedError struct {
	To  string
	Err error
	// Unsendable says Convene did not offer it: the address cannot go
	// through this server at all.
	Unsendable bool
}

func (e *RefusedError) Error() string {
	if e.Unsendable {
		return fmt.Sprintf("%s: %v", e.To, e.Err)
	}
	return fmt.Sprintf("%s: the mail server refused it: %v", e.To, e.Err)
}

func (e *RefusedError) Unwrap() error { return e.Err }

// Send sends one message from the envelope sender to one recipient. A
// refusal the server gives for this message alone (a 5xx reply) is a
// RefusedError; any other error means the connection is lost.
func (c *Conn) Send(from, to string, msg []byte) error {
	c.conn.SetDeadline(time.Now().Add(timeout))
	envelopeFrom, err := c.envelope(from)
	if err != nil {
		return fmt.Errorf("send as %s: %w", from, err)
	}
	envelopeTo, err := c.envelope(to)
	if err != nil {
		return &RefusedError{To: to, Err: err, Unsendable: true}
	}
	err = c.send(envelopeFrom, envelopeTo, msg)
	var reply *textproto.Error
	if errors.As(err, &reply) && reply.Code >= 500 {
		if rerr := c.client.Reset(); rerr != nil {
			return fmt.Errorf("send to %s: %w", to, rerr)
		}
		return &RefusedError{To: to, Err: err}
	}
	if err != nil {
		return fmt.Errorf("send to %s: %w", to, err)
	}
	return nil
}

// envelope is an address as the server can take it. A domain in letters
// beyond ASCII (müller.de) goes as the ASCII name DNS knows it by
// (xn--mller-kva.de), which every server takes; a name before the @ in
// such letters can go only to a server that says it takes them
// (SMTPUTF8, RFC 6531), else the address cannot be written to at all.
func (c *Conn) envelope(address string) (string, error) {
	if isASCII(address) {
		return address, nil
	}
	at := strings.LastIndexByte(address, '@')
	if at < 0 {
		return "", errors.New("it is not an email address")
	}
	local, domain := address[:at], address[at+1:]
	if !isASCII(local) {
		if ok, _ := c.client.Extension("SMTPUTF8"); !ok {
			return "", errors.New("the part before @ has letters beyond ASCII, and this mail server does not take such addresses (it does not offer SMTPUTF8); send it another way")
		}
		return address, nil
	}
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil {
		return "", fmt.Errorf("its domain %q is not a valid international domain name", domain)
	}
	return local + "@" + ascii, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func (c *Conn) send(from, to string, msg []byte) error {
	if err := c.client.Mail(from); err != nil {
		return err
	}
	if err := c.client.Rcpt(to); err != nil {
		return err
	}
	w, err := c.client.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// Close says goodbye to the server, and closes the connection whether or
// not it answers.
func (c *Conn) Close() error {
	c.conn.SetDeadline(time.Now().Add(timeout))
	err := c.client.Quit()
	if err != nil {
		c.client.Close()
	}
	return err
}
