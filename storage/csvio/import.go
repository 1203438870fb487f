package csvio

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// Summary says what an import did.
type Summary struct {
	Kind                      Kind
	Added, Updated, Unchanged int
	Coalitions                []string // short names of the coalitions it added, as sessions named them
}

// String is the summary as the command line prints it:
// "people: 5 added, 2 updated, 0 unchanged", and a second line naming any
// coalitions added.
func (s Summary) String() string {
	text := fmt.Sprintf("%s: %d added, %d updated, %d unchanged", s.Kind, s.Added, s.Updated, s.Unchanged)
	if len(s.Coalitions) > 0 {
		text += "\ncoalitions added: " + strings.Join(s.Coalitions, ", ")
	}
	return text
}

// Import reads a CSV file of one kind into the plan, all or nothing, within
// tx, which the caller commits.
// Every row is read and checked against the plan before anything is
// written; any problem, in any row, and Import writes nothing and returns
// an *ImportError naming every problem by file and line. file is the name
// the problems are reported under.
//
// Rows match what the plan has: forums by name, people by email (else by
// name), sessions by uid, actions by title and owner; a matched record is
// updated, and columns the file leaves out keep their values. Coalitions a
// session names that the plan lacks are added.
func Import(ctx context.Context, tx *storage.Tx, k Kind, file string, r io.Reader) (Summary, error) {
	plan, err := Load(ctx, tx, k)
	if err != nil {
		return Summary{}, fmt.Errorf("import %s from %s: %w", k, file, err)
	}
	im, err := read(ctx, k, file, r, plan)
	if err != nil {
		return Summary{}, err
	}
	return im.write(ctx, tx)
}

// importer reads one file's rows into the index, keeping the changes it
// will write.
type importer struct {
	kind    Kind
	rep     *report
	sh      *sheet
	ix      *index
	zones   map[string]*time.Location
	touched map[int]int // position of a record in its plan slice → the line that set it
	changes []change
	sum     Summary
}

// change is a record an import will add or update.
type change struct {
	line  int
	pos   int // in the plan slice of the import's kind
	isNew bool
}

// read checks every row of the file against the plan, changing the plan in
// memory as the import would. It fails with an *ImportError when any row
// has a problem.
func read(ctx context.Context, k Kind, file string, r io.Reader, plan *model.Plan) (*importer, error) {
	im := &importer{
		kind:    k,
		rep:     &report{file: file},
		ix:      newIndex(plan),
		zones:   map[string]*time.Location{},
		touched: map[int]int{},
		sum:     Summary{Kind: k},
	}
	sh, err := openSheet(im.rep, k, r)
	if err != nil {
		return nil, err
	}
	im.sh = sh
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("import %s from %s: %w", k, file, ctx.Err())
		}
		ok, err := sh.next(im.rep)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		var p model.Problems
		switch k {
		case Forums:
			im.forum(&p)
		case People:
			im.person(&p)
		case Sessions:
			im.session(&p)
		case Actions:
			im.action(&p)
		case Reports:
			im.report(&p)
		case Narratives:
			im.narrative(&p)
		}
		// A row's problems are told in the order of the file's columns.
		slices.SortStableFunc(p, func(a, b *model.FieldError) int {
			return cmp.Compare(sh.position(a.Field), sh.position(b.Field))
		})
		for _, fe := range p {
			im.rep.add(sh.lineOf(fe.Field), fe.Field, fe.Err)
		}
	}
	if err := im.rep.err(); err != nil {
		return nil, err
	}
	return im, nil
}

// write saves the changes. The store validates each record again; should it
// still refuse one, that is reported with the record's line like any other
// problem, and the caller's transaction is not to be committed.
func (im *importer) write(ctx context.Context, tx *storage.Tx) (Summary, error) {
	// A cancellable context costs the SQLite driver a goroutine for every
	// statement; the records' writes check for cancellation between
	// records instead (Tx.AttemptEach), or make few statements (the bulk
	// writes).
	wctx := context.WithoutCancel(ctx)
	for _, short := range im.sum.Coalitions {
		if _, _, err := tx.EnsureCoalition(wctx, short); err != nil {
			return Summary{}, fmt.Errorf("import %s from %s: %w", im.kind, im.rep.file, err)
		}
	}
	// Records the plan has are saved one by one; new ones are added
	// together after them (an update may free an email a new person then
	// takes), in the file's order, so they get their IDs in that order.
	var saved, added []change
	for _, ch := range im.changes {
		if ch.isNew && im.kind.bulk() {
			added = append(added, ch)
		} else {
			saved = append(saved, ch)
		}
	}
	if err := im.saveEach(ctx, tx, saved); err != nil {
		return Summary{}, err
	}
	if err := im.create(ctx, tx, added); err != nil {
		return Summary{}, err
	}
	if err := im.rep.err(); err != nil {
		return Summary{}, err
	}
	return im.sum, nil
}

