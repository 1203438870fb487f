// Package model holds Convene's vocabulary as plain data: forums, coalitions,
// sessions, people, participations and action items, their enumerations, the
// rules that validate them, and the conversion of wall-clock times to instants.
//
// It imports nothing of Convene's own, no SQL and no user interface, so every
// other package can depend on it and its rules can be tested on plain values.
package model
