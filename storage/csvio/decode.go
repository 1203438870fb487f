package csvio

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// Each function below reads the current row as a record of its kind, finds
// the record it updates, if any, and accepts the row into the index when it
// has no problem.

func (im *importer) forum(p *model.Problems) {
	ix := im.ix
	name := model.CleanLine(im.sh.get("name"))
	pos, exists := ix.forumByName[fold(name)]
	var f model.Forum
	if exists {
		if im.again(p, pos, "name", name) {
			return
		}
		f = ix.plan.Forums[pos]
	}
	im.text(&f.Name, "name")
	enum(im, p, &f.Kind, "kind", model.ParseForumKind)
	im.text(&f.City, "city")
	im.text(&f.Country, "country")
	enum(im, p, &f.Format, "format", model.ParseAttendance)
	im.date(p, &f.FirstDay, "first_day")
	im.date(p, &f.LastDay, "last_day")
	im.zone(p, &f.Zone, "timezone")
	im.text(&f.Website, "website")
	im.date(p, &f.ProposalDeadline, "proposal_deadline")
	im.text(&f.Notes, "notes")
	f.Clean()
	settle(p, f.Validate())
	if len(*p) > 0 {
		return
	}
	if exists {
		unchanged := forumEqual(&f, &ix.plan.Forums[pos])
		ix.plan.Forums[pos] = f
		im.accept(pos, false, unchanged)
		return
	}
	f.ID = ix.newID()
	ix.plan.Forums = append(ix.plan.Forums, f)
	pos = len(ix.plan.Forums) - 1
	ix.forumByName[fold(f.Name)] = pos
	im.accept(pos, true, false)
}

func forumEqual(a, b *model.Forum) bool {
	return a.Name == b.Name && a.Kind == b.Kind && a.City == b.City && a.Country == b.Country &&
		a.Format == b.Format && a.FirstDay == b.FirstDay && a.LastDay == b.LastDay &&
		zoneName(a.Zone) == zoneName(b.Zone) && a.Website == b.Website &&
		a.ProposalDeadline == b.ProposalDeadline && a.Notes == b.Notes
}

// errListSeparator explains why a person's name or email may not hold ";":
// a session's participants name people in a list.
var errListSeparator = fmt.Errorf(`holds a ";", which separates the people of a session's participants in a file`)

func (im *importer) person(p *model.Problems) {
	ix := im.ix
	name, email := model.CleanLine(im.sh.get("name")), model.CleanLine(im.sh.get("email"))
	uid := model.CleanLine(im.sh.get("uid"))
	byUID, knownUID := ix.personByUID[uid]
	var (
		pos    int
		exists bool
	)
	switch {
	case uid != "" && knownUID:
		pos, exists = byUID, true
		if im.again(p, pos, "uid", uid) {
			return
		}
	case email != "":
		if pos, exists = ix.personByEmail[model.EmailKey(email)]; exists {
			if im.again(p, pos, "email", email) {
				return
			}
			break
		}
		// Someone the plan knows by name only is given their email.
		pos, exists = im.firstUntouched(ix.peopleByName[model.NameKey(name)], func(i int) bool {
			return ix.plan.People[i].Email == ""
		})
	default:
		pos, exists = im.firstUntouched(ix.peopleByName[model.NameKey(name)], anyRecord)
	}
	var pe model.Person
	if exists {
		pe = ix.plan.People[pos]
	} else {
		pe.UID = uid // a person new to the plan keeps the UID the file gives
	}
	im.text(&pe.Name, "name")
	// Emails and gender are left empty by an export without contacts, so
	// an empty cell keeps what the plan has rather than erasing it.
	if email != "" {
		pe.Email = email
	}
	im.text(&pe.Affiliation, "affiliation")
	enum(im, p, &pe.Group, "stakeholder_group", model.ParseStakeholderGroup)
	enum(im, p, &pe.Region, "region", model.ParseRegion)
	if strings.TrimSpace(im.sh.get("gender")) != "" || !exists {
		pe.Gender = model.GenderUndisclosed
		enum(im, p, &pe.Gender, "gender", model.ParseGender)
	}
	im.text(&pe.Country, "country")
	im.zone(p, &pe.Zone, "timezone")
	im.text(&pe.Bio, "bio")
	pe.Clean()
	if strings.Contains(pe.Name, ";") {
		p.Add("name", errListSeparator)
	}
	if strings.Contains(pe.Email, ";") {
		p.Add("email", errListSeparator)
	}
	settle(p, pe.Validate())
	if len(*p) > 0 {
		return
	}
	if exists {
		unchanged := personEqual(&pe, &ix.plan.People[pos])
		ix.unindexPerson(pos)
		ix.plan.People[pos] = pe
		ix.indexPerson(pos)
		im.accept(pos, false, unchanged)
		return
	}
	pe.ID = ix.newID()
	ix.plan.People = append(ix.plan.People, pe)
	pos = len(ix.plan.People) - 1
	ix.indexPerson(pos)
	im.accept(pos, true, false)
}

