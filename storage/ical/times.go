package ical

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/model"
)

// zones resolves the TZIDs of one calendar file to Go locations.
type zones struct {
	defs     map[string]*component // the file's VTIMEZONEs by TZID
	resolved map[string]*time.Location
	floating *time.Location // where times without a zone are read
}

func newZones(roots []*component, floating *time.Location) *zones {
	z := &zones{defs: map[string]*component{}, resolved: map[string]*time.Location{}, floating: floating}
	for _, cal := range roots {
		for _, c := range cal.subs {
			if c.name != string(ics.ComponentVTimezone) {
				continue
			}
			if id := c.first(string(ics.PropertyTzid)); id != nil {
				z.defs[unescapeText(id.value)] = c
			}
		}
	}
	return z
}

// location returns the zone a TZID names. An IANA name is read from Go's
// zone data, which knows the zone's whole history where most producers'
// VTIMEZONEs give only today's rules; so are Windows names (Outlook) and
// IANA names behind a vendor prefix ("/mozilla.org/20050126_1/Europe/Rome").
// Any other TZID is read from the file's own VTIMEZONE.
func (z *zones) location(tzid string) (*time.Location, error) {
	if loc, ok := z.resolved[tzid]; ok {
		return loc, nil
	}
	loc := ianaZone(tzid)
	if loc == nil {
		def := z.defs[tzid]
		if def == nil {
			return nil, fmt.Errorf("TZID %q is neither a known time zone nor defined by a VTIMEZONE in the file", tzid)
		}
		var err error
		if loc, err = vtimezoneLocation(tzid, def); err != nil {
			return nil, fmt.Errorf("the VTIMEZONE %q of line %d %w", tzid, def.line, err)
		}
	}
	z.resolved[tzid] = loc
	return loc, nil
}

func ianaZone(tzid string) *time.Location {
	if loc, err := model.LoadZone(tzid); err == nil {
		return loc
	}
	if loc := ics.WindowsTimezoneToIANA(tzid); loc != nil {
		return loc
	}
	// A vendor prefix, or just a leading slash (a "globally unique" TZID),
	// ends in the IANA name: try the last three or two parts.
	parts := strings.Split(strings.Trim(tzid, "/"), "/")
	for n := 3; n >= 2; n-- {
		if len(parts) >= n {
			if loc, err := model.LoadZone(strings.Join(parts[len(parts)-n:], "/")); err == nil {
				return loc
			}
		}
	}
	return nil
}

// instant reads a DATE-TIME or DATE property as an instant: in UTC when it
// ends in Z, in its TZID's zone when it has one, else in the floating zone.
// A DATE is the start of that day. The second result reports a DATE.
func (z *zones) instant(p *property) (time.Time, bool, error) {
	loc := z.floating
	if tzid := p.param(string(ics.ParameterTzid)); tzid != "" {
		var err error
		if loc, err = z.location(tzid); err != nil {
			return time.Time{}, false, err
		}
	}
	v := strings.TrimSpace(p.value)
	if loc == nil && !strings.HasSuffix(v, "Z") {
		return time.Time{}, false, fmt.Errorf("%s %q has no time zone: neither a TZID nor a Z for UTC", p.name, v)
	}
	if p.param(string(ics.ParameterValue)) == string(ics.ValueDataTypeDate) || len(v) == len(dateLayout) {
		d, err := time.Parse(dateLayout, v)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("%s %q is not a date written YYYYMMDD", p.name, v)
		}
		return model.DateOf(d).Midnight(loc), true, nil
	}
	if strings.HasSuffix(v, "Z") {
		t, err := time.Parse(utcLayout, v)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("%s %q is not a time written YYYYMMDDTHHMMSSZ", p.name, v)
		}
		return t, false, nil
	}
	t, err := time.Parse(localLayout, v)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%s %q is not a time written YYYYMMDDTHHMMSS", p.name, v)
	}
	at, err := model.WallClock(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), loc)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%s %w", p.name, err)
	}
	return at.Add(time.Duration(t.Second()) * time.Second), false, nil
}

// duration reads a DURATION value (RFC 5545 §3.3.6): [+|-]P then weeks, or
// days and a time part of hours, minutes and seconds. Days and weeks are
// calendar days, which are not always 24 hours long, so they are returned
// apart from the exact time part.
func duration(v string) (days int, exact time.Duration, err error) {
	bad := fmt.Errorf("%q is not a duration such as PT1H30M or P1D", v)
	s := strings.TrimSpace(v)
	sign := 1
	switch {
	case strings.HasPrefix(s, "-"):
		sign, s = -1, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	if !strings.HasPrefix(s, "P") || len(s) < 3 {
		return 0, 0, bad
	}
	s = s[1:]
	inTime := false
	for s != "" {
		if s[0] == 'T' {
			if inTime {
				return 0, 0, bad
			}
			inTime, s = true, s[1:]
			continue
		}
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i == len(s) {
			return 0, 0, bad
		}
		n, err := strconv.Atoi(s[:i])
		if err != nil {
			return 0, 0, bad
		}
		switch unit := s[i]; {
		case unit == 'W' && !inTime:
			days += 7 * n
		case unit == 'D' && !inTime:
			days += n
		case unit == 'H' && inTime:
			exact += time.Duration(n) * time.Hour
		case unit == 'M' && inTime:
			exact += time.Duration(n) * time.Minute
		case unit == 'S' && inTime:
			exact += time.Duration(n) * time.Second
		default:
			return 0, 0, bad
		}
		s = s[i+1:]
	}
	return sign * days, time.Duration(sign) * exact, nil
}
