package caldav

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/convene-planner/convene/storage/credentials"
)

// ErrServer is what every failure to talk to the server wraps: it refused
// the credentials or the request, had no room, did not answer in time, or
// could not be reached.
var ErrServer = errors.New("the calendar server")

// ErrLogin is what a server's 401 wraps, beside ErrServer: where the user
// name and password come from is the caller's to say.
var ErrLogin = errors.New("does not accept the user name and password")

// client talks to one calendar collection.
type client struct {
	http       *http.Client
	collection *url.URL // with a trailing slash, without user or password
	creds      credentials.Login
}

// requestTimeout bounds each request, so a server that stops answering is
// reported rather than waited for without end. It is generous: Radicale
// takes over a minute to list a calendar of 20,000 events the first time.
const requestTimeout = 5 * time.Minute

// Collection checks a target address and returns it as the collection to
// publish to, with a trailing slash, the user it names (if any) taken out.
// Only http and https are accepted; plain http only to this machine unless
// insecure, since the password and the plan would cross the network
// readable by anyone on the way. A password in the address is refused: it
// would end up in shell histories and logs.
func Collection(target string, insecure bool) (u *url.URL, user string, err error) {
	u, err = url.Parse(target)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, "", fmt.Errorf("%q is not a calendar address starting with https://", redact(target))
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			return nil, "", fmt.Errorf("the address %s holds a password: give it in $CONVENE_PASSWORD or ~/.netrc instead", redact(target))
		}
		user = u.User.Username()
		u.User = nil
	}
	if u.Scheme == "http" && !insecure && !loopback(u.Hostname()) {
		return nil, "", fmt.Errorf("%s is plain http to another machine: the password and the plan would travel unencrypted; use https://, or --insecure if you must", u.Redacted())
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment, u.RawPath = "", "", ""
	return u, user, nil
}

// redact blanks whatever could be a password in an address that may not
// even parse.
func redact(target string) string {
	if u, err := url.Parse(target); err == nil {
		return u.Redacted()
	}
	if i := strings.LastIndex(target, "@"); i >= 0 {
		if j := strings.Index(target, "://"); j >= 0 && j < i {
			return target[:j+3] + "…" + target[i:]
		}
	}
	return target
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func newClient(collection *url.URL, creds credentials.Login) *client {
	return &client{
		http:       &http.Client{Timeout: requestTimeout},
		collection: collection,
		creds:      creds,
	}
}

// resource is the address of a resource in the collection.
func (c *client) resource(name string) string {
	u := *c.collection
	u.Path += name
	return u.String()
}

// do sends one request and returns the response with its body read. A
// status the caller does not expect becomes a plain message; the password
// is never part of one.
func (c *client) do(ctx context.Context, method, target string, header http.Header, body []byte) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s %s: %v", ErrServer, method, target, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if c.creds.User != "" || c.creds.Password != "" {
		req.SetBasicAuth(c.creds.User, c.creds.Password)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() {
			return nil, nil, fmt.Errorf("%w at %s did not answer within %s", ErrServer, c.collection.Host, requestTimeout)
		}
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, nil, fmt.Errorf("%w at %s cannot be reached: %v", ErrServer, c.collection.Host, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, nil, fmt.Errorf("%w at %s: %s %s: %v", ErrServer, c.collection.Host, method, target, err)
	}
	return resp, data, nil
}

// refused turns a status no request expects into a message for a person.
func (c *client) refused(method, target string, resp *http.Response) error {
	why := ""
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		return fmt.Errorf("%w at %s %w (%s %s)", ErrServer, c.collection.Host, ErrLogin, method, target)
	case http.StatusForbidden:
		why = "does not let this user write there"
	case http.StatusInsufficientStorage:
		why = "has no room left for the calendar"
	case http.StatusNotFound, http.StatusConflict:
		why = "has no such place (is the address right?)"
	default:
		why = "refused it: " + resp.Status
	}
	return fmt.Errorf("%w at %s %s (%s %s)", ErrServer, c.collection.Host, why, method, target)
}

// listing is what the server tells of the collection: each resource's
// ETag by name (empty for a resource gone since the token asked from),
// whether the collection is a calendar, and the sync-token (RFC 6578) for
// the state described, when the server keeps them.
type listing struct {
	etags    map[string]string
	calendar bool
	token    string
}

