package imip

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/ical"
)

// IsAnswer reports whether a file that starts with head holds answers to
// invitations: a calendar whose METHOD is REPLY or COUNTER, or an email
// (which a calendar is not). A command that takes both a forum's programme
// and answers tells them apart with it.
func IsAnswer(head []byte) bool {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	upper := bytes.ToUpper(head)
	if bytes.HasPrefix(upper, []byte("BEGIN:VCALENDAR")) {
		return bytes.Contains(upper, []byte("\nMETHOD:REPLY")) || bytes.Contains(upper, []byte("\nMETHOD:COUNTER"))
	}
	return emailHeader.Match(head)
}

// emailHeader is how an email's first line looks: a header field's name
// (RFC 5322 §2.2), a colon, and its value.
var emailHeader = regexp.MustCompile(`^[!-9;-~]+:[^\r\n]*\r?\n`)

// ReadAnswers reads the answers in a file: an iTIP calendar (.ics), or the
// email (.eml) it came in, whose text/calendar part (else its
// application/ics attachment) is read.
func ReadAnswers(r io.Reader, file string) ([]ical.Reply, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(512)
	trimmed := bytes.ToUpper(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"))
	if bytes.HasPrefix(trimmed, []byte("BEGIN:VCALENDAR")) {
		return ical.ReadReplies(br, file)
	}
	msg, err := mail.ReadMessage(br)
	if err != nil {
		return nil, fmt.Errorf("%s is neither a calendar nor an email: %w", file, err)
	}
	cal, err := calendarPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if cal == nil {
		return nil, fmt.Errorf("%s: the email holds no calendar (text/calendar or .ics) part", file)
	}
	return ical.ReadReplies(bytes.NewReader(cal), file+" (its calendar part)")
}

// maxDepth bounds how deeply an email's parts may nest; a client's answer
// nests two deep.
const maxDepth = 8

// calendarPart finds the calendar in a MIME entity: the first text/calendar
// part at any depth, else the first application/ics (Thunderbird sends
// both, the same calendar twice).
func calendarPart(contentType, encoding string, body io.Reader) ([]byte, error) {
	var attached []byte
	var walk func(contentType, encoding string, body io.Reader, depth int) ([]byte, error)
	walk = func(contentType, encoding string, body io.Reader, depth int) ([]byte, error) {
		media, params, err := mime.ParseMediaType(contentType)
		if err != nil {
			media = "text/plain"
		}
		switch {
		case strings.HasPrefix(media, "multipart/") && depth >= maxDepth:
			return nil, fmt.Errorf("the email's parts nest more than %d deep", maxDepth)
		case strings.HasPrefix(media, "multipart/"):
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err == io.EOF {
					return nil, nil
				}
				if err != nil {
					return nil, fmt.Errorf("read the email's parts: %w", err)
				}
				found, err := walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, depth+1)
				if found != nil || err != nil {
					return found, err
				}
			}
		case media == "text/calendar":
			return decode(encoding, body)
		case media == "application/ics" && attached == nil:
			b, err := decode(encoding, body)
			attached = b
			return nil, err
		}
		return nil, nil
	}
	found, err := walk(contentType, encoding, body, 0)
	if found == nil && err == nil {
		found = attached
	}
	return found, err
}

func decode(encoding string, body io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		// The decoder passes over the line breaks email puts in base64.
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return nil, fmt.Errorf("decode the calendar part (%s): %w", encoding, err)
	}
	return b, nil
}

// Answer is what one answer did to the plan, or, for a counter-proposal,
// what it asks.
type Answer struct {
	Reply    ical.Reply
	Session  string // its title
	Forum    *model.Forum
	Person   string // their name
	Was, Now model.Confirmation
}

// String says what the answer did, for a coordinator to read.
func (a Answer) String() string {
	switch {
	case a.Reply.Method == ics.MethodCounter:
		s := fmt.Sprintf("%s proposes another time for “%s”: %s (not applied; change the session if you agree)",
			a.Person, a.Session, clock(a.Reply.Start, a.Reply.End, a.Forum.Zone))
		if a.Reply.Comment != "" {
			s += "\n  " + a.Reply.Comment
		}
		return s
	case a.Was == a.Now:
		return fmt.Sprintf("%s on “%s”: %s already", a.Person, a.Session, a.Now)
	}
	return fmt.Sprintf("%s on “%s”: %s (was %s)", a.Person, a.Session, a.Now, a.Was)
}

