//go:build windows

package keyring

import (
	"context"
	"errors"
	"fmt"

	"github.com/danieljoos/wincred"
)

// target is the entry's name in the Credential Manager, which finds
// entries by name alone.
func (k Key) target() string { return Service + ":" + k.User + "@" + k.Host }

// check finds the Credential Manager always there: it is part of Windows.
func check(context.Context) error { return nil }

func get(_ context.Context, key Key) (string, bool, error) {
	c, err := wincred.GetGenericCredential(key.target())
	if errors.Is(err, wincred.ErrElementNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read the Credential Manager: %w", err)
	}
	return string(c.CredentialBlob), true, nil
}

func set(_ context.Context, key Key, password string) error {
	c := wincred.NewGenericCredential(key.target())
	c.UserName = key.User
	c.Comment = key.label()
	c.CredentialBlob = []byte(password)
	c.Persist = wincred.PersistLocalMachine
	if err := c.Write(); err != nil {
		return fmt.Errorf("keep the password in the Credential Manager: %w", err)
	}
	return nil
}

func forget(_ context.Context, key Key) error {
	c, err := wincred.GetGenericCredential(key.target())
	if errors.Is(err, wincred.ErrElementNotFound) {
		return nil
	}
	if err == nil {
		err = c.Delete()
	}
	if err != nil {
		return fmt.Errorf("remove the password from the Credential Manager: %w", err)
	}
	return nil
}