type multistatus struct {
	Responses []struct {
		Href      string `xml:"DAV: href"`
		Status    string `xml:"DAV: status"`
		Propstats []struct {
			Status string `xml:"DAV: status"`
			Prop   struct {
				ETag         string `xml:"DAV: getetag"`
				SyncToken    string `xml:"DAV: sync-token"`
				CalendarData string `xml:"urn:ietf:params:xml:ns:caldav calendar-data"`
				ResourceType struct {
					Collection *struct{} `xml:"DAV: collection"`
					Calendar   *struct{} `xml:"urn:ietf:params:xml:ns:caldav calendar"`
				} `xml:"DAV: resourcetype"`
			} `xml:"DAV: prop"`
		} `xml:"DAV: propstat"`
	} `xml:"DAV: response"`
	SyncToken string `xml:"DAV: sync-token"`
}

// member is what one response of a multistatus says of one resource.
type member struct {
	name       string // in the collection; "" for the collection itself
	gone       bool   // a sync report's 404: removed since the token
	truncated  bool   // a sync report's 507 on the collection: ask again
	etag, data string
	calendar   bool
	collection bool
	token      string
}

// members reads a multistatus answer to method, skipping what is not in
// the collection.
func (c *client) members(method string, body []byte) ([]member, string, error) {
	var ms multistatus
	if err := xml.Unmarshal(body, &ms); err != nil {
		return nil, "", fmt.Errorf("%w at %s answered %s with what is not WebDAV: %v", ErrServer, c.collection.Host, method, err)
	}
	var out []member
	for _, r := range ms.Responses {
		p, err := url.PathUnescape(r.Href)
		if err != nil {
			continue
		}
		if u, err := url.Parse(p); err == nil && u.Path != "" {
			p = u.Path
		}
		var m member
		dir := strings.TrimSuffix(c.collection.Path, "/")
		switch {
		case strings.TrimSuffix(p, "/") == dir:
		case path.Dir(strings.TrimSuffix(p, "/")) == dir:
			m.name = path.Base(p)
		default:
			continue
		}
		m.gone = strings.Contains(r.Status, " 404 ")
		m.truncated = m.name == "" && strings.Contains(r.Status, " 507 ")
		for _, ps := range r.Propstats {
			if !strings.Contains(ps.Status, " 200 ") {
				continue
			}
			m.etag = cmp.Or(m.etag, ps.Prop.ETag)
			m.data = cmp.Or(m.data, ps.Prop.CalendarData)
			m.token = cmp.Or(m.token, ps.Prop.SyncToken)
			m.calendar = m.calendar || ps.Prop.ResourceType.Calendar != nil
			m.collection = m.collection || ps.Prop.ResourceType.Collection != nil
		}
		out = append(out, m)
	}
	return out, strings.TrimSpace(ms.SyncToken), nil
}

// propfindBody asks for the sync-token too: a server that keeps them gives
// the token of the very state it lists, so the next publish can ask only
// for what changed since.
const propfindBody = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getetag/><d:sync-token/></d:prop></d:propfind>`

// list reads the collection's resources and their ETags with one depth-1
// PROPFIND; found is false when there is no collection there.
func (c *client) list(ctx context.Context) (l listing, found bool, err error) {
	target := c.collection.String()
	resp, body, err := c.do(ctx, "PROPFIND", target, http.Header{
		"Depth":        {"1"},
		"Content-Type": {"application/xml; charset=utf-8"},
	}, []byte(propfindBody))
	if err != nil {
		return l, false, err
	}
	switch resp.StatusCode {
	case http.StatusMultiStatus:
	case http.StatusNotFound:
		return l, false, nil
	default:
		return l, false, c.refused("PROPFIND", target, resp)
	}
	ms, _, err := c.members("PROPFIND", body)
	if err != nil {
		return l, false, err
	}
	l.etags = map[string]string{}
	for _, m := range ms {
		switch {
		case m.name == "":
			l.calendar = l.calendar || m.calendar
			l.token = cmp.Or(l.token, m.token)
		case !m.collection && m.etag != "":
			l.etags[m.name] = m.etag
		}
	}
	return l, true, nil
}

// errNoSync means the server will not say what changed since the token:
// it keeps no tokens, no longer knows this one (RFC 6578 §3.2's
// valid-sync-token), or the collection is not there any more. A whole
// listing is the way on.
var errNoSync = errors.New("no changes since the token")

// changes asks the collection for what changed since the token with a
// sync-collection report (RFC 6578): the ETag of each resource added or
// changed since, an empty one for each removed, and the token of the
// state now. A server that cuts its answer short (507 on the collection)
// is asked again from where it stopped.
func (c *client) changes(ctx context.Context, token string) (listing, error) {
	l := listing{etags: map[string]string{}, calendar: true}
	target := c.collection.String()
	for {
		var escaped bytes.Buffer
		xml.EscapeText(&escaped, []byte(token))
		body := `<?xml version="1.0" encoding="utf-8"?>
