package storage

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/convene-planner/convene/model"
)

// Forgotten says what forgetting a person removed, and from where.
type Forgotten struct {
	Name           string
	Participations int // their roles in sessions
	Availability   int // their availability windows
	Actions        int // action items they owned, now without an owner
	Invitations    int // records of the invitations sent to them
	// Mentions counts the texts of other records (descriptions, notes,
	// titles …) in which their name or email was replaced by Redacted.
	Mentions int
	// SharedName is set when another person's name is or holds theirs, so
	// their name stays in the plan, as that person's.
	SharedName string
	// Scrubbed are the snapshots they were removed from: a file's
	// snapshots' paths, a team plan's numbers in its list, newest first.
	Scrubbed []string
	Deleted  []DeletedSnapshot // snapshots that could not be scrubbed, so are gone
	// Lingering names the files that still hold their name or email, and
	// why; empty when forgetting went as it should.
	Lingering []string
}

// DeletedSnapshot is a snapshot deleted because the person could not be
// removed from it.
type DeletedSnapshot struct {
	Path string
	Why  string
}

// Redacted is what a forgotten person's name or email becomes in the text
// of other records.
const Redacted = "[forgotten]"

// Forget removes a person and every trace of them from the plan file and
// its snapshots: their record, their participations and their availability
// (by cascade), the records of invitations sent to them (those kept for
// sessions deleted since too, and no cancellation is owed them), and their
// ownership of action items (which stay, without an owner); every mention
// of their name or email in the text of other records is replaced by
// Redacted. Their name is left where it is another person's name too
// (SharedName).
//
// Deleting is not enough for the file's bytes: SQLite keeps old copies of
// pages in its write-ahead log and leaves deleted rows in free space. So
// secure_delete (on for every connection) zeroes what is deleted, VACUUM
// rewrites the whole file, and a TRUNCATE checkpoint empties the log. Each
// snapshot is opened in turn and the person removed from it the same way
// (matched by email, else by a name only one person there has); a snapshot
// where that cannot be done is deleted instead. Finally every file is
// searched, byte by byte, for the name and email; what is found is named
// in Lingering.
//
// Snapshots are scrubbed before the plan and again after, for any taken in
// between, so a forget cut short can simply be run again.
func (s *Store) Forget(ctx context.Context, personID int64) (Forgotten, error) {
	var p model.Person
	err := s.View(ctx, func(tx *Tx) (err error) {
		p, err = tx.Person(ctx, personID)
		return err
	})
	if err != nil {
		return Forgotten{}, fmt.Errorf("forget person %d: %w", personID, err)
	}
	return s.forget(ctx, p)
}

// ForgetDeleted is Forget for a person deleted from the plan (not
// forgotten) after they were sent an invitation, as FindDeletedPeople
// finds them: the plan keeps their name and address only in what it keeps
// for the invitation's cancellation (see Withdrawn), and the snapshots may
// hold their record from before. Both are removed, and no cancellation is
// sent them.
func (s *Store) ForgetDeleted(ctx context.Context, p model.Person) (Forgotten, error) {
	if p.ID != 0 || p.Email == "" {
		return Forgotten{}, fmt.Errorf("forget %q: not a deleted person the plan keeps an address for", p.Name)
	}
	return s.forget(ctx, p)
}

// forget is Forget for p, who is in the plan when their ID is set.
func (s *Store) forget(ctx context.Context, p model.Person) (Forgotten, error) {
	if s.Team() {
		return s.forgetTeam(ctx, p)
	}
	f := Forgotten{Name: p.Name}
	list, err := Snapshots(s.path)
	if err != nil {
		return f, fmt.Errorf("forget %q: %w", p.Name, err)
	}
	var snapshots []string
	for _, sn := range list {
		snapshots = append(snapshots, sn.Path)
	}
	words, err := s.traceWords(ctx, &p, &f, snapshots)
	if err != nil {
		return f, err
	}
	seen := map[string]bool{}
	if err := s.scrubSnapshots(ctx, &p, words, seen, &f); err != nil {
		return f, err
	}
	err = s.Update(ctx, func(tx *Tx) error {
		if err := forgetRows(ctx, tx, &p, &f, true); err != nil {
			return err
		}
		var err error
		f.Mentions, err = redactMentions(ctx, tx.q, words)
		return err
	})
	if err != nil {
		return f, err
	}
	if err := s.compact(ctx); err != nil {
		return f, fmt.Errorf("forget %q: %w", p.Name, err)
	}
	if err := s.scrubSnapshots(ctx, &p, words, seen, &f); err != nil {
		return f, err
	}
	for _, path := range []string{s.path, s.path + "-wal"} {
		if found := traces(path, words); found != "" {
			f.Lingering = append(f.Lingering, path+": "+found)
		}
	}
	return f, nil
}

