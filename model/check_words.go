package model

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// How findings write sessions, times and places for a coordinator to read.
// A large plan has tens of thousands of findings, so each message is built
// in one buffer and becomes a string once.

// message builds a finding's message.
type message struct{ b []byte }

// messages recycles the buffers, which would otherwise be most of what a
// check of a large plan allocates.
var messages = sync.Pool{New: func() any { return &message{b: make([]byte, 0, 256)} }}

func newMessage() *message {
	m := messages.Get().(*message)
	m.b = m.b[:0]
	return m
}

// String returns the message and gives the buffer back: the message is done.
func (m *message) String() string {
	s := string(m.b)
	messages.Put(m)
	return s
}

// text adds words.
func (m *message) text(parts ...string) *message {
	for _, p := range parts {
		m.b = append(m.b, p...)
	}
	return m
}

// quoted adds a title in quotation marks.
func (m *message) quoted(title string) *message { return m.text("“", title, "”") }

// number adds n in digits.
func (m *message) number(n int) *message {
	m.b = strconv.AppendInt(m.b, int64(n), 10)
	return m
}

// count adds "1 confirmed speaker", "2 confirmed speakers".
func (m *message) count(n int, noun string) *message {
	m.number(n).text(" ", noun)
	if n != 1 {
		m.text("s")
	}
	return m
}

// session names a session by title, forum and its time on the forum's
// clocks, adding the forum's place when withPlace asks for it.
func (m *message) session(s *Session, f *Forum, withPlace bool) *message {
	m.quoted(s.Title).text(" (", forumName(f), ", ")
	if !s.Scheduled() {
		return m.text("not scheduled)")
	}
	m.span(s.Start, s.End, zoneOf(f))
	if withPlace {
		m.text(" in ", ForumClocks(f))
	}
	return m.text(")")
}

// sessionAt names a session by title and forum only, for findings that give
// its times themselves.
func (m *message) sessionAt(s *Session, f *Forum) *message {
	return m.quoted(s.Title).text(" (", forumName(f), ")")
}

// span adds [start, end) as the clocks of loc show it:
// "Tue 7 Dec 2021 09:00–10:30", with both days when it crosses midnight.
func (m *message) span(start, end time.Time, loc *time.Location) *message {
	s, e := start.In(loc), end.In(loc)
	m.b = s.AppendFormat(m.b, "Mon 2 Jan 2006 15:04")
	if DateOf(s) == DateOf(e) {
		m.b = e.AppendFormat(append(m.b, "–"...), "15:04")
	} else {
		m.b = e.AppendFormat(append(m.b, " – "...), "Mon 2 Jan 2006 15:04")
	}
	return m
}

// clockSpan adds [start, end) on the clocks of loc, leaving out the day when
// the reader already has it from the same span on the clocks of ref.
func (m *message) clockSpan(start, end time.Time, loc, ref *time.Location) *message {
	s, e := start.In(loc), end.In(loc)
	if DateOf(s) != DateOf(start.In(ref)) || DateOf(e) != DateOf(s) {
		return m.span(start, end, loc)
	}
	m.b = s.AppendFormat(m.b, "15:04")
	m.b = e.AppendFormat(append(m.b, "–"...), "15:04")
	return m
}

// instant adds a day and time on the clocks of loc.
func (m *message) instant(t time.Time, loc *time.Location) *message {
	m.b = t.In(loc).AppendFormat(m.b, "Mon 2 Jan 2006 15:04")
	return m
}

// day adds a calendar day.
func (m *message) day(d Date) *message {
	m.b = time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).AppendFormat(m.b, "Mon 2 Jan 2006")
	return m
}

// City names the place a zone is named for, as findings and schedules say
// where a time is: "America/Argentina/Buenos_Aires" is "Buenos Aires".
func City(loc *time.Location) string {
	name := loc.String()
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return strings.ReplaceAll(name, "_", " ")
}

// ForumClocks is where a forum's clocks are, as times are labelled:
// its city, else the place its zone is named for.
func ForumClocks(f *Forum) string {
	if f != nil && f.City != "" {
		return f.City
	}
	return City(zoneOf(f))
}

func forumName(f *Forum) string {
	if f == nil {
		return "no forum"
	}
	return f.Name
}

// zoneOf is the forum's zone; UTC stands in for a forum the checker was not
// told about, so a message can still be written.
func zoneOf(f *Forum) *time.Location {
	if f == nil || f.Zone == nil {
		return time.UTC
	}
	return f.Zone
}
