package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/convene-planner/convene/model"
)

// facts is what every part of a report looks things up in.
type facts struct {
	plan    *model.Plan
	ix      model.Index
	today   model.Date
	own     model.Coalition
	reports map[int64]*model.SessionReport
}

func newFacts(p *model.Plan, today model.Date) *facts {
	f := &facts{plan: p, ix: p.Index(), today: today, reports: make(map[int64]*model.SessionReport, len(p.Reports))}
	for _, c := range p.Coalitions {
		if c.Own {
			f.own = c
		}
	}
	if f.own.ShortName == "" && len(p.Coalitions) > 0 {
		f.own = p.Coalitions[0]
	}
	for i := range p.Reports {
		f.reports[p.Reports[i].SessionID] = &p.Reports[i]
	}
	return f
}

// Year builds the coalition's report on a year and its plan of engagement
// for the year after, as of today (what is overdue, what is ahead).
func Year(p *model.Plan, year int, today model.Date) *Document {
	f := newFacts(p, today)
	name := f.own.Name
	if name == "" {
		name = "The coalition"
	}
	d := &Document{
		Title:    fmt.Sprintf("%s: %d year-end report and %d plan of engagement", name, year, year+1),
		Subtitle: "As of " + longDay(today) + ". Emails and individual genders are left out.",
	}
	sessions := f.sessionsOf(year)
	d.focus(f, year)
	d.engagement(f, year, sessions)
	d.speakers(f, year, sessions)
	d.actions(f, year)
	d.sessionReports(f, sessions)
	d.nextYear(f, year+1)
	return d
}

func (d *Document) add(b ...Block) { d.Blocks = append(d.Blocks, b...) }

func (d *Document) focus(f *facts, year int) {
	d.add(Heading{1, fmt.Sprintf("Our focus in %d", year)})
	for _, n := range f.plan.Narratives {
		if n.Year == year && n.Text != "" {
			d.add(narrativeBlocks(n.Text)...)
			return
		}
	}
	d.add(text(fmt.Sprintf("No focus has been written for %d yet: the coordinators write it in the app's Year view.", year)))
}

// sessionsOf returns the year's sessions: those that start in the year in
// their forum's zone, and unscheduled ones at the year's forums.
func (f *facts) sessionsOf(year int) []*model.Session {
	var out []*model.Session
	for i := range f.plan.Sessions {
		s := &f.plan.Sessions[i]
		fo := f.ix.Forums[s.ForumID]
		switch {
		case s.Scheduled() && s.Start.In(zoneOf(fo)).Year() == year:
		case !s.Scheduled() && fo != nil && fo.FirstDay.Year == year:
		default:
			continue
		}
		out = append(out, s)
	}
	return out
}

// takesPlace reports whether a session is, or was, on a forum's programme.
func takesPlace(s *model.Session) bool {
	return s.Status == model.StatusScheduled || s.Status == model.StatusHeld
}

func (d *Document) engagement(f *facts, year int, sessions []*model.Session) {
	d.add(Heading{1, fmt.Sprintf("Where we engaged in %d", year)})
	count := map[int64]int{}
	held, joint, cancelled := 0, 0, 0
	for _, s := range sessions {
		switch {
		case takesPlace(s):
			count[s.ForumID]++
			held++
			if s.Joint() {
				joint++
			}
		case s.Status == model.StatusCancelled:
			cancelled++
		}
	}
	forums := f.forumsOf(year)
	d.add(text(fmt.Sprintf("%s at %s, of which %s; %s.", plural(held, "session"), plural(len(forums), "forum"),
		plural(joint, "joint session"), plural(cancelled, "cancelled session"))))
	if len(forums) == 0 {
		return
	}
	tl := Timeline{Year: year}
	forumRows := Table{Columns: []string{"Forum", "Kind", "Place", "Days", "Sessions"}, Numeric: []bool{false, false, false, false, true}}
	for _, fo := range forums {
		tl.Spans = append(tl.Spans, TimeSpan{Label: fo.Name, First: fo.FirstDay, Last: fo.LastDay})
		forumRows.Rows = append(forumRows.Rows, []string{fo.Name, string(fo.Kind), fo.Place(), model.SpanWithYear(fo.FirstDay, fo.LastDay), strconv.Itoa(count[fo.ID])})
	}
	d.add(tl, forumRows)

	d.add(Heading{2, "Sessions"})
	list := Table{Columns: []string{"When", "Forum", "Session", "Format", "Status", "Organisers"}}
	jointRows := Table{Columns: []string{"When", "Forum", "Session", "With"}}
	for _, s := range sessions {
		if !takesPlace(s) {
			continue
		}
		fo := f.ix.Forums[s.ForumID]
		when := f.when(s)
		list.Rows = append(list.Rows, []string{when, forumTitle(fo), s.Title, string(s.Format), string(s.Status), strings.Join(s.Organisers, ", ")})
		if s.Joint() {
			others := slices.DeleteFunc(slices.Clone(s.Organisers), func(c string) bool { return strings.EqualFold(c, f.own.ShortName) })
			jointRows.Rows = append(jointRows.Rows, []string{when, forumTitle(fo), s.Title, f.coalitionNames(others)})
		}
	}
	if len(list.Rows) == 0 {
		d.add(text("No session took place."))
	} else {
		d.add(list)
	}
	d.add(Heading{2, "Joint sessions"})
	if len(jointRows.Rows) == 0 {
		d.add(text("None."))
	} else {
		d.add(jointRows)
	}
}

