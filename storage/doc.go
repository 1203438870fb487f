// Package storage keeps a plan in one SQLite file through modernc.org/sqlite:
// opening and creating plan files (and refusing files that are not plans),
// the schema's migrations, and reading and writing every entity of the model.
//
// Reads are methods of Store and of Tx; writes are methods of Tx only, so a
// change of several rows is always one transaction (Store.Update).
package storage
