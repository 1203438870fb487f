package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/convene-planner/convene/model"
)

const forumColumns = `
	id,
	name,
	kind,
	city,
	country,
	format,
	first_day,
	last_day,
	timezone,
	website,
	proposal_deadline,
	notes`

func scanForum(row interface{ Scan(...any) error }) (model.Forum, error) {
	var (
		f                     model.Forum
		kind, format, tz      string
		first, last, deadline string
	)
	err := row.Scan(&f.ID, &f.Name, &kind, &f.City, &f.Country, &format,
		&first, &last, &tz, &f.Website, &deadline, &f.Notes)
	if err != nil {
		return f, err
	}
	var errs [6]error
	f.Kind, errs[4] = stored(kind, model.ForumKinds())
	f.Format, errs[5] = stored(format, model.Attendances())
	f.FirstDay, errs[0] = date(first)
	f.LastDay, errs[1] = date(last)
	f.ProposalDeadline, errs[2] = date(deadline)
	f.Zone, errs[3] = zone(tz)
	return f, errors.Join(errs[:]...)
}

// Forums returns every forum, by first day and then name.
func (r reader) Forums(ctx context.Context) ([]model.Forum, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT`+forumColumns+` FROM forum ORDER BY first_day, name`)
	if err != nil {
		return nil, fmt.Errorf("list forums: %w", err)
	}
	defer rows.Close()
	var forums []model.Forum
	for rows.Next() {
		f, err := scanForum(rows)
		if err != nil {
			return nil, fmt.Errorf("list forums: %w", err)
		}
		forums = append(forums, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list forums: %w", err)
	}
	return forums, nil
}

// Forum returns the forum with the given ID.
func (r reader) Forum(ctx context.Context, id int64) (model.Forum, error) {
	f, err := scanForum(r.q.QueryRowContext(ctx, `SELECT`+forumColumns+` FROM forum WHERE id = $1`, id))
	return f, notFound(err, "forum %d", id)
}

// ForumByName returns the forum of that name, regardless of the case of
// ASCII letters (SQLite's NOCASE). The comparison says so itself: a
// team plan's columns compare byte by byte, and lower() folds A–Z alone
// on both backends, as the unique index of each does.
func (r reader) ForumByName(ctx context.Context, name string) (model.Forum, error) {
	f, err := scanForum(r.q.QueryRowContext(ctx, `SELECT`+forumColumns+` FROM forum WHERE lower(name) = lower($1)`, model.CleanLine(name)))
	return f, notFound(err, "forum %q", name)
}

// FindForum looks a forum up by a name a person typed, as ForumByName
// does; when there is none, the error says which forums there are.
func (r reader) FindForum(ctx context.Context, name string) (model.Forum, error) {
	f, err := r.ForumByName(ctx, name)
	if err == nil {
		return f, nil
	}
	forums, lerr := r.Forums(ctx)
	if lerr != nil {
		return f, err
	}
	names := make([]string, len(forums))
	for i, f := range forums {
		names[i] = f.Name
	}
	return f, fmt.Errorf("no forum is named %q; the plan has %s", name, strings.Join(names, ", "))
}

// CreateForum cleans, validates and adds a forum, setting its ID.
func (tx *Tx) CreateForum(ctx context.Context, f *model.Forum) error {
	f.Clean()
	if err := f.Validate(); err != nil {
		return fmt.Errorf("add forum %q: %w", f.Name, err)
	}
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO forum (
			name,
			kind,
			city,
			country,
			format,
			first_day,
			last_day,
			timezone,
			website,
			proposal_deadline,
			notes
		) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		RETURNING id`,
		f.Name, f.Kind, f.City, f.Country, f.Format, f.FirstDay.String(), f.LastDay.String(),
		zoneName(f.Zone), f.Website, f.ProposalDeadline.String(), f.Notes).Scan(&f.ID)
	if err != nil {
		return fmt.Errorf("add forum %q: %w", f.Name, uniqueErr(err, "name", f.Name))
	}
	return nil
}

// UpdateForum cleans, validates and saves a forum that exists.
func (tx *Tx) UpdateForum(ctx context.Context, f *model.Forum) error {
	f.Clean()
	if err := f.Validate(); err != nil {
		return fmt.Errorf("save forum %q: %w", f.Name, err)
	}
	res, err := tx.q.ExecContext(ctx, `
		UPDATE forum SET
			name = $1,
			kind = $2,
			city = $3,
			country = $4,
			format = $5,
			first_day = $6,
			last_day = $7,
			timezone = $8,
			website = $9,
			proposal_deadline = $10,
			notes = $11
		WHERE id = $12`,
		f.Name, f.Kind, f.City, f.Country, f.Format, f.FirstDay.String(), f.LastDay.String(),
		zoneName(f.Zone), f.Website, f.ProposalDeadline.String(), f.Notes, f.ID)
	if err != nil {
		return fmt.Errorf("save forum %q: %w", f.Name, uniqueErr(err, "name", f.Name))
	}
	return affectedOne(res, "save forum %q", f.Name)
}

// DeleteForum removes a forum and its sessions; action items about it stay.
func (tx *Tx) DeleteForum(ctx context.Context, id int64) error {
	res, err := tx.q.ExecContext(ctx, `DELETE FROM forum WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete forum %d: %w", id, err)
	}
	return affectedOne(res, "delete forum %d", id)
}

// notFound turns sql.ErrNoRows into ErrNotFound, saying what was looked for.
func notFound(err error, format string, args ...any) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf(format+": %w", append(args, ErrNotFound)...)
	default:
		return fmt.Errorf("read "+format+": %w", append(args, err)...)
	}
}

func affectedOne(res sql.Result, format string, args ...any) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf(format+": %w", append(args, err)...)
	}
	if n == 0 {
		return fmt.Errorf(format+": %w", append(args, ErrNotFound)...)
	}
	return nil
}
