package schedule_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/sample/sampletest"
	"github.com/convene-planner/convene/storage/schedule"
)

type writeFunc func(w *bytes.Buffer, f *model.Forum, p *model.Plan, opts schedule.Options) error

var formats = []struct {
	name     string
	write    writeFunc
	validate func(t *testing.T, path string)
}{
	{"schedule.xml", func(w *bytes.Buffer, f *model.Forum, p *model.Plan, opts schedule.Options) error {
		return schedule.WriteXML(w, f, p.Sessions, p.People, opts)
	}, validateXML},
	{"schedule.json", func(w *bytes.Buffer, f *model.Forum, p *model.Plan, opts schedule.Options) error {
		return schedule.WriteJSON(w, f, p.Sessions, p.People, opts)
	}, validateJSON},
}

// validateXML checks the file against the c3voc XSD with libxml2's xmllint.
func validateXML(t *testing.T, path string) {
	t.Helper()
	out, err := exec.Command("xmllint", "--noout", "--schema", filepath.Join("testdata", "c3voc", "schedule.xml.xsd"), path).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint finds %s does not follow the c3voc schema: %v\n%s", path, err, out)
	}
}

// validateJSON checks the file against the c3voc JSON schema with
// python3-jsonschema.
func validateJSON(t *testing.T, path string) {
	t.Helper()
	out, err := exec.Command("/usr/bin/python3", filepath.Join("testdata", "validate_json.py"),
		filepath.Join("testdata", "c3voc", "schema.json"), path).CombinedOutput()
	if err != nil {
		t.Fatalf("python3-jsonschema finds %s does not follow the c3voc schema: %v\n%s", path, err, out)
	}
}

