package caldav

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/credentials"
	"github.com/convene-planner/convene/storage/ical"
)

// Selection narrows a publish to one forum's or one person's sessions;
// its zero value publishes every session with times. Sessions published
// before and outside the selection are removed from the collection.
type Selection struct {
	ForumID, PersonID int64
}

// Options say how to publish.
type Options struct {
	Credentials credentials.Login
	// Name is the calendar's name when the collection has to be created.
	Name string
	// WithContacts adds emails (ATTENDEE lines) to the events.
	WithContacts bool
	// Progress, when set, is called as requests are answered with how many
	// of how many are done.
	Progress func(done, total int)
}

// Result says what a publish did.
type Result struct {
	Added, Updated, Removed, Unchanged int
	// Conflicts name each session left as it is because the server's copy
	// changed since the last publish, by someone else.
	Conflicts []string
}

func (r Result) String() string {
	return fmt.Sprintf("published: %d added, %d updated, %d removed, %d unchanged", r.Added, r.Updated, r.Removed, r.Unchanged)
}

// workers is how many requests are in flight at once: enough to keep a
// server busy while the next request is prepared, few enough not to swamp
// a small one.
const workers = 4

// recordEvery is how many answers are recorded in the plan at a time, so a
// publish cut off loses at most that many and the next run finishes it.
const recordEvery = 500

// change is one request a publish makes, and what came of it.
type change struct {
	uid, name, title string
	body             []byte
	digest           string
	etag             string // what the server holds: If-Match; empty: If-None-Match
	remove           bool
	added            bool
	newETag          string
	err              error
}

