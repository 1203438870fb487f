package ui

import (
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"

	"github.com/convene-planner/convene/model"
)

// A coordinator new to the agenda learns what the coloured squares mean:
// the legend under the list names the three sets, and pointing at a
// session's squares names the groups, genders and regions it has.
func TestTheBalanceSquaresSayWhatTheyMean(t *testing.T) {
	path, s := samplePlanFile(t)
	s.Close()
	w, mw := openWindow(t, path)
	mw.tabs.SelectIndex(1)

	said := shownText(w.Content())
	for _, words := range []string{"stakeholder groups", "genders", "UN regions"} {
		if !strings.Contains(said, words) {
			t.Errorf("the agenda has no legend naming %q", words)
		}
	}
	bars := shownWidgets[*balanceBar](w.Content())
	if len(bars) == 0 {
		t.Fatal("the agenda shows no balance")
	}
	var bar *balanceBar
	for _, b := range bars {
		if b.balance.People > 0 {
			bar = b
		}
	}
	if bar.tip.Visible() {
		t.Error("a tip shows before the pointer is on the squares")
	}
	bar.MouseIn(&desktop.MouseEvent{})
	if !bar.tip.Visible() || !strings.Contains(bar.tip.Text, "·") {
		t.Fatalf("pointing at the squares shows %q", bar.tip.Text)
	}
	for i, n := range bar.balance.Groups {
		if group := string(model.StakeholderGroups()[i]); (n > 0) != strings.Contains(bar.tip.Text, group) {
			t.Errorf("the tip %q is wrong about %s (%d)", bar.tip.Text, group, n)
		}
	}
	bar.MouseOut()
	if bar.tip.Visible() {
		t.Error("the tip stays after the pointer has left")
	}
}

// Switching the agenda to the viewer's clocks says so in every forum's
// heading, not only in the times.
func TestTimesInMyZoneChangeTheForumHeadingsToo(t *testing.T) {
	path, s := samplePlanFile(t)
	s.Close()
	_, mw := openWindow(t, path)
	mw.opts.Zone = mustZone(t, "Pacific/Auckland")
	mw.tabs.SelectIndex(1)

	mw.sessions.zone.SetChecked(true)
	for _, r := range mw.sessions.rows {
		if r.kind == forumRow && !strings.HasSuffix(r.text, "times in your zone, Pacific/Auckland") {
			t.Errorf("in my zone a forum's heading says %q", r.text)
		}
	}
	mw.sessions.zone.SetChecked(false)
	if r := mw.sessions.rows[0]; !strings.HasSuffix(r.text, "America/Sao_Paulo") {
		t.Errorf("on the forum's clocks its heading says %q", r.text)
	}
}

// Every status reads in the light theme and the dark: its word keeps at
// least the contrast WCAG asks of text (4.5:1) against its ground.
func TestEveryStatusReadsInBothThemes(t *testing.T) {
	th := theme.DefaultTheme()
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		window := th.Color(theme.ColorNameBackground, variant)
		word := th.Color(theme.ColorNameForeground, variant)
		for _, status := range model.SessionStatuses() {
			ground := over(tint(th.Color(statusColour(status), variant)), window)
			if c := contrast(word, ground); c < 4.5 {
				t.Errorf("%s in the %s theme: contrast %.1f:1", status, map[fyne.ThemeVariant]string{0: "dark", 1: "light"}[variant], c)
			}
		}
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := model.LoadZone(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// over lays a translucent colour on an opaque one.
func over(top, under color.Color) color.Color {
	tr, tg, tb, ta := top.RGBA()
	ur, ug, ub, _ := under.RGBA()
	mix := func(t, u uint32) uint8 { return uint8((t*ta/0xffff + u*(0xffff-ta)/0xffff) >> 8) }
	return color.NRGBA{R: mix(tr, ur), G: mix(tg, ug), B: mix(tb, ub), A: 0xff}
}

// contrast is WCAG's contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := color.NRGBAModel.Convert(c).RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
