package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/ical/icaljstest"
)

// letter is what a mail client shows of a message, read with Python's
// email package and python3-icalendar (storage/imip/testdata/read_message.py).
type letter struct {
	From        string   `json:"from"`
	To          []string `json:"to"`
	Cc          *string  `json:"cc"`
	Subject     string   `json:"subject"`
	Text        string   `json:"text"`
	MethodParam string   `json:"method_param"`
	Calendar    *struct {
		Method string      `json:"method"`
		Text   string      `json:"text"`
		Events []itipEvent `json:"events"`
	} `json:"calendar"`
	// ICalJS is the calendar part as Thunderbird's parser reads it.
	ICalJS struct {
		Method string      `json:"method"`
		Events []itipEvent `json:"events"`
	}
}

type itipEvent struct {
	UID       string `json:"uid"`
	Sequence  int    `json:"sequence"`
	Summary   string `json:"summary"`
	Status    string `json:"status"`
	Organizer string `json:"organizer"`
	Attendees []struct {
		Email    string  `json:"email"`
		Partstat *string `json:"partstat"`
		RSVP     *string `json:"rsvp"`
	} `json:"attendees"`
}

// readLetters reads messages as a mail client would, and their calendar
// parts as Thunderbird would (ical.js, from storage/ical's test folder,
// where npm installs it): each reader once for all of them.
func readLetters(t *testing.T, paths []string) []letter {
	t.Helper()
	var letters []letter
	runJSON(t, &letters, exec.Command("/usr/bin/python3", append([]string{filepath.Join("..", "..", "storage", "imip", "testdata", "read_message.py")}, paths...)...))
	cals := make([]string, len(paths))
	for i, l := range letters {
		if l.Calendar == nil {
			t.Fatalf("%s has no calendar part", paths[i])
		}
		cals[i] = paths[i] + ".calendar.ics"
	}
	var views []struct {
		Method string      `json:"method"`
		Events []itipEvent `json:"events"`
	}
	icaljstest.Read(t, &views, "itip.mjs", cals...)
	for i := range letters {
		letters[i].ICalJS.Method, letters[i].ICalJS.Events = views[i].Method, views[i].Events
	}
	return letters
}

func runJSON(t *testing.T, v any, cmd *exec.Cmd) {
	t.Helper()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, stderr.String())
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("%s printed what is not JSON: %v\n%s", cmd, err, out)
	}
}
