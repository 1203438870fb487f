package caldav

import (
	"bytes"
	"cmp"
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
	// changed since the last publish, by someone else, or because the
	// server holds an event of its UID, not published from this plan, that
	// says something else.
	Conflicts []string
	// Notes say what the publish found and left alone or took over, none
	// of which stops it: events in the calendar this plan did not publish,
	// and events the same as the plan's that it now keeps in step.
	Notes []string
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
	// pending: the plan recorded it as about to be sent by a run cut off,
	// so whether the server has it is read from the server's copy.
	pending bool
	newETag string
	err     error
}

// Publish brings the collection at target in step with the selected
// sessions. A publish cut off half-way is finished by the next: what was
// sent is recorded in the plan before it is sent, and the answers as they
// come.
//
// The look-up asks the server only for what changed since the last
// complete publish (a sync-collection report with the token kept in the
// plan) where it can, and lists the whole collection where it cannot: the
// first time, after a publish cut off or that found conflicts, or when the
// server keeps no tokens or no longer knows this one.
func Publish(ctx context.Context, store *storage.Store, u *url.URL, sel Selection, opts Options) (Result, error) {
	var res Result
	key := u.String()
	var (
		sent  map[string]storage.Published
		token string
	)
	err := store.View(ctx, func(tx *storage.Tx) error {
		var err error
		if sent, err = tx.PublishedTo(ctx, key); err != nil {
			return err
		}
		token, err = tx.SyncToken(ctx, key)
		return err
	})
	if err != nil {
		return res, err
	}

	// The server is asked while the plan is read and written out: on a
	// calendar of thousands of events both take a good part of a second.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c := newClient(u, opts.Credentials)
	type answer struct {
		v   view
		err error
	}
	looked := make(chan answer, 1)
	go func() {
		v, err := lookUp(ctx, c, token, sent, opts.Name)
		looked <- answer{v, err}
	}()

	var (
		forums   []model.Forum
		people   []model.Person
		sessions []model.Session
	)
	err = store.View(ctx, func(tx *storage.Tx) error {
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
		return err
	})
	if err != nil {
		return res, err
	}
	// Each selected session's resource is written to know its digest; only
	// those to send are kept, written again with the same DTSTAMP.
	resources := ical.NewResources(forums, people, ical.Options{WithContacts: opts.WithContacts})
	var buf bytes.Buffer
	write := func(s *model.Session) ([]byte, error) {
		buf.Reset()
		if err := resources.Write(&buf, s); err != nil {
			return nil, err
		}
		return bytes.Clone(buf.Bytes()), nil
	}
	type selected struct {
		s            *model.Session
		name, digest string
	}
	var chosen []selected
	for i := range sessions {
		s := &sessions[i]
		if !s.Scheduled() || (sel.ForumID != 0 && s.ForumID != sel.ForumID) || (sel.PersonID != 0 && !takesPart(s, sel.PersonID)) {
			continue
		}
		buf.Reset()
		if err := resources.Write(&buf, s); err != nil {
			return res, err
		}
		chosen = append(chosen, selected{s: s, name: ResourceName(s.UID), digest: digestOf(buf.Bytes())})
	}
	a := <-looked
	if a.err != nil {
		return res, a.err
	}
	server := a.v

	var (
		changes []*change
		unknown []*change // ours by UID, but not in the plan's record
		wanted  = map[string]bool{}
	)
	for _, x := range chosen {
		s, name, digest := x.s, x.name, x.digest
		wanted[name] = true
		rec, recorded := sent[s.UID]
		etag, onServer := server.etags[name]
		var ch *change
		switch {
		case !onServer:
			ch = &change{uid: s.UID, name: name, title: s.Title, digest: digest, added: true}
			changes = append(changes, ch)
		case !recorded:
			ch = &change{uid: s.UID, name: name, title: s.Title, digest: digest, etag: etag}
			unknown = append(unknown, ch)
		case rec.ETag == "" && rec.Digest == digest:
			// About to be sent by a publish cut off: whether it was sent
			// before the cut, the server's copy says (compare).
			ch = &change{uid: s.UID, name: name, title: s.Title, digest: digest, etag: etag, pending: true}
			unknown = append(unknown, ch)
		case rec.ETag == "" || rec.ETag == etag:
			if rec.Digest == digest && rec.ETag == etag {
				res.Unchanged++
				continue
			}
			ch = &change{uid: s.UID, name: name, title: s.Title, digest: digest, etag: etag}
			changes = append(changes, ch)
		default:
			res.Conflicts = append(res.Conflicts, fmt.Sprintf("%q (%s) was changed on the server since the last publish; left as it is there", s.Title, s.UID))
		}
		if ch != nil {
			if ch.body, err = write(s); err != nil {
				return res, err
			}
		}
	}
	ours := map[string]bool{}
	for uid, rec := range sent {
		name := ResourceName(uid)
		ours[name] = true
		if wanted[name] {
			continue
		}
		etag, onServer := server.etags[name]
		switch {
		case !onServer:
			changes = append(changes, &change{uid: uid, remove: true, newETag: "gone"})
		case rec.ETag == "" || rec.ETag == etag:
			changes = append(changes, &change{uid: uid, name: name, title: uid, etag: etag, remove: true})
		default:
			res.Conflicts = append(res.Conflicts, fmt.Sprintf("%s, no longer published, was changed on the server since the last publish; left as it is there", uid))
		}
	}
	var others []string
	for _, name := range server.seen {
		if !ours[name] && !wanted[name] {
			others = append(others, name)
		}
	}
	if len(others) > 0 {
		res.Notes = append(res.Notes, othersNote(others))
	}
	if len(unknown) > 0 {
		compared, err := compare(ctx, c, unknown, &res)
		if err != nil {
			return res, err
		}
		changes = append(changes, compared...)
	}
	slices.SortFunc(changes, func(a, b *change) int { return strings.Compare(a.uid, b.uid) })

	// What is about to be sent is recorded first, without an ETag: a run
	// cut off after sending finds it so and finishes it, and the run after
	// one cut off lists the whole collection rather than trust a record
	// half written (see lookUp).
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
	if err != nil {
		return res, err
	}
	// A token is kept only where it lets the next run see every conflict
	// again: the new one when there is none; the old one, whose changes
	// include each conflict, when this run asked from it; else none, so the
	// next run lists the whole collection.
	next := server.token
	if len(res.Conflicts) > 0 {
		next = ""
		if server.synced {
			next = token
		}
	}
	return res, store.Update(ctx, func(tx *storage.Tx) error { return tx.SetSyncToken(ctx, key, next) })
}

