package radicaletest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TeamLunch is an event someone put in a shared calendar with their own
// calendar program: nothing Convene published.
const TeamLunch = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone//By hand//EN\r\nBEGIN:VEVENT\r\nUID:team-lunch@example.org\r\nDTSTAMP:20211101T090000Z\r\nDTSTART:20211206T120000Z\r\nDTEND:20211206T130000Z\r\nSUMMARY:Team lunch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// MakeCalendar makes a calendar collection of the user's, as their
// calendar program would, and returns its address.
func (s *Server) MakeCalendar(tb testing.TB, name string) string {
	tb.Helper()
	calendar := s.Calendar(name)
	s.byHand(tb, "MKCALENDAR", calendar, "")
	return calendar
}

// PutByHand stores an event in the calendar as another program would.
func (s *Server) PutByHand(tb testing.TB, calendar, name, event string) {
	tb.Helper()
	s.byHand(tb, http.MethodPut, calendar+name, event)
}

func (s *Server) byHand(tb testing.TB, method, target, body string) {
	tb.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.SetBasicAuth(s.User, s.Password)
	if body != "" {
		req.Header.Set("Content-Type", "text/calendar")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s by hand: %v", method, target, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		said, _ := io.ReadAll(resp.Body)
		tb.Fatalf("%s %s by hand: %s\n%s", method, target, resp.Status, said)
	}
}
