// Package feeds publishes a plan as a folder of calendar feeds that any web
// server can serve for subscription (webcal): plan.ics, one file per forum
// and one per person with their own sessions, and feeds.csv saying whose
// each file is. A person's file name carries a random part kept in the plan,
// so their link stays the same from one publish to the next and cannot be
// guessed from another's. Only the files whose calendar changed are written,
// each atomically; the file of a person no longer in the plan is removed.
package feeds
