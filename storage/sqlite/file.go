package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"net/url"
	"os"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// sqliteHeader is how every SQLite 3 database file begins.
var sqliteHeader = []byte("SQLite format 3\x00")

// HeaderSize is how many bytes of a file's beginning say what it is:
// SQLite's header, which holds the application_id and user_version.
const HeaderSize = 100

// A Kind is what a file's header says it is.
type Kind int

const (
	// NotSQLite is a file that is not an SQLite database, or one too
	// short to hold a header.
	NotSQLite Kind = iota
	// OtherProgram is an SQLite database of another program than Convene.
	OtherProgram
	// NewerPlan is a plan whose schema version is beyond this Convene's.
	NewerPlan
	// Plan is a Convene plan (or snapshot) this Convene can open.
	Plan
)

// Recognise says what a file is by its first bytes, as many of
// HeaderSize as it has, before SQLite sees (and might write to) it.
func Recognise(header []byte) Kind {
	switch {
	case len(header) < HeaderSize || !bytes.HasPrefix(header, sqliteHeader):
		return NotSQLite
	case binary.BigEndian.Uint32(header[68:]) != ApplicationID:
		return OtherProgram
	case binary.BigEndian.Uint32(header[60:]) > uint32(len(Migrations)):
		return NewerPlan
	}
	return Plan
}

// ReadHeader reads the first HeaderSize bytes of r, or as many as it
// has; a file that cannot be read has none.
func ReadHeader(r io.Reader) []byte {
	header := make([]byte, HeaderSize)
	n, _ := io.ReadFull(r, header)
	return header[:n]
}

// IsPlanFile reports whether the file at path begins as a Convene plan or
// snapshot does, of this Convene or a newer one: SQLite's header with
// Convene's application_id.
func IsPlanFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	kind := Recognise(ReadHeader(f))
	return kind == Plan || kind == NewerPlan
}

// Open opens the plan file at path for reading and writing. Every
// connection gets the same settings: foreign keys enforced, a wait rather
// than an immediate "database is locked" when another process writes,
// freed pages overwritten so deleted personal data leaves the file, a
// page cache of up to 32 MiB instead of SQLite's 2 MiB (an import of
// 20,000 sessions writes into indexes all over the file, and with the
// small cache read its pages back from the system again and again: 2.0 s
// instead of 1.8 s), and BEGIN IMMEDIATE so a transaction that will write
// takes the write lock up front instead of failing half-way.
func Open(ctx context.Context, path string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range []string{
		"foreign_keys(1)",
		"busy_timeout(10000)",
		"secure_delete(1)",
		"journal_mode(WAL)",
		"synchronous(NORMAL)",
		"temp_store(2)",
		"cache_size(-32768)",
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return connect(ctx, path, q.Encode())
}

// OpenReadOnly opens a plan that cannot be written, as on read-only
// media: SQLite cannot make the files its write-ahead log needs beside it,
// so the file is read as immutable, which needs none. No one can change a
// file on such media while it is read.
func OpenReadOnly(ctx context.Context, path string) (*sql.DB, error) {
	return connect(ctx, path, "mode=ro&immutable=1&_pragma=foreign_keys(1)")
}

// connect opens the SQLite file at path with the URI query given, and
// makes the first connection so a file that cannot be opened says so here.
func connect(ctx context.Context, path, query string) (*sql.DB, error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + query
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open: %w", err)
	}
	return db, nil
}
