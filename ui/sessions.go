package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/convene-planner/convene/model"
)

// sessionsView is the agenda: the plan's sessions grouped by forum, each with
// its day and hours in the forum's zone. It is a virtual tree, so a plan of
// tens of thousands of sessions costs only the rows on screen.
type sessionsView struct {
	plan    *model.Plan
	index   model.Index
	byForum map[int64][]int // forum ID → indexes into plan.Sessions
	tree    *widget.Tree
}

func newSessionsView(p *model.Plan) *sessionsView {
	v := &sessionsView{plan: p}
	v.tree = widget.NewTree(v.children, v.isBranch, v.createNode, v.updateNode)
	v.refresh(p)
	return v
}

func (v *sessionsView) object() fyne.CanvasObject {
	return v.tree
}

// refresh shows a newly read plan.
func (v *sessionsView) refresh(p *model.Plan) {
	v.plan, v.index = p, p.Index()
	v.byForum = make(map[int64][]int, len(p.Forums))
	for i, s := range p.Sessions {
		v.byForum[s.ForumID] = append(v.byForum[s.ForumID], i)
	}
	v.tree.Refresh()
	v.tree.OpenAllBranches()
}

// Node IDs: "" is the root, "f<ID>" a forum, "s<index>" a session.
func (v *sessionsView) children(id widget.TreeNodeID) []widget.TreeNodeID {
	if id == "" {
		ids := make([]string, len(v.plan.Forums))
		for i, f := range v.plan.Forums {
			ids[i] = "f" + strconv.FormatInt(f.ID, 10)
		}
		return ids
	}
	forumID, _ := strconv.ParseInt(id[1:], 10, 64)
	var ids []string
	for _, i := range v.byForum[forumID] {
		ids = append(ids, "s"+strconv.Itoa(i))
	}
	return ids
}

func (v *sessionsView) isBranch(id widget.TreeNodeID) bool {
	return id == "" || strings.HasPrefix(id, "f")
}

func (v *sessionsView) createNode(branch bool) fyne.CanvasObject {
	if branch {
		l := widget.NewLabel("")
		l.TextStyle = fyne.TextStyle{Bold: true}
		return l
	}
	when := widget.NewLabel("")
	when.TextStyle = fyne.TextStyle{Monospace: true}
	title := widget.NewLabel("")
	title.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("")
	detail.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, when, detail, title)
}

func (v *sessionsView) updateNode(id widget.TreeNodeID, branch bool, obj fyne.CanvasObject) {
	if branch {
		forumID, _ := strconv.ParseInt(id[1:], 10, 64)
		f := v.index.Forums[forumID]
		if f == nil {
			return
		}
		obj.(*widget.Label).SetText(f.Name + " · " + f.City + " · " +
			f.FirstDay.String() + " – " + f.LastDay.String() + " · " + f.Zone.String())
		return
	}
	i, _ := strconv.Atoi(id[1:])
	if i >= len(v.plan.Sessions) {
		return
	}
	s := &v.plan.Sessions[i]
	f := v.index.Forums[s.ForumID]
	row := obj.(*fyne.Container)
	title, when, detail := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label), row.Objects[2].(*widget.Label)
	when.SetText(sessionWhen(s, f))
	title.SetText(s.Title)
	if s.Joint() {
		title.TextStyle = fyne.TextStyle{Bold: true}
	} else {
		title.TextStyle = fyne.TextStyle{}
	}
	title.Refresh()
	detail.SetText(strings.Join(nonEmpty(string(s.Status), s.Room, strings.Join(s.Organisers, " + ")), " · "))
}

// sessionWhen is a session's day and hours in its forum's zone.
func sessionWhen(s *model.Session, f *model.Forum) string {
	if !s.Scheduled() || f == nil {
		return "unscheduled          "
	}
	start, end := s.Start.In(f.Zone), s.End.In(f.Zone)
	return start.Format("Mon 02 Jan 15:04") + "–" + end.Format("15:04")
}

func nonEmpty(parts ...string) []string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return kept
}
