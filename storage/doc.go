// Package storage keeps a plan: in one SQLite file through
// modernc.org/sqlite (a plan file, the default), or in a PostgreSQL
// database that several coordinators share through pgx (a team plan). It
// opens and creates plans (and refuses files and databases that are not
// plans), runs the schema's migrations, and reads and writes every entity
// of the model.
//
// Every read and every write is a method of Tx, so every read runs in a
// transaction and sees the plan as of one moment (Store.View), and a
// change of several rows is always one transaction (Store.Update). A
// Store itself reads nothing: it opens, checks and snapshots the plan, and
// hands out transactions.
//
// # One model, two backends
//
// The statements that read and write the model are written once, for
// both: parameters are numbered ($1, $2, …), new IDs come back with
// RETURNING id, a session's organisers and participants are read with
// string_agg, and emails and names are compared without case through
// lower() (ASCII only on both, as SQLite's NOCASE). Text sorts byte by
// byte on both (a team plan's text columns are COLLATE "C"), so lists and
// exports come out the same.
//
// What the two do differently is behind the backend interface
// (backend.go): how a transaction begins (a file's BEGIN IMMEDIATE; a
// server's advisory lock for writers and REPEATABLE READ for reads),
// whether a transaction has written anything, going on after a refused
// statement, and what the backend's errors mean for the person using it.
// Its two implementations:
//
//   - A plan file (file.go, store.go, failure.go, errors.go, tables.go,
//     migrations.go, and the package storage/sqlite): the file's header and
//     PRAGMA application_id say "a Convene plan", PRAGMA user_version is the
//     schema version, the schema and its migrations are in SQLite's words;
//     foreign keys, busy_timeout, WAL and secure_delete per connection
//     (storage/sqlite's file.go); statements prepared once per transaction
//     (prepared.go), since SQLite takes as long to parse an INSERT as to run
//     it; SQLite's result codes for a full disk, a read-only or locked file,
//     a damaged one, and quick_check and integrity_check for damage
//     (storage/sqlite's errors.go and check.go, turned into this package's
//     errors by failure.go); pragma_table_info and typeof() to find a file
//     edited by hand. Snapshots are VACUUM INTO a file beside the plan and
//     SQLite's backup to put one back (snapshot.go, carryover.go); forget
//     rewrites rows by rowid, then VACUUM and a checkpoint so deleted rows
//     leave the file's bytes, then searches the files (forget.go); PRAGMA
//     data_version tells the app another process changed the plan
//     (watch.go). The triggers that keep withdrawn invitations
//     (storage/sqlite's withdrawal.go) are SQLite's; withdrawal.go reads
//     what they kept. Bulk writes (bulk_file.go) insert many rows a
//     statement with unnumbered parameters, IDs taken as SQLite gives them
//     (the highest plus one), and look lists of keys up through json_each. A
//     file's sessions, people and action items are signed with the Store's
//     Options.Who (the computer's user) and the computer's clock
//     (revision.go).
//   - A team plan (team.go, and the package storage/postgres): a table
//     convene_plan marks the database and holds its schema version; the
//     schema, its migrations and its triggers in PostgreSQL's words; the
//     check that a database's tables are Convene's; grants; SQLSTATE codes
//     turned into a busy plan, a read-only role, a full disk or a server
//     that cannot be reached. Bulk writes use COPY and arrays
//     (bulk_copy.go, bulk.go). The server signs each change to a session,
//     person or action item itself, with a trigger, whatever the statement
//     says: its role's name and its own clock.
package storage
