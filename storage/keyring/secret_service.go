//go:build linux

package keyring

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/godbus/dbus/v5"
)

// The Secret Service API (freedesktop.org), spoken over a D-Bus
// connection of our own for each use: a shared connection would outlive
// the session bus it was made on.
const (
	secretsName                 = "org.freedesktop.secrets"
	secretsPath dbus.ObjectPath = "/org/freedesktop/secrets"
	secretIface                 = "org.freedesktop.Secret."
	noPrompt    dbus.ObjectPath = "/"
)

// secret is the Secret Service's (oayays) struct; "plain" sessions carry
// the value as it is, over the user's own session bus.
type secret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

type client struct {
	conn    *dbus.Conn
	service dbus.BusObject
	session dbus.ObjectPath
}

// sessionBus is the address of the user's session bus, from the
// environment or the usual socket of the user's runtime folder. No bus is
// started when there is none: that is a desktop without a keyring.
func sessionBus() (string, error) {
	if addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" && addr != "autolaunch:" {
		return addr, nil
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		path := filepath.Join(dir, "bus")
		if _, err := os.Stat(path); err == nil {
			return "unix:path=" + path, nil
		}
	}
	return "", fmt.Errorf("%w: there is no D-Bus session", ErrNoKeyring)
}

func open(ctx context.Context) (*client, error) {
	addr, err := sessionBus()
	if err != nil {
		return nil, err
	}
	conn, err := dbus.Connect(addr, dbus.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("%w: the D-Bus session cannot be reached (%v)", ErrNoKeyring, err)
	}
	c := &client{conn: conn, service: conn.Object(secretsName, secretsPath)}
	var ignored dbus.Variant
	err = c.service.CallWithContext(ctx, secretIface+"Service.OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&ignored, &c.session)
	if err != nil {
		conn.Close()
		return nil, described("open a session with the system keyring", err)
	}
	return c, nil
}

// described says what failed; a bus on which no one provides the Secret
// Service, or could be started to, is no keyring.
func described(what string, err error) error {
	var derr dbus.Error
	if errors.As(err, &derr) && (derr.Name == "org.freedesktop.DBus.Error.ServiceUnknown" ||
		derr.Name == "org.freedesktop.DBus.Error.NameHasNoOwner" ||
		strings.HasPrefix(derr.Name, "org.freedesktop.DBus.Error.Spawn.")) {
		return fmt.Errorf("%w: nothing on the D-Bus session provides the Secret Service (GNOME Keyring, KWallet)", ErrNoKeyring)
	}
	return fmt.Errorf("%s: %w", what, err)
}

func (c *client) close() {
	c.conn.Object(secretsName, c.session).Call(secretIface+"Session.Close", 0)
	c.conn.Close()
}

// prompt lets the keyring ask the person (to unlock it, say) and waits for
// their answer, or for ctx to end.
func (c *client) prompt(ctx context.Context, path dbus.ObjectPath) (dbus.Variant, error) {
	if path == noPrompt {
		return dbus.Variant{}, nil
	}
	signals := make(chan *dbus.Signal, 8)
	c.conn.Signal(signals)
	defer c.conn.RemoveSignal(signals)
	match := []dbus.MatchOption{dbus.WithMatchObjectPath(path), dbus.WithMatchInterface(secretIface + "Prompt")}
	if err := c.conn.AddMatchSignalContext(ctx, match...); err != nil {
		return dbus.Variant{}, described("wait for the system keyring", err)
	}
	defer c.conn.RemoveMatchSignal(match...)
	p := c.conn.Object(secretsName, path)
	if err := p.CallWithContext(ctx, secretIface+"Prompt.Prompt", 0, "").Err; err != nil {
		return dbus.Variant{}, described("ask through the system keyring", err)
	}
	for {
		select {
		case s := <-signals:
			if s.Path != path || s.Name != secretIface+"Prompt.Completed" || len(s.Body) < 2 {
				continue
			}
			if dismissed, _ := s.Body[0].(bool); dismissed {
				return dbus.Variant{}, errors.New("the system keyring was not unlocked")
			}
			v, _ := s.Body[1].(dbus.Variant)
			return v, nil
		case <-ctx.Done():
			p.Call(secretIface+"Prompt.Dismiss", 0)
			return dbus.Variant{}, fmt.Errorf("the system keyring did not answer: %w", ctx.Err())
		}
	}
}

// unlock unlocks items or collections, asking the person if need be.
func (c *client) unlock(ctx context.Context, objects []dbus.ObjectPath) error {
	var done []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := c.service.CallWithContext(ctx, secretIface+"Service.Unlock", 0, objects).Store(&done, &prompt); err != nil {
		return described("unlock the system keyring", err)
	}
	_, err := c.prompt(ctx, prompt)
	return err
}

// find returns the items kept for key, unlocked.
func (c *client) find(ctx context.Context, key Key) ([]dbus.ObjectPath, error) {
	var unlocked, locked []dbus.ObjectPath
	if err := c.service.CallWithContext(ctx, secretIface+"Service.SearchItems", 0, key.attributes()).Store(&unlocked, &locked); err != nil {
		return nil, described("search the system keyring", err)
	}
	if len(locked) > 0 {
		if err := c.unlock(ctx, locked); err != nil {
			return nil, err
		}
	}
	return append(unlocked, locked...), nil
}

func check(ctx context.Context) error {
	c, err := open(ctx)
	if err != nil {
		return err
	}
	c.close()
	return nil
}

func get(ctx context.Context, key Key) (string, bool, error) {
	c, err := open(ctx)
	if err != nil {
		return "", false, err
	}
	defer c.close()
	items, err := c.find(ctx, key)
	if err != nil || len(items) == 0 {
		return "", false, err
	}
	var s secret
	if err := c.conn.Object(secretsName, items[0]).CallWithContext(ctx, secretIface+"Item.GetSecret", 0, c.session).Store(&s); err != nil {
		return "", false, described("read the system keyring", err)
	}
	return string(s.Value), true, nil
}

func set(ctx context.Context, key Key, password string) error {
	c, err := open(ctx)
	if err != nil {
		return err
	}
	defer c.close()
	// The default collection is the one the desktop unlocks at login
	// (GNOME's "login").
	var collection dbus.ObjectPath
	if err := c.service.CallWithContext(ctx, secretIface+"Service.ReadAlias", 0, "default").Store(&collection); err != nil {
		return described("find the system keyring's default collection", err)
	}
	if collection == noPrompt {
		return errors.New("the system keyring has no default collection to keep the password in")
	}
	if err := c.unlock(ctx, []dbus.ObjectPath{collection}); err != nil {
		return err
	}
	props := map[string]dbus.Variant{
		secretIface + "Item.Label":      dbus.MakeVariant(key.label()),
		secretIface + "Item.Attributes": dbus.MakeVariant(key.attributes()),
	}
	value := secret{Session: c.session, Parameters: []byte{}, Value: []byte(password), ContentType: "text/plain; charset=utf8"}
	var item, prompt dbus.ObjectPath
	err = c.conn.Object(secretsName, collection).CallWithContext(ctx, secretIface+"Collection.CreateItem", 0, props, value, true).Store(&item, &prompt)
	if err != nil {
		return described("keep the password in the system keyring", err)
	}
	_, err = c.prompt(ctx, prompt)
	return err
}

func forget(ctx context.Context, key Key) error {
	c, err := open(ctx)
	if err != nil {
		return err
	}
	defer c.close()
	items, err := c.find(ctx, key)
	if err != nil {
		return err
	}
	for _, item := range items {
		var prompt dbus.ObjectPath
		if err := c.conn.Object(secretsName, item).CallWithContext(ctx, secretIface+"Item.Delete", 0).Store(&prompt); err != nil {
			return described("remove the password from the system keyring", err)
		}
		if _, err := c.prompt(ctx, prompt); err != nil {
			return err
		}
	}
	return nil
}