// forumsOf returns the forums whose first day is in the year, by date.
func (f *facts) forumsOf(year int) []*model.Forum {
	var out []*model.Forum
	for i := range f.plan.Forums {
		if fo := &f.plan.Forums[i]; fo.FirstDay.Year == year {
			out = append(out, fo)
		}
	}
	slices.SortStableFunc(out, func(a, b *model.Forum) int { return a.FirstDay.Compare(b.FirstDay) })
	return out
}

// coalitionNames writes short names with the coalitions' full names.
func (f *facts) coalitionNames(shorts []string) string {
	names := make([]string, len(shorts))
	for i, sn := range shorts {
		names[i] = sn
		for _, c := range f.plan.Coalitions {
			if strings.EqualFold(c.ShortName, sn) && c.Name != "" {
				names[i] = c.Name + " (" + c.ShortName + ")"
			}
		}
	}
	return strings.Join(names, ", ")
}

func (d *Document) speakers(f *facts, year int, sessions []*model.Session) {
	d.add(Heading{1, "Who spoke"})
	type speaker struct {
		p        *model.Person
		sessions int
	}
	var order []int64
	by := map[int64]*speaker{}
	for _, s := range sessions {
		if s.Status == model.StatusCancelled {
			continue
		}
		seen := map[int64]bool{}
		for _, pt := range s.Participants {
			p := f.ix.People[pt.PersonID]
			if !model.Balanced(pt) || p == nil || seen[pt.PersonID] {
				continue
			}
			seen[pt.PersonID] = true
			if by[p.ID] == nil {
				by[p.ID] = &speaker{p: p}
				order = append(order, p.ID)
			}
			by[p.ID].sessions++
		}
	}
	// People are in the plan's order, by name.
	rank := make(map[int64]int, len(f.plan.People))
	for i := range f.plan.People {
		rank[f.plan.People[i].ID] = i
	}
	slices.SortFunc(order, func(a, b int64) int { return rank[a] - rank[b] })
	d.add(text(fmt.Sprintf("%s confirmed as speakers or moderators in %d.", plural(len(order), "person"), year)))
	if len(order) > 0 {
		t := Table{Columns: []string{"Name", "Affiliation", "Stakeholder group", "Sessions"}, Numeric: []bool{false, false, false, true}}
		for _, id := range order {
			sp := by[id]
			t.Rows = append(t.Rows, []string{sp.p.Name, sp.p.Affiliation, string(sp.p.Group), strconv.Itoa(sp.sessions)})
		}
		d.add(t)
	}

	d.add(Heading{2, "Balance"})
	d.add(text(fmt.Sprintf("The IGF expects the speakers and moderators of a session to come from at least %d stakeholder groups and more than one gender. Each person counts once per row.", model.IGFGroups)))
	labels := []string{strconv.Itoa(year)}
	balances := []model.Balance{model.BalanceOf(sessions, f.ix.People)}
	for _, fo := range f.forumsOf(year) {
		var of []*model.Session
		for _, s := range sessions {
			if s.ForumID == fo.ID {
				of = append(of, s)
			}
		}
		labels = append(labels, fo.Name)
		balances = append(balances, model.BalanceOf(of, f.ix.People))
	}
	groups := Chart{Title: "Stakeholder groups", Categories: words(model.StakeholderGroups())}
	genders := Chart{Title: "Genders", Categories: words(model.Genders())}
	regions := Chart{Title: "UN regional groups", Categories: append(words(model.Regions()), "none given")}
	for i, b := range balances {
		n := b.GroupsPresent()
		groups.Rows = append(groups.Rows, ChartRow{Label: labels[i], Counts: b.Groups[:],
			Note: expectation(n, "group", model.IGFGroups, b.People), Short: b.People > 0 && n < model.IGFGroups})
		g := b.GendersGiven()
		genders.Rows = append(genders.Rows, ChartRow{Label: labels[i], Counts: b.Genders[:],
			Note: expectation(g, "gender", model.IGFGenders, b.People), Short: b.People > 0 && g < model.IGFGenders})
		regions.Rows = append(regions.Rows, ChartRow{Label: labels[i], Counts: append(slices.Clone(b.Regions[:]), b.NoRegion),
			Note: plural(b.RegionsPresent(), "region")})
	}
	d.add(groups, genders, regions)
}

