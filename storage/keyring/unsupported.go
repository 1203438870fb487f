//go:build !linux && !windows

package keyring

import (
	"context"
	"fmt"
)

// Elsewhere (macOS) Convene knows no keyring yet: typed passwords work.

func get(context.Context, Key) (string, bool, error) {
	return "", false, fmt.Errorf("%w: Convene keeps passwords in the keyrings of Linux and Windows only", ErrNoKeyring)
}

func set(ctx context.Context, key Key, _ string) error {
	_, _, err := get(ctx, key)
	return err
}

func forget(ctx context.Context, key Key) error {
	_, _, err := get(ctx, key)
	return err
}