// confirmations maps an attendee's PARTSTAT to a participation's status.
var confirmations = map[ics.ParticipationStatus]model.Confirmation{
	ics.ParticipationStatusAccepted:  model.Confirmed,
	ics.ParticipationStatusDeclined:  model.Declined,
	ics.ParticipationStatusTentative: model.Invited,
}

// Apply sets each answering participant's status on their session (every
// role they have there) as their REPLY says: ACCEPTED confirmed, DECLINED
// declined, TENTATIVE invited. A COUNTER changes nothing; it is returned
// for the coordinator to see. An answer for a UID the plan does not know,
// from someone who is not the session's participant, to an invitation
// older than the last one sent to them, or with a PARTSTAT that is no
// answer, is refused: all such are returned at once, as ical.Errors naming
// file and line, and the caller must then write nothing.
func Apply(ctx context.Context, tx *storage.Tx, replies []ical.Reply) ([]Answer, error) {
	var (
		answers []Answer
		errs    ical.Errors
	)
	refuse := func(r *ical.Reply, format string, args ...any) {
		errs = append(errs, &ical.LineError{File: r.File, Line: r.Line, Err: fmt.Errorf(format, args...)})
	}
	for i := range replies {
		r := &replies[i]
		s, err := tx.SessionByUID(ctx, r.UID)
		if errors.Is(err, storage.ErrNotFound) {
			refuse(r, "no session in the plan has the UID %q", r.UID)
			continue
		}
		if err != nil {
			return nil, err
		}
		person, err := participant(ctx, tx, &s, r.Attendee.Email)
		if err != nil {
			return nil, err
		}
		if person == nil {
			refuse(r, "%s is not a participant of “%s”", r.Attendee.Email, s.Title)
			continue
		}
		sent, err := tx.InvitationTo(ctx, s.ID, person.ID)
		switch {
		case err == nil && r.Sequence < sent.Sequence:
			refuse(r, "%s answers an older invitation to “%s” (SEQUENCE %d); the one sent last has SEQUENCE %d, so their answer to it is still to come",
				person.Name, s.Title, r.Sequence, sent.Sequence)
			continue
		case err != nil && !errors.Is(err, storage.ErrNotFound):
			return nil, err
		}
		forum, err := tx.Forum(ctx, s.ForumID)
		if err != nil {
			return nil, err
		}
		a := Answer{Reply: *r, Session: s.Title, Forum: &forum, Person: person.Name}
		if r.Method == ics.MethodCounter {
			if r.Start.IsZero() || r.End.IsZero() {
				refuse(r, "the counter-proposal of %s gives no DTSTART and DTEND", person.Name)
				continue
			}
			answers = append(answers, a)
			continue
		}
		now, ok := confirmations[r.Partstat]
		if !ok {
			refuse(r, "PARTSTAT %q of %s is not an answer: ACCEPTED, DECLINED or TENTATIVE", string(r.Partstat), person.Name)
			continue
		}
		a.Now = now
		for j := range s.Participants {
			if pt := &s.Participants[j]; pt.PersonID == person.ID {
				a.Was, pt.Status = pt.Status, now
			}
		}
		if a.Was != a.Now {
			if err := tx.UpdateSession(ctx, &s); err != nil {
				return nil, err
			}
		}
		answers = append(answers, a)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return answers, nil
}

// participant returns the session's participant with that email, or nil.
func participant(ctx context.Context, tx *storage.Tx, s *model.Session, email string) (*model.Person, error) {
	for _, pt := range s.Participants {
		p, err := tx.Person(ctx, pt.PersonID)
		if err != nil {
			return nil, err
		}
		if p.Email != "" && strings.EqualFold(p.Email, email) {
			return &p, nil
		}
	}
	return nil, nil
}
