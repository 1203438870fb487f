package feeds

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/ical"
)

// Selection narrows a publish; its zero value publishes every feed.
type Selection struct {
	// ForumID, when not 0, publishes that forum's feed and the feeds of
	// the people taking part in it (each still with all their sessions).
	ForumID int64
	// PersonID, when not 0, publishes that person's feed alone.
	PersonID int64
}

// Options say what the feeds hold.
type Options struct {
	// PlanName names plan.ics.
	PlanName string
	// WithContacts adds emails: ATTENDEE lines in the calendars and an
	// email column in feeds.csv.
	WithContacts bool
	// Stamp is the DTSTAMP of what is written; the zero time means now.
	Stamp time.Time
}

// Result counts the calendar files a publish touched.
type Result struct {
	Added, Updated, Removed, Unchanged int
}

func (r Result) String() string {
	return fmt.Sprintf("published: %d added, %d updated, %d removed, %d unchanged", r.Added, r.Updated, r.Removed, r.Unchanged)
}

// PlanFile is the feed of the whole plan; IndexFile lists whose each feed is.
const (
	PlanFile  = "plan.ics"
	IndexFile = "feeds.csv"
)

// feed is one calendar file to publish.
type feed struct {
	file, kind, name, email string
	plan                    *model.Plan
	opts                    ical.Options
}

