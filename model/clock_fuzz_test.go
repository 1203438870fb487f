package model_test

import (
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
)

// fuzzZoneNames are zones with a skipped and a repeated hour in both
// hemispheres, a skipped midnight, a half-hour shift and none at all.
var fuzzZoneNames = []string{"Europe/Warsaw", "Pacific/Auckland", "America/Sao_Paulo",
	"Australia/Lord_Howe", "Asia/Kolkata", "UTC"}

// fuzzZones loads the zones once: loading one reads the zone database.
func fuzzZones(f *testing.F) []*time.Location {
	zones := make([]*time.Location, len(fuzzZoneNames))
	for i, name := range fuzzZoneNames {
		loc, err := model.LoadZone(name)
		if err != nil {
			f.Fatal(err)
		}
		zones[i] = loc
	}
	return zones
}

// fuzzWriteBack writes an instant as the CSV export does: the wall clock
// in its zone when reading that gives the instant back, else RFC 3339.
func fuzzWriteBack(t time.Time) string {
	back, err := model.WallClock(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Location())
	if err != nil || !back.Equal(t) {
		return t.Format(time.RFC3339)
	}
	return t.Format("2006-01-02 15:04")
}

// FuzzParseWallClock reads any text as a time in any of the zones. It must
// never panic, and what it accepts must be written back as a text that
// reads as the same instant; a wall-clock time must be the first instant
// showing that time, and one that falls in a gap must be refused.
func FuzzParseWallClock(f *testing.F) {
	for _, s := range []string{"2021-12-06 10:00", "2021-03-28 02:30", "2021-10-31 02:30", "2021-04-04 02:30",
		"2018-11-04 00:00", "2021-12-06T10:00:00+01:00", "2021-12-06T10:00:00.5Z", " 2021-01-01 00:00 ",
		"0000-01-01 00:00", "9999-12-31 23:59", "2021-02-29 10:00", "2021-12-06T24:00:00Z", "2021-10-03 02:15"} {
		for i := range fuzzZoneNames {
			f.Add(s, uint8(i))
		}
	}
	zones := fuzzZones(f)
	f.Fuzz(func(t *testing.T, s string, zone uint8) {
		loc := zones[int(zone)%len(zones)]
		got, err := model.ParseWallClock(s, loc)
		if err != nil {
			return
		}
		written := fuzzWriteBack(got)
		again, err := model.ParseWallClock(written, got.Location())
		if err != nil {
			t.Fatalf("%q reads as %v, written %q, which is refused: %v", s, got, written, err)
		}
		if !again.Equal(got) {
			t.Fatalf("%q reads as %v, written %q, which reads as %v", s, got, written, again)
		}
		if got.Nanosecond() != 0 {
			t.Fatalf("%q reads as %v, which a plan (whole seconds) cannot keep", s, got)
		}
		if got.Location() != loc {
			return // RFC 3339 with its own offset
		}
		// A wall-clock time means the first instant the zone shows it.
		shown := got.Format("2006-01-02 15:04")
		for _, earlier := range []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour} {
			if got.Add(-earlier).In(loc).Format("2006-01-02 15:04") == shown {
				t.Fatalf("%q in %s reads as %v, but %v earlier the clocks showed it too", s, loc, got, earlier)
			}
		}
	})
}

// FuzzWallClock builds times from any numbers: never a panic, and a time
// it gives shows the clock reading it was asked for.
func FuzzWallClock(f *testing.F) {
	f.Add(2021, 3, 28, 2, 30, uint8(0))
	f.Add(2021, 10, 31, 2, 30, uint8(0))
	f.Add(2018, 11, 4, 0, 0, uint8(2))
	f.Add(2021, 10, 3, 2, 15, uint8(3))
	f.Add(-1, 13, 32, 25, 61, uint8(1))
	zones := fuzzZones(f)
	f.Fuzz(func(t *testing.T, year, month, day, hour, min int, zone uint8) {
		loc := zones[int(zone)%len(zones)]
		got, err := model.WallClock(year, time.Month(month), day, hour, min, loc)
		if err != nil {
			return
		}
		if got.Year() != year || int(got.Month()) != month || got.Day() != day || got.Hour() != hour || got.Minute() != min {
			t.Fatalf("%04d-%02d-%02d %02d:%02d in %s gives %v, which shows another time", year, month, day, hour, min, loc, got)
		}
	})
}
