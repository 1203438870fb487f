package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
)

// What publishing keeps in the plan between runs: the random part of each
// person's feed name, and what each CalDAV collection was last sent.

// FeedTokens returns, by person ID, the random part of the name of each
// person's feed that has one.
func (r reader) FeedTokens(ctx context.Context) (map[int64]string, error) {
	rows, err := r.q.QueryContext(ctx, `
		SELECT
			person_id,
			token
		FROM feed_token`)
	if err != nil {
		return nil, fmt.Errorf("read the feeds' names: %w", err)
	}
	defer rows.Close()
	tokens := map[int64]string{}
	for rows.Next() {
		var id int64
		var token string
		if err := rows.Scan(&id, &token); err != nil {
			return nil, fmt.Errorf("read the feeds' names: %w", err)
		}
		tokens[id] = token
	}
	return tokens, rows.Err()
}

// AddFeedToken gives the person a feed name's random part and returns it:
// 80 random bits, so a link cannot be guessed from another.
func (tx *Tx) AddFeedToken(ctx context.Context, personID int64) (string, error) {
	var b [10]byte
	rand.Read(b[:])
	token := strings.ToLower(base32.StdEncoding.EncodeToString(b[:]))
	if _, err := tx.q.ExecContext(ctx, `
		INSERT INTO feed_token (
			person_id,
			token
		) VALUES ($1, $2)`, personID, token); err != nil {
		return "", fmt.Errorf("name the feed of person %d: %w", personID, err)
	}
	return token, nil
}

// Published is what a CalDAV collection was last sent of one session.
type Published struct {
	// Digest identifies the calendar resource sent, apart from its DTSTAMP.
	Digest string
	// ETag is what the server answered for it; empty while the answer has
	// not been recorded (a publish was cut off after sending it).
	ETag string
}

// PublishedTo returns, by session UID, what the collection was sent.
func (r reader) PublishedTo(ctx context.Context, collection string) (map[string]Published, error) {
	rows, err := r.q.QueryContext(ctx, `
		SELECT
			uid,
			digest,
			etag
		FROM caldav_resource
		WHERE collection = $1`, collection)
	if err != nil {
		return nil, fmt.Errorf("read what was published to %s: %w", collection, err)
	}
	defer rows.Close()
	sent := map[string]Published{}
	for rows.Next() {
		var uid string
		var p Published
		if err := rows.Scan(&uid, &p.Digest, &p.ETag); err != nil {
			return nil, fmt.Errorf("read what was published to %s: %w", collection, err)
		}
		sent[uid] = p
	}
	return sent, rows.Err()
}

// SetPublished records what the collection holds of the session.
func (tx *Tx) SetPublished(ctx context.Context, collection, uid string, p Published) error {
	if _, err := tx.q.ExecContext(ctx, `
		INSERT INTO caldav_resource (
			collection,
			uid,
			digest,
			etag
		) VALUES ($1, $2, $3, $4)
		ON CONFLICT (collection, uid) DO UPDATE SET
			digest = excluded.digest,
			etag = excluded.etag`, collection, uid, p.Digest, p.ETag); err != nil {
		return fmt.Errorf("record what was published to %s: %w", collection, err)
	}
	return nil
}

// Unpublished records that the collection no longer holds the session.
func (tx *Tx) Unpublished(ctx context.Context, collection, uid string) error {
	if _, err := tx.q.ExecContext(ctx, `
		DELETE FROM caldav_resource
		WHERE collection = $1 AND uid = $2`, collection, uid); err != nil {
		return fmt.Errorf("record what was published to %s: %w", collection, err)
	}
	return nil
}

// SyncToken returns the token the collection's server gave for its state
// after the last complete publish there, or "" when there is none.
func (r reader) SyncToken(ctx context.Context, collection string) (string, error) {
	var token string
	err := r.q.QueryRowContext(ctx, `
		SELECT
			sync_token
		FROM caldav_collection
		WHERE collection = $1`, collection).Scan(&token)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the sync token of %s: %w", collection, err)
	}
	return token, nil
}

// SetSyncToken records the token for the collection's state; "" forgets
// it, so the next publish lists the whole collection.
func (tx *Tx) SetSyncToken(ctx context.Context, collection, token string) error {
	var err error
	if token == "" {
		_, err = tx.q.ExecContext(ctx, `
			DELETE FROM caldav_collection
			WHERE collection = $1`, collection)
	} else {
		_, err = tx.q.ExecContext(ctx, `
			INSERT INTO caldav_collection (
				collection,
				sync_token
			) VALUES ($1, $2)
			ON CONFLICT (collection) DO UPDATE SET
				sync_token = excluded.sync_token`, collection, token)
	}
	if err != nil {
		return fmt.Errorf("record the sync token of %s: %w", collection, err)
	}
	return nil
}
