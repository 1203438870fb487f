package ui

import (
	"context"
	"fmt"
	"slices"

	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// showNarrativeForm edits the coalition's focus for a year in its own
// words, the opening of the year's report; saved runs once it is kept.
func showNarrativeForm(mw *Window, year int, saved func()) {
	text := ""
	for _, n := range mw.plan.Narratives {
		if n.Year == year {
			text = n.Text
		}
	}
	entry := textEntry(text, "Our focus this year was on …")
	entry.SetMinRowsVisible(14)
	items := []*widget.FormItem{formItem("Focus", entry,
		"Paragraphs apart by a blank line; # for a heading, - for a list (indent for sub-items), **strong**, *emphasis*")}
	showForm(mw.win, fmt.Sprintf("Our focus in %d", year), "Save", items, func() {
		n := model.Narrative{Year: year, Text: entry.Text}
		mw.write(func(ctx context.Context, tx *storage.Tx) error {
			return tx.SaveNarrative(ctx, &n)
		}, func() {
			mw.plan.Narratives = slices.DeleteFunc(mw.plan.Narratives, func(x model.Narrative) bool { return x.Year == year })
			if n.Text != "" {
				mw.plan.Narratives = append(mw.plan.Narratives, n)
				slices.SortFunc(mw.plan.Narratives, func(a, b model.Narrative) int { return a.Year - b.Year })
			}
			if saved != nil {
				saved()
			}
		})
	})
}
