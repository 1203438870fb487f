package storage

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// A Job is work on a plan that two Convenes must not do at the same time,
// though each is made of many transactions: two runs of invite would each
// read what was sent, then both send the same messages.
type Job struct {
	name string // for the lock's file and key
	what string // for the person waiting
	key  int32  // on a team plan, the second half of the lock's key
}

// The jobs held: sending invitations, and publishing calendars (which
// keeps the plan's record of what each calendar holds).
var (
	Inviting   = Job{name: "invite", what: "sending invitations", key: 1}
	Publishing = Job{name: "publish", what: "publishing calendars", key: 2}
)

// errHeld is what a backend's tryHold says when another holds the job.
var errHeld = errors.New("held by another")

// holdRetry is how often a Convene waiting for a job looks again.
const holdRetry = 200 * time.Millisecond

// Hold makes this Convene the only one doing job on the plan until
// release is called, or the process ends however it ends (the lock is the
// operating system's, or the server's session's). While another Convene
// holds it, Hold waits, calling waiting once, until it is free or ctx
// ends. The job reads the plan once it holds it: what the other did is
// then in what it reads.
func (s *Store) Hold(ctx context.Context, job Job, waiting func(what string)) (release func(), err error) {
	// Found held by another Convene at least once.
	held := false
	busy := func() error {
		return &PlanError{Path: s.path, Err: fmt.Errorf("%w: another Convene was still %s; nothing was done", ErrBusy, job.what)}
	}
	for {
		release, err := s.kind.tryHold(ctx, s, job)
		switch {
		case err == nil:
			return release, nil
		case held && ctx.Err() != nil:
			// Given up while asking again: still busy, as far as
			// anyone knows.
			return nil, busy()
		case !errors.Is(err, errHeld):
			return nil, &PlanError{Path: s.path, Err: fmt.Errorf("cannot be held for %s: %w", job.what, err)}
		}
		if !held && waiting != nil {
			waiting(fmt.Sprintf("another Convene is %s for this plan; waiting for it to finish", job.what))
		}
		held = true
		select {
		case <-ctx.Done():
			return nil, busy()
		case <-time.After(holdRetry):
		}
	}
}
