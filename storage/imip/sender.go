package imip

import (
	"fmt"
	"net/mail"

	"github.com/convene-planner/convene/storage/ical"
)

// ParseSender reads the coordinator who sends invitations and receives
// the answers, as "Name <address>" or an address: the one reading of
// --from, $CONVENE_FROM, the app's From and the plan's last sender.
func ParseSender(raw string) (ical.Address, error) {
	a, err := mail.ParseAddress(raw)
	if err != nil {
		return ical.Address{}, fmt.Errorf("%q is not an email address: %w", raw, err)
	}
	return ical.Address{Name: a.Name, Email: a.Address}, nil
}

// FormatSender writes a sender as ParseSender reads it, as the plan keeps it.
func FormatSender(a ical.Address) string {
	return (&mail.Address{Name: a.Name, Address: a.Email}).String()
}
