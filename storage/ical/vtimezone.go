package ical

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Years within which a VTIMEZONE's rules are expanded: what a TZif file of
// 32-bit transition times holds, and far beyond any forum's programme.
const (
	firstRuleYear = 1902
	lastRuleYear  = 2037
)

var errNoObservance = errors.New("has no STANDARD or DAYLIGHT observance")

// transition is the moment a zone's offset changes, and what it changes to.
type transition struct {
	at     int64 // Unix seconds
	offset int   // seconds east of UTC
	dst    bool
	name   string
}

// vtimezoneLocation makes a Go location of a file's own VTIMEZONE, for a
// TZID that no zone database knows (Outlook's "Customized Time Zone", say).
// Each STANDARD and DAYLIGHT observance gives its onsets (DTSTART, RDATE
// and a yearly RRULE, the only kind zones use); they are written as a TZif
// file, the format of the system's zone database, which Go then reads, so
// wall-clock times in the zone follow the same rules as everywhere else.
func vtimezoneLocation(tzid string, def *component) (*time.Location, error) {
	var trs []transition
	before := 0 // the offset before the first onset
	for _, ob := range def.subs {
		if ob.name != string(ics.ComponentStandard) && ob.name != string(ics.ComponentDaylight) {
			continue
		}
		got, from, err := onsets(ob)
		if err != nil {
			return nil, err
		}
		if len(got) > 0 && (len(trs) == 0 || got[0].at < trs[0].at) {
			before = from
		}
		trs = append(trs, got...)
		slices.SortFunc(trs, func(a, b transition) int { return cmp.Compare(a.at, b.at) })
	}
	if len(trs) == 0 {
		return nil, errNoObservance
	}
	trs = slices.CompactFunc(trs, func(a, b transition) bool { return a.at == b.at })
	return time.LoadLocationFromTZData(tzid, tzif(before, trs))
}

// onsets lists an observance's onsets as transitions, with the offset in
// force before them (TZOFFSETFROM).
func onsets(ob *component) ([]transition, int, error) {
	get := func(name string) (*property, error) {
		if p := ob.first(name); p != nil {
			return p, nil
		}
		return nil, fmt.Errorf("has a %s of line %d without %s", ob.name, ob.line, name)
	}
	var props [3]*property
	for i, name := range []ics.Property{ics.PropertyDtstart, ics.PropertyTzoffsetfrom, ics.PropertyTzoffsetto} {
		p, err := get(string(name))
		if err != nil {
			return nil, 0, err
		}
		props[i] = p
	}
	start, err := time.Parse(localLayout, props[0].value)
	if err != nil {
		return nil, 0, fmt.Errorf("line %d: DTSTART %q is not a local time written YYYYMMDDTHHMMSS", props[0].line, props[0].value)
	}
	from, err := utcOffset(props[1].value)
	if err != nil {
		return nil, 0, fmt.Errorf("line %d: TZOFFSETFROM %w", props[1].line, err)
	}
	to, err := utcOffset(props[2].value)
	if err != nil {
		return nil, 0, fmt.Errorf("line %d: TZOFFSETTO %w", props[2].line, err)
	}
	name := ""
	if p := ob.first(string(ics.PropertyTzname)); p != nil {
		name = unescapeText(p.value)
	}
	local := []time.Time{start}
	for _, p := range ob.props {
		switch p.name {
		case string(ics.PropertyRdate):
			for _, v := range strings.Split(p.value, ",") {
				t, err := time.Parse(localLayout, v)
				if err != nil {
					return nil, 0, fmt.Errorf("line %d: RDATE %q is not a local time written YYYYMMDDTHHMMSS", p.line, v)
				}
				local = append(local, t)
			}
		case string(ics.PropertyRrule):
			ts, err := yearly(start, p.value, from)
			if err != nil {
				return nil, 0, fmt.Errorf("line %d: RRULE %w", p.line, err)
			}
			local = append(local, ts...)
		}
	}
	trs := make([]transition, 0, len(local))
	for _, t := range local {
		if t.Year() < firstRuleYear || t.Year() > lastRuleYear {
			continue
		}
		// An onset is a wall-clock time of the offset it ends.
		trs = append(trs, transition{at: t.Unix() - int64(from), offset: to,
			dst: ob.name == string(ics.ComponentDaylight), name: name})
	}
	return trs, from, nil
}

