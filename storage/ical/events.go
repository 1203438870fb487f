package ical

import (
	"cmp"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Opt is a value an event may leave out. What an event leaves out, the
// session it updates keeps.
type Opt[T any] struct {
	Value T
	Set   bool
}

func some[T any](v T) Opt[T] { return Opt[T]{Value: v, Set: true} }

// Event is a VEVENT as a session takes it, with the lines its parts came
// from, for the errors found when it is applied to a plan.
type Event struct {
	Line        int // of its BEGIN:VEVENT
	UID         string
	UIDLine     int
	Sequence    int
	Start, End  time.Time // instants
	Summary     Opt[string]
	Location    Opt[string]
	Description Opt[string] // without the details Convene adds on export
	Categories  Opt[[]string]
	Status      Opt[ics.ObjectStatus]
}

// Read reads every VEVENT of an iCalendar file, from any RFC 5545
// producer: folded lines, escaped text, times in UTC, with a TZID (its
// VTIMEZONE in the file or a zone Go knows), or floating (read in the given
// zone), and an end given as DTEND or DURATION. Other components (VTODO,
// VJOURNAL …) are passed over. file names the file in errors: every line
// that cannot be read is reported at once, as Errors; a file that cannot be
// read at all is ErrUnreadable.
func Read(r io.Reader, file string, floating *time.Location) ([]Event, error) {
	roots, errs, err := parse(r, file)
	if err != nil {
		return nil, err
	}
	z := newZones(roots, floating)
	var (
		events []Event
		uids   = map[string]int{}
	)
	for _, cal := range roots {
		for _, c := range cal.subs {
			if c.name != string(ics.ComponentVEvent) {
				continue
			}
			ev, ok := readEvent(c, z, file, &errs)
			if !ok {
				continue
			}
			if line, dup := uids[ev.UID]; dup {
				errs.add(file, ev.UIDLine, "UID %q is also the UID of the event on line %d; each event needs its own", ev.UID, line)
				continue
			}
			uids[ev.UID] = ev.UIDLine
			events = append(events, ev)
		}
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *LineError) int { return cmp.Compare(a.Line, b.Line) })
		return nil, errs
	}
	return events, nil
}

// readEvent reads one VEVENT, adding what is wrong with it to errs.
func readEvent(c *component, z *zones, file string, errs *Errors) (Event, bool) {
	ev := Event{Line: c.line}
	before := len(*errs)
	bad := func(line int, format string, args ...any) { errs.add(file, line, format, args...) }
	var start, end, dur *property
	for _, p := range c.props {
		switch ics.Property(p.name) {
		case ics.PropertyUid:
			ev.UID, ev.UIDLine = strings.TrimSpace(unescapeText(p.value)), p.line
		case ics.PropertySequence:
			n, err := strconv.Atoi(strings.TrimSpace(p.value))
			if err != nil || n < 0 {
				bad(p.line, "SEQUENCE %q is not a whole number", p.value)
			}
			ev.Sequence = n
		case ics.PropertyDtstart:
			start = p
		case ics.PropertyDtend:
			end = p
		case ics.PropertyDuration:
			dur = p
		case ics.PropertySummary:
			ev.Summary = some(unescapeText(p.value))
		case ics.PropertyLocation:
			ev.Location = some(unescapeText(p.value))
		case ics.PropertyDescription:
			ev.Description = some(withoutDetails(unescapeText(p.value)))
		case ics.PropertyCategories:
			ev.Categories = some(append(ev.Categories.Value, splitList(p.value)...))
		case ics.PropertyStatus:
			switch st := ics.ObjectStatus(strings.ToUpper(strings.TrimSpace(p.value))); st {
			case ics.ObjectStatusTentative, ics.ObjectStatusConfirmed, ics.ObjectStatusCancelled:
				ev.Status = some(st)
			default:
				bad(p.line, "STATUS %q is not one an event has: TENTATIVE, CONFIRMED or CANCELLED", p.value)
			}
		case ics.PropertyRrule, ics.PropertyRdate, ics.PropertyRecurrenceId:
			bad(p.line, "the event repeats (%s); a session happens once, so give each occurrence its own event and UID", p.name)
		}
	}
	if ev.UID == "" {
		bad(c.line, "the event has no UID, so it could not be matched with a session on the next import")
	}
	if start == nil {
		bad(c.line, "the event has no DTSTART, so it has no time")
		return ev, false
	}
	var (
		allDay bool
		err    error
	)
	if ev.Start, allDay, err = z.instant(start); err != nil {
		bad(start.line, "%v", err)
		return ev, false
	}
	switch {
	case end != nil && dur != nil:
		bad(dur.line, "the event has both DTEND and DURATION; RFC 5545 allows one")
	case end != nil:
		if ev.End, _, err = z.instant(end); err != nil {
			bad(end.line, "%v", err)
		} else if ev.End.Before(ev.Start) {
			bad(end.line, "DTEND is before DTSTART")
		}
	case dur != nil:
		days, exact, err := duration(dur.value)
		if err != nil || days < 0 || exact < 0 {
			bad(dur.line, "DURATION %q is not a duration forward in time, such as PT1H30M", dur.value)
			break
		}
		// Days are calendar days where the event starts: 24 hours except
		// across a change of clocks.
		loc := ev.Start.Location()
		if tzid := start.param(string(ics.ParameterTzid)); tzid != "" {
			loc, _ = z.location(tzid)
		} else if !strings.HasSuffix(start.value, "Z") {
			loc = z.floating
		}
		ev.End = ev.Start.In(loc).AddDate(0, 0, days).Add(exact)
	case allDay:
		ev.End = ev.Start.AddDate(0, 0, 1) // RFC 5545: a day-long event
	default:
		ev.End = ev.Start // RFC 5545: an instant
	}
	ev.Start, ev.End = ev.Start.UTC(), ev.End.UTC()
	return ev, len(*errs) == before
}

// withoutDetails returns a description without the details Convene adds to
// it on export, so a calendar exported and read back leaves the session's
// own description as it was.
func withoutDetails(d string) string {
	if strings.HasPrefix(d, detailsMarker+"\n") || d == detailsMarker {
		return ""
	}
	if i := strings.LastIndex(d, "\n\n"+detailsMarker+"\n"); i >= 0 {
		return d[:i]
	}
	return d
}
