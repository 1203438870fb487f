// Package csvio turns a plan into the rows of PRODUCT.md's CSV columns and
// back: the one definition of those columns, shared by `export csv`,
// `import csv` and `list --json`, so they always agree on names and values.
package csvio

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/convene-planner/convene/model"
)

// Kind is one of the kinds of record a plan exchanges as CSV.
type Kind string

// The kinds, as the command line names them.
const (
	Forums   Kind = "forums"
	Sessions Kind = "sessions"
	People   Kind = "people"
	Actions  Kind = "actions"
	// Reports are the sessions' reports to the IGF, a session by its UID.
	Reports Kind = "reports"
	// Narratives are the coalition's focus texts, one a year.
	Narratives Kind = "narratives"
)

// Kinds lists the kinds in the order a plan is best imported: forums and
// people before the sessions that name them, then what names sessions.
func Kinds() []Kind { return []Kind{Forums, People, Sessions, Actions, Reports, Narratives} }

// ParseKind reads a kind as the command line names it.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds() {
		if strings.EqualFold(strings.TrimSpace(s), string(k)) {
			return k, nil
		}
	}
	return "", fmt.Errorf("%q is not one of forums, sessions, people, actions, reports, narratives", s)
}

// Columns returns the kind's CSV columns in PRODUCT.md's order.
func Columns(k Kind) []string {
	switch k {
	case Forums:
		return []string{"name", "kind", "city", "country", "format", "first_day", "last_day",
			"timezone", "website", "proposal_deadline", "notes"}
	case People:
		return []string{"uid", "name", "email", "affiliation", "stakeholder_group", "region", "gender",
			"country", "timezone", "bio"}
	case Sessions:
		return []string{"uid", "forum", "title", "format", "start", "end", "timezone", "room",
			"status", "organisers", "topics", "participants", "description", "report_due"}
	case Actions:
		return []string{"title", "owner", "due", "status", "forum", "session", "notes"}
	case Reports:
		return []string{"session", "key_issues", "way_forward", "onsite", "online", "women", "filed"}
	case Narratives:
		return []string{"year", "text"}
	}
	return nil
}

// requiredColumns are the columns a file of the kind must have: those
// without which a new record could not be made. The others may be left out,
// and a record the file updates then keeps what it had there.
func requiredColumns(k Kind) []string {
	switch k {
	case Forums:
		return []string{"name", "kind", "format", "first_day", "last_day", "timezone"}
	case People:
		return []string{"name", "stakeholder_group", "timezone"}
	case Sessions:
		return []string{"forum", "title", "format", "status"}
	case Actions:
		return []string{"title", "status"}
	case Reports:
		return []string{"session"}
	case Narratives:
		return []string{"year", "text"}
	}
	return nil
}

// Options say what goes into a table.
type Options struct {
	// WithContacts includes emails and gender, which are personal data and
	// leave the app only when the user asks. Without it people are named by
	// name in participants and owners, and the email and gender cells are empty.
	WithContacts bool
	// ForumID, when not 0, keeps only that forum, its sessions and its actions.
	ForumID int64
}

// A Row holds one record's cells in Columns order. A cell is a string, a
// []string (a list) or a time.Time in the zone it is to be shown in (the
// zero time for none).
type Row []any

// Table returns the plan's records of one kind as rows, in a deterministic
// order: the store's order (forums by first day, sessions by forum and start,
// people by name, actions by due date, reports by session, narratives by year).
func Table(p *model.Plan, k Kind, opts Options) []Row {
	ix := p.Index()
	refs := personRefs(p.People, opts)
	var rows []Row
	switch k {
	case Forums:
		for _, f := range p.Forums {
			if opts.ForumID == 0 || f.ID == opts.ForumID {
				rows = append(rows, forumRow(&f))
			}
		}
	case People:
		for _, pe := range p.People {
			rows = append(rows, personRow(&pe, opts))
		}
	case Sessions:
		for _, s := range p.Sessions {
			if opts.ForumID == 0 || s.ForumID == opts.ForumID {
				rows = append(rows, sessionRow(&s, ix, refs))
			}
		}
	case Actions:
		for _, a := range p.Actions {
			if opts.ForumID == 0 || a.ForumID == opts.ForumID || inForum(ix, a.SessionID, opts.ForumID) {
				rows = append(rows, actionRow(&a, ix, refs))
			}
		}
	case Reports:
		for _, r := range p.Reports {
			if s := ix.Sessions[r.SessionID]; s != nil && (opts.ForumID == 0 || s.ForumID == opts.ForumID) {
				rows = append(rows, Row{s.UID, r.KeyIssues, r.WayForward, strconv.Itoa(r.Onsite),
					strconv.Itoa(r.Online), strconv.Itoa(r.Women), r.Filed.String()})
			}
		}
	case Narratives:
		for _, n := range p.Narratives {
			rows = append(rows, Row{strconv.Itoa(n.Year), n.Text})
		}
	}
	return rows
}

