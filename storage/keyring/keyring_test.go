package keyring_test

import (
	"context"
	"errors"
	"testing"

	"github.com/convene-planner/convene/storage/keyring"
	"github.com/convene-planner/convene/storage/keyring/keyringtest"
)

// A password Convene keeps is the one secret-tool reads back; keeping
// another replaces it, and forgetting leaves nothing for anyone to read.
func TestAPasswordKeptIsReadBackReplacedAndForgotten(t *testing.T) {
	k := keyringtest.Start(t)
	ctx := context.Background()
	if err := keyring.Check(ctx); err != nil {
		t.Fatalf("the keyring the test started is not there: %v", err)
	}
	key := keyring.Key{Host: "dav.example.org", User: "dc-iot"}
	if _, found, err := keyring.Get(ctx, key); err != nil || found {
		t.Fatalf("an empty keyring gives found=%v, %v", found, err)
	}
	for _, pw := range []string{"first pässword", "second one"} {
		if err := keyring.Set(ctx, key, pw); err != nil {
			t.Fatal(err)
		}
		if got, found := k.Lookup(t, key); !found || got != pw {
			t.Errorf("secret-tool reads %q (found %v), want %q", got, found, pw)
		}
		if got, found, err := keyring.Get(ctx, key); err != nil || !found || got != pw {
			t.Errorf("Get gives %q, %v, %v; want %q", got, found, err, pw)
		}
	}
	other := keyring.Key{Host: "dav.example.org", User: "someone-else"}
	if _, found, _ := keyring.Get(ctx, other); found {
		t.Error("another user at the same host gets the password")
	}
	if err := keyring.Forget(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, found := k.Lookup(t, key); found {
		t.Error("secret-tool still finds the password after it was forgotten")
	}
	if err := keyring.Forget(ctx, key); err != nil {
		t.Errorf("forgetting what is not kept: %v", err)
	}
}

// A password kept by another program under Convene's key (or typed into
// Seahorse) is found as well.
func TestAPasswordKeptWithSecretToolIsFound(t *testing.T) {
	k := keyringtest.Start(t)
	key := keyring.Key{Host: "mail.example.org", User: "coordination@dc-iot.example.org"}
	k.Store(t, key, "from seahorse")
	got, found, err := keyring.Get(context.Background(), key)
	if err != nil || !found || got != "from seahorse" {
		t.Errorf("Get gives %q, %v, %v", got, found, err)
	}
}

// A desktop without a keyring, or no session bus at all, is ErrNoKeyring
// for every use, said in words.
func TestWithoutAKeyringEveryUseSaysThereIsNone(t *testing.T) {
	for name, setup := range map[string]func(t *testing.T){
		"a bus without a keyring": func(t *testing.T) { keyringtest.StartWithout(t) },
		"no session bus": func(t *testing.T) {
			t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
			t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
		},
	} {
		t.Run(name, func(t *testing.T) {
			setup(t)
			ctx := context.Background()
			if err := keyring.Check(ctx); !errors.Is(err, keyring.ErrNoKeyring) {
				t.Errorf("Check: %v, want ErrNoKeyring", err)
			}
			key := keyring.Key{Host: "dav.example.org", User: "dc-iot"}
			_, _, err := keyring.Get(ctx, key)
			if !errors.Is(err, keyring.ErrNoKeyring) {
				t.Errorf("Get: %v, want ErrNoKeyring", err)
			}
			if err := keyring.Set(ctx, key, "never kept"); !errors.Is(err, keyring.ErrNoKeyring) {
				t.Errorf("Set: %v, want ErrNoKeyring", err)
			}
			if err := keyring.Forget(ctx, key); !errors.Is(err, keyring.ErrNoKeyring) {
				t.Errorf("Forget: %v, want ErrNoKeyring", err)
			}
		})
	}
}