func expectation(n int, what string, want, people int) string {
	switch {
	case people == 0:
		return "nobody yet"
	case n >= want:
		return plural(n, what) + ": meets the IGF's " + strconv.Itoa(want)
	}
	return plural(n, what) + ": short of the IGF's " + strconv.Itoa(want)
}

func (d *Document) actions(f *facts, year int) {
	d.add(Heading{1, "What we promised and did"})
	var items []*model.ActionItem
	for i := range f.plan.Actions {
		if a := &f.plan.Actions[i]; f.actionYear(a) == year {
			items = append(items, a)
		}
	}
	counts := map[model.ActionStatus]int{}
	overdue := 0
	for _, a := range items {
		counts[a.Status]++
		if a.Overdue(f.today) {
			overdue++
		}
	}
	summary := Table{Columns: []string{"Action items", "Count"}, Numeric: []bool{false, true}}
	for _, st := range model.ActionStatuses() {
		summary.Rows = append(summary.Rows, []string{string(st), strconv.Itoa(counts[st])})
	}
	summary.Rows = append(summary.Rows, []string{"overdue", strconv.Itoa(overdue)}, []string{"all", strconv.Itoa(len(items))})
	d.add(text(fmt.Sprintf("Action items due in %d, or about its forums and sessions when undated.", year)), summary)
	if len(items) > 0 {
		d.add(f.actionTable(items))
	}
}

// actionYear is the year an action item belongs to: its due date's, else
// its session's or its forum's.
func (f *facts) actionYear(a *model.ActionItem) int {
	if !a.Due.IsZero() {
		return a.Due.Year
	}
	if s := f.ix.Sessions[a.SessionID]; s != nil && s.Scheduled() {
		return s.Start.In(zoneOf(f.ix.Forums[s.ForumID])).Year()
	}
	if fo := f.ix.Forums[a.ForumID]; fo != nil {
		return fo.FirstDay.Year
	}
	return 0
}

func (f *facts) actionTable(items []*model.ActionItem) Table {
	t := Table{Columns: []string{"Action", "Owner", "Due", "Status"}}
	for _, a := range items {
		owner := "no one"
		if p := f.ix.People[a.OwnerID]; p != nil {
			owner = p.Name
		}
		status := string(a.Status)
		if a.Overdue(f.today) {
			status += ", overdue"
		}
		t.Rows = append(t.Rows, []string{a.Title, owner, shortDay(a.Due), status})
	}
	return t
}

func (d *Document) sessionReports(f *facts, sessions []*model.Session) {
	d.add(Heading{1, "Session reports"})
	t := Table{Columns: []string{"Session", "Forum", "Rapporteur", "Due", "Report"}}
	filed, late, ahead := 0, 0, 0
	for _, s := range sessions {
		if s.Status == model.StatusCancelled {
			continue
		}
		fo := f.ix.Forums[s.ForumID]
		due := model.ReportDue(s, fo)
		if due.IsZero() {
			continue
		}
		var state string
		switch r := f.reports[s.ID]; {
		case r != nil && !r.Filed.IsZero():
			filed++
			state = "filed " + shortDay(r.Filed)
		case due.Before(f.today):
			late++
			state = "overdue"
		default:
			ahead++
			state = "due"
		}
		t.Rows = append(t.Rows, []string{s.Title, forumTitle(fo), f.rapporteurs(s), shortDay(due), state})
	}
	d.add(text(fmt.Sprintf("The IGF asks for each session's report within two weeks. Filed: %d; overdue: %d; not yet due: %d.", filed, late, ahead)))
	if len(t.Rows) > 0 {
		d.add(t)
	}
}

