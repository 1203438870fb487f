package ui_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/ui"
)

// viewOpen opens a new plan with the sample in a test window the size of a
// laptop screen, as a coordinator in Warsaw sees it on 1 December 2021, and
// shows the named tab.
func viewOpen(t *testing.T, tab string) (fyne.Window, *ui.Window, string) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	warsaw, _ := model.LoadZone("Europe/Warsaw")
	path := filepath.Join(t.TempDir(), "dc-iot.convene")
	mw := ui.Create(w, ui.Plan{Path: path, Sample: true, Zone: warsaw, Today: model.Date{Year: 2021, Month: 12, Day: 1}})
	<-mw.Loaded()
	tabs := viewFind[*container.AppTabs](w.Content())
	if len(tabs) == 0 {
		t.Fatal("the window shows no tabs")
	}
	for _, item := range tabs[0].Items {
		if strings.HasPrefix(item.Text, tab) {
			tabs[0].Select(item)
			return w, mw, path
		}
	}
	t.Fatalf("no tab %q", tab)
	return nil, nil, ""
}

// viewWalk calls fn for every object shown inside obj, parents first, as
// the widgets render them; it looks inside an object when fn says so.
func viewWalk(obj fyne.CanvasObject, fn func(fyne.CanvasObject) bool) {
	if obj == nil || !obj.Visible() || !fn(obj) {
		return
	}
	switch v := obj.(type) {
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(v).Objects() {
			viewWalk(child, fn)
		}
	case *fyne.Container:
		for _, child := range v.Objects {
			viewWalk(child, fn)
		}
	}
}

// viewFind returns every object of type T shown inside obj, among them
// the widgets that are a T with more to them (a form's entries embed
// widget.Entry).
func viewFind[T fyne.CanvasObject](obj fyne.CanvasObject) []T {
	var out []T
	viewWalk(obj, func(o fyne.CanvasObject) bool {
		if x, ok := ui.AsA[T](o); ok {
			out = append(out, x)
		}
		return true
	})
	return out
}

// viewTexts returns every text shown inside obj: labels, links, buttons and
// the hints and errors under form fields.
func viewTexts(obj fyne.CanvasObject) []string {
	var out []string
	viewWalk(obj, func(o fyne.CanvasObject) bool {
		switch v := o.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.Hyperlink:
			out = append(out, v.Text)
		case *widget.Button:
			out = append(out, v.Text)
		case *canvas.Text:
			out = append(out, v.Text)
		case wholeText:
			out = append(out, v.Text())
		default:
			return true
		}
		return false
	})
	return out
}

// viewButton finds the button with the given text.
func viewButton(t testing.TB, obj fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, b := range viewFind[*widget.Button](obj) {
		if b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q among %q", text, viewTexts(obj))
	return nil
}

// viewRows draws every row of a virtual list, on screen or not, and returns
// the texts each row shows.
func viewRows(list *widget.List) [][]string {
	rows := make([][]string, list.Length())
	for id := range rows {
		item := list.CreateItem()
		list.UpdateItem(id, item)
		rows[id] = slices.DeleteFunc(viewTexts(item), func(s string) bool { return s == "" })
	}
	return rows
}

// viewRow returns the first row showing every one of the texts, or -1.
func viewRow(rows [][]string, texts ...string) int {
	return slices.IndexFunc(rows, func(row []string) bool {
		return !slices.ContainsFunc(texts, func(text string) bool { return !slices.Contains(row, text) })
	})
}

// viewDump writes rows one a line, for a failing test to show.
func viewDump(rows [][]string) string {
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = strings.Join(r, " | ")
	}
	return strings.Join(lines, "\n")
}

// viewTapRow taps the first row on screen that shows text, as a click does.
func viewTapRow(t *testing.T, obj fyne.CanvasObject, text string) {
	t.Helper()
	var row fyne.Tappable
	viewWalk(obj, func(o fyne.CanvasObject) bool {
		if tap, ok := o.(fyne.Tappable); ok && row == nil && slices.Contains(viewTexts(o), text) {
			if _, isList := o.(*widget.List); !isList {
				row = tap
			}
		}
		return row == nil
	})
	if row == nil {
		t.Fatalf("no row shows %q", text)
	}
	test.Tap(row)
}

