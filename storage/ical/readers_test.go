package ical_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/convene-planner/convene/storage/ical/icaljstest"
)

// view is what a calendar client shows of a file: both readers below print
// it as JSON (testdata/read.py, testdata/js/read.mjs).
type view struct {
	Calname   string      `json:"calname"`
	Timezones []string    `json:"timezones"`
	Events    []viewEvent `json:"events"`
	Todos     []viewTodo  `json:"todos"`
}

type viewEvent struct {
	UID         string         `json:"uid"`
	Summary     string         `json:"summary"`
	Description string         `json:"description"`
	Location    *string        `json:"location"`
	Status      string         `json:"status"`
	Sequence    int            `json:"sequence"`
	Categories  []string       `json:"categories"`
	Start       string         `json:"start"`
	End         string         `json:"end"`
	TZID        string         `json:"tzid"`
	Attendees   []viewAttendee `json:"attendees"`
}

type viewAttendee struct {
	Email    string `json:"email"`
	CN       string `json:"cn"`
	Role     string `json:"role"`
	Partstat string `json:"partstat"`
}

type viewTodo struct {
	UID     string `json:"uid"`
	Summary string `json:"summary"`
	Status  string `json:"status"`
	Due     string `json:"due"`
}

// event returns the event with the given UID; the test fails without one.
func (v view) event(t *testing.T, uid string) viewEvent {
	t.Helper()
	i := slices.IndexFunc(v.Events, func(e viewEvent) bool { return e.UID == uid })
	if i < 0 {
		t.Fatalf("no event has UID %q", uid)
	}
	return v.Events[i]
}

// A reader is a calendar parser that nobody here wrote.
type reader struct {
	name string
	read func(t *testing.T, path string) view
	// splitsEscapedCommas marks python3-icalendar before 5.0: it splits
	// CATEGORIES at escaped commas too (its vCategory.from_ical).
	splitsEscapedCommas bool
}

var readers = []reader{
	{name: "python3-icalendar", read: readWithPython, splitsEscapedCommas: pythonSplitsEscapedCommas()},
	{name: "ical.js", read: readWithICalJS},
}

// pythonSplitsEscapedCommas reports whether the installed python3-icalendar
// is older than 5.0, which read CATEGORIES:a\,b as two categories.
func pythonSplitsEscapedCommas() bool {
	out, err := exec.Command("/usr/bin/python3", "-c", "import icalendar; print(icalendar.__version__)").Output()
	return err == nil && len(out) > 0 && out[0] < '5' && out[1] == '.'
}

// readWithPython reads the file with Debian's python3-icalendar.
func readWithPython(t *testing.T, path string) view {
	t.Helper()
	return runReader(t, exec.Command("/usr/bin/python3", filepath.Join("testdata", "read.py"), path))
}

// readWithICalJS reads the file with Mozilla's ical.js.
func readWithICalJS(t *testing.T, path string) view {
	t.Helper()
	var v view
	icaljstest.Read(t, &v, "read.mjs", path)
	return v
}

func runReader(t *testing.T, cmd *exec.Cmd) view {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s could not read the calendar: %v\n%s", cmd, err, stderr.Bytes())
	}
	var v view
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s printed what is not JSON: %v\n%s", cmd, err, out)
	}
	return v
}
