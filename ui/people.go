package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage/imip"
)

// peopleView is everyone in the plan, searched as the user types, beside the
// page of the person picked: their details, what the planning checks say
// about them, and their schedule on their own clocks. The list is virtual,
// so tens of thousands of people cost only the rows on screen; a page holds
// one person's sessions, which stay in the tens.
type peopleView struct {
	state  *planState
	editor editor
	// add is hidden while the plan may only be read.
	add *widget.Button

	search  *widget.Entry
	count   *widget.Label
	list    *widget.List
	page    *fyne.Container
	content fyne.CanvasObject

	// shown holds indexes into the plan's people that pass the search.
	shown []int
	// haystack holds each person's searchable text, lower-cased once per
	// refresh rather than on every keystroke.
	haystack []string
	// worst is the most serious finding naming each person.
	worst map[int64]model.Severity
	// open is the person whose page is shown, 0 for none.
	open int64
	// added names a person just added, whose page opens once the plan file
	// has them and so their ID is known.
	added *model.Person
}

func newPeopleView(state *planState, ed editor) *peopleView {
	v := &peopleView{state: state, editor: ed, count: widget.NewLabel(""), page: container.NewStack()}
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder("Search people")
	v.search.OnChanged = func(string) {
		v.filter()
		v.list.ScrollToTop()
	}
	v.list = widget.NewList(func() int { return len(v.shown) }, func() fyne.CanvasObject { return newPersonItem(ed.tipLayer()) }, v.updateItem)
	v.list.OnSelected = func(id widget.ListItemID) {
		if id < len(v.shown) && v.state.plan.People[v.shown[id]].ID != v.open {
			v.show(v.state.plan.People[v.shown[id]].ID)
		}
	}
	v.add = widget.NewButtonWithIcon("Add person", theme.ContentAddIcon(), func() {
		ed.editPerson(0, func(p model.Person) { v.added = &p })
	})
	v.add.Importance = widget.HighImportance
	left := container.NewBorder(
		container.NewPadded(container.NewBorder(nil, nil, nil, v.add, v.search)),
		container.NewPadded(v.count), nil, nil, v.list)
	split := container.NewHSplit(left, v.page)
	split.Offset = 0.33
	v.content = split
	return v
}

func (v *peopleView) object() fyne.CanvasObject { return v.content }

// refresh takes in a changed plan: each person's search text and findings,
// then the list and the open page.
func (v *peopleView) refresh() {
	v.state.offerEdits(v.add)
	p := v.state.plan
	v.haystack = make([]string, len(p.People))
	for i, pe := range p.People {
		v.haystack[i] = strings.ToLower(strings.Join([]string{pe.Name, pe.Email, pe.Affiliation,
			string(pe.Group), string(pe.Region), pe.Country, zoneName(pe.Zone), zoneCity(pe.Zone)}, "\n"))
	}
	v.worst = v.state.check.Worst()
	if a := v.added; a != nil {
		// The newest person of that name and email is the one just added.
		v.added = nil
		var newest int64
		for _, pe := range p.People {
			if pe.Name == a.Name && pe.Email == a.Email {
				newest = max(newest, pe.ID)
			}
		}
		if newest != 0 {
			v.reveal(newest)
			return
		}
	}
	if v.state.index.People[v.open] == nil {
		// Rather than half a screen of nothing, the page of whoever comes first.
		v.open = 0
		if len(p.People) > 0 {
			v.open = p.People[0].ID
		}
	}
	v.filter()
	v.show(v.open)
}

// filter keeps the people whose text holds every word of the search.
func (v *peopleView) filter() {
	words := strings.Fields(strings.ToLower(v.search.Text))
	v.shown = v.shown[:0]
	for i, text := range v.haystack {
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }) {
			v.shown = append(v.shown, i)
		}
	}
	if len(words) == 0 {
		v.count.SetText(people(len(v.shown)))
	} else {
		v.count.SetText(fmt.Sprintf("%d of %s", len(v.shown), people(len(v.haystack))))
	}
	v.list.UnselectAll()
	v.list.Refresh()
	if i := slices.IndexFunc(v.shown, func(i int) bool { return v.state.plan.People[i].ID == v.open }); i >= 0 {
		// Selecting scrolls the row into view; after an edit the list stays
		// where the user left it.
		offset := v.list.GetScrollOffset()
		v.list.Select(i)
		v.list.ScrollToOffset(offset)
	}
}