<d:sync-collection xmlns:d="DAV:"><d:sync-token>` + escaped.String() + `</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`
		resp, answer, err := c.do(ctx, "REPORT", target, http.Header{
			"Depth":        {"0"},
			"Content-Type": {"application/xml; charset=utf-8"},
		}, []byte(body))
		if err != nil {
			return l, err
		}
		switch resp.StatusCode {
		case http.StatusMultiStatus:
		case http.StatusUnauthorized, http.StatusInsufficientStorage:
			return l, c.refused("REPORT", target, resp)
		default:
			if resp.StatusCode >= 400 && resp.StatusCode < 500 || resp.StatusCode == http.StatusNotImplemented {
				return l, errNoSync
			}
			return l, c.refused("REPORT", target, resp)
		}
		ms, next, err := c.members("REPORT", answer)
		if err != nil {
			return l, err
		}
		if next == "" {
			return l, errNoSync
		}
		truncated := false
		for _, m := range ms {
			switch {
			case m.truncated:
				truncated = true
			case m.name == "" || m.collection:
			case m.gone:
				l.etags[m.name] = ""
			case m.etag != "":
				l.etags[m.name] = m.etag
			}
		}
		l.token = next
		if !truncated || next == token {
			return l, nil
		}
		token = next
	}
}

// fetchBatch is how many resources one calendar-multiget asks for.
const fetchBatch = 500

// fetched is a resource as the server holds it.
type fetched struct {
	etag string
	data []byte
}

// fetch reads resources with calendar-multiget reports (RFC 4791 §7.9), a
// batch at a time; a resource the server does not give is left out.
func (c *client) fetch(ctx context.Context, names []string) (map[string]fetched, error) {
	out := map[string]fetched{}
	target := c.collection.String()
	for batch := range slices.Chunk(names, fetchBatch) {
		var body strings.Builder
		body.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>`)
		for _, name := range batch {
			body.WriteString("<d:href>")
			xml.EscapeText(&body, []byte(c.collection.EscapedPath()+url.PathEscape(name)))
			body.WriteString("</d:href>")
		}
		body.WriteString(`</c:calendar-multiget>`)
		resp, answer, err := c.do(ctx, "REPORT", target, http.Header{
			"Content-Type": {"application/xml; charset=utf-8"},
		}, []byte(body.String()))
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusMultiStatus {
			return nil, c.refused("REPORT", target, resp)
		}
		ms, _, err := c.members("REPORT", answer)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if m.name != "" && !m.gone && m.data != "" {
				out[m.name] = fetched{etag: m.etag, data: []byte(m.data)}
			}
		}
	}
	return out, nil
}

// makeCalendar creates the collection as a calendar named name.
func (c *client) makeCalendar(ctx context.Context, name string) error {
	var escaped bytes.Buffer
	xml.EscapeText(&escaped, []byte(name))
	body := `<?xml version="1.0" encoding="utf-8"?>
<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop><d:displayname>` +
		escaped.String() + `</d:displayname></d:prop></d:set></c:mkcalendar>`
	target := c.collection.String()
	resp, _, err := c.do(ctx, "MKCALENDAR", target, http.Header{"Content-Type": {"application/xml; charset=utf-8"}}, []byte(body))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusCreated {
		return c.refused("MKCALENDAR", target, resp)
	}
	return nil
}

// errChanged means the resource is not what the request expected: someone
// changed, added or removed it on the server.
var errChanged = errors.New("changed on the server")

// put stores a calendar resource: replacing the version with the given
// ETag, or only if there is none when etag is empty. It returns the new
// ETag, empty when the server gives none.
func (c *client) put(ctx context.Context, name string, body []byte, etag string) (string, error) {
	h := http.Header{"Content-Type": {"text/calendar; charset=utf-8"}}
	if etag == "" {
		h.Set("If-None-Match", "*")
	} else {
		h.Set("If-Match", etag)
	}
	target := c.resource(name)
	resp, _, err := c.do(ctx, http.MethodPut, target, h, body)
	if err != nil {
		return "", err
	}
	switch resp.StatusCode {
	case http.StatusOK, http.StatusCreated, http.StatusNoContent:
		return resp.Header.Get("ETag"), nil
	case http.StatusPreconditionFailed:
		return "", errChanged
	}
	return "", c.refused("PUT", target, resp)
}

// remove deletes the resource if it still has the given ETag.
func (c *client) remove(ctx context.Context, name, etag string) error {
	target := c.resource(name)
	resp, _, err := c.do(ctx, http.MethodDelete, target, http.Header{"If-Match": {etag}}, nil)
	if err != nil {
		return err
	}
	switch resp.StatusCode {
	case http.StatusOK, http.StatusNoContent, http.StatusNotFound:
		return nil
	case http.StatusPreconditionFailed:
		return errChanged
	}
	return c.refused("DELETE", target, resp)
}