// rapporteurs names a session's rapporteurs who have not declined.
func (f *facts) rapporteurs(s *model.Session) string {
	var names []string
	for _, pt := range s.Participants {
		if p := f.ix.People[pt.PersonID]; p != nil && pt.Role == model.RoleRapporteur && pt.Status != model.Declined {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return "none yet"
	}
	return strings.Join(names, ", ")
}

func (d *Document) nextYear(f *facts, year int) {
	d.add(Heading{1, fmt.Sprintf("Plan of engagement for %d", year)})
	forums := f.forumsOf(year)
	d.add(Heading{2, "Forums ahead"})
	if len(forums) == 0 {
		d.add(text(fmt.Sprintf("No forum of %d is in the plan yet.", year)))
	} else {
		t := Table{Columns: []string{"Forum", "Kind", "Place", "Days", "Sessions planned"}, Numeric: []bool{false, false, false, false, true}}
		planned := map[int64]int{}
		for _, s := range f.sessionsOf(year) {
			if s.Status != model.StatusCancelled {
				planned[s.ForumID]++
			}
		}
		for _, fo := range forums {
			t.Rows = append(t.Rows, []string{fo.Name, string(fo.Kind), fo.Place(), model.SpanWithYear(fo.FirstDay, fo.LastDay), strconv.Itoa(planned[fo.ID])})
		}
		d.add(Timeline{Year: year, Spans: spansOf(forums)}, t)
	}
	d.add(Heading{2, "Proposal deadlines"})
	var deadlines []*model.Forum
	for i := range f.plan.Forums {
		fo := &f.plan.Forums[i]
		if !fo.ProposalDeadline.IsZero() && (fo.FirstDay.Year == year || fo.ProposalDeadline.Year == year) && !fo.ProposalDeadline.Before(f.today) {
			deadlines = append(deadlines, fo)
		}
	}
	slices.SortStableFunc(deadlines, func(a, b *model.Forum) int { return a.ProposalDeadline.Compare(b.ProposalDeadline) })
	if len(deadlines) == 0 {
		d.add(text("No proposal deadline ahead is in the plan."))
	} else {
		var l List
		for _, fo := range deadlines {
			l.Items = append(l.Items, Item{Spans: []Span{{Text: longDay(fo.ProposalDeadline), Strong: true}, {Text: ": " + fo.Name}}})
		}
		d.add(l)
	}
	d.add(Heading{2, "Open actions"})
	var open []*model.ActionItem
	for i := range f.plan.Actions {
		if a := &f.plan.Actions[i]; !a.Status.Closed() {
			open = append(open, a)
		}
	}
	if len(open) == 0 {
		d.add(text("None: every action item is done or dropped."))
	} else {
		d.add(text(fmt.Sprintf("%s still open or in progress, whatever their year.", plural(len(open), "action item"))), f.actionTable(open))
	}
}

func spansOf(forums []*model.Forum) []TimeSpan {
	out := make([]TimeSpan, len(forums))
	for i, fo := range forums {
		out[i] = TimeSpan{Label: fo.Name, First: fo.FirstDay, Last: fo.LastDay}
	}
	return out
}

// when is a session's start in its forum's zone, or "unscheduled".
func (f *facts) when(s *model.Session) string {
	if !s.Scheduled() {
		return "unscheduled"
	}
	return s.Start.In(zoneOf(f.ix.Forums[s.ForumID])).Format("Mon 2 Jan 2006 15:04")
}

func zoneOf(fo *model.Forum) *time.Location {
	if fo == nil || fo.Zone == nil {
		return time.UTC
	}
	return fo.Zone
}

func forumTitle(fo *model.Forum) string {
	if fo == nil {
		return ""
	}
	return fo.Name
}

func shortDay(d model.Date) string {
	if d.IsZero() {
		return "undated"
	}
	return d.Format("2 Jan 2006")
}

func longDay(d model.Date) string { return d.Format("Monday 2 January 2006") }

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	switch {
	case strings.HasSuffix(what, "person"):
		return strconv.Itoa(n) + " " + strings.TrimSuffix(what, "person") + "people"
	}
	return strconv.Itoa(n) + " " + what + "s"
}

func words[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, w := range list {
		out[i] = string(w)
	}
	return out
}
