package ical

import (
	"errors"
	"fmt"
	"testing"

	"github.com/convene-planner/convene/model"
)

// When writing a session fails half-way through a big plan, reading stops
// too and the writer's error is what the user sees; otherwise every session
// is written, in order.
func TestWritingStopsReadingOnItsFirstError(t *testing.T) {
	source := func(read *int) func(yield func(*model.Session) error) error {
		return func(yield func(*model.Session) error) error {
			for i := range 10_000 {
				*read = i + 1
				if err := yield(&model.Session{ID: int64(i)}); err != nil {
					return err
				}
			}
			return nil
		}
	}
	var read, written int
	err := alongside(source(&read), func(s *model.Session) error {
		if s.ID != int64(written) {
			return fmt.Errorf("session %d came when %d was due", s.ID, written)
		}
		written++
		return nil
	})
	if err != nil || written != 10_000 {
		t.Fatalf("wrote %d of 10000: %v", written, err)
	}
	full := errors.New("the disk is full")
	err = alongside(source(&read), func(s *model.Session) error {
		if s.ID == 300 {
			return full
		}
		return nil
	})
	if !errors.Is(err, full) {
		t.Errorf("error %v, want the writer's", err)
	}
	if read >= 10_000 {
		t.Errorf("all %d sessions were read after writing failed", read)
	}
}
