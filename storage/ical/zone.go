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
		start = periodStart(t, start)
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
		next, ok := nextChange(t, end, z.to)
		if !ok {
			break
		}
		t = next.In(z.loc)
	}
	w.end(ics.ComponentVTimezone)
}

// periodStart steps the start of t's period back over bounds where
// nothing changed (see nextChange), to the last real change. Should the
// zone data ever give a bound that does not lie before the last, it stops
// there: an observance that changes nothing is harmless, a loop is not.
func periodStart(t, start time.Time) time.Time {
	name, offset := t.Zone()
	dst := t.IsDST()
	for !start.IsZero() {
		before := start.Add(-time.Second).In(t.Location())
		if n, o := before.Zone(); n != name || o != offset || before.IsDST() != dst {
			return start
		}
		prev, _ := before.ZoneBounds()
		if !prev.IsZero() && !prev.Before(start) {
			return start
		}
		start = prev
	}
	return start
}

// nextChange is the first instant after t, and before limit, at which the
// zone's offset, name or daylight saving time changes, given the end of
// t's period as ZoneBounds reports it. Go's own zone data (time/tzdata, and
// so every Windows build) also bounds each year in UTC where nothing
// changes, and in a leap year can put that bound before t
// (golang/go#81583): both are stepped over, so the loop always advances.
func nextChange(t, end, limit time.Time) (time.Time, bool) {
	name, offset := t.Zone()
	dst := t.IsDST()
	for !end.IsZero() && end.Before(limit) {
		if !end.After(t) {
			end = time.Date(t.UTC().Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
			continue
		}
		at := end.In(t.Location())
		if n, o := at.Zone(); n != name || o != offset || at.IsDST() != dst {
			return end, true
		}
		t = at
		_, end = t.ZoneBounds()
	}
	return time.Time{}, false
}