// personEqual compares what a file holds of a person (not availability,
// which an import keeps).
func personEqual(a, b *model.Person) bool {
	return a.Name == b.Name && a.Email == b.Email && a.Affiliation == b.Affiliation &&
		a.Group == b.Group && a.Region == b.Region && a.Gender == b.Gender &&
		a.Country == b.Country && zoneName(a.Zone) == zoneName(b.Zone) && a.Bio == b.Bio
}

func (im *importer) session(p *model.Problems) {
	ix, sh := im.ix, im.sh
	uid := model.CleanLine(sh.get("uid"))
	pos, exists := -1, false
	if uid != "" {
		pos, exists = ix.sessionByUID[uid]
	}
	var s model.Session
	switch {
	case exists:
		if im.again(p, pos, "uid", uid) {
			return
		}
		s = ix.plan.Sessions[pos]
	case uid != "":
		s.UID = uid // a UID given is kept, as calendars already know it
	default:
		s.UID = storage.NewUID()
	}

	var loc *time.Location
	if sh.has("forum") {
		s.ForumID = 0
		if name := model.CleanLine(sh.get("forum")); name != "" {
			if i, err := ix.forum(name); err != nil {
				p.Add("forum", err)
			} else {
				s.ForumID, loc = ix.plan.Forums[i].ID, ix.plan.Forums[i].Zone
			}
		}
	}
	if zone := strings.TrimSpace(sh.get("timezone")); zone != "" {
		var err error
		if loc, err = im.loadZone(zone); err != nil {
			p.Add("timezone", err)
		}
	}
	im.text(&s.Title, "title")
	enum(im, p, &s.Format, "format", model.ParseSessionFormat)
	im.instant(p, &s.Start, "start", loc)
	im.instant(p, &s.End, "end", loc)
	im.text(&s.Room, "room")
	enum(im, p, &s.Status, "status", model.ParseSessionStatus)
	if sh.has("organisers") {
		s.Organisers = im.organisers(p)
	}
	if sh.has("topics") {
		s.Topics = im.list(p, "topics")
	}
	if sh.has("participants") {
		s.Participants = im.participants(p)
	}
	im.text(&s.Description, "description")
	im.date(p, &s.ReportDue, "report_due")
	s.Clean()
	settle(p, s.Validate())
	if len(*p) > 0 {
		return
	}
	for _, short := range s.Organisers {
		if _, known := ix.coalitions[fold(short)]; !known {
			ix.coalitions[fold(short)] = short
			ix.plan.Coalitions = append(ix.plan.Coalitions, model.Coalition{ID: ix.newID(), Name: short, ShortName: short})
			im.sum.Coalitions = append(im.sum.Coalitions, short)
		}
	}
	if exists {
		unchanged := sessionEqual(&s, &ix.plan.Sessions[pos])
		ix.unindexSession(pos)
		ix.plan.Sessions[pos] = s
		ix.indexSession(pos)
		im.accept(pos, false, unchanged)
		return
	}
	s.ID = ix.newID()
	ix.plan.Sessions = append(ix.plan.Sessions, s)
	pos = len(ix.plan.Sessions) - 1
	ix.indexSession(pos)
	im.accept(pos, true, false)
}

// organisers reads coalition short names, spelled as the plan spells them
// when it has them (the plan's short names are unique regardless of case).
func (im *importer) organisers(p *model.Problems) []string {
	list := im.list(p, "organisers")
	for i, short := range list {
		if known, ok := im.ix.coalitions[fold(model.CleanLine(short))]; ok {
			list[i] = known
		}
	}
	return list
}

// participants reads items written PERSON:ROLE or PERSON:ROLE:STATUS.
func (im *importer) participants(p *model.Problems) []model.Participation {
	var list []model.Participation
	for _, item := range im.list(p, "participants") {
		item = model.CleanLine(item)
		if item == "" {
			continue
		}
		ref, role, status, err := splitParticipant(item)
		if err != nil {
			p.Add("participants", err)
			continue
		}
		i, err := im.ix.person(ref)
		if err != nil {
			p.Add("participants", err)
			continue
		}
		list = append(list, model.Participation{PersonID: im.ix.plan.People[i].ID, Role: role, Status: status})
	}
	return list
}

