// Package ical writes a plan's sessions and action items as an iCalendar
// (RFC 5545) file that calendar clients read exactly, and reads a forum's
// published programme back into its sessions. itip.go writes the iTIP
// (RFC 5546) calendar an invitation to one participant carries, and reads
// the answers clients send back.
//
// golang-ical (github.com/arran4/golang-ical) supplies the vocabulary: the
// names of components, properties, parameters and their values, and its
// table of Windows zone names for the TZIDs Outlook writes. Its writer and
// parser are not used, because at v0.3.6 they get things wrong that a
// calendar subscriber would see:
//
//   - it writes LF line ends unless asked, lets CR and other control
//     characters through in TEXT (a CR in a title starts a new line for some
//     clients), and escapes parameter values with backslashes, which RFC 5545
//     does not have (`CN=O\'Brien\, Sam`); writer.go writes CRLF, drops
//     control characters, and quotes parameter values (`CN="O'Brien, Sam"`,
//     RFC 6868 for the few characters quoting cannot carry);
//   - its AddTimezone writes a VTIMEZONE with a TZID only, which is not valid
//     RFC 5545 and leaves clients guessing; zone.go builds each zone's
//     STANDARD and DAYLIGHT observances from Go's zone data instead;
//   - SetStartAt always writes UTC, and a Calendar is built whole in memory
//     before it is written; Write takes sessions one at a time from a Source
//     (the plan file itself, through storage's EachSession, or a plan in
//     memory) and writes each as it comes, with local times and their TZID,
//     so 20,000 sessions need no copy of the plan or of the file;
//   - its parser numbers unfolded lines rather than the lines of the file,
//     keeps no line per property, reads floating times in the machine's own
//     zone, resolves a TZID without the file's VTIMEZONE, and merges the
//     commas inside a category with those between categories; reader.go
//     keeps the file's line numbers for every error, times.go reads
//     floating times in the forum's zone, and vtimezone.go turns a
//     VTIMEZONE no zone database knows into a Go location.
package ical
