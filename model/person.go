package model

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Person is anyone who takes part: speakers, moderators, organisers, owners
// of action items.
type Person struct {
	ID int64
	// UID names the person in files without their email: random, stable,
	// unique in a plan and not personal data, so two people with one name
	// stay two when a plan goes out without contacts and comes back.
	UID          string
	Name         string
	Email        string // unique in a plan when given; personal data
	Affiliation  string
	Group        StakeholderGroup
	Region       Region // may be empty
	Gender       Gender // personal data
	Country      string // ISO 3166-1 alpha-2, may be empty
	Zone         *time.Location
	Bio          string
	Availability []Window // when the person can take part; none means any time
	Revision
}

// Window is a span of time, from Start up to but not including End.
type Window struct {
	Start, End time.Time
}

// Contains reports whether the span [start, end) lies within the window.
func (w Window) Contains(start, end time.Time) bool {
	return !start.Before(w.Start) && !end.After(w.End)
}

// Clean trims and collapses the person's single-line fields and normalises
// the bio. Emails are kept as typed but without surrounding space.
func (p *Person) Clean() {
	p.Name = CleanLine(p.Name)
	p.Email = CleanLine(p.Email)
	p.Affiliation = CleanLine(p.Affiliation)
	p.Country = strings.ToUpper(CleanLine(p.Country))
	p.Bio = CleanText(p.Bio)
}

// Validate returns every problem with the person, each naming its field.
func (p *Person) Validate() error {
	var pr Problems
	requireLine(&pr, "name", p.Name)
	limitText(&pr, "bio", p.Bio)
	if p.Email != "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
			pr.Addf("email", "%q is not an email address", p.Email)
		}
	}
	if _, err := ParseStakeholderGroup(string(p.Group)); err != nil {
		pr.Add("stakeholder_group", err)
	}
	if _, err := ParseRegion(string(p.Region)); err != nil {
		pr.Add("region", err)
	}
	if _, err := ParseGender(string(p.Gender)); err != nil {
		pr.Add("gender", err)
	}
	if p.Country != "" {
		pr.Add("country", checkCountry(p.Country))
	}
	if p.Zone == nil {
		pr.Addf("timezone", "is empty; give an IANA zone such as America/Argentina/Buenos_Aires")
	}
	for _, w := range p.Availability {
		if !w.End.After(w.Start) {
			pr.Add("availability", fmt.Errorf("window ending %s does not end after it starts", w.End.Format(time.RFC3339)))
		}
	}
	return pr.Err()
}
