package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// richText returns the text a rich text shows, its lists included.
func richText(segs []widget.RichTextSegment) string {
	var b strings.Builder
	for _, s := range segs {
		switch x := s.(type) {
		case *widget.TextSegment:
			b.WriteString(x.Text + "\n")
		case *widget.ListSegment:
			b.WriteString(richText(x.Items))
		case *widget.ParagraphSegment:
			b.WriteString(richText(x.Texts))
		}
	}
	return b.String()
}

func TestTheYearReportIsPreviewedAsItWillRead(t *testing.T) {
	path, _ := samplePlanFile(t)
	w, mw := openWindow(t, path)
	menuItem(t, w, "File", "Year report…").Action()
	<-mw.Idle()
	d := dialogShown(t, w)
	previews := shownWidgets[*widget.RichText](d)
	if len(previews) == 0 {
		t.Fatal("the year report dialog shows no preview")
	}
	text := richText(previews[0].Segments)
	for _, want := range []string{
		"Dynamic Coalition on the Internet of Things: 2021 year-end report and 2022 plan of engagement",
		"Our focus in 2021", "Our focus in 2021 was on following the standards",
		"Who spoke", "李明 (Li Ming)", "Stakeholder groups", "Plan of engagement for 2022",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if strings.Contains(text, "@example") {
		t.Error("the preview shows emails")
	}
}

func TestTheFocusWrittenInTheYearViewIsKeptInThePlan(t *testing.T) {
	path, store := samplePlanFile(t)
	w, mw := openWindow(t, path)
	mw.tabs.SelectIndex(0) // the Year view
	tapButton(t, w.Content(), "Our focus")
	d := dialogShown(t, w)
	var entry *widget.Entry
	for _, e := range shownWidgets[*widget.Entry](d) {
		if e.MultiLine {
			entry = e
		}
	}
	if entry == nil || !strings.HasPrefix(entry.Text, "Our focus in 2021") {
		t.Fatalf("the focus form does not hold the year's text")
	}
	entry.SetText("")
	test.Type(entry, "# Labels\n\nWe pushed for **security labels**.")
	tapButton(t, d, "Save")
	<-mw.Idle()
	var n model.Narrative
	err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
		n, err = tx.Narrative(context.Background(), 2021)
		return err
	})
	if err != nil || n.Text != "# Labels\n\nWe pushed for **security labels**." {
		t.Errorf("the plan holds the focus %q, %v", n.Text, err)
	}
}

func TestFilingASessionsReportEndsItsOverdueWarning(t *testing.T) {
	path, store := samplePlanFile(t)
	w, mw := openWindow(t, path)
	var session model.Session
	for _, s := range mw.plan.Sessions {
		if s.UID == "sample-2021-eurodig-standards@convene" {
			session = s
		}
	}
	if !mw.check.ReportsOverdue()[session.ID] {
		t.Fatal("the EuroDIG session's report is not overdue to begin with")
	}
	showSessionForm(mw, &session)
	tapButton(t, dialogShown(t, w), "Report…")
	d := dialogShown(t, w)
	if !strings.Contains(shownText(d), "Alex Moreau") {
		t.Errorf("the report form does not name the rapporteur:\n%s", shownText(d))
	}
	var lines, texts []*widget.Entry
	for _, e := range shownWidgets[*widget.Entry](d) {
		if e.MultiLine {
			texts = append(texts, e)
		} else {
			lines = append(lines, e)
		}
	}
	if len(texts) != 2 || len(lines) != 4 {
		t.Fatalf("the report form has %d text and %d line fields, want 2 and 4", len(texts), len(lines))
	}
	test.Type(texts[0], "Labels for how long devices get updates.")
	test.Type(texts[1], "- Draft a label with consumer groups")
	test.Type(lines[0], "40")
	test.Type(lines[1], "25")
	test.Type(lines[2], "31")
	test.Type(lines[3], "2021-07-09")
	tapButton(t, d, "Save")
	<-mw.Idle()
	if mw.check.ReportsOverdue()[session.ID] {
		t.Error("the filed report is still overdue")
	}
	var got model.SessionReport
	err := store.View(context.Background(), func(tx *storage.Tx) (err error) {
		got, err = tx.Report(context.Background(), session.ID)
		return err
	})
	want := model.SessionReport{SessionID: session.ID, KeyIssues: "Labels for how long devices get updates.",
		WayForward: "- Draft a label with consumer groups", Onsite: 40, Online: 25, Women: 31,
		Filed: model.Date{Year: 2021, Month: 7, Day: 9}}
	if err != nil || got != want {
		t.Errorf("the plan holds the report %+v, %v; want %+v", got, err, want)
	}
}