// forgetRows deletes the person from the plan in tx, with what was sent to
// them (withdrawals says the plan keeps what a cancellation needs), and
// counts what went with them in f; a person deleted before (no ID) is
// removed from what is kept for cancellations only.
func forgetRows(ctx context.Context, tx *Tx, p *model.Person, f *Forgotten, withdrawals bool) (err error) {
	if p.ID == 0 {
		if f.Invitations, err = deleteInvitations(ctx, tx.q, 0, p.Email, withdrawals); err != nil {
			return fmt.Errorf("forget %q: %w", p.Name, err)
		}
		return nil
	}
	if err := tx.q.QueryRowContext(ctx, `
		SELECT
			(SELECT count(*) FROM participation WHERE person_id = $1),
			(SELECT count(*) FROM availability WHERE person_id = $1),
			(SELECT count(*) FROM action_item WHERE owner_id = $1)`, p.ID).
		Scan(&f.Participations, &f.Availability, &f.Actions); err != nil {
		return fmt.Errorf("forget %q: %w", p.Name, err)
	}
	if f.Invitations, err = deleteInvitations(ctx, tx.q, p.ID, p.Email, withdrawals); err != nil {
		return fmt.Errorf("forget %q: %w", p.Name, err)
	}
	// Whatever anyone changed of them since they were read: the person is
	// to be gone, not only a version of them.
	res, err := tx.q.ExecContext(ctx, `DELETE FROM person WHERE id = $1`, p.ID)
	if err != nil {
		return fmt.Errorf("forget %q: %w", p.Name, err)
	}
	return affectedOne(res, "forget %q", p.Name)
}

