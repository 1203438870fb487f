package imip_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/convene-planner/convene/storage/ical/icaljstest"
)

// letter is what a mail client shows of a message (testdata/read_message.py,
// Python's email package and python3-icalendar).
type letter struct {
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
		itip
	} `json:"calendar"`
}

// itip is what a calendar client shows of an iTIP calendar; ical.js
// (../ical/testdata/js/itip.mjs) prints it too.
type itip struct {
	Method string      `json:"method"`
	Events []itipEvent `json:"events"`
}

type itipEvent struct {
	UID       string         `json:"uid"`
	Sequence  int            `json:"sequence"`
	Summary   string         `json:"summary"`
	Status    string         `json:"status"`
	Start     *string        `json:"start"`
	End       *string        `json:"end"`
	TZID      *string        `json:"tzid"`
	Organizer string         `json:"organizer"`
	Attendees []itipAttendee `json:"attendees"`
}

type itipAttendee struct {
	Email    string  `json:"email"`
	CN       *string `json:"cn"`
	Role     *string `json:"role"`
	Partstat *string `json:"partstat"`
	RSVP     *string `json:"rsvp"`
}

// readLetter reads the message file with Python, and the calendar part it
// holds with ical.js.
func readLetter(t *testing.T, path string) (letter, itip) {
	t.Helper()
	var l []letter
	run(t, &l, exec.Command("/usr/bin/python3", filepath.Join("testdata", "read_message.py"), path))
	if len(l) != 1 || l[0].Calendar == nil {
		t.Fatalf("%s has no text/calendar part: %+v", path, l)
	}
	var js []itip
	icaljstest.Read(t, &js, "itip.mjs", path+".calendar.ics")
	return l[0], js[0]
}

func run(t *testing.T, v any, cmd *exec.Cmd) {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, stderr.Bytes())
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("%s printed what is not JSON: %v\n%s", cmd, err, out)
	}
}
