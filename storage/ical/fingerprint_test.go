package ical_test

import (
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/ical"
)

const published = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Convene//EN\r\n" +
	"BEGIN:VTIMEZONE\r\nTZID:Europe/Warsaw\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n" +
	"BEGIN:VEVENT\r\nUID:s-1@convene\r\nDTSTAMP:20261129T120000Z\r\nSEQUENCE:2\r\n" +
	"DTSTART;TZID=Europe/Warsaw:20211206T100000\r\nDTEND;TZID=Europe/Warsaw:20211206T113000\r\n" +
	"SUMMARY:Data\\, trust and the IoT\r\nLOCATION:Room 3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// A server may store an event written anew; a session taken over from a
// calendar must be recognised however it was rewritten, and a changed
// event never taken for the same.
func TestAnEventRewrittenByAServerIsTheSameEventAndAChangedOneIsNot(t *testing.T) {
	cases := []struct {
		name  string
		other string
		same  bool
	}{
		{"stamped again, lines reordered and folded, LF line ends, its zone written otherwise", strings.NewReplacer(
			"DTSTAMP:20261129T120000Z\r\n", "",
			"SEQUENCE:2\r\n", "",
			"LOCATION:Room 3\r\n", "LOCATION:Room 3\r\nSEQUENCE:2\r\nDTSTAMP:20261130T080000Z\r\nLAST-MODIFIED:20261130T080000Z\r\n",
			"SUMMARY:Data\\, trust and the IoT", "SUMMARY:Data\\, trust and\r\n  the IoT",
			"TZOFFSETFROM:+0200\r\n", "TZOFFSETFROM:+0200\r\nTZNAME:CET\r\n",
			"PRODID:-//Convene//EN", "PRODID:-//Radicale//NONSGML Radicale Server//EN",
			"\r\n", "\n",
		).Replace(published), true},
		{"a parameter quoted", strings.Replace(published, "TZID=Europe/Warsaw:20211206T10", `TZID="Europe/Warsaw":20211206T10`, 1), true},
		{"another title", strings.Replace(published, "the IoT", "the Internet of Things", 1), false},
		{"another start", strings.Replace(published, "T100000", "T103000", 1), false},
		{"another sequence", strings.Replace(published, "SEQUENCE:2", "SEQUENCE:3", 1), false},
		{"another UID", strings.Replace(published, "UID:s-1", "UID:s-2", 1), false},
	}
	ours, err := ical.EventFingerprint([]byte(published))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			theirs, err := ical.EventFingerprint([]byte(c.other))
			if err != nil {
				t.Fatal(err)
			}
			if (theirs == ours) != c.same {
				t.Errorf("same: %v, want %v\n%s", theirs == ours, c.same, c.other)
			}
		})
	}
	if _, err := ical.EventFingerprint([]byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")); err == nil {
		t.Error("a calendar without an event has a fingerprint")
	}
}
