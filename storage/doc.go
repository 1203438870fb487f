// Package storage keeps a plan in one SQLite file through modernc.org/sqlite:
// opening and creating plan files (and refusing files that are not plans),
// the schema's migrations, and reading and writing every entity of the model.
//
// Every read and every write is a method of Tx, so every read runs in a
// transaction and sees the plan as of one moment (Store.View), and a
// change of several rows is always one transaction (Store.Update). A
// Store itself reads nothing: it opens, checks and snapshots the file, and
// hands out transactions.
package storage
