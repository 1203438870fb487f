package imip

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/ical"
)

// Compose writes the message as one email to its attendee: a short text in
// words for a person, with the time on their clocks and on the forum's,
// and, as its alternative, the iTIP calendar (text/calendar; method=…) that
// calendar clients show with Accept and Decline.
func Compose(o *Outgoing) ([]byte, error) {
	inv := &o.Invitation
	var cal bytes.Buffer
	if err := ical.WriteInvitation(&cal, inv); err != nil {
		return nil, err
	}
	var msg bytes.Buffer
	h := func(name, value string) { msg.WriteString(name + ": " + value + "\r\n") }
	from := mail.Address{Name: inv.Organizer.Name, Address: inv.Organizer.Email}
	to := mail.Address{Name: inv.Attendee.Name, Address: inv.Attendee.Email}
	h("From", from.String())
	h("To", to.String())
	h("Subject", mime.QEncoding.Encode("utf-8", subject(o)))
	h("Date", inv.Stamp.Format(time.RFC1123Z))
	h("Message-ID", messageID(inv.Organizer.Email))
	h("MIME-Version", "1.0")
	mp := multipart.NewWriter(&msg)
	h("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mp.Boundary()}))
	msg.WriteString("\r\n")

	part, err := mp.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return nil, err
	}
	qp := quotedprintable.NewWriter(part)
	qp.Write([]byte(strings.ReplaceAll(words(o), "\n", "\r\n")))
	if err := qp.Close(); err != nil {
		return nil, err
	}

	// The calendar goes in base64: its CRLF line ends and UTF-8 arrive
	// exactly as written, whatever a mail server does to long lines.
	part, err = mp.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {mime.FormatMediaType("text/calendar", map[string]string{"charset": "utf-8", "method": string(inv.Method)})},
		"Content-Transfer-Encoding": {"base64"},
	})
	if err != nil {
		return nil, err
	}
	encoded := base64.StdEncoding.EncodeToString(cal.Bytes())
	for len(encoded) > 76 {
		part.Write([]byte(encoded[:76] + "\r\n"))
		encoded = encoded[76:]
	}
	part.Write([]byte(encoded + "\r\n"))
	if err := mp.Close(); err != nil {
		return nil, err
	}
	return msg.Bytes(), nil
}

func messageID(from string) string {
	domain := "convene.invalid"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i < len(from)-1 {
		domain = from[i+1:]
	}
	b := make([]byte, 12)
	rand.Read(b)
	return "<" + hex.EncodeToString(b) + "@" + domain + ">"
}

// cancelled reports whether a CANCEL is about the session itself, rather
// than the recipient being taken off it.
func cancelled(inv *ical.Invitation) bool {
	return inv.Session.Status == model.StatusCancelled || len(inv.Roles) > 0
}

// untimed reports whether a CANCEL is about a session that is still on
// for its recipient but has lost its times.
func untimed(inv *ical.Invitation) bool {
	return !inv.Session.Scheduled() && inv.Session.Status != model.StatusCancelled && len(inv.Roles) > 0
}

func subject(o *Outgoing) string {
	inv := &o.Invitation
	title := inv.Session.Title
	switch {
	case o.Withdrawn != nil && o.Withdrawn.Moved:
		return "Withdrawn from this address: " + title
	case inv.Method == ics.MethodCancel && untimed(inv):
		return "No date and time any more: " + title
	case inv.Method == ics.MethodCancel && cancelled(inv):
		return "Cancelled: " + title
	case inv.Method == ics.MethodCancel:
		return "No longer on the programme for you: " + title
	case o.Kind == Update:
		return "Updated invitation: " + title
	}
	return "Invitation: " + title
}

// words is the message's text for a person: what is asked of them, where
// and when, on their own clocks and on the forum's.
func words(o *Outgoing) string {
	inv, zone := &o.Invitation, o.Zone
	s, f := inv.Session, inv.Forum
	var b strings.Builder
	fmt.Fprintf(&b, "Dear %s,\n\n", inv.Attendee.Name)
	switch {
	case o.Withdrawn != nil && o.Withdrawn.Moved:
		b.WriteString("Invitations to this session no longer go to this address, so it comes off\n" +
			"this calendar:\n\n")
	case inv.Method == ics.MethodCancel && untimed(inv):
		b.WriteString("This session no longer has a date and time, so it comes off your calendar;\n" +
			"you will be invited again once it has new ones:\n\n")
	case inv.Method == ics.MethodCancel && cancelled(inv):
		b.WriteString("This session is cancelled:\n\n")
	case inv.Method == ics.MethodCancel:
		b.WriteString("You are no longer on this session's programme:\n\n")
	case o.Kind == Update:
		fmt.Fprintf(&b, "The session you are invited to as %s has changed:\n\n", strings.ToLower(ical.RoleWords(inv.Roles)))
	default:
		fmt.Fprintf(&b, "You are invited to take part as %s in:\n\n", strings.ToLower(ical.RoleWords(inv.Roles)))
	}
	fmt.Fprintf(&b, "  %s\n  %s\n", s.Title, f.Name)
	if s.Scheduled() {
		if zone != nil && zone.String() != f.Zone.String() {
			fmt.Fprintf(&b, "  %s your time (%s)\n", clock(s.Start, s.End, zone), model.City(zone))
		}
		fmt.Fprintf(&b, "  %s the forum's time (%s)\n", clock(s.Start, s.End, f.Zone), model.ForumClocks(f))
	}
	if s.Room != "" {
		fmt.Fprintf(&b, "  Where: %s\n", s.Room)
	}
	if inv.Method == ics.MethodRequest {
		b.WriteString("\nYour calendar shows this invitation with buttons to accept or decline it;\n" +
			"your answer goes back to the coordinator, " + inv.Organizer.Email + ".\n")
	}
	return b.String()
}

// clock writes a session's time on one zone's clocks: "Tue 7 Dec 2021
// 09:00–10:30", with both days when it crosses midnight there.
func clock(start, end time.Time, loc *time.Location) string {
	s, e := start.In(loc), end.In(loc)
	if model.DateOf(s) == model.DateOf(e) {
		return s.Format("Mon 2 Jan 2006 15:04") + "–" + e.Format("15:04")
	}
	return s.Format("Mon 2 Jan 2006 15:04") + " – " + e.Format("Mon 2 Jan 2006 15:04")
}
