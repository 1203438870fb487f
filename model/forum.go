package model

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Forum is an event the coalition takes part in: EuroDIG, a national or
// regional IGF, the global IGF.
type Forum struct {
	ID               int64
	Name             string // unique in a plan
	Kind             ForumKind
	City             string
	Country          string // ISO 3166-1 alpha-2, upper case
	Format           Attendance
	FirstDay         Date // inclusive, in the forum's zone
	LastDay          Date // inclusive, in the forum's zone
	Zone             *time.Location
	Website          string
	ProposalDeadline Date
	Notes            string
}

// Clean trims and collapses the forum's single-line fields and normalises
// its multi-line ones, as every input path does before validating.
func (f *Forum) Clean() {
	f.Name = CleanLine(f.Name)
	f.City = CleanLine(f.City)
	f.Country = strings.ToUpper(CleanLine(f.Country))
	f.Website = CleanLine(f.Website)
	f.Notes = CleanText(f.Notes)
}

// Validate returns every problem with the forum, each naming its field.
func (f *Forum) Validate() error {
	var p Problems
	limitText(&p, "notes", f.Notes)
	requireLine(&p, "name", f.Name)
	if _, err := ParseForumKind(string(f.Kind)); err != nil {
		p.Add("kind", err)
	}
	if f.Country != "" {
		p.Add("country", checkCountry(f.Country))
	}
	if _, err := ParseAttendance(string(f.Format)); err != nil {
		p.Add("format", err)
	}
	if f.FirstDay.IsZero() {
		p.Addf("first_day", "is empty")
	}
	if f.LastDay.IsZero() {
		p.Addf("last_day", "is empty")
	}
	if !f.FirstDay.IsZero() && !f.LastDay.IsZero() && f.LastDay.Before(f.FirstDay) {
		p.Addf("last_day", "%s is before the first day %s", f.LastDay, f.FirstDay)
	}
	if f.Zone == nil {
		p.Addf("timezone", "is empty; give an IANA zone such as Europe/Warsaw")
	}
	if f.Website != "" {
		p.Add("website", checkURL(f.Website))
	}
	return p.Err()
}

// Start returns the instant the forum's first day begins in its zone.
func (f *Forum) Start() time.Time { return f.FirstDay.Midnight(f.Zone) }

// End returns the instant the forum's last day ends in its zone.
func (f *Forum) End() time.Time { return f.LastDay.AddDays(1).Midnight(f.Zone) }

// Days returns every day of the forum, first to last.
func (f *Forum) Days() []Date {
	var days []Date
	for d := f.FirstDay; !f.LastDay.Before(d) && len(days) < 366; d = d.AddDays(1) {
		days = append(days, d)
	}
	return days
}

func requireLine(p *Problems, field, value string) {
	switch {
	case value == "":
		p.Addf(field, "is empty")
	case tooLong(value, maxLine):
		p.Addf(field, "is longer than %d characters", maxLine)
	}
}

// maxLine bounds single-line fields: long enough for any real title, short
// enough that a pasted document is caught as a mistake.
const maxLine = 500

// MaxText bounds multi-line fields (a description, a bio, notes, a report):
// some five hundred pages of prose, far more than any plan needs, where a
// file pasted by mistake (a 48 MB log) would have been stored whole. It
// lets through the megabyte a spreadsheet cell may hold.
const MaxText = 2_000_000

// limitText names a multi-line field that is longer than MaxText.
func limitText(p *Problems, field, value string) {
	if tooLong(value, MaxText) {
		p.Addf(field, "is longer than %d characters", MaxText)
	}
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not a web address starting with https:// or http://", s)
	}
	return nil
}

// Place is where a forum meets, as lists and reports show it: "Katowice,
// PL", its city or country alone when only one is known, "Online" for an
// online forum with neither, else "".
func (f *Forum) Place() string {
	switch {
	case f.City != "" && f.Country != "":
		return f.City + ", " + f.Country
	case f.City != "" || f.Country != "":
		return f.City + f.Country
	case f.Format == Online:
		return "Online"
	}
	return ""
}
