package imip_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/storage/imip"
)

// Answers come back as Thunderbird and Outlook send them: an email with the
// calendar inline (and attached), or the calendar saved alone; Outlook's
// names its zone the Windows way and writes MAILTO: in capitals.
func TestAnswersAreReadAsThunderbirdAndOutlookSendThem(t *testing.T) {
	const uid = "sample-2021-igf-software-update@convene"
	warsaw, _ := time.LoadLocation("Europe/Warsaw")
	cases := []struct {
		file, email string
		method      ics.Method
		partstat    ics.ParticipationStatus
		start       time.Time
		comment     string
	}{
		{file: "thunderbird-accepted.eml", email: "helen.marsh@example.com", method: ics.MethodReply, partstat: ics.ParticipationStatusAccepted},
		{file: "thunderbird-tentative.ics", email: "amara.okafor@example.com", method: ics.MethodReply, partstat: ics.ParticipationStatusTentative},
		{file: "outlook-declined.eml", email: "Marek.Novak@example.com", method: ics.MethodReply, partstat: ics.ParticipationStatusDeclined,
			comment: "Bohužel jsem v tom týdnu v Brně.\n"},
		{file: "outlook-counter.ics", email: "Marek.Novak@example.com", method: ics.MethodCounter, partstat: ics.ParticipationStatusTentative,
			start: time.Date(2021, 12, 10, 16, 0, 0, 0, warsaw), comment: "Could we move it to the afternoon of the 10th?"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "replies", c.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			replies, err := imip.ReadAnswers(f, c.file)
			if err != nil {
				t.Fatal(err)
			}
			if len(replies) != 1 {
				t.Fatalf("%d answers, want 1", len(replies))
			}
			r := replies[0]
			if r.Method != c.method || r.UID != uid || r.Sequence != 0 || r.Attendee.Email != c.email || r.Partstat != c.partstat {
				t.Errorf("read %+v; want %s from %s with PARTSTAT %s to %s at SEQUENCE 0", r, c.method, c.email, c.partstat, uid)
			}
			if !c.start.IsZero() && (!r.Start.Equal(c.start) || !r.End.Equal(c.start.Add(30*time.Minute))) {
				t.Errorf("the counter-proposal is for %v–%v, want %v for 30 minutes", r.Start, r.End, c.start)
			}
			if !strings.HasPrefix(r.Comment, c.comment) {
				t.Errorf("comment %q, want it to start %q", r.Comment, c.comment)
			}
		})
	}
}

func TestAFileThatAnswersNoInvitationIsRefusedSayingWhy(t *testing.T) {
	cases := map[string]string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n":                                                                 "its METHOD is PUBLISH",
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n":                                                                   "reply.ics:4: the answer has no ATTENDEE",
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:a\r\nATTENDEE:mailto:a@example.org\r\nATTENDEE:mailto:b@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n": "reply.ics:7: the answer names a second ATTENDEE",
		"From: someone@example.org\r\nSubject: hello\r\n\r\nJust words.\r\n":                                                                                                           "holds no calendar",
	}
	// An email whose parts nest far deeper than any client's is refused.
	nested := "From: someone@example.org\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
	for i := range 20 {
		nested += fmt.Sprintf("--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n", i, i+1)
	}
	cases[nested] = "nest more than 8 deep"
	for text, want := range cases {
		_, err := imip.ReadAnswers(strings.NewReader(text), "reply.ics")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("reading\n%s\ngave %v; want an error saying %q", text, err, want)
		}
	}
}
