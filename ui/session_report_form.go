package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// showSessionReportForm edits the IGF's report on a session: the key
// issues raised, the way forward, who took part where, and the day it was
// filed, which ends the report-overdue warning.
func showSessionReportForm(mw *Window, sessionID int64) {
	s := mw.index.Sessions[sessionID]
	if s == nil {
		return
	}
	rep := model.SessionReport{SessionID: sessionID}
	for _, r := range mw.plan.Reports {
		if r.SessionID == sessionID {
			rep = r
		}
	}
	keyIssues := textEntry(rep.KeyIssues, "What the speakers and the room raised")
	wayForward := textEntry(rep.WayForward, "What was agreed, and who calls on whom to do what")
	onsite, online, women := countEntry(rep.Onsite), countEntry(rep.Online), countEntry(rep.Women)
	filed := dateEntry(rep.Filed, false)

	var rapporteurs []string
	for _, pt := range s.Participants {
		if p := mw.index.People[pt.PersonID]; p != nil && pt.Role == model.RoleRapporteur && pt.Status != model.Declined {
			rapporteurs = append(rapporteurs, p.Name)
		}
	}
	rapporteur := "none yet: give the session a rapporteur in its form"
	if len(rapporteurs) > 0 {
		rapporteur = strings.Join(rapporteurs, ", ")
	}
	due := "not due: only a scheduled or held session owes a report"
	if d := model.ReportDue(s, mw.index.Forums[s.ForumID]); !d.IsZero() {
		due = "due on " + d.Format("Mon 2 Jan 2006")
	}
	items := []*widget.FormItem{
		formItem("Rapporteur", widget.NewLabel(rapporteur), ""),
		formItem("Key issues raised", keyIssues, ""),
		formItem("Way forward", wayForward, "Calls to action; - for a list"),
		formItem("Onsite", onsite, "Participants in the room"),
		formItem("Online", online, "Participants online"),
		formItem("Women", women, "Of those onsite and online"),
		formItem("Filed", filed, "The day it went to the IGF; "+due),
	}
	showForm(mw.win, "Report on "+s.Title, "Save", items, func() {
		r := model.SessionReport{SessionID: sessionID, KeyIssues: keyIssues.Text, WayForward: wayForward.Text}
		r.Onsite, _ = strconv.Atoi(strings.TrimSpace(onsite.Text))
		r.Online, _ = strconv.Atoi(strings.TrimSpace(online.Text))
		r.Women, _ = strconv.Atoi(strings.TrimSpace(women.Text))
		r.Filed, _ = model.ParseDate(filed.Text)
		mw.write(func(ctx context.Context, tx *storage.Tx) error {
			return tx.SaveReport(ctx, &r)
		}, func() {
			upsert(&mw.plan.Reports, r, func(x model.SessionReport) int64 { return x.SessionID })
			mw.check.UpdateReport(r)
		})
	})
}

// countEntry is a field for a number of people: empty is none.
func countEntry(n int) *widget.Entry {
	e := widget.NewEntry()
	if n != 0 {
		e.SetText(strconv.Itoa(n))
	}
	e.SetPlaceHolder("0")
	e.Validator = func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		if v, err := strconv.Atoi(s); err != nil || v < 0 {
			return fmt.Errorf("%q is not a number of people", s)
		}
		return nil
	}
	return e
}

// sessionReportButton opens a session's report from its form, closing the form.
func sessionReportButton(mw *Window, sessionID int64, closeForm func()) *widget.Button {
	return widget.NewButtonWithIcon("Report…", theme.DocumentIcon(), func() {
		closeForm()
		showSessionReportForm(mw, sessionID)
	})
}
