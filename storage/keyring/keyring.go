// Package keyring keeps the passwords a coordinator asks the app to
// remember in the system's own keyring: the freedesktop Secret Service on
// Linux (GNOME Keyring, KWallet), the Credential Manager on Windows. A
// password lives there and nowhere else of ours: not in the plan, the
// preferences, a log or a message.
package keyring

import (
	"context"
	"errors"
)

// Service names Convene's entries in the keyring.
const Service = "Convene"

// ErrNoKeyring says there is no system keyring to ask: none is running (a
// desktop without one, a session without D-Bus), or this system has none
// Convene knows. A typed password still works.
var ErrNoKeyring = errors.New("no system keyring is running")

// Key is what a password is kept under: the server's host and the user
// logging in to it, the same for publishing and for mail.
type Key struct {
	Host, User string
}

// String names the entry for a person: "user at host".
func (k Key) String() string { return k.User + " at " + k.Host }

// attributes are how the Secret Service finds the entry; secret-tool
// finds it by the same: secret-tool lookup service Convene host H username U.
func (k Key) attributes() map[string]string {
	return map[string]string{"service": Service, "host": k.Host, "username": k.User}
}

// label is what the keyring's own manager (Seahorse, Windows' Credential
// Manager) shows for the entry.
func (k Key) label() string { return Service + ": " + k.String() }

// Check says whether there is a keyring to ask: nil, or ErrNoKeyring.
func Check(ctx context.Context) error {
	return check(ctx)
}

// Get returns the password kept for key; found is false when the keyring
// holds none. ErrNoKeyring says there is no keyring to ask.
func Get(ctx context.Context, key Key) (password string, found bool, err error) {
	return get(ctx, key)
}

// Set keeps password for key, in place of any kept before.
func Set(ctx context.Context, key Key, password string) error {
	return set(ctx, key, password)
}

// Forget removes what is kept for key; nothing kept is no error.
func Forget(ctx context.Context, key Key) error {
	return forget(ctx, key)
}