// bulk reports whether the store adds many records of the kind at once
// (Tx.CreatePeople, CreateSessions, CreateActions).
func (k Kind) bulk() bool { return k == People || k == Sessions || k == Actions }

// saveEach saves the changes one by one (Tx.AttemptEach), so that every
// record refused is reported with its line.
func (im *importer) saveEach(ctx context.Context, tx *storage.Tx, changes []change) error {
	refused, err := tx.AttemptEach(ctx, len(changes), func(ctx context.Context, i int) error {
		return im.save(ctx, tx, changes[i])
	})
	if err != nil {
		return fmt.Errorf("import %s from %s: %w", im.kind, im.rep.file, err)
	}
	return im.refusals(refused, changes)
}

// refusals reports the records the store refused for their fields with
// their lines; any other refusal ends the import, naming its line.
func (im *importer) refusals(refused storage.RecordErrors, changes []change) error {
	for _, r := range refused {
		line := changes[r.Index].line
		p, ok := model.AsProblems(r.Err)
		if !ok {
			return fmt.Errorf("import %s from %s:%d: %w", im.kind, im.rep.file, line, r.Err)
		}
		for _, fe := range p {
			im.rep.add(line, fe.Field, fe.Err)
		}
	}
	return nil
}

// create adds the new records in one bulk write, each refused one
// reported with its line. Should the plan refuse a row of the bulk write
// for a rule of its own (storage.ErrRowRefused: nothing of it then
// stays), the records are added one by one instead, which names the one
// at fault; any other failure ends the import.
func (im *importer) create(ctx context.Context, tx *storage.Tx, added []change) error {
	if len(added) == 0 {
		return nil
	}
	err := im.addAll(ctx, tx, added)
	var refused storage.RecordErrors
	switch {
	case errors.As(err, &refused):
		return im.refusals(refused, added)
	case errors.Is(err, storage.ErrRowRefused):
		return im.saveEach(ctx, tx, added)
	case ctx.Err() != nil:
		return fmt.Errorf("import %s from %s: %w", im.kind, im.rep.file, ctx.Err())
	case err != nil:
		return fmt.Errorf("import %s from %s: %w", im.kind, im.rep.file, err)
	}
	return nil
}

// addAll adds the new records of the changes with one write of the store.
func (im *importer) addAll(ctx context.Context, tx *storage.Tx, added []change) error {
	p := im.ix.plan
	switch im.kind {
	case People:
		list := make([]model.Person, len(added))
		for i, ch := range added {
			list[i] = p.People[ch.pos]
		}
		return tx.CreatePeople(ctx, list)
	case Sessions:
		list := make([]model.Session, len(added))
		for i, ch := range added {
			list[i] = p.Sessions[ch.pos]
		}
		return tx.CreateSessions(ctx, list)
	case Actions:
		list := make([]model.ActionItem, len(added))
		for i, ch := range added {
			list[i] = p.Actions[ch.pos]
		}
		return tx.CreateActions(ctx, list)
	}
	return fmt.Errorf("import %s: no bulk write for them", im.kind)
}

func (im *importer) save(ctx context.Context, tx *storage.Tx, ch change) error {
	p := im.ix.plan
	switch im.kind {
	case Forums:
		f := p.Forums[ch.pos]
		if ch.isNew {
			return tx.CreateForum(ctx, &f)
		}
		return tx.UpdateForum(ctx, &f)
	case People:
		pe := p.People[ch.pos]
		if ch.isNew {
			return tx.CreatePerson(ctx, &pe)
		}
		return tx.UpdatePerson(ctx, &pe)
	case Sessions:
		s := p.Sessions[ch.pos]
		if ch.isNew {
			return tx.CreateSession(ctx, &s)
		}
		return tx.UpdateSession(ctx, &s)
	case Actions:
		a := p.Actions[ch.pos]
		if ch.isNew {
			return tx.CreateAction(ctx, &a)
		}
		return tx.UpdateAction(ctx, &a)
	case Reports:
		r := p.Reports[ch.pos]
		return tx.SaveReport(ctx, &r)
	case Narratives:
		n := p.Narratives[ch.pos]
		return tx.SaveNarrative(ctx, &n)
	}
	return nil
}