// view is what a publish knows of the collection before it sends anything.
type view struct {
	// etags is what the server holds, by resource name.
	etags map[string]string
	// seen names the resources the look-up was told of: all of them from
	// a listing, those changed since the token from a sync report.
	seen []string
	// token is the server's sync-token for the state seen, if it keeps them.
	token string
	// synced is true when the server answered for changes since the
	// plan's token.
	synced bool
}

// lookUp learns what the collection holds, creating it when it is missing.
// With a token and every resource's ETag recorded, it asks only for what
// changed since the token and takes the rest from the plan's record. Else,
// or when the server no longer knows the token, it asks for the whole
// collection: from a server known to keep tokens, with a sync report from
// no token (RFC 6578 §3.4), which costs Radicale far less than a listing
// (see the README's figures); from any other, or when that fails too, with
// a depth-1 PROPFIND.
func lookUp(ctx context.Context, c *client, token string, sent map[string]storage.Published, name string) (view, error) {
	answered := true
	for _, rec := range sent {
		answered = answered && rec.ETag != ""
	}
	if token != "" && answered {
		delta, err := c.changes(ctx, token)
		switch {
		case err == nil:
			v := view{etags: make(map[string]string, len(sent)), token: delta.token, synced: true}
			for uid, rec := range sent {
				v.etags[ResourceName(uid)] = rec.ETag
			}
			for name, etag := range delta.etags {
				if etag == "" {
					delete(v.etags, name)
				} else {
					v.etags[name] = etag
					v.seen = append(v.seen, name)
				}
			}
			return v, nil
		case !errors.Is(err, errNoSync):
			return view{}, err
		}
	}
	if token != "" {
		all, err := c.changes(ctx, "")
		switch {
		case err == nil:
			v := view{etags: map[string]string{}, token: all.token}
			for name, etag := range all.etags {
				if etag != "" {
					v.etags[name] = etag
					v.seen = append(v.seen, name)
				}
			}
			return v, nil
		case !errors.Is(err, errNoSync):
			return view{}, err
		}
	}
	l, found, err := c.list(ctx)
	if err != nil {
		return view{}, err
	}
	if !found {
		if err := c.makeCalendar(ctx, name); err != nil {
			return view{}, err
		}
		// The new, empty calendar's token: the next publish then asks only
		// for what changed since this one began.
		if l, _, err = c.list(ctx); err != nil {
			return view{}, err
		}
		return view{etags: map[string]string{}, token: l.token}, nil
	}
	if !l.calendar {
		return view{}, fmt.Errorf("%w: %s is not a calendar collection", ErrServer, c.collection.Redacted())
	}
	v := view{etags: l.etags, token: l.token}
	for name := range l.etags {
		v.seen = append(v.seen, name)
	}
	return v, nil
}

