package model

import "time"

// SessionReport is what the IGF asks a session's rapporteur to send within
// two weeks of the session: the key issues raised, the way forward and calls
// to action, and how many took part where. The rapporteur is not kept here:
// it is whoever has that role on the session.
type SessionReport struct {
	SessionID  int64
	KeyIssues  string
	WayForward string
	Onsite     int  // participants in the room
	Online     int  // participants online
	Women      int  // of Onsite and Online together
	Filed      Date // the day it went to the IGF; zero while it is a draft
}

// ReportGrace is how long after a session its report is due unless the
// session says otherwise: the IGF's two weeks.
const ReportGrace = 14

// Clean normalises the report's texts.
func (r *SessionReport) Clean() {
	r.KeyIssues = CleanText(r.KeyIssues)
	r.WayForward = CleanText(r.WayForward)
}

// Validate returns every problem with the report, each naming its field.
func (r *SessionReport) Validate() error {
	var p Problems
	limitText(&p, "key_issues", r.KeyIssues)
	limitText(&p, "way_forward", r.WayForward)
	for _, n := range []struct {
		field string
		n     int
	}{{"onsite", r.Onsite}, {"online", r.Online}, {"women", r.Women}} {
		if n.n < 0 {
			p.Addf(n.field, "is %d; a count of people cannot be negative", n.n)
		}
	}
	if r.Women > r.Onsite+r.Online && r.Onsite >= 0 && r.Online >= 0 {
		p.Addf("women", "is %d, more than the %d participants onsite and online", r.Women, r.Onsite+r.Online)
	}
	return p.Err()
}

// Filled reports whether anything of the report has been written.
func (r *SessionReport) Filled() bool {
	return r.KeyIssues != "" || r.WayForward != "" || r.Onsite != 0 || r.Online != 0 || r.Women != 0 || !r.Filed.IsZero()
}

// ReportDue is the day a session's report is due: the session's own report
// due date when set, else two weeks after the day it ends in its forum's
// zone for a session that takes place (scheduled or held). Ideas,
// proposals, accepted and cancelled sessions owe no report: zero.
func ReportDue(s *Session, f *Forum) Date {
	if !s.ReportDue.IsZero() {
		return s.ReportDue
	}
	if s.End.IsZero() || (s.Status != StatusScheduled && s.Status != StatusHeld) {
		return Date{}
	}
	loc := time.UTC
	if f != nil && f.Zone != nil {
		loc = f.Zone
	}
	return DateOf(s.End.In(loc)).AddDays(ReportGrace)
}

// Narrative is the coalition's focus for a year in its own words: the
// opening of its year-end report. The text is Markdown-like: paragraphs,
// "#" headings, "-" lists, *emphasis* and **strong**.
type Narrative struct {
	Year int
	Text string
}

// Clean normalises the narrative's text.
func (n *Narrative) Clean() { n.Text = CleanText(n.Text) }

// Validate returns every problem with the narrative, each naming its field.
func (n *Narrative) Validate() error {
	var p Problems
	limitText(&p, "text", n.Text)
	if n.Year < FirstYear || n.Year > LastYear {
		p.Addf("year", "is %d, outside the years %d to %d", n.Year, FirstYear, LastYear)
	}
	return p.Err()
}