// Publish brings the collection at target in step with the selected
// sessions. A publish cut off half-way is finished by the next: what was
// sent is recorded in the plan before it is sent, and the answers as they
// come.
func Publish(ctx context.Context, store *storage.Store, u *url.URL, sel Selection, opts Options) (Result, error) {
	var res Result
	key := u.String()
	var (
		forums   []model.Forum
		people   []model.Person
		sessions []model.Session
		sent     map[string]storage.Published
	)
	err := store.View(ctx, func(tx *storage.Tx) error {
		var err error
		if forums, err = tx.Forums(ctx); err != nil {
			return err
		}
		if people, err = tx.Names(ctx); err != nil {
			return err
		}
		if sel.PersonID != 0 {
			sessions, err = tx.SessionsOf(ctx, sel.PersonID)
		} else {
			sessions, err = tx.Sessions(ctx, storage.SessionFilter{ForumID: sel.ForumID})
		}
		if err != nil {
			return err
		}
		sent, err = tx.PublishedTo(ctx, key)
		return err
	})
	if err != nil {
		return res, err
	}

	c := newClient(u, opts.Credentials)
	listed, found, err := c.list(ctx)
	if err != nil {
		return res, err
	}
	if !found {
		if err := c.makeCalendar(ctx, opts.Name); err != nil {
			return res, err
		}
		listed.etags = map[string]string{}
	} else if !listed.calendar {
		return res, fmt.Errorf("%s is not a calendar collection", u.Redacted())
	}

	resources := ical.NewResources(forums, people, ical.Options{WithContacts: opts.WithContacts})
	var (
		changes []*change
		wanted  = map[string]bool{}
		buf     bytes.Buffer
	)
	for i := range sessions {
		s := &sessions[i]
		if !s.Scheduled() || (sel.ForumID != 0 && s.ForumID != sel.ForumID) || (sel.PersonID != 0 && !takesPart(s, sel.PersonID)) {
			continue
		}
		wanted[s.UID] = true
		buf.Reset()
		if err := resources.Write(&buf, s); err != nil {
			return res, err
		}
		body := bytes.Clone(buf.Bytes())
		digest := digestOf(body)
		name := ResourceName(s.UID)
		rec, recorded := sent[s.UID]
		etag, onServer := listed.etags[name]
		switch {
		case !onServer:
			changes = append(changes, &change{uid: s.UID, name: name, title: s.Title, body: body, digest: digest, added: true})
		case recorded && rec.ETag == "" && rec.Digest == digest:
			// Sent by a publish cut off before it heard the answer: the
			// server holds it, and it has not changed since.
			res.Unchanged++
			changes = append(changes, &change{uid: s.UID, name: name, digest: digest, newETag: etag, body: nil})
		case recorded && (rec.ETag == "" || rec.ETag == etag):
			if rec.Digest == digest && rec.ETag == etag {
				res.Unchanged++
				continue
			}
			changes = append(changes, &change{uid: s.UID, name: name, title: s.Title, body: body, digest: digest, etag: etag})
		case recorded:
			res.Conflicts = append(res.Conflicts, fmt.Sprintf("%q (%s) was changed on the server since the last publish; left as it is there", s.Title, s.UID))
		default:
			res.Conflicts = append(res.Conflicts, fmt.Sprintf("%q (%s) is on the server but was not published from this plan; left as it is there", s.Title, s.UID))
		}
	}
	for uid, rec := range sent {
		if wanted[uid] {
			continue
		}
		etag, onServer := listed.etags[ResourceName(uid)]
		switch {
		case !onServer:
			changes = append(changes, &change{uid: uid, remove: true, newETag: "gone"})
		case rec.ETag == "" || rec.ETag == etag:
			changes = append(changes, &change{uid: uid, name: ResourceName(uid), title: uid, etag: etag, remove: true})
		default:
			res.Conflicts = append(res.Conflicts, fmt.Sprintf("%s, no longer published, was changed on the server since the last publish; left as it is there", uid))
		}
	}
	slices.SortFunc(changes, func(a, b *change) int { return strings.Compare(a.uid, b.uid) })

	// What is about to be sent is recorded first, without an ETag: a run
	// cut off after sending finds it so and finishes it.
	err = store.Update(ctx, func(tx *storage.Tx) error {
		for _, ch := range changes {
			if ch.body != nil && !ch.remove {
				if err := tx.SetPublished(ctx, key, ch.uid, storage.Published{Digest: ch.digest}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	err = send(ctx, c, store, key, changes, &res, opts.Progress)
	slices.Sort(res.Conflicts)
	return res, err
}

// send makes the requests, a few at a time, and records each answer.
func send(ctx context.Context, c *client, store *storage.Store, key string, changes []*change, res *Result, progress func(int, int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan *change)
	done := make(chan *change)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ch := range todo {
				switch {
				case ch.body == nil && !ch.remove, ch.remove && ch.newETag == "gone":
					// Nothing to send: only to record.
				case ch.remove:
					ch.err = c.remove(ctx, ch.name, ch.etag)
				default:
					ch.newETag, ch.err = c.put(ctx, ch.name, ch.body, ch.etag)
				}
				done <- ch
			}
		}()
	}
	go func() {
		defer close(todo)
		for _, ch := range changes {
			select {
			case todo <- ch:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(done)
	}()

	var (
		batch    []*change
		firstErr error
		n        int
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := store.Update(context.WithoutCancel(ctx), func(tx *storage.Tx) error {
			for _, ch := range batch {
				var err error
				if ch.remove {
					err = tx.Unpublished(ctx, key, ch.uid)
				} else {
					err = tx.SetPublished(ctx, key, ch.uid, storage.Published{Digest: ch.digest, ETag: ch.newETag})
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		batch = batch[:0]
		return err
	}
	for ch := range done {
		n++
		if progress != nil {
			progress(n, len(changes))
		}
		switch {
		case errors.Is(ch.err, errChanged):
			res.Conflicts = append(res.Conflicts, fmt.Sprintf("%q (%s) changed on the server while publishing; left as it is there", ch.title, ch.uid))
			continue
		case ch.err != nil:
			if firstErr == nil {
				firstErr = ch.err
				cancel()
			}
			continue
		case ch.remove:
			if ch.newETag != "gone" {
				res.Removed++
			}
		case ch.body == nil:
		case ch.added:
			res.Added++
		default:
			res.Updated++
		}
		batch = append(batch, ch)
		if len(batch) >= recordEvery {
			if err := flush(); err != nil && firstErr == nil {
				firstErr = err
				cancel()
			}
		}
	}
	if err := flush(); err != nil && firstErr == nil {
		firstErr = err
	}
	return firstErr
}

// takesPart reports whether the person has a part in the session that they
// have not declined: a session they declined leaves their calendar.
func takesPart(s *model.Session, personID int64) bool {
	for _, pt := range s.Participants {
		if pt.PersonID == personID && pt.Status != model.Declined {
			return true
		}
	}
	return false
}

// digestOf identifies a resource by what it says, apart from its DTSTAMP,
// which changes with every publish.
func digestOf(body []byte) string {
	h := sha256.New()
	for line := range bytes.Lines(body) {
		if !bytes.HasPrefix(line, []byte("DTSTAMP:")) {
			h.Write(line)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// ResourceName is the name of a session's resource in a collection: its
// UID where that is safe in an address, else a digest of it.
func ResourceName(uid string) string {
	safe := uid != "" && uid[0] != '.' && len(uid) <= 200
	for _, r := range uid {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == '@') {
			safe = false
			break
		}
	}
	if safe {
		return uid + ".ics"
	}
	sum := sha256.Sum256([]byte(uid))
	return "uid-" + hex.EncodeToString(sum[:16]) + ".ics"
}
