package postgres

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// What PostgreSQL's SQLSTATE codes mean for a plan
// (https://www.postgresql.org/docs/15/errcodes-appendix.html).
const (
	codeUnique       = "23505"
	codeForeignKey   = "23503"
	codeNoPrivilege  = "42501"
	codeDiskFull     = "53100"
	codeLockTimeout  = "55P03"
	codeReadOnlyTx   = "25006"
	classConstraint  = "23"
	classConnection  = "08"
	classAuth        = "28"
	classShutdown    = "57P"
	codeNoDatabase   = "3D000"
	codeTooManyConns = "53300"
)

// A Failure is what a failed statement on a team plan means for the
// person who made the change.
type Failure int

const (
	// Other is a failure this package has nothing to say about.
	Other Failure = iota
	// Unique is a value another row already holds (an email, a name).
	Unique
	// ForeignKey is a reference to a row that is not there.
	ForeignKey
	// Busy is a plan another coordinator held locked for longer than
	// Convene waits.
	Busy
	// ReadOnly is a change by a role that may only read the plan.
	ReadOnly
	// DiskFull is a server out of disk.
	DiskFull
	// Offline is a server that could not be reached, or that went away.
	Offline
)

// Classify says what a failed statement means.
func Classify(err error) Failure {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case pgErr.Code == codeUnique:
			return Unique
		case pgErr.Code == codeForeignKey:
			return ForeignKey
		case pgErr.Code == codeLockTimeout:
			return Busy
		case pgErr.Code == codeNoPrivilege, pgErr.Code == codeReadOnlyTx:
			return ReadOnly
		case pgErr.Code == codeDiskFull:
			return DiskFull
		case strings.HasPrefix(pgErr.Code, classConnection), strings.HasPrefix(pgErr.Code, classShutdown):
			return Offline
		}
		return Other
	}
	if isConnectionLost(err) {
		return Offline
	}
	return Other
}

// IsConstraint reports whether err is PostgreSQL refusing a row for one
// of the table's rules: a unique value, a reference, a check.
func IsConstraint(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && strings.HasPrefix(pgErr.Code, classConstraint)
}

// isConnectionLost reports whether err is the connection failing rather
// than a statement: refused, cut, timed out, or closed under the client.
func isConnectionLost(err error) bool {
	var netErr net.Error
	var connectErr *pgconn.ConnectError
	switch {
	case errors.As(err, &connectErr), errors.As(err, &netErr):
		return true
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.Is(err, context.DeadlineExceeded):
		return true
	case pgconn.Timeout(err):
		return true
	}
	// pgx reports a connection it had to close this way.
	return strings.Contains(err.Error(), "conn closed")
}

// Unreachable says in plain words why the server could not be used,
// without the address's password: the server's own message when it
// answered (a wrong password, a database that does not exist), else what
// the network said.
func Unreachable(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case strings.HasPrefix(pgErr.Code, classAuth):
			return fmt.Sprintf("the server refused the login (%s); check the user and password", pgErr.Message)
		case pgErr.Code == codeNoDatabase:
			return fmt.Sprintf("the server says: %s", pgErr.Message)
		case pgErr.Code == codeTooManyConns:
			return "the server has no room for another connection; try again later"
		}
		return fmt.Sprintf("the server says: %s", pgErr.Message)
	}
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		return fmt.Sprintf("no server answers there (%v)", netErr.Err)
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return fmt.Sprintf("the server's name is not known (%s)", dnsErr.Name)
	}
	if errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) {
		return "the server did not answer in time"
	}
	// The innermost error: pgx's outer ones repeat the connection settings.
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err.Error()
		}
		err = inner
	}
}