// yearly expands a zone's yearly rule from its first onset, e.g.
// FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU (the last Sunday of March) or
// FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=8,9,10,11,12,13,14;BYDAY=SU.
func yearly(start time.Time, rule string, from int) ([]time.Time, error) {
	var (
		months    []time.Month
		monthDays []int
		weekday   = -1
		nth       int
		until     time.Time
		count     = -1
	)
	for _, part := range strings.Split(rule, ";") {
		k, v, _ := strings.Cut(part, "=")
		switch strings.ToUpper(k) {
		case "FREQ":
			if !strings.EqualFold(v, "YEARLY") {
				return nil, fmt.Errorf("%q repeats other than yearly, which no time zone does", rule)
			}
		case "BYMONTH":
			for _, m := range strings.Split(v, ",") {
				n, err := strconv.Atoi(m)
				if err != nil || n < 1 || n > 12 {
					return nil, fmt.Errorf("%q has a bad BYMONTH", rule)
				}
				months = append(months, time.Month(n))
			}
		case "BYMONTHDAY":
			for _, d := range strings.Split(v, ",") {
				n, err := strconv.Atoi(d)
				if err != nil || n < 1 || n > 31 {
					return nil, fmt.Errorf("%q has a bad BYMONTHDAY", rule)
				}
				monthDays = append(monthDays, n)
			}
		case "BYDAY":
			if len(v) < 2 {
				return nil, fmt.Errorf("%q has a bad BYDAY", rule)
			}
			weekday = slices.Index([]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}, strings.ToUpper(v[len(v)-2:]))
			if weekday < 0 {
				return nil, fmt.Errorf("%q has a bad BYDAY", rule)
			}
			if n := v[:len(v)-2]; n != "" {
				var err error
				if nth, err = strconv.Atoi(n); err != nil || nth == 0 || nth < -5 || nth > 5 {
					return nil, fmt.Errorf("%q has a bad BYDAY", rule)
				}
			}
		case "UNTIL":
			t, err := time.Parse(utcLayout, v)
			if err != nil {
				if t, err = time.Parse(localLayout, v); err != nil {
					return nil, fmt.Errorf("%q has a bad UNTIL", rule)
				}
				t = t.Add(-time.Duration(from) * time.Second)
			}
			until = t
		case "COUNT":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%q has a bad COUNT", rule)
			}
			count = n
		}
	}
	if len(months) == 0 {
		months = []time.Month{start.Month()}
	}
	var out []time.Time
	for y := start.Year(); y <= lastRuleYear && count != 0; y++ {
		for _, m := range months {
			day, ok := ruleDay(y, m, start.Day(), monthDays, weekday, nth)
			if !ok {
				continue
			}
			t := time.Date(y, m, day, start.Hour(), start.Minute(), start.Second(), 0, time.UTC)
			if t.Before(start) {
				continue
			}
			if !until.IsZero() && t.Add(-time.Duration(from)*time.Second).After(until) {
				return out, nil
			}
			out = append(out, t)
			if count > 0 {
				count--
				if count == 0 {
					break
				}
			}
		}
	}
	return out, nil
}

// ruleDay returns the day of the month a yearly rule picks in month m of
// year y: the nth (or nth from the end) weekday; the first of the given
// month days that is that weekday; or the start's own day of the month.
func ruleDay(y int, m time.Month, startDay int, monthDays []int, weekday, nth int) (int, bool) {
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	isWeekday := func(d int) bool {
		return weekday < 0 || int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Weekday()) == weekday
	}
	switch {
	case len(monthDays) > 0:
		for _, d := range monthDays {
			if d <= last && isWeekday(d) {
				return d, true
			}
		}
		return 0, false
	case weekday >= 0 && nth > 0:
		first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Weekday()
		d := 1 + (weekday-int(first)+7)%7 + 7*(nth-1)
		return d, d <= last
	case weekday >= 0 && nth < 0:
		lastWd := time.Date(y, m, last, 0, 0, 0, 0, time.UTC).Weekday()
		d := last - (int(lastWd)-weekday+7)%7 + 7*(nth+1)
		return d, d >= 1
	}
	return startDay, startDay <= last
}

// utcOffset reads a UTC-OFFSET value: +hhmm or -hhmm, seconds optional.
func utcOffset(v string) (int, error) {
	bad := fmt.Errorf("%q is not an offset written +hhmm or -hhmm", v)
	if len(v) != 5 && len(v) != 7 || (v[0] != '+' && v[0] != '-') {
		return 0, bad
	}
	n, err := strconv.Atoi(v[1:])
	if err != nil {
		return 0, bad
	}
	if len(v) == 5 {
		n *= 100
	}
	secs := n/10000*3600 + n/100%100*60 + n%100
	if v[0] == '-' {
		secs = -secs
	}
	return secs, nil
}

// tzif writes the transitions as a version 1 TZif file (RFC 8536): the
// offset before the first one is local time type 0, used for earlier times.
func tzif(before int, trs []transition) []byte {
	type ttinfo struct {
		offset int
		dst    bool
		name   string
	}
	types := []ttinfo{{offset: before}}
	var chars []byte
	nameAt := map[string]int{}
	index := func(t ttinfo) byte {
		if i := slices.Index(types, t); i >= 0 {
			return byte(i)
		}
		types = append(types, t)
		return byte(len(types) - 1)
	}
	idx := make([]byte, len(trs))
	for i, tr := range trs {
		idx[i] = index(ttinfo{tr.offset, tr.dst, tr.name})
	}
	for _, t := range types {
		if _, ok := nameAt[t.name]; !ok {
			nameAt[t.name] = len(chars)
			chars = append(append(chars, t.name...), 0)
		}
	}
	var b bytes.Buffer
	b.WriteString("TZif")
	b.Write(make([]byte, 16)) // version 1, then 15 reserved bytes
	for _, n := range []int{0, 0, 0, len(trs), len(types), len(chars)} {
		binary.Write(&b, binary.BigEndian, uint32(n))
	}
	for _, tr := range trs {
		binary.Write(&b, binary.BigEndian, int32(tr.at))
	}
	b.Write(idx)
	for _, t := range types {
		binary.Write(&b, binary.BigEndian, int32(t.offset))
		dst := byte(0)
		if t.dst {
			dst = 1
		}
		b.WriteByte(dst)
		b.WriteByte(byte(nameAt[t.name]))
	}
	b.Write(chars)
	return b.Bytes()
}
