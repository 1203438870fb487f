package ical

import (
	"time"

	ics "github.com/arran4/golang-ical"
)

// A zoneSpan is a zone a calendar uses and the instants it must describe.
type zoneSpan struct {
	loc      *time.Location
	from, to time.Time
}

// widen makes the span cover sessions taking place from first to last, with
// a year to spare on either side, so a client showing the weeks around an
// event still has the offsets.
func (z *zoneSpan) widen(first, last time.Time) {
	from := time.Date(first.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(last.Year()+2, 1, 1, 0, 0, 0, 0, time.UTC)
	if z.from.IsZero() || from.Before(z.from) {
		z.from = from
	}
	if to.After(z.to) {
		z.to = to
	}
}

// holds reports whether the span describes the instant t.
func (z *zoneSpan) holds(t time.Time) bool {
	return !t.Before(z.from) && !t.After(z.to)
}

// timezone writes a VTIMEZONE for the span's zone from Go's zone data: one
// STANDARD or DAYLIGHT observance for the period in force at the span's
// start and for each change of offset within it, each with its own DTSTART
// and no RRULE. Rules would be shorter, but a zone's rules change over the
// years (and did for several forum hosts), while one observance per change
// is exact for any year and any client. A zone without changes in the span
// is a single STANDARD observance.
func (w *writer) timezone(z zoneSpan) {
	w.begin(ics.ComponentVTimezone)
	w.name(ics.PropertyTzid)
	w.text(z.loc.String())
	for t := z.from.In(z.loc); ; {
		start, end := t.ZoneBounds()
		abbrev, to := t.Zone()
		from := to
		if !start.IsZero() {
			_, from = start.Add(-time.Second).Zone()
		} else {
			// The zone never changed before t: any onset will do.
			start = time.Date(1970, 1, 1, 0, 0, 0, 0, time.FixedZone("", to))
		}
		kind := ics.ComponentStandard
		if t.IsDST() {
			kind = ics.ComponentDaylight
		}
		w.begin(kind)
		w.name(ics.PropertyDtstart)
		// An observance starts at the wall-clock time the old offset shows.
		w.timeValue(start.In(time.FixedZone("", from)), localLayout)
		w.name(ics.PropertyTzoffsetfrom)
		w.offset(from)
		w.name(ics.PropertyTzoffsetto)
		w.offset(to)
		w.name(ics.PropertyTzname)
		w.text(abbrev)
		w.end(kind)
		if end.IsZero() || !end.Before(z.to) {
			break
		}
		t = end.In(z.loc)
	}
	w.end(ics.ComponentVTimezone)
}