// traceWords is what must not be left of the person: their email, and their
// name unless another person's name is or holds it (whole words, any case);
// and the names and emails the plan's snapshots hold for them, from before
// an update changed them, on the same terms. snapshots are the paths of
// the snapshot files to look in.
func (s *Store) traceWords(ctx context.Context, p *model.Person, f *Forgotten, snapshots []string) ([]string, error) {
	spellings := map[string]bool{p.Name: true}
	if p.Email != "" {
		spellings[p.Email] = true
	}
	if p.ID == 0 {
		// A deleted person may have had other names when their
		// invitations were kept.
		err := s.View(ctx, func(tx *Tx) error {
			names, err := tx.deletedNames(ctx, p.Email)
			for _, n := range names {
				spellings[n] = true
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("forget %q: %w", p.Name, err)
		}
	}
	for _, path := range snapshots {
		// A snapshot that cannot be read is deleted by scrubSnapshots.
		for _, former := range formerSpellings(ctx, path, p) {
			spellings[former] = true
		}
	}
	var names []model.Person
	err := s.View(ctx, func(tx *Tx) (err error) {
		names, err = tx.Names(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("forget %q: %w", p.Name, err)
	}
	var words []string
	for w := range spellings {
		if strings.Contains(w, "@") {
			words = append(words, w)
			continue
		}
		shared := false
		for _, other := range names {
			if other.ID != p.ID && mentions(other.Name, []string{w}) {
				f.SharedName, shared = other.Name, true
				break
			}
		}
		if !shared {
			words = append(words, w)
		}
	}
	slices.Sort(words)
	return words, nil
}

// formerSpellings reads the names and emails a snapshot holds for the
// person (see isThem), without changing it.
func formerSpellings(ctx context.Context, path string, p *model.Person) []string {
	if _, err := prepareFile(path, Options{}); err != nil {
		return nil
	}
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return nil
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT id, name, coalesce(email, '') FROM person`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var (
			id          int64
			name, email string
		)
		if rows.Scan(&id, &name, &email) != nil {
			return found
		}
		if isThem(p, id, name, email) == sure {
			found = append(found, name)
			if email != "" {
				found = append(found, email)
			}
		}
	}
	return found
}

// match says whether a person in a snapshot is the person being forgotten.
type match int

const (
	notThem match = iota
	sure
	unsure // their ID with another name and email: renamed, or a new person given a freed ID
)

// isThem tells whether the person with id, name and email in a snapshot is
// p: the same email (model.EmailKey), or with no email on either side the
// same name (model.NameKey), or the same ID with the same name or email.
func isThem(p *model.Person, id int64, name, email string) match {
	sameEmail := p.Email != "" && email != "" && model.EmailKey(p.Email) == model.EmailKey(email)
	sameName := model.NameKey(p.Name) == model.NameKey(name)
	switch {
	case sameEmail, p.Email == "" && email == "" && sameName, id == p.ID && sameName:
		return sure
	case id == p.ID:
		return unsure
	}
	return notThem
}

// compact rewrites the plan file without free space, then empties the
// write-ahead log, which holds the pages as they were before.
func (s *Store) compact(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "VACUUM"); err != nil {
		return s.failed(err)
	}
	var busy, logged, done int
	if err := s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &done); err != nil {
		return s.failed(err)
	}
	// busy means another program is reading the plan and the log could not
	// be emptied; the byte search that follows reports the log then.
	return nil
}

// redactMentions replaces the words wherever they are mentioned in the text
// columns of the plan's tables, except in other people's names and emails,
// which are their own. The columns are read from the schema itself, so a
// text column a later schema adds is covered too. A session whose text
// changes gets a higher SEQUENCE, so calendars that subscribe take the
// change. It returns how many texts changed.
func redactMentions(ctx context.Context, q querier, words []string) (int, error) {
	if len(words) == 0 {
		return 0, nil
	}
	// Tables WITHOUT ROWID (organisers, participations) hold IDs and
	// enumeration words only.
	rows, err := q.QueryContext(ctx, `
		SELECT
			t.name,
			c.name
		FROM pragma_table_list AS t, pragma_table_info(t.name) AS c
		WHERE t.schema = 'main' AND t.type = 'table' AND NOT t.wr
			AND t.name NOT LIKE 'sqlite%' AND c.type = 'TEXT'
		ORDER BY t.name, c.cid`)
	if err != nil {
		return 0, fmt.Errorf("find the plan's text columns: %w", err)
	}
	var columns [][2]string
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			rows.Close()
			return 0, fmt.Errorf("find the plan's text columns: %w", err)
		}
		if (table == "person" || table == "withdrawn_invitation") && (column == "name" || column == "email") {
			continue
		}
		columns = append(columns, [2]string{table, column})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("find the plan's text columns: %w", err)
	}
	// A record that keeps its version (it has changed_by, a text) is
	// put at a new one, so a form opened before cannot write the
	// mention back.
	revised := map[string]map[int64]bool{}
	for _, tc := range columns {
		if tc[1] == "changed_by" {
			revised[tc[0]] = map[int64]bool{}
		}
	}
	changed := 0
	sessions := map[int64]bool{}
	for _, tc := range columns {
		table, column := quoteName(tc[0]), quoteName(tc[1])
		n, err := redactColumn(ctx, q, table, column, words, func(id int64) {
			if tc[0] == "session" {
				sessions[id] = true
			}
			if ids := revised[tc[0]]; ids != nil {
				ids[id] = true
			}
		})
		if err != nil {
			return 0, fmt.Errorf("remove mentions from %s.%s: %w", tc[0], tc[1], err)
		}
		changed += n
	}
	for id := range sessions {
		if _, err := q.ExecContext(ctx, `UPDATE session SET sequence = sequence + 1 WHERE id = ?`, id); err != nil {
			return 0, fmt.Errorf("remove mentions from session %d: %w", id, err)
		}
	}
	for table, ids := range revised {
		for id := range ids {
			if _, err := q.ExecContext(ctx, `UPDATE `+quoteName(table)+` SET version = version + 1 WHERE rowid = ?`, id); err != nil {
				return 0, fmt.Errorf("remove mentions from %s %d: %w", kindOf(table), id, err)
			}
		}
	}
	return changed, nil
}

// redactColumn redacts the words in one column. Every text is read and
// searched in Go: SQLite's LIKE folds the case of A–Z only and knows
// neither Unicode's two ways to write "é" nor a name broken across a line.
func redactColumn(ctx context.Context, q querier, table, column string, words []string, touched func(int64)) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT rowid, `+column+` FROM `+table+` WHERE `+column+` <> ''`)
	if err != nil {
		return 0, err
	}
	type change struct {
		id   int64
		text string
	}
	var changes []change
	for rows.Next() {
		var (
			id   int64
			text sql.NullString
		)
		if err := rows.Scan(&id, &text); err != nil {
			rows.Close()
			return 0, err
		}
		if after := redact(text.String, words); after != text.String {
			changes = append(changes, change{id, after})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, c := range changes {
		if _, err := q.ExecContext(ctx, `UPDATE `+table+` SET `+column+` = ? WHERE rowid = ?`, c.text, c.id); err != nil {
			return 0, err
		}
		touched(c.id)
	}
	return len(changes), nil
}

func quoteName(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// redact replaces each mention of the words in text, in any case, by
// Redacted. A mention is a whole word or words: "Li" is not mentioned in
// "Lisbon".
func redact(text string, words []string) string {
	re := wordsPattern(words)
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(text, -1) {
		if !wholeWord(text, m[0], m[1]) {
			continue
		}
		b.WriteString(text[last:m[0]])
		b.WriteString(Redacted)
		last = m[1]
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// mentions reports whether text mentions any of the words (see redact).
func mentions(text string, words []string) bool {
	for _, m := range wordsPattern(words).FindAllStringIndex(text, -1) {
		if wholeWord(text, m[0], m[1]) {
			return true
		}
	}
	return false
}

// wordsPattern matches any of the words, the longest first, so an email is
// taken whole before the name it may start with; in any case, composed or
// decomposed (NFC or NFD), and with any white space (a line break too)
// where a word has a space.
func wordsPattern(words []string) *regexp.Regexp {
	var quoted []string
	for _, w := range words {
		for _, form := range []norm.Form{norm.NFC, norm.NFD} {
			parts := strings.Fields(form.String(w))
			for i := range parts {
				parts[i] = regexp.QuoteMeta(parts[i])
			}
			quoted = append(quoted, strings.Join(parts, `\s+`))
		}
	}
	slices.SortStableFunc(quoted, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return regexp.MustCompile(`(?i)` + strings.Join(quoted, "|"))
}

// wholeWord reports whether text[start:end] is neither preceded nor
// followed by a letter or digit.
func wholeWord(text string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(text[:start])
	after, _ := utf8.DecodeRuneInString(text[end:])
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return (start == 0 || !isWord(before)) && (end == len(text) || !isWord(after))
}

// scrubSnapshots removes the person from every snapshot of the plan not yet
// seen, deleting those it cannot.
func (s *Store) scrubSnapshots(ctx context.Context, p *model.Person, words []string, seen map[string]bool, f *Forgotten) error {
	list, err := Snapshots(s.path)
	if err != nil {
		return fmt.Errorf("forget %q: %w", p.Name, err)
	}
	for _, sn := range list {
		if seen[sn.Path] {
			continue
		}
		seen[sn.Path] = true
		err := scrubSnapshot(ctx, sn.Path, p, words)
		if err == nil {
			if found := traces(sn.Path, words); found != "" {
				err = errors.New(found)
			}
		}
		if err == nil {
			f.Scrubbed = append(f.Scrubbed, sn.Path)
			continue
		}
		if rerr := removeSnapshot(sn.Path); rerr != nil {
			return fmt.Errorf("forget %q: %v, and it cannot be deleted: %w", p.Name, err, rerr)
		}
		f.Deleted = append(f.Deleted, DeletedSnapshot{Path: sn.Path, Why: err.Error()})
	}
	return nil
}

// scrubSnapshot removes the person from one snapshot, in its own
// rollback-journal mode, and rewrites it without free space.
func scrubSnapshot(ctx context.Context, path string, p *model.Person, words []string) error {
	if _, err := prepareFile(path, Options{}); err != nil {
		return err
	}
	q := url.Values{}
	for _, pr := range []string{"foreign_keys(1)", "busy_timeout(10000)", "secure_delete(1)"} {
		q.Add("_pragma", pr)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return err
	}
	defer db.Close()
	// One connection: the pragmas above and the VACUUM after the
	// transaction apply to the same one.
	db.SetMaxOpenConns(1)
	if err := checkPages(ctx, db, "quick_check"); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ids, err := snapshotPeople(ctx, tx, p)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := forgetInvitations(ctx, tx, id, p.Email); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM person WHERE id = ?`, id); err != nil {
			return err
		}
	}
	// Taken after they were deleted from the plan, the snapshot keeps
	// them only for their invitations' cancellation.
	if _, err := forgetInvitations(ctx, tx, 0, p.Email); err != nil {
		return err
	}
	if _, err := redactMentions(ctx, tx, words); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "VACUUM")
	return err
}

// snapshotPeople finds the person in a snapshot (see isThem): one record,
// or none when they were added after it was taken. Several, or one that
// may be them, cannot be told apart from others, and are an error.
func snapshotPeople(ctx context.Context, tx *sql.Tx, p *model.Person) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, coalesce(email, '') FROM person`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var byID, others []int64
	for rows.Next() {
		var (
			id          int64
			name, email string
		)
		if err := rows.Scan(&id, &name, &email); err != nil {
			return nil, err
		}
		switch isThem(p, id, name, email) {
		case sure:
			if id == p.ID {
				byID = append(byID, id)
			} else {
				others = append(others, id)
			}
		case unsure:
			return nil, errors.New("it holds a person under their record number with another name and email, who may be them before a change")
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(byID) == 0 && len(others) > 1 {
		return nil, fmt.Errorf("%d people there are named %q or have their email, and which one is meant cannot be told", len(others), p.Name)
	}
	if len(byID) > 0 {
		// Their own record is there: others of the same name are other
		// people, and only those with their email are them.
		others = slices.DeleteFunc(others, func(id int64) bool { return !sameEmailIn(ctx, tx, id, p) })
	}
	return append(byID, others...), nil
}

// sameEmailIn reports whether the person with id in a snapshot has p's
// email (model.EmailKey).
func sameEmailIn(ctx context.Context, tx *sql.Tx, id int64, p *model.Person) bool {
	var email string
	err := tx.QueryRowContext(ctx, `SELECT coalesce(email, '') FROM person WHERE id = ?`, id).Scan(&email)
	return err == nil && p.Email != "" && email != "" && model.EmailKey(email) == model.EmailKey(p.Email)
}

// traces searches a file's bytes for the words in the spellings
// spellingsOf gives, and says which it finds; "" when none, or when the
// file does not exist. The words themselves are not repeated: what is said
// may be shown or logged.
func traces(path string, words []string) string {
	type needle struct {
		b    []byte
		what string
	}
	var needles []needle
	longest := 0
	for _, w := range words {
		what := "their name"
		if strings.Contains(w, "@") {
			what = "their email"
		}
		for _, v := range spellingsOf(w) {
			needles = append(needles, needle{[]byte(v), what})
			longest = max(longest, len(v))
		}
	}
	file, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) || longest == 0 {
		return ""
	}
	if err != nil {
		return fmt.Sprintf("cannot be searched (%v)", err)
	}
	defer file.Close()
	// Chunks overlap by one byte less than the longest word, so a word
	// that straddles two chunks is found in the second.
	const size = 1 << 20
	buf := make([]byte, 0, size+longest)
	for {
		n, err := io.ReadFull(file, buf[len(buf):len(buf)+size])
		buf = buf[:len(buf)+n]
		for _, nd := range needles {
			if bytes.Contains(buf, nd.b) {
				return "still holds " + nd.what
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return ""
		}
		if err != nil {
			return fmt.Sprintf("cannot be searched (%v)", err)
		}
		keep := min(len(buf), longest-1)
		buf = append(buf[:0], buf[len(buf)-keep:]...)
	}
}

// spellingsOf is how a word may be written in a file's bytes: composed and
// decomposed (NFC, NFD), as it is and in lower and upper case, and with a
// line break where it has a space.
func spellingsOf(w string) []string {
	seen := map[string]bool{}
	var out []string
	for _, form := range []norm.Form{norm.NFC, norm.NFD} {
		for _, c := range []string{w, strings.ToLower(w), strings.ToUpper(w)} {
			for _, sep := range []string{" ", "\n", "\r\n"} {
				v := strings.Join(strings.Fields(form.String(c)), sep)
				if v != "" && !seen[v] {
					seen[v] = true
					out = append(out, v)
				}
			}
		}
	}
	return out
}
