package ical

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/model"
)

// Resources writes sessions one calendar each, as a CalDAV server holds
// them (RFC 4791 §4.1): one VEVENT with the VTIMEZONE its times need, and
// no METHOD. It looks forums and people up once for every session it
// writes, so a plan of tens of thousands of sessions is written in one go.
type Resources struct {
	ix      model.Index
	opts    Options
	stamp   time.Time
	details []byte
	buf     *bufio.Writer
	w       *writer
	// zones holds each VTIMEZONE written, by zone and span: the sessions
	// of a forum mostly share one, and building it from the zone's
	// transitions costs more than the event itself.
	zones map[zoneSpan][]byte
}

// NewResources prepares to write sessions of forums naming people.
func NewResources(forums []model.Forum, people []model.Person, opts Options) *Resources {
	stamp := opts.Stamp
	if stamp.IsZero() {
		stamp = time.Now()
	}
	buf := bufio.NewWriterSize(io.Discard, 8<<10)
	return &Resources{
		ix:    (&model.Plan{Forums: forums, People: people}).Index(),
		opts:  opts,
		stamp: stamp.UTC().Truncate(time.Second),
		buf:   buf,
		w:     newWriter(buf),
		zones: map[zoneSpan][]byte{},
	}
}

// Write writes the session, which must have times, as one calendar to out.
func (r *Resources) Write(out io.Writer, s *model.Session) error {
	f := r.ix.Forums[s.ForumID]
	if f == nil {
		return fmt.Errorf("write session %q: its forum %d is not in the plan", s.Title, s.ForumID)
	}
	if !s.Scheduled() {
		return fmt.Errorf("write session %q: it has no times", s.Title)
	}
	first, last := s.Start, s.End
	if last.Before(first) {
		first, last = last, first
	}
	z := zoneSpan{loc: f.Zone}
	z.widen(first, last)
	r.buf.Reset(out)
	w := r.w
	w.calendar("")
	tz, ok := r.zones[z]
	if !ok {
		var b bytes.Buffer
		bw := bufio.NewWriter(&b)
		newWriter(bw).timezone(z)
		bw.Flush()
		tz = b.Bytes()
		r.zones[z] = tz
	}
	r.buf.Write(tz)
	r.details = w.event(s, r.ix, r.opts, r.stamp, r.details)
	w.end(ics.ComponentVCalendar)
	if err := r.buf.Flush(); err != nil {
		return fmt.Errorf("write session %q: %w", s.Title, err)
	}
	return nil
}
