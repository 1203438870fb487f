package schedule

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/convene-planner/convene/model"
)

// The objects of schedule.json, as testdata/c3voc/schema.json has them.
// Keys the schema requires are written even when empty (null or []).
type (
	jsonDocument struct {
		Schema    string        `json:"$schema"`
		Generator jsonGenerator `json:"generator"`
		Schedule  jsonSchedule  `json:"schedule"`
	}
	jsonGenerator struct {
		Name string `json:"name"`
	}
	jsonSchedule struct {
		Version    string         `json:"version"`
		Conference jsonConference `json:"conference"`
	}
	jsonConference struct {
		Acronym          string      `json:"acronym"`
		Title            string      `json:"title"`
		Start            string      `json:"start"`
		End              string      `json:"end"`
		DaysCount        int         `json:"daysCount"`
		TimeslotDuration string      `json:"timeslot_duration"`
		TimeZoneName     string      `json:"time_zone_name"`
		URL              string      `json:"url,omitempty"`
		Tracks           []jsonTrack `json:"tracks"`
		Rooms            []jsonRoom  `json:"rooms"`
		Days             []jsonDay   `json:"days"`
	}
	jsonTrack struct {
		Name string `json:"name"`
	}
	jsonRoom struct {
		Name string `json:"name"`
		GUID string `json:"guid"`
	}
	jsonDay struct {
		Index    int                    `json:"index"`
		Date     string                 `json:"date"`
		DayStart string                 `json:"day_start"`
		DayEnd   string                 `json:"day_end"`
		Rooms    map[string][]jsonEvent `json:"rooms"`
	}
	jsonEvent struct {
		GUID        string       `json:"guid"`
		ID          int64        `json:"id"`
		Date        string       `json:"date"`
		Start       string       `json:"start"`
		End         string       `json:"end"`
		Duration    string       `json:"duration"`
		Room        string       `json:"room"`
		Slug        string       `json:"slug"`
		URL         string       `json:"url"`
		Title       string       `json:"title"`
		Subtitle    string       `json:"subtitle"`
		Track       *string      `json:"track"`
		Type        string       `json:"type"`
		Language    *string      `json:"language"`
		Abstract    string       `json:"abstract"`
		Description string       `json:"description"`
		Persons     []jsonPerson `json:"persons"`
		Links       []struct{}   `json:"links"`
	}
	jsonPerson struct {
		Name  string `json:"name"`
		GUID  string `json:"guid,omitempty"`
		Email string `json:"email,omitempty"`
	}
)

// schemaURL is where the c3voc schema of schedule.json is published.
const schemaURL = "https://c3voc.de/schedule/schema.json"

// WriteJSON writes the forum's programme as a c3voc schedule.json.
// sessions may hold other forums' sessions too; only the forum's are
// written. people gives the names of the sessions' participants.
func WriteJSON(w io.Writer, f *model.Forum, sessions []model.Session, people []model.Person, opts Options) error {
	p, err := newProgramme(f, sessions, people, opts)
	if err != nil {
		return fmt.Errorf("write schedule.json: %w", err)
	}
	c := jsonConference{
		Acronym:          p.acronym,
		Title:            f.Name,
		Start:            p.days[0].date.String(),
		End:              p.days[len(p.days)-1].date.String(),
		DaysCount:        len(p.days),
		TimeslotDuration: timeslot,
		TimeZoneName:     f.Zone.String(),
		URL:              f.Website,
		Tracks:           []jsonTrack{},
		Rooms:            []jsonRoom{},
	}
	for _, t := range p.tracks {
		c.Tracks = append(c.Tracks, jsonTrack{Name: t})
	}
	for _, r := range p.rooms {
		c.Rooms = append(c.Rooms, jsonRoom{Name: r, GUID: roomGUID(f.Name, r)})
	}
	for _, d := range p.days {
		jd := jsonDay{Index: d.index, Date: d.date.String(), DayStart: d.start.Format(offsetTime),
			DayEnd: d.end.Format(offsetTime), Rooms: map[string][]jsonEvent{}}
		for _, r := range d.rooms {
			events := make([]jsonEvent, 0, len(r.events))
			for _, e := range r.events {
				je := jsonEvent{
					GUID:        e.guid,
					ID:          e.s.ID,
					Date:        e.start.Format(offsetTime),
					Start:       e.start.Format("15:04"),
					End:         e.end.Format(offsetTime),
					Duration:    e.duration,
					Room:        e.room,
					Slug:        e.slug,
					URL:         "urn:uuid:" + e.guid,
					Title:       e.s.Title,
					Type:        string(e.s.Format),
					Abstract:    e.s.Description,
					Description: organisedBy(e.s),
					Persons:     []jsonPerson{},
					Links:       []struct{}{},
				}
				if e.track != "" {
					je.Track = &e.track
				}
				for _, ps := range e.persons {
					jp := jsonPerson{Name: ps.name, Email: ps.email}
					if ps.email != "" {
						jp.GUID = personGUID(ps.email)
					}
					je.Persons = append(je.Persons, jp)
				}
				events = append(events, je)
			}
			jd.Rooms[r.name] = events
		}
		c.Days = append(c.Days, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jsonDocument{Schema: schemaURL, Generator: jsonGenerator{Name: "Convene"},
		Schedule: jsonSchedule{Version: p.version, Conference: c}}); err != nil {
		return fmt.Errorf("write schedule.json: %w", err)
	}
	return nil
}
