package imip_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
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
	readWithICalJS(t, &js, path+".calendar.ics")
	return l[0], js[0]
}

var npmOnce sync.Once

// readWithICalJS reads a calendar with Mozilla's ical.js, Thunderbird's
// parser, installing it as storage/ical's tests do the first time.
func readWithICalJS(t *testing.T, v any, path string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed, so ical.js cannot read the invitation; install nodejs and npm (make test-deps)")
	}
	dir := filepath.Join("..", "ical", "testdata", "js")
	npmOnce.Do(func() {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", "ical.js")); err == nil {
			return
		}
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("install ical.js with npm ci in %s: %v\n%s", dir, err, out)
		}
	})
	run(t, v, exec.Command(node, filepath.Join(dir, "itip.mjs"), path))
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
