package schedule

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/convene-planner/convene/model"
)

// The elements of schedule.xml, as testdata/c3voc/schedule.xml.xsd has them.
type (
	xmlSchedule struct {
		XMLName    xml.Name      `xml:"schedule"`
		Generator  xmlGenerator  `xml:"generator"`
		Version    string        `xml:"version"`
		Conference xmlConference `xml:"conference"`
		Days       []xmlDay      `xml:"day"`
	}
	xmlGenerator struct {
		Name string `xml:"name,attr"`
	}
	xmlConference struct {
		Title            string     `xml:"title"`
		Acronym          string     `xml:"acronym"`
		Start            string     `xml:"start"`
		End              string     `xml:"end"`
		Days             int        `xml:"days"`
		TimeslotDuration string     `xml:"timeslot_duration"`
		URL              string     `xml:"url,omitempty"`
		TimeZoneName     string     `xml:"time_zone_name"`
		Tracks           []xmlTrack `xml:"track"`
	}
	xmlTrack struct {
		Name string `xml:"name,attr"`
	}
	xmlDay struct {
		Index int       `xml:"index,attr"`
		Date  string    `xml:"date,attr"`
		Start string    `xml:"start,attr"`
		End   string    `xml:"end,attr"`
		Rooms []xmlRoom `xml:"room"`
	}
	xmlRoom struct {
		Name   string     `xml:"name,attr"`
		GUID   string     `xml:"guid,attr"`
		Events []xmlEvent `xml:"event"`
	}
	xmlEvent struct {
		ID          int64       `xml:"id,attr"`
		GUID        string      `xml:"guid,attr"`
		Room        string      `xml:"room"`
		Title       string      `xml:"title"`
		Subtitle    string      `xml:"subtitle"`
		Type        string      `xml:"type"`
		Date        string      `xml:"date"`
		Start       string      `xml:"start"`
		Duration    string      `xml:"duration"`
		Abstract    string      `xml:"abstract"`
		Slug        string      `xml:"slug"`
		Track       string      `xml:"track"`
		Persons     []xmlPerson `xml:"persons>person"`
		Description string      `xml:"description"`
	}
	xmlPerson struct {
		ID   int64  `xml:"id,attr"`
		GUID string `xml:"guid,attr,omitempty"`
		Name string `xml:",chardata"`
	}
)

// WriteXML writes the forum's programme as a frab/pentabarf schedule.xml.
// sessions may hold other forums' sessions too; only the forum's are
// written. people gives the names of the sessions' participants.
func WriteXML(w io.Writer, f *model.Forum, sessions []model.Session, people []model.Person, opts Options) error {
	p, err := newProgramme(f, sessions, people, opts)
	if err != nil {
		return fmt.Errorf("write schedule.xml: %w", err)
	}
	doc := xmlSchedule{
		Generator: xmlGenerator{Name: "Convene"},
		Version:   p.version,
		Conference: xmlConference{
			Title:            f.Name,
			Acronym:          p.acronym,
			Start:            p.days[0].date.String(),
			End:              p.days[len(p.days)-1].date.String(),
			Days:             len(p.days),
			TimeslotDuration: timeslot,
			URL:              f.Website,
			TimeZoneName:     f.Zone.String(),
		},
	}
	for _, t := range p.tracks {
		doc.Conference.Tracks = append(doc.Conference.Tracks, xmlTrack{Name: t})
	}
	for _, d := range p.days {
		xd := xmlDay{Index: d.index, Date: d.date.String(), Start: d.start.Format(offsetTime), End: d.end.Format(offsetTime)}
		for _, r := range d.rooms {
			xr := xmlRoom{Name: r.name, GUID: roomGUID(f.Name, r.name)}
			for _, e := range r.events {
				xe := xmlEvent{
					ID:          e.s.ID,
					GUID:        e.guid,
					Room:        e.room,
					Title:       e.s.Title,
					Type:        string(e.s.Format),
					Date:        e.start.Format(offsetTime),
					Start:       e.start.Format("15:04"),
					Duration:    e.duration,
					Abstract:    e.s.Description,
					Slug:        e.slug,
					Track:       e.track,
					Description: organisedBy(e.s),
				}
				for _, ps := range e.persons {
					xp := xmlPerson{ID: ps.id, Name: ps.name}
					if ps.email != "" {
						xp.GUID = personGUID(ps.email)
					}
					xe.Persons = append(xe.Persons, xp)
				}
				xr.Events = append(xr.Events, xe)
			}
			xd.Rooms = append(xd.Rooms, xr)
		}
		doc.Days = append(doc.Days, xd)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write schedule.xml: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write schedule.xml: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write schedule.xml: %w", err)
	}
	return nil
}

// organisedBy says who organises a session, for an event's description.
func organisedBy(s *model.Session) string {
	switch len(s.Organisers) {
	case 0:
		return ""
	case 1:
		return "Organised by " + s.Organisers[0] + "."
	}
	last := len(s.Organisers) - 1
	names := s.Organisers[0]
	for _, o := range s.Organisers[1:last] {
		names += ", " + o
	}
	return "Organised jointly by " + names + " and " + s.Organisers[last] + "."
}
