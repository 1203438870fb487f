// Package storage keeps a plan in one SQLite file through modernc.org/sqlite:
// opening and creating plan files (and refusing files that are not plans),
// the schema's migrations, and reading and writing every entity of the model.
//
// Every read and every write is a method of Tx, so every read runs in a
// transaction and sees the plan as of one moment (Store.View), and a
// change of several rows is always one transaction (Store.Update). A
// Store itself reads nothing: it opens, checks and snapshots the file, and
// hands out transactions.
//
// # What is SQLite's
//
// Most SQL here is plain enough for any database. These are the places
// that are SQLite's own, which a second backend (PostgreSQL) would have
// to provide in its own way:
//
//   - What a plan is (store.go, migrations.go): the file's header and
//     PRAGMA application_id say "a Convene plan"; PRAGMA user_version is
//     the schema version, checked before SQLite opens the file. A server
//     needs a table of its own for both, and a check that a database's
//     other tables are not another program's.
//   - Connection settings (store.go): foreign_keys, busy_timeout,
//     journal_mode=WAL, secure_delete, and BEGIN IMMEDIATE (_txlock) so
//     a writer takes the lock up front; immutable=1 for read-only media.
//   - Whether a write changed anything (store.go): SELECT total_changes()
//     at the start of Update and before a snapshot.
//   - The schema (migrations.go): INTEGER PRIMARY KEY rowids, COLLATE
//     NOCASE for unique names and emails, WITHOUT ROWID tables, and
//     times as INTEGER Unix seconds and days as TEXT.
//   - Statements: those a team plan will share number their parameters
//     $1, $2, … and get new IDs with RETURNING id, and a session's
//     organisers and participants are read with string_agg, as both read
//     them; SQLite's own machinery (forget.go, carryover.go, snapshot.go)
//     still writes "?", and withdrawal.go compares emails COLLATE NOCASE. pragma_table_list and
//     pragma_table_info find every text column (tables.go, forget.go),
//     typeof() finds a value of the wrong type in a file edited by hand
//     (tables.go), and forget.go edits rows by rowid.
//   - Prepared statements per transaction (prepared.go), because SQLite
//     takes as long to parse an INSERT as to run it.
//   - Errors (failure.go, errors.go): SQLite's result codes for a full
//     disk, a read-only or locked file, a damaged one; PRAGMA quick_check
//     and integrity_check for damage.
//   - Snapshots and restore (snapshot.go): VACUUM INTO a file beside the
//     plan, and SQLite's online backup to put one back.
//   - Forget (forget.go): secure_delete, VACUUM and a TRUNCATE
//     checkpoint so deleted rows leave the file's bytes, then a search of
//     the files themselves.
//   - Other writers (watch.go): PRAGMA data_version tells the app another
//     process changed the plan.
//   - Bulk writes (bulk_file.go): INSERTs of many rows with unnumbered
//     parameters, IDs taken as SQLite gives them (the highest plus one),
//     and lists of keys looked up through json_each; a team plan's
//     counterparts are COPY and arrays (bulk_copy.go, bulk.go's present).
package storage
