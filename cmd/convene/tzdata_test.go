package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A machine without the system's zone data reads zones from Go's own copy,
// as every Windows machine does. There a calendar's time zones once never
// ended: Go's copy bounds each year where nothing changes, and in a leap
// year put a bound before the instant asked about (golang/go#81583), so
// export ics wrote without end. It must finish, with the calendar the
// system's zone data gives.
func TestACalendarExportsTheSameWithGosOwnZoneData(t *testing.T) {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	zoneinfo := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "time", "zoneinfo.zip")
	if _, err := os.Stat(zoneinfo); err != nil {
		t.Fatalf("Go's zone data is not at %s: %v", zoneinfo, err)
	}
	db := demoPlan(t)
	export := func(env ...string) string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "plan.ics")
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, binary(t), "export", "ics", "--todos", "--db", db, "-o", out)
		cmd.Env = append(os.Environ(), env...)
		if msg, err := cmd.CombinedOutput(); err != nil {
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				t.Fatalf("export ics with %v did not finish within a minute", env)
			}
			t.Fatalf("export ics with %v: %v: %s", env, err, msg)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return regexp.MustCompile(`DTSTAMP:\d{8}T\d{6}Z`).ReplaceAllString(string(b), "DTSTAMP")
	}
	system, gos := export(), export("ZONEINFO="+zoneinfo)
	if system != gos {
		t.Errorf("the calendar differs with Go's zone data (%d bytes) from the system's (%d bytes)", len(gos), len(system))
	}
}