// show opens a person's page; with no one to show, it says how to add someone.
func (v *peopleView) show(id int64) {
	v.open = id
	p := v.state.index.People[id]
	if p == nil {
		hint := widget.NewLabel("No one is in the plan yet: add a person to see their schedule here.")
		v.page.Objects = []fyne.CanvasObject{container.NewCenter(hint)}
	} else {
		v.page.Objects = []fyne.CanvasObject{v.personPage(p)}
	}
	v.page.Refresh()
}

// reveal opens a person's page and shows them in the list, clearing a
// search that would hide them: for a person just added, or one a finding
// elsewhere in the app names.
func (v *peopleView) reveal(id int64) {
	v.open = id
	v.search.SetText("")
	v.filter()
	if i := slices.IndexFunc(v.shown, func(i int) bool { return v.state.plan.People[i].ID == id }); i >= 0 {
		v.list.ScrollTo(i)
	}
	v.show(id)
}

// personPage is a person's details, findings and schedule, with what can be
// done about them.
func (v *peopleView) personPage(p *model.Person) fyne.CanvasObject {
	id := p.ID
	name := widget.NewLabelWithStyle(p.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameHeadingText
	name.Truncation = fyne.TextTruncateEllipsis
	edit := widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { v.editor.editPerson(id, nil) })
	export := widget.NewButtonWithIcon("Export calendar…", theme.DownloadIcon(), func() { v.editor.exportICSDialog(id) })
	del := widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), func() { v.confirmDelete(id) })
	forget := widget.NewButtonWithIcon("Forget this person…", theme.VisibilityOffIcon(), func() { v.editor.confirmForget(id) })
	invite := widget.NewButtonWithIcon("Invite by email…", theme.MailSendIcon(), func() { v.editor.inviteDialog(imip.Scope{PersonID: id}) })
	// The buttons take as many rows as the page's width needs, so a
	// narrow window leaves the list of people room to read.
	cell := fyne.NewSize(0, 0)
	for _, b := range []*widget.Button{edit, export, invite, del, forget} {
		cell = cell.Max(b.MinSize())
	}
	buttons := container.NewGridWrap(cell, edit, export, invite, del, forget)
	v.state.offerEdits(edit, invite, del, forget)

	sections := container.NewVBox(
		v.details(p),
		widget.NewSeparator(),
		v.findings(p),
		widget.NewSeparator(),
		v.schedule(p),
	)
	header := container.NewVBox(name, buttons)
	return container.NewBorder(container.NewPadded(header), nil, nil, nil,
		container.NewVScroll(container.NewPadded(sections)))
}

// details lays out what the plan knows of the person, a field a line.
func (v *peopleView) details(p *model.Person) fyne.CanvasObject {
	grid := container.New(layout.NewFormLayout())
	add := func(label, value string) {
		if value == "" {
			return
		}
		key := widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		text := widget.NewLabel(value)
		text.Wrapping = fyne.TextWrapWord
		text.Selectable = true
		grid.Add(key)
		grid.Add(text)
	}
	add("Affiliation", p.Affiliation)
	add("Email", p.Email)
	add("Group", string(p.Group))
	add("Region", string(p.Region))
	add("Country", p.Country)
	add("Time zone", zoneLine(p.Zone, v.state.opts.Today))
	add("Bio", p.Bio)
	return grid
}

