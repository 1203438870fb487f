// Package sqlite holds what is SQLite's own in a plan file, as the package
// storage/postgres holds a team plan's: the schema and its migrations in
// SQLite's words, with the triggers that keep withdrawn invitations
// (schema.go, withdrawal.go); what a plan file is, by its header, and how
// one is opened, with the pragmas every connection gets (file.go); what
// SQLite's result codes mean for a plan (errors.go); and its quick_check
// and integrity_check (check.go).
//
// It imports nothing of storage: storage runs the migrations, turns these
// answers into its own errors, and holds the statements that read and
// write the model, which both backends share.
package sqlite
