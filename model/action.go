package model

// ActionItem is something a person has promised to do.
type ActionItem struct {
	ID        int64
	Title     string
	OwnerID   int64 // 0: no owner (never set, or the owner was forgotten)
	Due       Date
	Status    ActionStatus
	ForumID   int64 // 0: not tied to a forum
	SessionID int64 // 0: not tied to a session
	Notes     string
	Revision
}

// Clean trims and collapses the title and normalises the notes.
func (a *ActionItem) Clean() {
	a.Title = CleanLine(a.Title)
	a.Notes = CleanText(a.Notes)
}

// Validate returns every problem with the action item, each naming its field.
func (a *ActionItem) Validate() error {
	var p Problems
	limitText(&p, "notes", a.Notes)
	requireLine(&p, "title", a.Title)
	if _, err := ParseActionStatus(string(a.Status)); err != nil {
		p.Add("status", err)
	}
	return p.Err()
}

// Overdue reports whether the item is still expected and its due day is
// before today.
func (a *ActionItem) Overdue(today Date) bool {
	return !a.Status.Closed() && !a.Due.IsZero() && a.Due.Before(today)
}