func inForum(ix model.Index, sessionID, forumID int64) bool {
	s := ix.Sessions[sessionID]
	return s != nil && s.ForumID == forumID
}

func forumRow(f *model.Forum) Row {
	return Row{f.Name, string(f.Kind), f.City, f.Country, string(f.Format), f.FirstDay.String(),
		f.LastDay.String(), f.Zone.String(), f.Website, f.ProposalDeadline.String(), f.Notes}
}

func personRow(p *model.Person, opts Options) Row {
	email, gender := "", ""
	if opts.WithContacts {
		email, gender = p.Email, string(p.Gender)
	}
	return Row{p.UID, p.Name, email, p.Affiliation, string(p.Group), string(p.Region), gender,
		p.Country, p.Zone.String(), p.Bio}
}

func sessionRow(s *model.Session, ix model.Index, refs map[int64]string) Row {
	forum := ix.Forums[s.ForumID]
	start, end := s.Start, s.End
	if !start.IsZero() {
		start, end = start.In(forum.Zone), end.In(forum.Zone)
	}
	participants := make([]string, 0, len(s.Participants))
	for _, pt := range s.Participants {
		participants = append(participants,
			refs[pt.PersonID]+":"+string(pt.Role)+":"+string(pt.Status))
	}
	return Row{s.UID, forum.Name, s.Title, string(s.Format), start, end, forum.Zone.String(),
		s.Room, string(s.Status), nonNil(s.Organisers), nonNil(s.Topics), participants,
		s.Description, s.ReportDue.String()}
}

func actionRow(a *model.ActionItem, ix model.Index, refs map[int64]string) Row {
	owner, forum, session := refs[a.OwnerID], "", ""
	if f := ix.Forums[a.ForumID]; f != nil {
		forum = f.Name
	}
	if s := ix.Sessions[a.SessionID]; s != nil {
		session = s.UID
	}
	return Row{a.Title, owner, a.Due.String(), string(a.Status), forum, session, a.Notes}
}

// personRefs is how a file names each person in participants and owners:
// by email when contacts are included and the person has one, else by
// name, else, when another person has the same name, by UID, which is not
// personal data and tells them apart when the file is read back.
func personRefs(people []model.Person, opts Options) map[int64]string {
	named := make(map[string]int, len(people))
	for _, p := range people {
		named[model.NameKey(p.Name)]++
	}
	refs := make(map[int64]string, len(people))
	for _, p := range people {
		switch {
		case opts.WithContacts && p.Email != "":
			refs[p.ID] = p.Email
		case named[model.NameKey(p.Name)] > 1 && p.UID != "":
			refs[p.ID] = p.UID
		default:
			refs[p.ID] = p.Name
		}
	}
	return refs
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// Wall-clock layout of times in CSV cells.
const timeLayout = "2006-01-02 15:04"

// Text formats one cell as CSV writes it: lists joined by sep, times as
// YYYY-MM-DD HH:MM in their own zone. A time that this wall clock would not
// give back when read (the second of a repeated hour, or one with seconds)
// is written in RFC 3339 with its offset instead, so that an export read
// back is the same plan.
func Text(cell any, sep string) string {
	switch v := cell.(type) {
	case string:
		return v
	case []string:
		return strings.Join(v, sep)
	case time.Time:
		if v.IsZero() {
			return ""
		}
		back, err := model.WallClock(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Location())
		if err != nil || !back.Equal(v) {
			return v.Format(time.RFC3339)
		}
		return v.Format(timeLayout)
	}
	return fmt.Sprint(cell)
}