// viewStored reads the plan back from its file, as the next start would.
func viewStored(t *testing.T, path string) *model.Plan {
	t.Helper()
	ctx := context.Background()
	store, err := storage.Open(ctx, path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var p *model.Plan
	if err := store.View(ctx, func(tx *storage.Tx) (err error) {
		p, err = tx.Plan(ctx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTheYearShowsIGF2021InDecemberAfterTodaysMarker(t *testing.T) {
	w, _, _ := viewOpen(t, "Year")
	rows := viewRows(viewFind[*widget.List](w.Content())[0])
	at := func(texts ...string) int {
		t.Helper()
		i := viewRow(rows, texts...)
		if i < 0 {
			t.Fatalf("no row shows %q in the year:\n%s", texts, viewDump(rows))
		}
		return i
	}
	december := at("December 2021")
	today := at("Today", "Wednesday 1 December 2021")
	igf := at("6–10 Dec", "IGF 2021", "Katowice, PL · Europe/Warsaw · hybrid · 6 sessions")
	january := at("January 2022")
	if !(december < today && today < igf && igf < january) {
		t.Errorf("want December, then Today, then IGF 2021, then January; got rows %d, %d, %d, %d:\n%s",
			december, today, igf, january, viewDump(rows))
	}
	at("Mon 26 Apr", "Proposals due for IGF 2021")
	at("Nothing planned in September 2021")
	// A session that took place owes its report two weeks after it ends.
	at("Thu 4 Nov", "Report due: Software update and device configuration in the stay-at-home network")
	at("Fri 21 Jan", "Report due: Core Internet Values and the Internet of Things: secure devices at a global scale")
	// What the coalition wants to know first, above the timeline.
	if got := strings.Join(viewTexts(w.Content()), "\n"); !strings.Contains(got, "Next forum: IGF 2021, Katowice, PL, Mon 6 Dec 2021, in 5 days") {
		t.Errorf("the year does not say where the coalition goes next:\n%s", got)
	}
}

func TestDeletingAForumAsksFirstAndSaysItsSessionsGoWithIt(t *testing.T) {
	w, mw, path := viewOpen(t, "Year")
	viewTapRow(t, w.Content(), "IGF 2021")
	form := w.Canvas().Overlays().Top()
	if form == nil || !slices.Contains(viewTexts(form), "Edit forum") {
		t.Fatal("clicking a forum opened no form")
	}
	test.Tap(viewButton(t, form, "Delete…"))
	ask := w.Canvas().Overlays().Top()
	if got := viewTexts(ask); !slices.Contains(got, "Delete IGF 2021 and its 6 sessions?") {
		t.Fatalf("deleting did not ask, naming the forum and its sessions: %q", got)
	}
	if p := viewStored(t, path); len(p.Forums) != 5 {
		t.Fatalf("the forum was deleted before the answer: %d forums", len(p.Forums))
	}
	test.Tap(viewButton(t, ask, "Delete"))
	<-mw.Idle()

	p := viewStored(t, path)
	for _, f := range p.Forums {
		if f.Name == "IGF 2021" {
			t.Error("the plan file still has IGF 2021")
		}
	}
	if len(p.Sessions) != 4 {
		t.Errorf("the plan file has %d sessions, want the 4 of the other forums", len(p.Sessions))
	}
	rows := viewDump(viewRows(viewFind[*widget.List](w.Content())[0]))
	if strings.Contains(rows, "IGF 2021") {
		t.Errorf("the year still shows IGF 2021:\n%s", rows)
	}
}

func TestAForumsLastDayCannotComeBeforeItsFirst(t *testing.T) {
	w, _, _ := viewOpen(t, "Year")
	test.Tap(viewButton(t, w.Content(), "Add forum"))
	form := w.Canvas().Overlays().Top()
	entries := viewFind[*widget.Entry](form)
	byPlaceholder := func(p string) []*widget.Entry {
		return slices.DeleteFunc(slices.Clone(entries), func(e *widget.Entry) bool { return e.PlaceHolder != p })
	}
	test.Type(byPlaceholder("IGF 2022")[0], "EuroDIG 2022")
	test.Type(byPlaceholder("PL")[0], "RS")
	dates := byPlaceholder("YYYY-MM-DD")
	test.Type(dates[0], "2022-06-20")
	test.Type(dates[1], "2022-06-19")
	dates[1].FocusLost() // as the user moves on, the field says what is wrong
	zone := entryWithPlaceholder(t, form, "Europe/Warsaw")
	zone.SetText("Europe/Belgrade")

	add := viewButton(t, form, "Add")
	if !add.Disabled() {
		t.Error("a forum ending before it starts can be added")
	}
	if got := strings.Join(viewTexts(form), "\n"); !strings.Contains(got, "2022-06-19 is before the first day 2022-06-20") {
		t.Errorf("the last day's error does not say what is wrong:\n%s", got)
	}
	dates[1].SetText("2022-06-21")
	if add.Disabled() {
		t.Errorf("a right forum cannot be added:\n%s", strings.Join(viewTexts(form), "\n"))
	}
}

// At the top of the year a coordinator sees what is overdue before what is
// next: reports past due and promises not kept count for more than the
// next date.
func TestTheYearSaysWhatIsOverdueBeforeWhatIsNext(t *testing.T) {
	w, _, path := viewOpen(t, "Year")
	reports, actions := 0, 0
	for _, f := range model.Check(viewStored(t, path), model.Date{Year: 2021, Month: 12, Day: 1}) {
		switch f.Kind {
		case model.ReportOverdue:
			reports++
		case model.ActionOverdue:
			actions++
		}
	}
	if actions == 0 {
		t.Fatal("the sample has no overdue action on 1 Dec 2021")
	}
	want := fmt.Sprintf("Overdue: %d action item", actions)
	if reports > 0 {
		want = fmt.Sprintf("Overdue: %d session report", reports)
	}
	said := strings.Join(viewTexts(w.Content()), "\n")
	if !strings.Contains(said, want) || !strings.Contains(said, "Next due:") {
		t.Errorf("the Year view does not say %q before what is due next:\n%s", want, said)
	}
}

// In March 2022 the coordinator puts 2021 away: what it left overdue no
// longer counts, its months leave the timeline, and picking 2021 shows it
// again with the way to bring it back.
func TestPuttingLastYearAwayStopsItsOverdueItemsCounting(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	path := filepath.Join(t.TempDir(), "dc-iot.convene")
	march := model.Date{Year: 2022, Month: 3, Day: 1}
	mw := ui.Create(w, ui.Plan{Path: path, Sample: true, Today: march})
	<-mw.Loaded()
	overdue := func() (n int) {
		for _, f := range model.Check(viewStored(t, path), march) {
			if f.Kind == model.ActionOverdue || f.Kind == model.ReportOverdue {
				n++
			}
		}
		return n
	}
	if overdue() == 0 {
		t.Fatal("the sample has nothing overdue in March 2022")
	}

	viewFind[*container.AppTabs](w.Content())[0].SelectIndex(0)
	years := selectNamed(t, w.Content(), "All years")
	years.SetSelected("2021")
	put := viewButton(t, w.Content(), "Put 2021 away")
	test.Tap(put)
	<-mw.Idle()

	if p := viewStored(t, path); !slices.Equal(p.Archived, []int{2021}) {
		t.Fatalf("the plan keeps %v as put away", p.Archived)
	}
	if n := overdue(); n != 0 {
		t.Errorf("with 2021 put away, %d items still count as overdue", n)
	}
	if said := strings.Join(viewTexts(w.Content()), "\n"); strings.Contains(said, "Overdue:") {
		t.Errorf("the Year view still counts overdue items:\n%s", said)
	}
	years.SetSelected("All years")
	if rows := viewRows(viewFind[*widget.List](w.Content())[0]); viewRow(rows, "IGF 2021") >= 0 {
		t.Errorf("with every year shown, the year put away is still on the timeline:\n%s", viewDump(rows))
	}
	years.SetSelected("2021 (put away)")
	if rows := viewRows(viewFind[*widget.List](w.Content())[0]); viewRow(rows, "IGF 2021") < 0 {
		t.Errorf("picking 2021 does not show it:\n%s", viewDump(rows))
	}
	test.Tap(viewButton(t, w.Content(), "Bring 2021 back"))
	<-mw.Idle()
	if p := viewStored(t, path); len(p.Archived) != 0 || overdue() == 0 {
		t.Errorf("bringing 2021 back leaves %v put away", p.Archived)
	}
}

// wholeText is a line that a narrow window cuts, whose whole text its tip
// shows: the tests read what the tip would say.
type wholeText interface{ Text() string }