// compare reads the events the server holds under the names of sessions
// the plan has no answer for: those a publish cut off was about to send,
// and those the plan has no record of sending there (a record lost, a plan
// copied, a calendar filled by hand from an export). One that says what
// the session says is recorded as it is. Else one a cut-off publish was
// about to send is sent now; one never sent from this plan is a conflict,
// left as it is.
func compare(ctx context.Context, c *client, unknown []*change, res *Result) ([]*change, error) {
	names := make([]string, len(unknown))
	for i, ch := range unknown {
		names[i] = ch.name
	}
	got, err := c.fetch(ctx, names)
	if err != nil {
		return nil, err
	}
	var (
		out      []*change
		takeOver int
	)
	for _, ch := range unknown {
		theirs, ok := got[ch.name]
		switch {
		case ok && sameEvent(ch.body, theirs.data):
			res.Unchanged++
			out = append(out, &change{uid: ch.uid, name: ch.name, digest: ch.digest, newETag: cmp.Or(theirs.etag, ch.etag)})
			if !ch.pending {
				takeOver++
			}
		case ch.pending:
			out = append(out, ch)
		default:
			res.Conflicts = append(res.Conflicts, fmt.Sprintf("%q (%s) is on the server with other content, and this plan has no record of publishing it; left as it is there (remove it there to publish the plan's)", ch.title, ch.uid))
		}
	}
	if takeOver > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d events already in the calendar were the same as the plan's sessions; this plan keeps them in step from now on", takeOver))
	}
	return out, nil
}

// sameEvent reports whether two calendar resources say the same of their
// events, however each was written.
func sameEvent(ours, theirs []byte) bool {
	a, err := ical.EventFingerprint(ours)
	if err != nil {
		return false
	}
	b, err := ical.EventFingerprint(theirs)
	return err == nil && a == b
}

// shownOthers is how many resources not published from this plan a note
// names; the rest are counted.
const shownOthers = 5

// othersNote says, in plain words, that the calendar holds resources this
// plan did not publish and leaves them alone.
func othersNote(names []string) string {
	slices.Sort(names)
	shown := strings.Join(names[:min(len(names), shownOthers)], ", ")
	if rest := len(names) - shownOthers; rest > 0 {
		shown += fmt.Sprintf(" and %d more", rest)
	}
	if len(names) == 1 {
		return fmt.Sprintf("the calendar holds an event this plan did not publish (%s); it is left as it is", shown)
	}
	return fmt.Sprintf("the calendar holds %d events this plan did not publish (%s); they are left as they are", len(names), shown)
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
		case errors.Is(ch.err, errChanged) && ch.added:
			res.Conflicts = append(res.Conflicts, fmt.Sprintf("%q (%s) is on the server already, put there by someone else; left as it is there", ch.title, ch.uid))
			continue
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
