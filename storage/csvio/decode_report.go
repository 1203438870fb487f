package csvio

import (
	"strconv"
	"strings"

	"github.com/convene-planner/convene/model"
)

// report reads a row of session reports: the session by UID (or a title
// only one session has), the report's texts, counts and filing date.
func (im *importer) report(p *model.Problems) {
	ix := im.ix
	ref := model.CleanLine(im.sh.get("session"))
	i, err := ix.session(ref, 0)
	if ref == "" {
		p.Addf("session", "is empty; give the session's uid")
		return
	}
	if err != nil {
		p.Add("session", err)
		return
	}
	sessionID := ix.plan.Sessions[i].ID
	pos, exists := ix.reportOf[sessionID]
	if exists && im.again(p, pos, "session", ref) {
		return
	}
	r := model.SessionReport{SessionID: sessionID}
	if exists {
		r = ix.plan.Reports[pos]
	}
	im.text(&r.KeyIssues, "key_issues")
	im.text(&r.WayForward, "way_forward")
	im.count(p, &r.Onsite, "onsite")
	im.count(p, &r.Online, "online")
	im.count(p, &r.Women, "women")
	im.date(p, &r.Filed, "filed")
	r.Clean()
	settle(p, r.Validate())
	if len(*p) > 0 {
		return
	}
	if exists {
		unchanged := r == ix.plan.Reports[pos]
		ix.plan.Reports[pos] = r
		im.accept(pos, false, unchanged)
		return
	}
	ix.plan.Reports = append(ix.plan.Reports, r)
	pos = len(ix.plan.Reports) - 1
	ix.reportOf[sessionID] = pos
	im.accept(pos, true, false)
}

// narrative reads a row of yearly narratives.
func (im *importer) narrative(p *model.Problems) {
	ix := im.ix
	cell := strings.TrimSpace(im.sh.get("year"))
	year, err := strconv.Atoi(cell)
	if err != nil {
		p.Addf("year", "%q is not a year", cell)
		return
	}
	n := model.Narrative{Year: year, Text: im.sh.get("text")}
	n.Clean()
	settle(p, n.Validate())
	if n.Text == "" {
		p.Addf("text", "is empty; a year's narrative is removed in the app, not by import")
	}
	if len(*p) > 0 {
		return
	}
	pos, exists := ix.narrativeOf[year]
	if exists && im.again(p, pos, "year", cell) {
		return
	}
	if exists {
		unchanged := n == ix.plan.Narratives[pos]
		ix.plan.Narratives[pos] = n
		im.accept(pos, false, unchanged)
		return
	}
	ix.plan.Narratives = append(ix.plan.Narratives, n)
	pos = len(ix.plan.Narratives) - 1
	ix.narrativeOf[year] = pos
	im.accept(pos, true, false)
}

// count reads a whole number of people.
func (im *importer) count(p *model.Problems, dst *int, col string) {
	if !im.sh.has(col) {
		return
	}
	cell := strings.TrimSpace(im.sh.get(col))
	if cell == "" {
		*dst = 0
		return
	}
	n, err := strconv.Atoi(cell)
	if err != nil {
		p.Addf(col, "%q is not a whole number", cell)
		return
	}
	*dst = n
}