func write(t *testing.T, name string, fn writeFunc, f *model.Forum, p *model.Plan, opts schedule.Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := fn(&buf, f, p, opts); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEveryForumOfTheSampleFollowsTheC3VOCSchemas(t *testing.T) {
	p := sampletest.Plan(t)
	for _, format := range formats {
		for i := range p.Forums {
			f := &p.Forums[i]
			for _, contacts := range []bool{false, true} {
				t.Run(format.name+"/"+f.Name, func(t *testing.T) {
					format.validate(t, write(t, format.name, format.write, f, p, schedule.Options{WithContacts: contacts}))
				})
			}
		}
	}
}

// jsonSchedule is what a conference app reads of schedule.json.
type jsonSchedule struct {
	Schedule struct {
		Conference struct {
			Acronym      string `json:"acronym"`
			TimeZoneName string `json:"time_zone_name"`
			Days         []struct {
				Date  string `json:"date"`
				Rooms map[string][]struct {
					GUID    string `json:"guid"`
					Title   string `json:"title"`
					Date    string `json:"date"`
					Start   string `json:"start"`
					Persons []struct {
						Name  string `json:"name"`
						Email string `json:"email"`
					} `json:"persons"`
				} `json:"rooms"`
			} `json:"days"`
		} `json:"conference"`
	} `json:"schedule"`
}

func TestTheIGFProgrammeShowsEachSessionAtItsForumsTimeWithItsPeopleByName(t *testing.T) {
	p := sampletest.Plan(t)
	igf := sampletest.Forum(t, p, "IGF 2021")
	var buf bytes.Buffer
	if err := schedule.WriteJSON(&buf, igf, p.Sessions, p.People, schedule.Options{}); err != nil {
		t.Fatal(err)
	}
	var doc jsonSchedule
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	c := doc.Schedule.Conference
	if c.TimeZoneName != "Europe/Warsaw" {
		t.Errorf("time_zone_name %q, want the forum's zone Europe/Warsaw", c.TimeZoneName)
	}
	byGUID := map[string]int{}
	shown := 0
	for _, d := range c.Days {
		for _, events := range d.Rooms {
			for _, e := range events {
				byGUID[e.GUID]++
				shown++
				if !strings.HasPrefix(e.Date, d.Date+"T"+e.Start+":00+01:00") {
					t.Errorf("%q on %s at %s is dated %s: not in Katowice's time on its own day", e.Title, d.Date, e.Start, e.Date)
				}
				for _, ps := range e.Persons {
					if ps.Email != "" || strings.Contains(ps.Name, "@") {
						t.Errorf("%q names a person with an email without --with-contacts: %+v", e.Title, ps)
					}
				}
			}
		}
	}
	want := 0
	for i := range p.Sessions {
		s := &p.Sessions[i]
		if s.ForumID != igf.ID || !s.Scheduled() || s.Status == model.StatusCancelled {
			continue
		}
		want++
		if byGUID[schedule.SessionGUID(s.UID)] != 1 {
			t.Errorf("session %q (UID %s) appears %d times, want once under its guid", s.Title, s.UID, byGUID[schedule.SessionGUID(s.UID)])
		}
	}
	if want == 0 || shown != want {
		t.Errorf("the programme shows %d events, the forum has %d sessions with times that are not cancelled", shown, want)
	}
	if bytes.Contains(buf.Bytes(), []byte("@example")) {
		t.Error("an email left the plan without --with-contacts")
	}
}

func TestWithContactsTheProgrammeCarriesEmailsAndTheGUIDsTheSchemaDerivesFromThem(t *testing.T) {
	p := sampletest.Plan(t)
	igf := sampletest.Forum(t, p, "IGF 2021")
	var x bytes.Buffer
	if err := schedule.WriteXML(&x, igf, p.Sessions, p.People, schedule.Options{WithContacts: true}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Persons []struct {
			GUID string `xml:"guid,attr"`
			Name string `xml:",chardata"`
		} `xml:"day>room>event>persons>person"`
	}
	if err := xml.Unmarshal(x.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Persons) == 0 {
		t.Fatal("no person in the IGF programme")
	}
	for _, ps := range doc.Persons {
		if ps.GUID == "" {
			t.Errorf("%s has no guid with contacts", ps.Name)
		}
	}
	var j bytes.Buffer
	if err := schedule.WriteJSON(&j, igf, p.Sessions, p.People, schedule.Options{WithContacts: true}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(j.Bytes(), []byte(`"email": "`)) {
		t.Error("schedule.json with contacts names no email")
	}
}

func TestAGUIDIsAUUIDThatStaysWithItsSessionUID(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, uid := range []string{"sample-2021-igf-ws@convene", "0f1e2d3c4b5a69788796a5b4c3d2e1f0@convene", "x"} {
		g := schedule.SessionGUID(uid)
		if !uuid.MatchString(g) {
			t.Errorf("guid of %q is %q, not a version-5 UUID", uid, g)
		}
		if g != schedule.SessionGUID(uid) {
			t.Errorf("guid of %q changes from one export to the next", uid)
		}
	}
	if schedule.SessionGUID("a@convene") == schedule.SessionGUID("b@convene") {
		t.Error("two sessions share a guid")
	}
}

func TestTwoExportsOfAnUnchangedForumAreTheSameBytes(t *testing.T) {
	p := sampletest.Plan(t)
	igf := sampletest.Forum(t, p, "IGF 2021")
	for _, format := range formats {
		var a, b bytes.Buffer
		if err := format.write(&a, igf, p, schedule.Options{}); err != nil {
			t.Fatal(err)
		}
		if err := format.write(&b, igf, p, schedule.Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s differs between two exports of the same forum", format.name)
		}
	}
}

func TestASessionThatEndsBeforeItStartsIsNamedAndNothingIsWritten(t *testing.T) {
	p := sampletest.Plan(t)
	igf := sampletest.Forum(t, p, "IGF 2021")
	var broken *model.Session
	for i := range p.Sessions {
		if s := &p.Sessions[i]; s.ForumID == igf.ID && s.Scheduled() && s.Status != model.StatusCancelled {
			broken = s
			break
		}
	}
	broken.End = broken.Start.Add(-time.Hour)
	for _, format := range formats {
		var buf bytes.Buffer
		err := format.write(&buf, igf, p, schedule.Options{})
		if err == nil || !strings.Contains(err.Error(), broken.Title) {
			t.Errorf("%s: error %v, want one naming %q", format.name, err, broken.Title)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: %d bytes written before the refusal", format.name, buf.Len())
		}
	}
}

func TestAForumWithARoomlessSessionAndAShortNameStillFollowsTheSchemas(t *testing.T) {
	zone, _ := time.LoadLocation("Pacific/Auckland")
	f := &model.Forum{ID: 1, Name: "NZ", FirstDay: model.Date{Year: 2021, Month: 3, Day: 27}, LastDay: model.Date{Year: 2021, Month: 3, Day: 28}, Zone: zone}
	start := time.Date(2021, 3, 27, 23, 30, 0, 0, zone)
	p := &model.Plan{
		Forums: []model.Forum{*f},
		People: []model.Person{{ID: 7, Name: "Aroha <Ngata> & co", Email: "aroha@example.net"}},
		Sessions: []model.Session{{ID: 3, UID: "x", ForumID: 1, Title: "Ōtautahi: \"late\" <session>", Format: model.FormatWorkshop,
			Start: start, End: start.Add(90 * time.Minute), Status: model.StatusScheduled,
			Topics:       []string{"data protection"},
			Participants: []model.Participation{{PersonID: 7, Role: model.RoleSpeaker, Status: model.Confirmed}}}},
	}
	for _, format := range formats {
		t.Run(format.name, func(t *testing.T) {
			format.validate(t, write(t, format.name, format.write, f, p, schedule.Options{}))
		})
	}
}
