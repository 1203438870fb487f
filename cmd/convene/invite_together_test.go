package main

import (
	"strings"
	"sync"
	"testing"

	"github.com/convene-planner/convene/storage/imip/imiptest"
)

// Two coordinators run invite for IGF 2021 at the same moment. Each
// message reaches its speaker once: one run sends the 22 invitations,
// the other waits for it (saying why, when it started while the first was
// sending) and then finds nothing left to send.
func TestTwoInviteRunsAtOnceSendEachMessageOnce(t *testing.T) {
	plan := demoPlan(t)
	server := imiptest.Start(t, imiptest.Options{})
	env := server.Env("smtp", "")
	var wg sync.WaitGroup
	runs := make([]result, 2)
	for i := range runs {
		wg.Go(func() {
			runs[i] = convene(t, env, "invite", "--forum", "IGF 2021", "--from", coordinator, "--db", plan)
		})
	}
	wg.Wait()
	sent, idle := 0, 0
	for _, r := range runs {
		if r.code != 0 {
			t.Fatalf("invite: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		switch {
		case strings.Contains(r.stdout, "sent 22 invitations, 0 updates and 0 cancellations"):
			sent++
		case strings.Contains(r.stdout, "nothing to send: everyone has the latest"):
			idle++
		}
	}
	if sent != 1 || idle != 1 {
		t.Errorf("of two runs, %d sent the invitations and %d found nothing to send; want one each:\n%+v", sent, idle, runs)
	}
	if got := server.Received(t); len(got) != 22 {
		t.Errorf("the mail server took %d messages; want each of the 22 once", len(got))
	}
}
