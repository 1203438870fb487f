package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

func TestAWriteOfManyRowsThroughPreparedStatementsIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := newPlan(t)
	forum := igf(t)
	start := time.Date(2021, 12, 7, 9, 0, 0, 0, time.UTC)
	session := func(uid string) model.Session {
		return model.Session{UID: uid, Title: "Workshop " + uid, Format: model.FormatWorkshop,
			Start: start, End: start.Add(time.Hour), Status: model.StatusScheduled}
	}

	// Thousands of rows go through the same statements; one refused and
	// none stays.
	err := s.Update(ctx, func(tx *storage.Tx) error {
		if err := tx.CreateForum(ctx, &forum); err != nil {
			return err
		}
		for _, uid := range []string{"a", "b", "c"} {
			ws := session(uid)
			ws.ForumID = forum.ID
			if err := tx.CreateSession(ctx, &ws); err != nil {
				return err
			}
		}
		twice := session("a")
		twice.ForumID = forum.ID
		return tx.CreateSession(ctx, &twice)
	})
	if _, ok := model.AsProblems(err); !ok {
		t.Fatalf("a second session with UID a: %v, want a problem with the uid", err)
	}
	var empty bool
	if err := s.View(ctx, func(tx *storage.Tx) (err error) { empty, err = tx.Empty(ctx); return err }); err != nil || !empty {
		t.Fatalf("after a refused write the plan is empty: %v, %v", empty, err)
	}

	// Reads inside a write see its own rows, and a missing one is
	// still ErrNotFound.
	err = s.Update(ctx, func(tx *storage.Tx) error {
		forum.ID = 0
		if err := tx.CreateForum(ctx, &forum); err != nil {
			return err
		}
		for _, uid := range []string{"a", "b"} {
			ws := session(uid)
			ws.ForumID = forum.ID
			if err := tx.CreateSession(ctx, &ws); err != nil {
				return err
			}
		}
		got, err := tx.SessionByUID(ctx, "b")
		if err != nil {
			return err
		}
		got.Status = model.StatusHeld
		if err := tx.UpdateSession(ctx, &got); err != nil {
			return err
		}
		if _, err := tx.SessionByUID(ctx, "z"); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("session z: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var sessions []model.Session
	err = s.View(ctx, func(tx *storage.Tx) (err error) {
		sessions, err = tx.Sessions(ctx, storage.SessionFilter{})
		return err
	})
	if err != nil || len(sessions) != 2 || sessions[1].Status != model.StatusHeld || sessions[1].Sequence != 1 {
		t.Fatalf("sessions %+v, %v: want a and b, b held at sequence 1", sessions, err)
	}
	// The store goes on as before.
	if err := s.Update(ctx, func(tx *storage.Tx) error { return tx.DeleteSession(ctx, sessions[0].ID, sessions[0].Version) }); err != nil {
		t.Fatal(err)
	}
}