// accept records that the current row sets the record at pos.
func (im *importer) accept(pos int, isNew, unchanged bool) {
	im.touched[pos] = im.sh.line
	switch {
	case isNew:
		im.sum.Added++
	case unchanged:
		im.sum.Unchanged++
		return
	default:
		im.sum.Updated++
	}
	im.changes = append(im.changes, change{line: im.sh.line, pos: pos, isNew: isNew})
}

// again reports a row that sets a record an earlier row already set.
func (im *importer) again(p *model.Problems, pos int, field, key string) bool {
	line, ok := im.touched[pos]
	if ok {
		p.Addf(field, "%q is also on line %d", key, line)
	}
	return ok
}

// firstUntouched returns the first of the records at positions that no row
// has set yet. Rows that match several records (people by name, actions by
// title and owner) pair with them in the plan's order, which is the order an
// export writes them in, so re-importing an export changes nothing.
func (im *importer) firstUntouched(positions []int, ok func(int) bool) (int, bool) {
	for _, i := range positions {
		if _, done := im.touched[i]; !done && ok(i) {
			return i, true
		}
	}
	return -1, false
}

func anyRecord(int) bool { return true }

// settle adds the record's own validation to the problems found while
// reading its cells, leaving out a field already found at fault so each
// problem is said once.
func settle(p *model.Problems, err error) {
	found, _ := model.AsProblems(err)
	for _, fe := range found {
		if p.Field(fe.Field) == nil {
			*p = append(*p, fe)
		}
	}
}

// The cell readers below change a field only when the file has its column,
// so a file of a few columns updates those and keeps the rest.

func (im *importer) text(dst *string, col string) {
	if im.sh.has(col) {
		*dst = im.sh.get(col)
	}
}

func enum[T ~string](im *importer, p *model.Problems, dst *T, col string, parse func(string) (T, error)) {
	if !im.sh.has(col) {
		return
	}
	v, err := parse(im.sh.get(col))
	if err != nil {
		p.Add(col, err)
		return
	}
	*dst = v
}

func (im *importer) date(p *model.Problems, dst *model.Date, col string) {
	if !im.sh.has(col) {
		return
	}
	d, err := model.ParseDate(im.sh.get(col))
	if err != nil {
		p.Add(col, err)
		return
	}
	*dst = d
}

func (im *importer) zone(p *model.Problems, dst **time.Location, col string) {
	if !im.sh.has(col) {
		return
	}
	loc, err := im.loadZone(im.sh.get(col))
	if err != nil {
		p.Add(col, err)
		return
	}
	*dst = loc
}

// loadZone resolves a zone once per import: files name a handful of zones
// over thousands of rows.
func (im *importer) loadZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if loc, ok := im.zones[name]; ok {
		return loc, nil
	}
	loc, err := model.LoadZone(name)
	if err == nil {
		im.zones[name] = loc
	}
	return loc, err
}

// instant reads a time in loc (nil when the row's zone is unknown, in which
// case the problem with the zone is already reported). The plan keeps whole
// seconds in UTC, and so does the index.
func (im *importer) instant(p *model.Problems, dst *time.Time, col string, loc *time.Location) {
	if !im.sh.has(col) {
		return
	}
	text := strings.TrimSpace(im.sh.get(col))
	if text == "" {
		*dst = time.Time{}
		return
	}
	if loc == nil {
		return
	}
	t, err := model.ParseWallClock(text, loc)
	if err != nil {
		p.Add(col, err)
		return
	}
	*dst = time.Unix(t.Unix(), 0).UTC()
}

// list reads a cell of several items. An item may not hold ";": exports
// separate items with it, so the item would come back as two.
func (im *importer) list(p *model.Problems, col string) []string {
	items := im.sh.list(im.sh.get(col))
	for _, it := range items {
		if strings.Contains(it, ";") {
			p.Addf(col, "%q holds a \";\", which separates the items of a list in an exported file", strings.TrimSpace(it))
		}
	}
	return items
}

func zoneName(loc *time.Location) string {
	if loc == nil {
		return ""
	}
	return loc.String()
}