// Publish brings the folder in step with the plan. The folder must exist.
// People who get a feed for the first time are given its name's random
// part in the plan; the plan is otherwise only read.
func Publish(ctx context.Context, store *storage.Store, dir string, sel Selection, opts Options) (Result, error) {
	var res Result
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return res, fmt.Errorf("publish to %s: %w", dir, cmpErr(err, "is not a folder"))
	}
	if within(dir, storage.SnapshotDir(store.Path())) {
		// Forget cleans the snapshots it finds there, not feeds beside them.
		return res, fmt.Errorf("publish to %s: is where the plan keeps its snapshots; publish to a folder of its own", dir)
	}
	if opts.Stamp.IsZero() {
		opts.Stamp = time.Now()
	}
	var (
		plan   model.Plan
		tokens map[int64]string
	)
	err := store.Update(ctx, func(tx *storage.Tx) error {
		var err error
		if plan.Forums, err = tx.Forums(ctx); err != nil {
			return err
		}
		if plan.People, err = tx.People(ctx); err != nil {
			return err
		}
		if plan.Sessions, err = tx.Sessions(ctx, storage.SessionFilter{}); err != nil {
			return err
		}
		if tokens, err = tx.FeedTokens(ctx); err != nil {
			return err
		}
		for _, p := range plan.People {
			if tokens[p.ID] == "" {
				if tokens[p.ID], err = tx.AddFeedToken(ctx, p.ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	all := feedsOf(&plan, tokens, opts)
	for _, f := range all {
		if !selected(f, sel, &plan) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
		var buf bytes.Buffer
		if err := ical.Export(&buf, f.plan, f.opts); err != nil {
			return res, fmt.Errorf("publish %s: %w", f.file, err)
		}
		changed, existed, err := writeIfChanged(filepath.Join(dir, f.file), buf.Bytes(), sameCalendar)
		if err != nil {
			return res, err
		}
		switch {
		case !existed:
			res.Added++
		case changed:
			res.Updated++
		default:
			res.Unchanged++
		}
	}
	if res.Removed, err = removeOrphans(dir, all); err != nil {
		return res, err
	}
	if err := writeIndex(dir, all, opts); err != nil {
		return res, err
	}
	return res, nil
}

func cmpErr(err error, otherwise string) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("%s", otherwise)
}

// feedsOf lists every feed the plan has, with the sessions each holds:
// the plan's, each forum's and each person's (those they take part in and
// have not declined, named in their own zone).
func feedsOf(p *model.Plan, tokens map[int64]string, opts Options) []*feed {
	base := ical.Options{WithContacts: opts.WithContacts, Stamp: opts.Stamp}
	planOpts := base
	planOpts.PlanName = opts.PlanName
	feeds := []*feed{{file: PlanFile, kind: "plan", name: opts.PlanName, plan: p, opts: planOpts}}

	byForum := map[int64][]model.Session{}
	byPerson := map[int64][]model.Session{}
	for _, s := range p.Sessions {
		byForum[s.ForumID] = append(byForum[s.ForumID], s)
		for _, pt := range s.Participants {
			if pt.Status != model.Declined && !slices.ContainsFunc(byPerson[pt.PersonID], func(o model.Session) bool { return o.ID == s.ID }) {
				byPerson[pt.PersonID] = append(byPerson[pt.PersonID], s)
			}
		}
	}
	names := make(map[int64]model.Person, len(p.People))
	for _, person := range p.People {
		names[person.ID] = person
	}
	for _, f := range p.Forums {
		o := base
		o.ForumID = f.ID
		feeds = append(feeds, &feed{file: ForumFile(f), kind: "forum", name: f.Name, opts: o,
			plan: &model.Plan{Forums: p.Forums, People: peopleIn(byForum[f.ID], names), Sessions: byForum[f.ID]}})
	}
	for _, person := range p.People {
		o := base
		o.PersonID, o.ViewerZone = person.ID, person.Zone
		sessions := byPerson[person.ID]
		people := peopleIn(sessions, names)
		if !slices.ContainsFunc(people, func(x model.Person) bool { return x.ID == person.ID }) {
			people = append(people, person)
		}
		feeds = append(feeds, &feed{file: PersonFile(tokens[person.ID]), kind: "person", name: person.Name, email: person.Email,
			opts: o, plan: &model.Plan{Forums: p.Forums, People: people, Sessions: sessions}})
	}
	return feeds
}

// peopleIn returns the people the sessions name: all a calendar of them
// needs to look up, rather than the whole plan's people for each file.
func peopleIn(sessions []model.Session, names map[int64]model.Person) []model.Person {
	seen := map[int64]bool{}
	var people []model.Person
	for _, s := range sessions {
		for _, pt := range s.Participants {
			if !seen[pt.PersonID] {
				seen[pt.PersonID] = true
				people = append(people, names[pt.PersonID])
			}
		}
	}
	return people
}

func selected(f *feed, sel Selection, p *model.Plan) bool {
	switch {
	case sel.PersonID != 0:
		return f.kind == "person" && f.opts.PersonID == sel.PersonID
	case sel.ForumID != 0:
		if f.kind == "forum" {
			return f.opts.ForumID == sel.ForumID
		}
		return f.kind == "person" && slices.ContainsFunc(f.plan.Sessions, func(s model.Session) bool { return s.ForumID == sel.ForumID })
	}
	return true
}

// ForumFile is the name of a forum's feed: its ID keeps two forums whose
// names read alike apart, and its name tells a person which it is.
func ForumFile(f model.Forum) string {
	if slug := slugify(f.Name); slug != "" {
		return fmt.Sprintf("forum-%d-%s.ics", f.ID, slug)
	}
	return fmt.Sprintf("forum-%d.ics", f.ID)
}

// PersonFile is the name of a person's feed: the random part alone, since
// a name in a link would tell whose calendar it is to anyone who sees it.
func PersonFile(token string) string { return "person-" + token + ".ics" }

func slugify(s string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(s) {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			gap = false
			continue
		}
		gap = true
	}
	return b.String()
}

// writeIndex writes feeds.csv: which file is whose. It is readable by its
// owner only, since it is the key to every person's link: it is for the
// coordinator, not for the web server.
func writeIndex(dir string, all []*feed, opts Options) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	header := []string{"file", "calendar", "name"}
	if opts.WithContacts {
		header = append(header, "email")
	}
	w.Write(header)
	for _, f := range all {
		if _, err := os.Stat(filepath.Join(dir, f.file)); err != nil {
			continue // not published yet: a --person or --forum run
		}
		row := []string{f.file, f.kind, csvSafe(f.name)}
		if opts.WithContacts {
			row = append(row, csvSafe(f.email))
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("publish %s: %w", IndexFile, err)
	}
	_, _, err := writeIfChanged(filepath.Join(dir, IndexFile), buf.Bytes(), bytes.Equal)
	if err == nil {
		err = os.Chmod(filepath.Join(dir, IndexFile), 0o600)
	}
	return err
}

// csvSafe keeps a spreadsheet from taking a name for a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// within reports whether dir is folder or a folder inside it, symbolic
// links followed.
func within(dir, folder string) bool {
	real := func(p string) string {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		abs, _ := filepath.Abs(p)
		return abs
	}
	rel, err := filepath.Rel(real(folder), real(dir))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
