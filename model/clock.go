package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrSkippedTime is returned for a wall-clock time that never happens in its
// zone: the hour skipped when clocks go forward.
var ErrSkippedTime = errors.New("does not exist there: the clocks go forward over it")

// Date is a day of the calendar, with no time and no zone: a forum's first
// day, a deadline. The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the day on which t falls, in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads a date written YYYY-MM-DD; an empty text is the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date written YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// IsZero reports whether d is the zero Date, meaning no date given.
func (d Date) IsZero() bool { return d == Date{} }

// String writes d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Format writes d with a time.Format layout, for the date parts of it.
func (d Date) Format(layout string) string {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Format(layout)
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// Compare returns -1, 0 or +1 as d is before, the same day as, or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

// AddDays returns the day n days after d (before it for negative n).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Midnight returns the instant the day starts in loc. Where a zone skips
// midnight itself (São Paulo did), the day starts at the first minute that
// exists.
func (d Date) Midnight(loc *time.Location) time.Time {
	for m := 0; m < 24*60; m++ {
		if t, err := WallClock(d.Year, d.Month, d.Day, m/60, m%60, loc); err == nil {
			return t
		}
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// WallClock returns the instant at which clocks in loc show the given date and
// time. Unlike time.Date, which silently moves a time that does not exist, it
// refuses a time in the gap when clocks go forward (ErrSkippedTime), and for a
// time that happens twice, when clocks go back, it returns the first of the two.
func WallClock(year int, month time.Month, day, hour, min int, loc *time.Location) (time.Time, error) {
	// Treat the clock reading as if it were UTC, then try every UTC offset the
	// zone uses around then: a reading exists once for each offset that is
	// actually in force at the instant it gives.
	naive := time.Date(year, month, day, hour, min, 0, 0, time.UTC)
	if naive.Year() != year || naive.Month() != month || naive.Day() != day ||
		naive.Hour() != hour || naive.Minute() != min {
		return time.Time{}, fmt.Errorf("%04d-%02d-%02d %02d:%02d is not a valid date and time", year, month, day, hour, min)
	}
	var first time.Time
	seen := map[int]bool{}
	for _, probe := range []time.Duration{-48, -24, 0, 24, 48} {
		_, off := naive.Add(probe * time.Hour).In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		t := naive.Add(-time.Duration(off) * time.Second)
		if _, actual := t.In(loc).Zone(); actual != off {
			continue
		}
		if first.IsZero() || t.Before(first) {
			first = t
		}
	}
	if first.IsZero() {
		return time.Time{}, fmt.Errorf("%s in %s %w", naive.Format("2006-01-02 15:04"), loc, ErrSkippedTime)
	}
	return first.In(loc), nil
}

// ParseWallClock reads "YYYY-MM-DD HH:MM" as a clock reading in loc (see
// WallClock), or an RFC 3339 time with its own offset, which needs no zone.
func ParseWallClock(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		// A plan keeps whole seconds: a fraction would be lost unsaid.
		if t.Nanosecond() != 0 {
			return time.Time{}, fmt.Errorf("%q has a fraction of a second; give whole seconds", s)
		}
		return t, nil
	}
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a time written YYYY-MM-DD HH:MM or RFC 3339", s)
	}
	if loc == nil {
		return time.Time{}, fmt.Errorf("%q needs a time zone", s)
	}
	return WallClock(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), loc)
}

// LoadZone resolves an IANA time zone name such as "Europe/Warsaw". It refuses
// the empty name and "Local", which would mean different things on different
// machines.
func LoadZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, errors.New("is empty; give an IANA zone such as Europe/Warsaw")
	}
	if name == "Local" {
		return nil, errors.New(`"Local" is not an IANA zone; give one such as Europe/Warsaw`)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q is not an IANA time zone (such as Europe/Warsaw)", name)
	}
	return loc, nil
}

// DaySpan writes a span of days as briefly as it reads well: "15 Jul",
// "6–10 Dec", "28 Jun – 2 Jul", with the year only where the span crosses
// one. SpanWithYear adds the year to a span within one.
func DaySpan(first, last Date) string {
	switch {
	case first == last:
		return first.Format("2 Jan")
	case first.Year == last.Year && first.Month == last.Month:
		return first.Format("2") + "–" + last.Format("2 Jan")
	case first.Year == last.Year:
		return first.Format("2 Jan") + " – " + last.Format("2 Jan")
	}
	return first.Format("2 Jan 2006") + " – " + last.Format("2 Jan 2006")
}

// SpanWithYear is DaySpan with the year always said: "28–30 Jun 2021".
func SpanWithYear(first, last Date) string {
	if first.Year == last.Year {
		return DaySpan(first, last) + " " + last.Format("2006")
	}
	return DaySpan(first, last)
}
