package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/convene-planner/convene/model"
)

const personColumns = `
	id,
	uid,
	name,
	coalesce(email, ''),
	affiliation,
	stakeholder_group,
	region,
	gender,
	country,
	timezone,
	bio,
	version,
	changed_by,
	changed_at`

func scanPerson(row interface{ Scan(...any) error }) (model.Person, error) {
	var (
		p                  model.Person
		group, region, gen string
		tz                 string
	)
	rev := revisionScan{r: &p.Revision}
	err := row.Scan(append([]any{&p.ID, &p.UID, &p.Name, &p.Email, &p.Affiliation, &group, &region, &gen, &p.Country, &tz, &p.Bio},
		rev.dest()...)...)
	if err != nil {
		return p, err
	}
	rev.done()
	var errs [4]error
	p.Group, errs[0] = stored(group, model.StakeholderGroups())
	p.Region, errs[1] = stored(region, append(model.Regions(), model.RegionNone))
	p.Gender, errs[2] = stored(gen, append(model.Genders(), ""))
	p.Zone, errs[3] = zone(tz)
	return p, errors.Join(errs[:]...)
}

// People returns everyone in the plan, by name, with their availability.
func (r reader) People(ctx context.Context) ([]model.Person, error) {
	// Counted before the rows are read, not while: a PostgreSQL
	// connection runs one statement at a time.
	var n int
	if err := r.q.QueryRowContext(ctx, `SELECT count(*) FROM person`).Scan(&n); err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	people, err := r.people(ctx, n, "", "ORDER BY name, id", nil)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	return people, nil
}

// peopleWithIDs returns the people of those IDs that are in the plan,
// with their availability, in no particular order.
func (r reader) peopleWithIDs(ctx context.Context, ids []int64) ([]model.Person, error) {
	in, args := inList(ids)
	people, err := r.people(ctx, len(ids), "WHERE person_id IN ("+in+")", "WHERE id IN ("+in+")", args)
	if err != nil {
		return nil, fmt.Errorf("read people: %w", err)
	}
	return people, nil
}