// findings says in words what the planning checks found about the person.
func (v *peopleView) findings(p *model.Person) fyne.CanvasObject {
	found := v.state.check.ForPerson(p.ID)
	box := container.NewVBox()
	if len(found) == 0 {
		ok := widget.NewLabel("No conflicts and no warnings for " + p.Name + ".")
		ok.Importance = widget.SuccessImportance
		ok.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon())), nil, ok))
		return box
	}
	box.Add(sectionHeading(fmt.Sprintf("To look at (%d)", len(found))))
	for _, f := range found {
		var icon fyne.Resource = theme.NewWarningThemedResource(theme.WarningIcon())
		if f.Severity() == model.Conflict {
			icon = theme.NewErrorThemedResource(theme.ErrorIcon())
		}
		msg := widget.NewLabel(f.Message)
		msg.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, msg))
	}
	return box
}

// schedule lists the sessions the person has a part in, by start, with the
// hours on their own clocks and the forum's beside them.
func (v *peopleView) schedule(p *model.Person) fyne.CanvasObject {
	type part struct {
		s  *model.Session
		pt model.Participation
	}
	var parts []part
	for i := range v.state.plan.Sessions {
		s := &v.state.plan.Sessions[i]
		for _, pt := range s.Participants {
			if pt.PersonID == p.ID {
				parts = append(parts, part{s, pt})
			}
		}
	}
	slices.SortStableFunc(parts, func(a, b part) int {
		if a.s.Scheduled() != b.s.Scheduled() {
			if a.s.Scheduled() {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.s.Start.Unix(), b.s.Start.Unix())
	})
	loc := p.Zone
	if loc == nil {
		loc = time.UTC
	}
	box := container.NewVBox(sectionHeading(fmt.Sprintf("Schedule in %s time (%s)", model.City(loc), plural(len(parts), "session"))))
	if len(parts) == 0 {
		box.Add(widget.NewLabel(p.Name + " has no part in any session yet."))
	}
	// Every row's time column is as wide as the widest time, so the titles
	// line up.
	whenSize := widget.NewLabelWithStyle("Wed 30 Sep 2021 23:00–00:30 +1", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}).MinSize()
	for _, x := range parts {
		box.Add(v.scheduleRow(x.s, x.pt, loc, whenSize))
	}
	return box
}

// scheduleRow is one session of a person's schedule.
func (v *peopleView) scheduleRow(s *model.Session, pt model.Participation, loc *time.Location, whenSize fyne.Size) fyne.CanvasObject {
	f := v.state.index.Forums[s.ForumID]
	when := widget.NewLabelWithStyle("Not scheduled yet", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	local := widget.NewLabel("")
	local.SizeName = theme.SizeNameCaptionText
	if s.Scheduled() {
		when.SetText(s.Start.In(loc).Format("Mon 2 Jan 2006") + "  " + hoursIn(s.Start, s.End, loc))
		if f != nil && f.Zone != nil {
			local.SetText(hoursIn(s.Start, s.End, f.Zone) + " in " + model.ForumClocks(f))
		}
	}
	title := widget.NewHyperlink(s.Title, nil)
	title.Wrapping = fyne.TextWrapWord
	title.OnTapped = func() { v.editor.editSession(s.ID) }
	forum := ""
	if f != nil {
		forum = f.Name
	}
	cancelled := ""
	if s.Status == model.StatusCancelled {
		cancelled = "session cancelled"
	}
	role := widget.NewLabel(strings.Join(nonEmpty(forum, string(pt.Role)+", "+string(pt.Status), s.Room, cancelled), " · "))
	role.SizeName = theme.SizeNameCaptionText
	role.Wrapping = fyne.TextWrapWord
	var mark fyne.Resource
	switch pt.Status {
	case model.Confirmed:
		mark = theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case model.Declined:
		mark = theme.NewErrorThemedResource(theme.CancelIcon())
		role.Importance = widget.DangerImportance
	default:
		mark = theme.NewWarningThemedResource(theme.QuestionIcon())
	}
	pad := layout.NewCustomPaddedVBoxLayout(-theme.InnerPadding())
	left := container.NewHBox(widget.NewIcon(mark),
		container.NewGridWrap(whenSize, container.New(pad, when, local)))
	return container.NewBorder(nil, nil, container.NewVBox(left), nil, container.New(pad, title, role))
}

// confirmDelete asks before a person is deleted, saying what goes with them
// and what stays.
func (v *peopleView) confirmDelete(id int64) {
	p := v.state.index.People[id]
	if p == nil {
		return
	}
	sessions, actions := 0, 0
	for _, s := range v.state.plan.Sessions {
		if slices.ContainsFunc(s.Participants, func(pt model.Participation) bool { return pt.PersonID == id }) {
			sessions++
		}
	}
	for _, a := range v.state.plan.Actions {
		if a.OwnerID == id {
			actions++
		}
	}
	var say []string
	if sessions > 0 {
		say = append(say, fmt.Sprintf("They are taken off %s.", plural(sessions, "session")))
	}
	if actions > 0 {
		say = append(say, fmt.Sprintf("The %s they own stay, without an owner.", plural(actions, "action item")))
	}
	say = append(say, "Edit › Undo (Ctrl+Z) brings them back; Forget removes every trace of them instead.")
	d := dialog.NewConfirm("Delete "+p.Name+"?", strings.Join(say, "\n"), func(ok bool) {
		if ok {
			v.editor.deletePerson(id)
		}
	}, v.editor.window())
	d.SetConfirmImportance(widget.DangerImportance)
	d.SetConfirmText("Delete")
	d.Show()
}

// people counts people: "1 person", "20 people".
func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return fmt.Sprintf("%d people", n)
}

