package model_test

import (
	"errors"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
)

func TestWallClockAcrossClockChanges(t *testing.T) {
	tests := []struct {
		name    string
		zone    string
		clock   string // YYYY-MM-DD HH:MM in the zone
		want    string // the instant in UTC, or "" when the time does not exist
		comment string
	}{
		{"Warsaw winter", "Europe/Warsaw", "2021-12-06 10:00", "2021-12-06T09:00:00Z", "CET is UTC+1"},
		{"Warsaw summer", "Europe/Warsaw", "2021-06-28 10:00", "2021-06-28T08:00:00Z", "CEST is UTC+2"},
		{"Warsaw spring gap start", "Europe/Warsaw", "2021-03-28 02:00", "", "clocks jump 02:00→03:00"},
		{"Warsaw spring gap middle", "Europe/Warsaw", "2021-03-28 02:30", "", "no 02:30 that night"},
		{"Warsaw after the gap", "Europe/Warsaw", "2021-03-28 03:00", "2021-03-28T01:00:00Z", ""},
		{"Warsaw before the gap", "Europe/Warsaw", "2021-03-28 01:59", "2021-03-28T00:59:00Z", ""},
		{"Warsaw repeated hour is the first", "Europe/Warsaw", "2021-10-31 02:30", "2021-10-31T00:30:00Z", "02:30 CEST, not 02:30 CET"},
		{"Warsaw after the repeat", "Europe/Warsaw", "2021-10-31 03:00", "2021-10-31T02:00:00Z", ""},
		{"Auckland NZDT", "Pacific/Auckland", "2021-12-06 22:00", "2021-12-06T09:00:00Z", "NZDT is UTC+13"},
		{"Auckland spring gap", "Pacific/Auckland", "2021-09-26 02:15", "", "clocks jump 02:00→03:00"},
		{"Auckland repeated hour is the first", "Pacific/Auckland", "2021-04-04 02:30", "2021-04-03T13:30:00Z", "02:30 NZDT, not NZST"},
		{"Auckland after the repeat", "Pacific/Auckland", "2021-04-04 03:00", "2021-04-03T15:00:00Z", ""},
		{"São Paulo midnight skipped", "America/Sao_Paulo", "2018-11-04 00:30", "", "clocks jumped 00:00→01:00"},
		{"São Paulo first hour after", "America/Sao_Paulo", "2018-11-04 01:00", "2018-11-04T03:00:00Z", ""},
		{"São Paulo repeated hour is the first", "America/Sao_Paulo", "2019-02-16 23:30", "2019-02-17T01:30:00Z", "23:30 BRST, not BRT"},
		{"São Paulo without DST since 2019", "America/Sao_Paulo", "2021-11-07 00:30", "2021-11-07T03:30:00Z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, err := model.LoadZone(tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			got, err := model.ParseWallClock(tt.clock, loc)
			if tt.want == "" {
				if !errors.Is(err, model.ErrSkippedTime) {
					t.Fatalf("%s in %s: got %v, %v; want ErrSkippedTime (%s)", tt.clock, tt.zone, got, err, tt.comment)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s in %s: %v", tt.clock, tt.zone, err)
			}
			if got.UTC().Format(time.RFC3339) != tt.want {
				t.Errorf("%s in %s = %s, want %s (%s)", tt.clock, tt.zone, got.UTC().Format(time.RFC3339), tt.want, tt.comment)
			}
			if got.Location() != loc {
				t.Errorf("instant is shown in %v, want %v", got.Location(), loc)
			}
			if back := got.Format("2006-01-02 15:04"); back != tt.clock {
				t.Errorf("instant reads %s on the zone's clocks, want %s", back, tt.clock)
			}
		})
	}
}

func TestParseWallClockReadsRFC3339WithItsOwnOffset(t *testing.T) {
	warsaw, _ := model.LoadZone("Europe/Warsaw")
	got, err := model.ParseWallClock("2021-12-06T10:00:00-03:00", warsaw)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2021, 12, 6, 13, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParseWallClockRefusesWhatIsNotATime(t *testing.T) {
	warsaw, _ := model.LoadZone("Europe/Warsaw")
	for _, s := range []string{"", "tomorrow", "2021-02-30 10:00", "2021-12-06 25:00", "06/12/2021 10:00", "2021-12-06T10:00:00.5Z"} {
		if _, err := model.ParseWallClock(s, warsaw); err == nil {
			t.Errorf("ParseWallClock(%q) accepted it", s)
		}
	}
	if _, err := model.ParseWallClock("2021-12-06 10:00", nil); err == nil {
		t.Error("a wall-clock time without a zone was accepted")
	}
}

func TestLoadZoneRefusesNamesThatAreNotIANAZones(t *testing.T) {
	for _, name := range []string{"", "Local", "Europe/Atlantis", "CEST+2"} {
		if _, err := model.LoadZone(name); err == nil {
			t.Errorf("LoadZone(%q) accepted it", name)
		}
	}
	if _, err := model.LoadZone(" America/Argentina/Buenos_Aires "); err != nil {
		t.Errorf("a zone with surrounding space: %v", err)
	}
}

func TestForumDayStartsWhereMidnightIsSkipped(t *testing.T) {
	sp, _ := model.LoadZone("America/Sao_Paulo")
	got := model.Date{Year: 2018, Month: time.November, Day: 4}.Midnight(sp)
	if want := time.Date(2018, 11, 4, 3, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("4 Nov 2018 began in São Paulo at %v, want %v (01:00 local)", got.UTC(), want)
	}
}