// people reads the people that the rest of a statement (its WHERE or
// ORDER BY) picks, with room for n of them, and then their availability,
// of which availability (a WHERE on person_id, or "") picks theirs.
func (r reader) people(ctx context.Context, n int, availability, rest string, args []any) ([]model.Person, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT`+personColumns+` FROM person `+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	people := make([]model.Person, 0, n)
	byID := make(map[int64]int, n)
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		byID[p.ID] = len(people)
		people = append(people, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Done with before the next statement: a PostgreSQL connection runs
	// one at a time.
	rows.Close()
	err = r.availability(ctx, availability, args, func(id int64, w model.Window) {
		if i, ok := byID[id]; ok {
			people[i].Availability = append(people[i].Availability, w)
		}
	})
	return people, err
}

// Person returns the person with the given ID.
func (r reader) Person(ctx context.Context, id int64) (model.Person, error) {
	return r.onePerson(ctx, "id = $1", id, fmt.Sprintf("person %d", id))
}

// PersonByEmail returns the person with that email, as model.EmailKey
// compares emails.
func (r reader) PersonByEmail(ctx context.Context, email string) (model.Person, error) {
	byEmail, _, err := r.matchPeople(ctx, email)
	if err == nil && len(byEmail) != 1 {
		err = fmt.Errorf("person with email %q: %w", email, ErrNotFound)
	}
	if err != nil {
		return model.Person{}, err
	}
	return r.Person(ctx, byEmail[0])
}

// FindPeople returns the people whose email is the given text, or else whose
// name is: what a user means by `--person`. Emails compare as
// model.EmailKey says, names as model.NameKey does.
func (r reader) FindPeople(ctx context.Context, emailOrName string) ([]model.Person, error) {
	byEmail, byName, err := r.matchPeople(ctx, emailOrName)
	if err != nil {
		return nil, err
	}
	ids := byEmail
	if len(ids) == 0 {
		ids = byName
	}
	people := make([]model.Person, 0, len(ids))
	for _, id := range ids {
		p, err := r.Person(ctx, id)
		if err != nil {
			return nil, err
		}
		people = append(people, p)
	}
	return people, nil
}

// FindPerson is the one person FindPeople finds: a name that several
// people share is refused, since what is asked for (a calendar, an
// invitation) would be the wrong person's.
func (r reader) FindPerson(ctx context.Context, emailOrName string) (model.Person, error) {
	people, err := r.FindPeople(ctx, emailOrName)
	switch {
	case err != nil:
		return model.Person{}, err
	case len(people) == 0:
		return model.Person{}, fmt.Errorf("no one in the plan has the email or name %q", emailOrName)
	case len(people) > 1:
		return model.Person{}, fmt.Errorf("%d people are named %q; give the email of the one you mean", len(people), emailOrName)
	}
	return people[0], nil
}

// matchPeople returns the IDs of the people whose email, and of those
// whose name, is key. They are compared in Go: SQLite's NOCASE folds A–Z
// only, and knows nothing of Unicode's two ways to write "é".
func (r reader) matchPeople(ctx context.Context, key string) (byEmail, byName []int64, err error) {
	emailKey, nameKey := model.EmailKey(key), model.NameKey(key)
	rows, err := r.q.QueryContext(ctx, `SELECT id, name, coalesce(email, '') FROM person ORDER BY id`)
	if err != nil {
		return nil, nil, fmt.Errorf("find %q: %w", key, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, email string
		if err := rows.Scan(&id, &name, &email); err != nil {
			return nil, nil, fmt.Errorf("find %q: %w", key, err)
		}
		if email != "" && model.EmailKey(email) == emailKey {
			byEmail = append(byEmail, id)
		}
		if model.NameKey(name) == nameKey {
			byName = append(byName, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("find %q: %w", key, err)
	}
	return byEmail, byName, nil
}

func (r reader) onePerson(ctx context.Context, where string, arg any, what string) (model.Person, error) {
	p, err := scanPerson(r.q.QueryRowContext(ctx, `SELECT`+personColumns+` FROM person WHERE `+where, arg))
	if err != nil {
		return p, notFound(err, "%s", what)
	}
	err = r.availability(ctx, "WHERE person_id = $1", []any{p.ID}, func(_ int64, w model.Window) {
		p.Availability = append(p.Availability, w)
	})
	return p, err
}

func (r reader) availability(ctx context.Context, where string, args []any, add func(int64, model.Window)) error {
	rows, err := r.q.QueryContext(ctx, `
		SELECT
			person_id,
			start_utc,
			end_utc
		FROM availability `+where+`
		ORDER BY person_id, start_utc`, args...)
	if err != nil {
		return fmt.Errorf("read availability: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, start, end int64
		if err := rows.Scan(&id, &start, &end); err != nil {
			return fmt.Errorf("read availability: %w", err)
		}
		add(id, model.Window{Start: unixTime(start), End: unixTime(end)})
	}
	return rows.Err()
}

// CreatePerson cleans, validates and adds a person, setting their ID.
func (tx *Tx) CreatePerson(ctx context.Context, p *model.Person) error {
	p.Clean()
	if err := p.Validate(); err != nil {
		return fmt.Errorf("add %q: %w", p.Name, err)
	}
	if p.UID == "" {
		p.UID = newPersonUID()
	}
	row := tx.q.QueryRowContext(ctx, `
		INSERT INTO person (
			uid,
			name,
			email,
			affiliation,
			stakeholder_group,
			region,
			gender,
			country,
			timezone,
			bio,
			version,
			changed_by,
			changed_at
		) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12)
		RETURNING id, version, changed_by, changed_at`,
		p.UID, p.Name, nullIfEmpty(p.Email), p.Affiliation, p.Group, p.Region, p.Gender, p.Country, zoneName(p.Zone), p.Bio,
		tx.who, tx.now())
	if _, err := signed(row, &p.Revision, &p.ID); err != nil {
		return fmt.Errorf("add %q: %w", p.Name, uniqueErr(err, "email", p.Email))
	}
	return tx.saveAvailability(ctx, p)
}

// UpdatePerson cleans, validates and saves a person who exists,
// availability included, as changed from their p.Version: when someone
// has saved them since, nothing is saved and the error is a *StaleError.
// p gets the new version, and who changed it when.
func (tx *Tx) UpdatePerson(ctx context.Context, p *model.Person) error {
	p.Clean()
	if err := p.Validate(); err != nil {
		return fmt.Errorf("save %q: %w", p.Name, err)
	}
	row := tx.q.QueryRowContext(ctx, `
		UPDATE person SET
			name = $1,
			email = $2,
			affiliation = $3,
			stakeholder_group = $4,
			region = $5,
			gender = $6,
			country = $7,
			timezone = $8,
			bio = $9,
			version = version + 1,
			changed_by = $12,
			changed_at = $13
		WHERE id = $10 AND version = $11
		RETURNING version, changed_by, changed_at`,
		p.Name, nullIfEmpty(p.Email), p.Affiliation, p.Group, p.Region, p.Gender, p.Country, zoneName(p.Zone), p.Bio, p.ID,
		p.Version, tx.who, tx.now())
	if err := tx.written(ctx, row, &p.Revision, "person", p.ID); err != nil {
		return fmt.Errorf("save %q: %w", p.Name, uniqueErr(err, "email", p.Email))
	}
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM availability WHERE person_id = $1`, p.ID); err != nil {
		return fmt.Errorf("save %q's availability: %w", p.Name, err)
	}
	return tx.saveAvailability(ctx, p)
}

func (tx *Tx) saveAvailability(ctx context.Context, p *model.Person) error {
	for _, w := range p.Availability {
		_, err := tx.q.ExecContext(ctx, `
			INSERT INTO availability (
				person_id,
				start_utc,
				end_utc
			) VALUES ($1, $2, $3)`,
			p.ID, w.Start.Unix(), w.End.Unix())
		if err != nil {
			return fmt.Errorf("save %q's availability: %w", p.Name, err)
		}
	}
	return nil
}

// DeletePerson removes a person with their participations and
// availability, as they were at version: when someone has saved them
// since, nothing is deleted and the error is a *StaleError. Action items
// they owned stay, without an owner.
func (tx *Tx) DeletePerson(ctx context.Context, id, version int64) error {
	return tx.deleteAt(ctx, "person", id, version)
}

// newPersonUID makes a person's UID: 16 random bytes in hex, as the
// migration that gave every person one makes them.
func newPersonUID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
