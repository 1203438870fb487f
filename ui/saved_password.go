package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/storage/keyring"
)

// keyringWait bounds a use of the system keyring: long enough for the
// desktop to ask for the keyring's own password, short enough that a
// keyring that never answers is reported.
const keyringWait = 2 * time.Minute

// savedPassword is a password entry with "Remember in the system keyring"
// beside it, for a server's host and user. The password a keyring holds
// for them is filled in; one typed is kept there after it has worked, when
// the coordinator asks; Forget removes it. Without a keyring the entry
// works as a plain one and says why nothing is remembered. A password goes
// only to the keyring and the server: never to the plan, the preferences
// or a message.
type savedPassword struct {
	mw       *Window
	entry    *widget.Entry
	remember *widget.Check
	forget   *widget.Button
	status   *widget.Label

	key       keyring.Key // whose password the entry is for
	filled    string      // what the keyring filled in, while the entry holds it
	noKeyring bool        // the keyring said it is not there
	// fit grows the dialog when a line about the keyring appears in it.
	fit func()
}

func newSavedPassword(mw *Window, placeholder string) *savedPassword {
	p := &savedPassword{mw: mw, entry: widget.NewPasswordEntry(), status: widget.NewLabel("")}
	p.entry.SetPlaceHolder(placeholder)
	p.remember = widget.NewCheck("Remember in the system keyring", nil)
	p.forget = widget.NewButtonWithIcon("Forget", theme.DeleteIcon(), p.onForget)
	p.forget.Disable()
	p.status.Wrapping = fyne.TextWrapWord
	p.status.Hide()
	return p
}

// content is what the dialog shows: the entry, the check and Forget, and
// what the keyring said.
func (p *savedPassword) content() fyne.CanvasObject {
	return container.NewVBox(p.entry, container.NewHBox(p.remember, p.forget), p.status)
}

func (p *savedPassword) say(text string) {
	p.status.SetText(text)
	p.status.Show()
	if p.fit != nil {
		p.fit()
	}
}

// setKey makes the entry the password of key, as the address and user
// are typed: a password the keyring filled in for another is taken out.
// It asks the keyring nothing; lookUp does, once they are typed.
func (p *savedPassword) setKey(key keyring.Key) {
	if key == p.key {
		return
	}
	p.key = key
	if p.filled != "" && p.entry.Text == p.filled {
		p.entry.SetText("")
	}
	p.filled = ""
	p.forget.Disable()
	if !p.noKeyring {
		p.status.Hide()
	}
}

// lookUp asks the keyring, off the UI goroutine, whether it is there and
// what it holds for the key, and shows the answer.
func (p *savedPassword) lookUp() {
	key, mw := p.key, p.mw
	mw.busy()
	go func() {
		found := askKeyring(key)
		fyne.Do(func() {
			defer mw.settle()
			p.show(found)
		})
	}()
}

// keyringAnswer is what the keyring said about a key.
type keyringAnswer struct {
	key      keyring.Key
	password string
	found    bool
	err      error
}

// askKeyring asks the keyring for key's password, or only whether it is
// there when key names no one; it runs off the UI goroutine.
func askKeyring(key keyring.Key) keyringAnswer {
	ctx, cancel := context.WithTimeout(context.Background(), keyringWait)
	defer cancel()
	a := keyringAnswer{key: key}
	if key.Host == "" || key.User == "" {
		a.err = keyring.Check(ctx)
	} else {
		a.password, a.found, a.err = keyring.Get(ctx, key)
	}
	return a
}

// show fills in what the keyring holds, unless a password was typed, and
// says why nothing can be remembered when there is no keyring. An answer
// for a key the coordinator has since changed is dropped.
func (p *savedPassword) show(a keyringAnswer) {
	if a.key != p.key {
		return
	}
	p.noKeyring = errors.Is(a.err, keyring.ErrNoKeyring)
	switch {
	case p.noKeyring:
		p.remember.SetChecked(false)
		p.remember.Disable()
		p.say("No system keyring is running (such as GNOME Keyring or KWallet), so the password cannot be remembered: type it each time.")
	case a.err != nil:
		p.say("The system keyring could not be read: " + a.err.Error())
	case a.found:
		p.remember.Enable()
		p.remember.SetChecked(true)
		p.forget.Enable()
		if p.entry.Text == "" {
			p.entry.SetText(a.password)
			p.filled = a.password
		}
		p.say("The password of " + a.key.String() + " is filled in from the system keyring.")
	default:
		p.remember.Enable()
	}
}

// onForget removes the password of the entry's host and user from the keyring.
func (p *savedPassword) onForget() {
	key, mw := p.key, p.mw
	p.forget.Disable()
	mw.busy()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), keyringWait)
		defer cancel()
		err := keyring.Forget(ctx, key)
		fyne.Do(func() {
			defer mw.settle()
			if err != nil {
				p.forget.Enable()
				p.say("The system keyring could not forget the password: " + err.Error())
				return
			}
			if p.filled != "" && p.entry.Text == p.filled {
				p.entry.SetText("")
			}
			p.filled = ""
			p.remember.SetChecked(false)
			p.say("Forgotten: the system keyring no longer holds a password of " + key.String() + ".")
		})
	}()
}

// typed is what a run takes from the dialog, on the UI goroutine: the
// password as it stands, and whether to keep it.
func (p *savedPassword) typed() passwordUse {
	return passwordUse{key: p.key, password: p.entry.Text, keep: p.remember.Checked && !p.remember.Disabled()}
}

// passwordUse is the password a run off the UI goroutine uses, and what it
// does with the keyring.
type passwordUse struct {
	key      keyring.Key
	password string
	keep     bool
}

// resolve is the password to log in with: the one typed (or filled in),
// else the one the keyring holds for the key. Empty leaves the command
// line's ways ($CONVENE_PASSWORD, ~/.netrc) to find one.
func (u *passwordUse) resolve(ctx context.Context) string {
	if u.password == "" && u.key.Host != "" && u.key.User != "" {
		ctx, cancel := context.WithTimeout(ctx, keyringWait)
		defer cancel()
		if password, found, err := keyring.Get(ctx, u.key); err == nil && found {
			u.password = password
		}
	}
	return u.password
}

// kept keeps the password in the keyring once it has worked, when the
// coordinator asked, and says what became of it, for the run's message.
func (u *passwordUse) kept(ctx context.Context) string {
	if !u.keep || u.password == "" || u.key.Host == "" || u.key.User == "" {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, keyringWait)
	defer cancel()
	if err := keyring.Set(ctx, u.key, u.password); err != nil {
		return "The password was not remembered: " + err.Error()
	}
	return "The system keyring remembers the password of " + u.key.String() + "."
}

// addressEntry is the entry of a server's address or user: leaving it
// (Tab, a click elsewhere) or pressing Enter is when the keyring is asked
// for the password of what it names, not at every key typed.
type addressEntry struct {
	widget.Entry
	onLeft func()
}

func newAddressEntry(placeholder string, onLeft func()) *addressEntry {
	e := &addressEntry{onLeft: onLeft}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(placeholder)
	e.OnSubmitted = func(string) { onLeft() }
	return e
}

// FocusLost asks for the password once the coordinator leaves the entry.
func (e *addressEntry) FocusLost() {
	e.Entry.FocusLost()
	e.onLeft()
}
