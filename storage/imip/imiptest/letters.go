package imiptest

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/convene-planner/convene/storage/ical/icaljstest"
)

// Letter is what a mail client shows of a message, read with Python's
// email package and python3-icalendar (storage/imip/testdata/read_message.py),
// and its calendar part as ical.js, Thunderbird's parser, reads it.
type Letter struct {
	From        string   `json:"from"`
	To          []string `json:"to"`
	Cc          *string  `json:"cc"`
	Subject     string   `json:"subject"`
	ContentType string   `json:"content_type"`
	Parts       []string `json:"parts"`
	Text        string   `json:"text"`
	MethodParam string   `json:"method_param"`
	Calendar    *struct {
		Method    string   `json:"method"`
		Text      string   `json:"text"`
		Timezones []string `json:"timezones"`
		Events    []Event  `json:"events"`
	} `json:"calendar"`
	ICalJS ITIP `json:"-"`
}

// ITIP is what a calendar client shows of an iTIP calendar
// (storage/ical/testdata/js/itip.mjs).
type ITIP struct {
	Method string  `json:"method"`
	Events []Event `json:"events"`
}

// Event is one VEVENT of an invitation as a reader shows it.
type Event struct {
	UID       string     `json:"uid"`
	Sequence  int        `json:"sequence"`
	Summary   string     `json:"summary"`
	Status    string     `json:"status"`
	Start     *string    `json:"start"`
	End       *string    `json:"end"`
	TZID      *string    `json:"tzid"`
	Organizer string     `json:"organizer"`
	Attendees []Attendee `json:"attendees"`
}

// Attendee is one ATTENDEE of an event as a reader shows it.
type Attendee struct {
	Email    string  `json:"email"`
	CN       *string `json:"cn"`
	Role     *string `json:"role"`
	Partstat *string `json:"partstat"`
	RSVP     *string `json:"rsvp"`
}

// ReadLetters reads the message files as a mail client would, and their
// calendar parts (written beside each as PATH.calendar.ics) as Thunderbird
// would: each reader once for all of them. A message without a calendar
// part fails the test.
func ReadLetters(tb testing.TB, paths ...string) []Letter {
	tb.Helper()
	_, source, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(source), "..", "testdata", "read_message.py")
	cmd := exec.Command("/usr/bin/python3", append([]string{script}, paths...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("%s: %v\n%s", cmd, err, stderr.Bytes())
	}
	var letters []Letter
	if err := json.Unmarshal(out, &letters); err != nil {
		tb.Fatalf("%s printed what is not JSON: %v\n%s", cmd, err, out)
	}
	if len(letters) != len(paths) {
		tb.Fatalf("%s read %d messages of %d", cmd, len(letters), len(paths))
	}
	cals := make([]string, len(paths))
	for i, l := range letters {
		if l.Calendar == nil {
			tb.Fatalf("%s has no text/calendar part", paths[i])
		}
		cals[i] = paths[i] + ".calendar.ics"
	}
	var views []ITIP
	icaljstest.Read(tb, &views, "itip.mjs", cals...)
	for i := range letters {
		letters[i].ICalJS = views[i]
	}
	return letters
}
