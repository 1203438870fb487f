package ui

import (
	"context"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/imip"
)

// editor is what a view asks of the window it is in: to open the forms
// and dialogs that change the plan, to make the changes a view makes in
// one click, and where its dialogs and tips go. A view reads the plan from
// its planState and holds nothing more of the window than this.
type editor interface {
	window() fyne.Window
	tipLayer() *tipLayer

	// The forms on one record; an ID of 0 opens the form on a new one.
	editForum(id int64)
	editSession(id int64)
	editPerson(id int64, saved func(model.Person))
	editAction(id int64)
	editNarrative(year int)

	// Where a finding leads.
	openPerson(id int64)
	openAction(id int64)

	// Changes made without a form.
	saveAction(a model.ActionItem)
	deletePerson(id int64)
	confirmForget(id int64)
	putAway(year int, away bool)

	// What goes out of the plan.
	inviteDialog(only imip.Scope)
	exportICSDialog(personID int64)
}

var _ editor = (*Window)(nil)

func (mw *Window) window() fyne.Window { return mw.win }

func (mw *Window) tipLayer() *tipLayer { return mw.tips }

func (mw *Window) editForum(id int64) {
	if id == 0 {
		showForumForm(mw, nil)
	} else if f := mw.index.Forums[id]; f != nil {
		c := *f
		showForumForm(mw, &c)
	}
}

func (mw *Window) editSession(id int64) {
	if id == 0 {
		showSessionForm(mw, nil)
	} else if s := mw.index.Sessions[id]; s != nil {
		c := *s
		showSessionForm(mw, &c)
	}
}

func (mw *Window) editPerson(id int64, saved func(model.Person)) {
	if id == 0 {
		showPersonForm(mw, nil, saved)
	} else if p := mw.index.People[id]; p != nil {
		c := *p
		showPersonForm(mw, &c, saved)
	}
}

func (mw *Window) editAction(id int64) {
	if id == 0 {
		showActionForm(mw, nil)
	} else if i := slices.IndexFunc(mw.plan.Actions, func(a model.ActionItem) bool { return a.ID == id }); i >= 0 {
		a := mw.plan.Actions[i]
		showActionForm(mw, &a)
	}
}

func (mw *Window) editNarrative(year int) { showNarrativeForm(mw, year, nil) }

// openPerson shows a person's page.
func (mw *Window) openPerson(id int64) {
	mw.tabs.SelectIndex(2)
	mw.people.reveal(id)
}

// openAction shows an action item in its form, over the actions.
func (mw *Window) openAction(id int64) {
	mw.tabs.SelectIndex(3)
	mw.editAction(id)
}

func (mw *Window) saveAction(a model.ActionItem) { save(mw, actionRecords, a, nil, nil) }

// putAway puts a year away, or brings it back; the plan is read and
// checked again, since what counts as overdue changes.
func (mw *Window) putAway(year int, away bool) {
	mw.rewrite(func(ctx context.Context, tx *storage.Tx) error {
		return tx.SetArchived(ctx, year, away)
	}, func() {
		what := fmt.Sprintf("putting %d away", year)
		if !away {
			what = fmt.Sprintf("bringing %d back", year)
		}
		mw.didEdit(what, func(ctx context.Context, tx *storage.Tx) error { return tx.SetArchived(ctx, year, !away) })
	})
}
