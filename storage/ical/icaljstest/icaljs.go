// Package icaljstest reads calendars with Mozilla's ical.js, Thunderbird's
// parser, for the tests of any package: the scripts in storage/ical's
// testdata/js print what it reads as JSON, and ical.js is installed there
// from package-lock.json the first time a test needs it.
package icaljstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
)

var (
	install    sync.Once
	installErr error
)

// Command is node running script (read.mjs, itip.mjs) on the files, with
// ical.js installed. A machine without node or npm fails the test: the
// calendars must pass Thunderbird's parser everywhere.
func Command(tb testing.TB, script string, files ...string) *exec.Cmd {
	tb.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		tb.Fatal("node is not installed, so ical.js cannot read the calendar; install nodejs and npm (make test-deps)")
	}
	_, source, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(source), "..", "testdata", "js")
	install.Do(func() { installErr = installOnce(dir) })
	if installErr != nil {
		tb.Fatal(installErr)
	}
	return exec.Command(node, append([]string{filepath.Join(dir, script)}, files...)...)
}

// installOnce installs ical.js into dir unless it is there. The test
// binaries of several packages run at once and share dir, and npm ci
// empties node_modules before it fills it: a lock on a file in dir lets
// one install while the others wait, then find it there.
func installOnce(dir string) error {
	lock, err := os.OpenFile(filepath.Join(dir, ".install.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("install ical.js: %w", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("install ical.js: wait for another test's install: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ical.js")); err == nil {
		return nil
	}
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("install ical.js with npm ci in %s: %v\n%s", dir, err, out)
	}
	return nil
}

// Read runs script on the files and decodes the JSON it prints into v.
func Read(tb testing.TB, v any, script string, files ...string) {
	tb.Helper()
	cmd := Command(tb, script, files...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("%s could not read the calendar: %v\n%s", cmd, err, stderr.Bytes())
	}
	if err := json.Unmarshal(out, v); err != nil {
		tb.Fatalf("%s printed what is not JSON: %v\n%s", cmd, err, out)
	}
}
