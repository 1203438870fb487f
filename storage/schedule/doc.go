// Package schedule writes one forum's programme in the two formats that
// conference apps read (Giggity, ConfClerk, EventFahrplan): the frab/pentabarf
// schedule.xml and the c3voc schedule.json, both as the c3voc schemas of the
// voc/schedule repository define them (copies under testdata/c3voc).
//
// A programme is the forum's sessions that have times and are not cancelled,
// by day and room, each day and time in the forum's own zone. Every event's
// guid is derived from its session's UID, so an app that reloads the file
// recognises each session again. People are named only; their emails go out
// with Options.WithContacts alone.
package schedule
