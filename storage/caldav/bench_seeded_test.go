package caldav

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/caldav/radicaletest"
	"github.com/convene-planner/convene/storage/credentials"
	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/plangen"
)

// BenchmarkRepublishOneChange20000Seeded times the republish of the plan of
// 20,000 sessions after one session changed: the look-up (one
// sync-collection report from the plan's token) and one PUT. Radicale
// cannot take a first publish of that size one resource at a time in
// reasonable time (see bench_test.go), so the setup leaves the server and
// the plan as publishing would: every session's resource uploaded to
// Radicale in one request (its own way of importing a whole calendar), and
// the plan's record of what was sent, with the ETags and the sync-token of
// one listing of the collection.
func BenchmarkRepublishOneChange20000Seeded(b *testing.B) {
	ctx := context.Background()
	store := plangen.OpenCopy(b, 20000)
	srv := radicaletest.Start(b)
	u, _, err := Collection(srv.Calendar("plan"), false)
	if err != nil {
		b.Fatal(err)
	}
	creds := credentials.Login{User: srv.User, Password: srv.Password}
	seed(b, store, u.String(), creds)

	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		plangen.Rename(b, store, i)
		b.StartTimer()
		res, err := Publish(ctx, store, u, Selection{}, Options{Credentials: creds})
		if err != nil || res.Updated != 1 || res.Added+res.Removed != 0 || len(res.Conflicts) > 0 {
			b.Fatalf("republish after one change: %s %v, %v", res, res.Conflicts, err)
		}
	}
}

// seed uploads every session with times to the collection in one request
// and records them in the plan as Publish would have, with the token of the
// collection so filled.
func seed(b *testing.B, store *storage.Store, collection string, creds credentials.Login) {
	ctx := context.Background()
	var p *model.Plan
	err := store.View(ctx, func(tx *storage.Tx) (err error) {
		p, err = tx.Plan(ctx)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	resources := ical.NewResources(p.Forums, p.People, ical.Options{})
	var (
		whole   bytes.Buffer
		digests = map[string]string{}
		zones   = map[string]bool{}
		buf     bytes.Buffer
	)
	whole.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:" + ical.ProductID + "\r\n")
	for i := range p.Sessions {
		s := &p.Sessions[i]
		if !s.Scheduled() {
			continue
		}
		buf.Reset()
		if err := resources.Write(&buf, s); err != nil {
			b.Fatal(err)
		}
		digests[s.UID] = digestOf(buf.Bytes())
		text := buf.String()
		// One VTIMEZONE per zone, then the event itself.
		tz := text[strings.Index(text, "BEGIN:VTIMEZONE"):strings.Index(text, "BEGIN:VEVENT")]
		if id := tz[:strings.Index(tz, "BEGIN:STANDARD")]; !zones[id] {
			zones[id] = true
			whole.WriteString(tz)
		}
		whole.WriteString(text[strings.Index(text, "BEGIN:VEVENT"):strings.Index(text, "END:VCALENDAR")])
	}
	whole.WriteString("END:VCALENDAR\r\n")
	req, _ := http.NewRequest(http.MethodPut, collection, &whole)
	req.SetBasicAuth(creds.User, creds.Password)
	req.Header.Set("Content-Type", "text/calendar")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		b.Fatalf("seed the calendar: %s %s", resp.Status, msg)
	}
	// The ETags and the token as a publish learns them from a server that
	// keeps tokens and has forgotten the plan's: a sync report from none.
	u, _, _ := Collection(collection, false)
	l, err := newClient(u, creds).changes(ctx, "")
	if err != nil || len(l.etags) != len(digests) {
		b.Fatalf("seeded calendar: %d resources of %d, %v", len(l.etags), len(digests), err)
	}
	if l.token == "" {
		b.Fatal("Radicale gave no sync-token")
	}
	err = store.Update(ctx, func(tx *storage.Tx) error {
		if err := tx.SetSyncToken(ctx, collection, l.token); err != nil {
			return err
		}
		for uid, digest := range digests {
			if err := tx.SetPublished(ctx, collection, uid, storage.Published{Digest: digest, ETag: l.etags[ResourceName(uid)]}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