// splitParticipant reads a participants item from the right, since a
// person's name may hold ':' but a role or status never does. The status
// may be left out, and then means confirmed.
func splitParticipant(item string) (ref string, role model.Role, status model.Confirmation, err error) {
	parts := strings.Split(item, ":")
	n := len(parts)
	if n < 2 {
		return "", "", "", fmt.Errorf("%q is not written PERSON:ROLE or PERSON:ROLE:STATUS", item)
	}
	status = model.Confirmed
	// The last part is the status when it is one, or when the part before
	// it is a role: so a misspelt role or a misspelt status is what the
	// message names.
	if n >= 3 && (isWord(statusWords, parts[n-1]) || isWord(roleWords, parts[n-2]) && !isWord(roleWords, parts[n-1])) {
		if status, err = model.ParseConfirmation(parts[n-1]); err != nil {
			return "", "", "", fmt.Errorf("%s: status %w", item, err)
		}
		parts, n = parts[:n-1], n-1
	}
	if role, err = model.ParseRole(parts[n-1]); err != nil {
		return "", "", "", fmt.Errorf("%s: role %w", item, err)
	}
	return strings.TrimSpace(strings.Join(parts[:n-1], ":")), role, status, nil
}

// roleWords are the roles, to tell a role from a status or a name without
// the cost of a parse error for every participant.
var roleWords = func() map[string]bool {
	words := map[string]bool{}
	for _, r := range model.Roles() {
		words[string(r)] = true
	}
	return words
}()

// statusWords are the confirmations, likewise.
var statusWords = func() map[string]bool {
	words := map[string]bool{}
	for _, c := range model.Confirmations() {
		words[string(c)] = true
	}
	return words
}()

// isWord reports whether s is one of the words, as the model's parsers
// read them: in any case, with surrounding space.
func isWord(words map[string]bool, s string) bool {
	return words[strings.ToLower(strings.TrimSpace(s))]
}

// sessionEqual compares everything a file holds of a session, order of the
// lists included (the store keeps it).
func sessionEqual(a, b *model.Session) bool {
	return a.UID == b.UID && a.ForumID == b.ForumID && a.Title == b.Title && a.Format == b.Format &&
		a.Start.Equal(b.Start) && a.End.Equal(b.End) && a.Room == b.Room && a.Status == b.Status &&
		slices.Equal(a.Organisers, b.Organisers) && slices.Equal(a.Topics, b.Topics) &&
		slices.Equal(a.Participants, b.Participants) && a.Description == b.Description &&
		a.ReportDue == b.ReportDue
}

func (im *importer) action(p *model.Problems) {
	ix := im.ix
	var owner int64
	if ref := model.CleanLine(im.sh.get("owner")); ref != "" {
		if i, err := ix.person(ref); err != nil {
			p.Add("owner", err)
		} else {
			owner = ix.plan.People[i].ID
		}
	}
	title := model.CleanLine(im.sh.get("title"))
	pos, exists := im.firstUntouched(ix.actionsByKey[actionKey{fold(title), owner}], anyRecord)
	var a model.ActionItem
	if exists {
		a = ix.plan.Actions[pos]
	}
	im.text(&a.Title, "title")
	a.OwnerID = owner
	im.date(p, &a.Due, "due")
	enum(im, p, &a.Status, "status", model.ParseActionStatus)
	if im.sh.has("forum") {
		a.ForumID = 0
		if name := model.CleanLine(im.sh.get("forum")); name != "" {
			if i, err := ix.forum(name); err != nil {
				p.Add("forum", err)
			} else {
				a.ForumID = ix.plan.Forums[i].ID
			}
		}
	}
	if im.sh.has("session") {
		a.SessionID = 0
		if ref := model.CleanLine(im.sh.get("session")); ref != "" {
			if i, err := ix.session(ref, a.ForumID); err != nil {
				p.Add("session", err)
			} else {
				a.SessionID = ix.plan.Sessions[i].ID
			}
		}
	}
	im.text(&a.Notes, "notes")
	a.Clean()
	settle(p, a.Validate())
	if len(*p) > 0 {
		return
	}
	if exists {
		unchanged := a == ix.plan.Actions[pos]
		ix.unindexAction(pos)
		ix.plan.Actions[pos] = a
		ix.indexAction(pos)
		im.accept(pos, false, unchanged)
		return
	}
	a.ID = ix.newID()
	ix.plan.Actions = append(ix.plan.Actions, a)
	pos = len(ix.plan.Actions) - 1
	ix.indexAction(pos)
	im.accept(pos, true, false)
}
