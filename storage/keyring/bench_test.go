package keyring_test

import (
	"context"
	"testing"

	"github.com/convene-planner/convene/storage/keyring"
	"github.com/convene-planner/convene/storage/keyring/keyringtest"
)

// BenchmarkGet is what a dialog waits for on opening: a connection to the
// session bus, a Secret Service session, a search and the secret, from
// gnome-keyring holding the one entry.
func BenchmarkGet(b *testing.B) {
	keyringtest.Start(b)
	ctx := context.Background()
	key := keyring.Key{Host: "dav.example.org", User: "dc-iot"}
	if err := keyring.Set(ctx, key, "a password"); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, found, err := keyring.Get(ctx, key); err != nil || !found {
			b.Fatalf("found %v, %v", found, err)
		}
	}
}