// sectionHeading titles a part of a page.
func sectionHeading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// hoursIn writes a span on the clocks of loc, "05:00–06:30", marking an end
// on the next day "+1".
func hoursIn(start, end time.Time, loc *time.Location) string {
	s, e := start.In(loc), end.In(loc)
	text := s.Format("15:04") + "–" + e.Format("15:04")
	if model.DateOf(e) != model.DateOf(s) {
		text += " +1"
	}
	return text
}

// zoneName is a zone's IANA name, or "" for none.
func zoneName(loc *time.Location) string {
	if loc == nil {
		return ""
	}
	return loc.String()
}

// zoneCity is the place a zone is named for, or "" for none.
func zoneCity(loc *time.Location) string {
	if loc == nil {
		return ""
	}
	return model.City(loc)
}

// zoneLine says where a person's clocks are and how far from UTC they are
// today: "America/Argentina/Buenos_Aires (UTC−03:00)".
func zoneLine(loc *time.Location, today model.Date) string {
	if loc == nil {
		return ""
	}
	return loc.String() + " (UTC" + strings.Replace(today.Midnight(loc).Format("-07:00"), "-", "−", 1) + ")"
}

// personItem is the template of a row in the people list: name, then group,
// region and zone, and a mark when the checks found something about them.
type personItem struct {
	widget.BaseWidget
	name  *clippedText
	about *clippedText
	mark  *widget.Icon
	box   *fyne.Container
}

func newPersonItem(tips *tipLayer) fyne.CanvasObject {
	it := &personItem{
		name:  newClippedText(tips),
		about: newClippedText(tips),
		mark:  widget.NewIcon(nil),
	}
	it.about.sizeName = theme.SizeNameCaptionText
	text := container.New(layout.NewCustomPaddedVBoxLayout(-theme.InnerPadding()), it.name, it.about)
	it.box = container.NewBorder(nil, nil, nil, it.mark, text)
	it.ExtendBaseWidget(it)
	return it
}

func (it *personItem) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(it.box)
}

func (v *peopleView) updateItem(id widget.ListItemID, obj fyne.CanvasObject) {
	if id >= len(v.shown) {
		return
	}
	it, p := obj.(*personItem), &v.state.plan.People[v.shown[id]]
	it.name.SetText(p.Name, fyne.TextStyle{Bold: true})
	region := string(p.Region)
	if region == "" {
		region = "no region"
	}
	it.about.SetText(strings.Join(nonEmpty(string(p.Group), region, zoneCity(p.Zone)), " · "), fyne.TextStyle{})
	switch s, ok := v.worst[p.ID]; {
	case !ok:
		it.mark.SetResource(nil)
	case s == model.Conflict:
		it.mark.SetResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
	default:
		it.mark.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
	}
}
