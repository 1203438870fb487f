//go:build !linux && !windows

package keyring

import (
	"context"
	"fmt"
)

// Elsewhere (macOS) Convene knows no keyring yet: typed passwords work.

func check(context.Context) error {
	return fmt.Errorf("%w: Convene keeps passwords in the keyrings of Linux and Windows only", ErrNoKeyring)
}

func get(ctx context.Context, _ Key) (string, bool, error) {
	return "", false, check(ctx)
}

func set(ctx context.Context, _ Key, _ string) error { return check(ctx) }

func forget(ctx context.Context, _ Key) error { return check(ctx) }
