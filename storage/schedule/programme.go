package schedule

import (
	"cmp"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/convene-planner/convene/model"
)

// Options say what a schedule holds beyond the programme itself.
type Options struct {
	// WithContacts adds people's emails, and the guid the c3voc schema
	// derives from an email, which are personal data.
	WithContacts bool
}

// Programme is a forum's programme as both formats lay it out: days, the
// rooms used on each, and the events in each room in order.
type programme struct {
	forum   *model.Forum
	acronym string
	version string
	days    []day
	rooms   []string // every room used, by name
	tracks  []string // every track used, by name
}

type day struct {
	index      int
	date       model.Date
	start, end time.Time
	rooms      []room
}

type room struct {
	name   string
	events []event
}

type event struct {
	s        *model.Session
	guid     string
	start    time.Time // in the forum's zone
	end      time.Time
	duration string // HH:MM
	slug     string
	track    string
	room     string
	persons  []person
}

type person struct {
	id          int64
	name, email string
}

// noRoom names the room of a session that has none yet: a conference app
// groups events by room and needs a name to show.
const noRoom = "Room to be announced"

// timeslot is the grid conference apps draw a day on.
const timeslot = "00:15"

// newProgramme lays out the forum's sessions that a conference app shows.
// A session that ends before it starts, or lasts 100 hours or more, cannot
// be written in either format: it is refused by name, not left out.
func newProgramme(f *model.Forum, sessions []model.Session, people []model.Person, opts Options) (*programme, error) {
	names := make(map[int64]*model.Person, len(people))
	for i := range people {
		names[people[i].ID] = &people[i]
	}
	p := &programme{forum: f, acronym: acronym(f)}
	version := sha256.New()
	byDate := map[model.Date]map[string][]event{}
	rooms, tracks := map[string]bool{}, map[string]bool{}
	for i := range sessions {
		s := &sessions[i]
		if s.ForumID != f.ID || !s.Scheduled() || s.Status == model.StatusCancelled {
			continue
		}
		length := s.End.Sub(s.Start)
		if length <= 0 {
			return nil, fmt.Errorf("session %q does not end after it starts, so a conference app cannot show it; correct its times", s.Title)
		}
		if length >= 100*time.Hour {
			return nil, fmt.Errorf("session %q lasts %d hours, more than a conference schedule can say (99:59); correct its times", s.Title, int(length.Hours()))
		}
		e := event{
			s:        s,
			guid:     SessionGUID(s.UID),
			start:    s.Start.In(f.Zone),
			end:      s.End.In(f.Zone),
			duration: fmt.Sprintf("%02d:%02d", int(length/time.Hour), int(length%time.Hour/time.Minute)),
			room:     cmp.Or(s.Room, noRoom),
		}
		e.slug = p.acronym + "-" + strings.ReplaceAll(e.guid, "-", "")[:12] + slugTail(s.Title)
		if len(s.Topics) > 0 {
			e.track = s.Topics[0]
			tracks[e.track] = true
		}
		for _, pt := range s.Participants {
			who := names[pt.PersonID]
			if who == nil || pt.Status == model.Declined {
				continue
			}
			ps := person{id: who.ID, name: who.Name}
			if opts.WithContacts {
				ps.email = who.Email
			}
			e.persons = append(e.persons, ps)
		}
		fmt.Fprintf(version, "%s\x00%d\x00", s.UID, s.Sequence)
		date := model.DateOf(e.start)
		if byDate[date] == nil {
			byDate[date] = map[string][]event{}
		}
		byDate[date][e.room] = append(byDate[date][e.room], e)
		rooms[e.room] = true
	}
	p.version = hex.EncodeToString(version.Sum(nil)[:6])
	p.rooms = sortedKeys(rooms)
	p.tracks = sortedKeys(tracks)

	// The forum's days, and any day a session strays onto (a conflict the
	// checks name, but the session is still on the programme).
	dates := map[model.Date]bool{}
	for _, d := range f.Days() {
		dates[d] = true
	}
	for d := range byDate {
		dates[d] = true
	}
	for i, d := range sortedDates(dates) {
		dd := day{index: i + 1, date: d, start: d.Midnight(f.Zone), end: d.AddDays(1).Midnight(f.Zone)}
		for _, name := range sortedKeys(byDate[d]) {
			events := byDate[d][name]
			slices.SortFunc(events, func(a, b event) int {
				return cmp.Or(a.start.Compare(b.start), cmp.Compare(a.s.ID, b.s.ID))
			})
			dd.rooms = append(dd.rooms, room{name: name, events: events})
		}
		p.days = append(p.days, dd)
	}
	return p, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func sortedDates(m map[model.Date]bool) []model.Date {
	dates := make([]model.Date, 0, len(m))
	for d := range m {
		dates = append(dates, d)
	}
	slices.SortFunc(dates, model.Date.Compare)
	return dates
}

// acronym is the forum's short identifier as both schemas restrict it:
// lower-case letters, digits and underscores, at least four of them ("IGF
// 2021" is igf_2021); a name too short or not in Latin letters takes the
// forum's year.
func acronym(f *model.Forum) string {
	a := strings.Trim(slugify(f.Name, '_'), "_")
	if len(a) < 4 {
		a = strings.TrimLeft(a+"_"+f.FirstDay.Format("2006"), "_")
	}
	return a
}

// slugTail is "-" and the title in lower-case ASCII words joined by
// hyphens, at most 40 characters, or nothing for a title without any.
func slugTail(title string) string {
	s := slugify(title, '-')
	if len(s) > 40 {
		s = s[:40]
	}
	if s = strings.Trim(s, "-"); s == "" {
		return ""
	}
	return "-" + s
}

// slugify lower-cases s and keeps ASCII letters and digits, joining runs of
// anything else into one sep.
func slugify(s string, sep byte) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(s) {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte(sep)
			}
			b.WriteRune(r)
			gap = false
			continue
		}
		gap = true
	}
	return b.String()
}

// sessionNamespace is the UUID namespace of the guids Convene derives from
// session UIDs; any fixed value would do, so long as it never changes.
var sessionNamespace = [16]byte{0x5a, 0xfd, 0x6d, 0x45, 0xb4, 0xee, 0x4c, 0x31, 0x9c, 0x44, 0xe8, 0xf2, 0xcf, 0xf2, 0x8b, 0x65}

// urlNamespace is RFC 4122's namespace for names that are URLs, which the
// c3voc schema uses for a person's guid: uuid5(NS_URL, "acct:EMAIL").
var urlNamespace = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// SessionGUID is the guid of the session with the given UID in a schedule:
// a name-based UUID (RFC 4122 version 5), since UIDs need not be UUIDs and
// both schemas require one. The same UID always gives the same guid.
func SessionGUID(uid string) string { return uuid5(sessionNamespace, uid) }

// roomGUID is a room's guid, the same whenever the forum and room are.
func roomGUID(forum, room string) string {
	return uuid5(sessionNamespace, "room\x00"+forum+"\x00"+room)
}

// personGUID is the guid the c3voc schema gives a person with an email.
func personGUID(email string) string { return uuid5(urlNamespace, "acct:"+strings.ToLower(email)) }

func uuid5(namespace [16]byte, name string) string {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	x := hex.EncodeToString(u[:])
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// offsetTime is how both formats write an instant: with the zone's offset.
const offsetTime = "2006-01-02T15:04:05-07:00"
