package ui

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/keyring"
)

// teamAddress is a team plan's address as the dialog takes it apart: the
// address without a password, which is what is shown and remembered, and
// the password that was in it, if any, which goes to the password field.
func teamAddress(text string) (address, password string, err error) {
	text = strings.TrimSpace(text)
	if !storage.IsTeamPlan(text) {
		return "", "", errors.New("give the team plan's address: postgres://USER@HOST:PORT/DATABASE")
	}
	u, err := url.Parse(text)
	if err != nil || u.Hostname() == "" || strings.Trim(u.Path, "/") == "" || u.User == nil || u.User.Username() == "" {
		return "", "", errors.New("give the user, the server and the database: postgres://USER@HOST:PORT/DATABASE")
	}
	password, _ = u.User.Password()
	u.User = url.User(u.User.Username())
	return u.String(), password, nil
}

// withPassword is address with password in it, for the connection only.
func withPassword(address, password string) string {
	u, err := url.Parse(address)
	if err != nil || password == "" || u.User == nil {
		return address
	}
	u.User = url.UserPassword(u.User.Username(), password)
	return u.String()
}

// teamKey is what the keyring keeps a team plan's password under: the
// server (host and port) and the user.
func teamKey(address string) keyring.Key {
	u, err := url.Parse(address)
	if err != nil || u.User == nil {
		return keyring.Key{}
	}
	return keyring.Key{Host: u.Host, User: u.User.Username()}
}

// openTeamPlanDialog asks for a team plan's address and password and
// opens it, off the UI goroutine behind a progress bar. The dialog stays
// open, with what was typed, until the plan is on screen: a refused
// login or a server out of reach is said in it. The password goes only
// to the server and, when the coordinator asks, the system keyring;
// the address is remembered without it.
func (mw *Window) openTeamPlanDialog() { mw.showTeamPlanDialog("", nil) }

// showTeamPlanDialog opens the dialog on address, saying why when the
// window could not open it (why is nil otherwise).
func (mw *Window) showTeamPlanDialog(address string, why error) {
	password := newSavedPassword(mw, "Password (else the keyring, $PGPASSWORD or ~/.pgpass)")
	addr := newAddressEntry("postgres://USER@HOST:5432/DATABASE", password.lookUp)
	addr.Validator = func(s string) error {
		_, _, err := teamAddress(s)
		return err
	}
	addr.OnChanged = func(s string) {
		if clean, typed, err := teamAddress(s); err == nil {
			if typed != "" {
				// A password pasted with the address goes to its field,
				// never into what is shown or remembered.
				addr.SetText(clean)
				password.entry.SetText(typed)
				return
			}
			password.setKey(teamKey(clean))
		}
	}
	addr.SetText(address)

	said := widget.NewLabel("")
	said.Wrapping = fyne.TextWrapWord
	said.Importance = widget.DangerImportance
	if why != nil {
		said.SetText(why.Error())
	} else {
		said.Hide()
	}
	progress := widget.NewProgressBarInfinite()
	progress.Stop()
	progress.Hide()

	form := widget.NewForm(
		formItem("Address", addr, "The server, its port, the database and your PostgreSQL user"),
		formItem("Password", password.content(), ""),
	)
	open := widget.NewButtonWithIcon("Open", theme.ConfirmIcon(), nil)
	open.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), nil)
	buttons := container.NewHBox(layout.NewSpacer(), cancel, open)
	body := container.NewVBox(form, said, progress)
	d := dialog.NewCustomWithoutButtons("Open team plan", container.NewBorder(nil, buttons, nil, nil, body), mw.win)
	cancel.OnTapped = d.Hide
	fit := func() {
		size := mw.win.Canvas().Size()
		// The dialog's title, and the lines that wrap once they are
		// laid out at the dialog's width, need a few lines more than
		// the body asks for now.
		line := fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{}).Height
		want := body.MinSize().Add(fyne.NewSize(theme.Padding()*6, buttons.MinSize().Height+theme.Padding()*10+3*line))
		d.Resize(fyne.NewSize(min(max(want.Width, 640), size.Width*0.95), min(want.Height, size.Height*0.95)))
	}
	password.fit = fit

	open.OnTapped = func() {
		clean, _, err := teamAddress(addr.Text)
		if err != nil {
			said.SetText(err.Error())
			said.Show()
			fit()
			return
		}
		use := password.typed()
		open.Disable()
		addr.Disable()
		said.Hide()
		progress.Show()
		progress.Start()
		fit()
		mw.busy()
		go func() {
			ctx := context.Background()
			store, plan, err := mw.load(ctx, withPassword(clean, use.resolve(ctx)), false, storage.Options{Create: true})
			var kept string
			if err == nil {
				kept = use.kept(ctx)
			}
			fyne.Do(func() {
				defer mw.settle()
				progress.Stop()
				progress.Hide()
				addr.Enable()
				open.Enable()
				if err != nil {
					said.SetText(err.Error())
					said.Show()
					fit()
					return
				}
				d.Hide()
				mw.show(store, plan)
				if kept != "" {
					dialog.ShowInformation("Open team plan", kept, mw.win)
				}
			})
		}()
	}
	fit()
	d.Show()
	if address != "" {
		password.lookUp()
	}
	mw.win.Canvas().Focus(addr)
}

// withKeptPassword is a team plan's address named without its password
// (a recent plan, the last one) with the password the system keyring
// keeps for it; without one, pgx looks in $PGPASSWORD and ~/.pgpass. It
// runs off the UI goroutine.
func withKeptPassword(ctx context.Context, address string) string {
	if _, typed, err := teamAddress(address); err != nil || typed != "" {
		return address
	}
	use := passwordUse{key: teamKey(address)}
	return withPassword(address, use.resolve(ctx))
}
