package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// changedText says who changed a record last and when, on the viewer's
// clocks: "Changed by Ana Souza, 29 Nov 14:02". It is empty when the plan
// knows neither (a record no one has changed since Convene kept this).
func changedText(r model.Revision, zone *time.Location) string {
	switch {
	case r.ChangedBy != "" && !r.ChangedAt.IsZero():
		return "Changed by " + r.ChangedBy + ", " + changedWhen(r.ChangedAt, zone)
	case r.ChangedBy != "":
		return "Changed by " + r.ChangedBy
	case !r.ChangedAt.IsZero():
		return "Changed " + changedWhen(r.ChangedAt, zone)
	}
	return ""
}

// changedWhen is the day and time of a change on the viewer's clocks, with
// the year when it is not this one.
func changedWhen(t time.Time, zone *time.Location) string {
	t = t.In(zone)
	if t.Year() != time.Now().In(zone).Year() {
		return t.Format("2 Jan 2006 15:04")
	}
	return t.Format("2 Jan 15:04")
}

// changedLabel is the quiet line atop a form that says who changed its
// record last, or nil when that is not known.
func changedLabel(r model.Revision, zone *time.Location) *widget.FormItem {
	text := changedText(r, zone)
	if text == "" {
		return nil
	}
	l := widget.NewLabel(text)
	l.Importance = widget.LowImportance
	l.TextStyle = fyne.TextStyle{Italic: true}
	return widget.NewFormItem("", l)
}

// showStale says that a save or a deletion was refused because someone
// changed the record after it was opened: who, and when on the viewer's
// clocks. Reload takes their version (and drops what was typed); Keep
// editing leaves the form as typed.
func showStale(win fyne.Window, stale *storage.StaleError, zone *time.Location, reload func()) {
	who := stale.Who
	if who == "" {
		who = "Someone else"
	}
	when := ""
	if !stale.When.IsZero() {
		when = " on " + changedWhen(stale.When, zone)
	}
	msg := who + " changed this " + stale.Kind + when + ", after you opened it, so nothing was saved.\n\n" +
		"Reload shows their version; what you typed here is then lost.\n" +
		"Keep editing leaves what you typed; it can be saved only after a reload."
	d := dialog.NewConfirm(who+" changed this "+stale.Kind, msg, func(ok bool) {
		if ok {
			reload()
		}
	}, win)
	d.SetConfirmText("Reload")
	d.SetDismissText("Keep editing")
	d.Show()
}
