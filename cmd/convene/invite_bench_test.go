package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/plangen"

	"github.com/convene-planner/convene/storage/imip/imiptest"
)

// BenchmarkInvite200Sessions800Participations runs `convene invite` as a
// coordinator would on a forum of 200 scheduled sessions with four people
// each, sending every message to aiosmtpd on a loopback port, then runs it
// again after one session has moved: that run must send exactly that
// session's four updates; then once more after another session is deleted:
// exactly its four cancellations. It reports the first run's messages per
// second and the later runs' times.
func BenchmarkInvite200Sessions800Participations(b *testing.B) {
	server := imiptest.Start(b, imiptest.Options{})
	env := append(os.Environ(), server.Env("smtp", "")...)
	env = append(env, "CONVENE_FROM="+coordinator, "HOME="+b.TempDir())
	template := forumPlanFile(b)
	var first, again, deleted time.Duration
	for i := 0; b.Loop(); i++ {
		plan := filepath.Join(b.TempDir(), "plan.convene")
		copyFile(b, template, plan)
		start := time.Now()
		out := runBinary(b, env, "invite", "--forum", "Forum 0001", "--db", plan)
		first += time.Since(start)
		if !strings.Contains(out, "sent 800 invitations, 0 updates and 0 cancellations") {
			b.Fatalf("the first run says:\n%s", tail(out))
		}
		moveFirstSession(b, plan)
		start = time.Now()
		out = runBinary(b, env, "invite", "--forum", "Forum 0001", "--db", plan)
		again += time.Since(start)
		if !strings.Contains(out, "sent 0 invitations, 4 updates and 0 cancellations") {
			b.Fatalf("the run after one session moved says:\n%s", tail(out))
		}
		deleteSession(b, plan, 2)
		start = time.Now()
		out = runBinary(b, env, "invite", "--forum", "Forum 0001", "--db", plan)
		deleted += time.Since(start)
		if !strings.Contains(out, "sent 0 invitations, 0 updates and 4 cancellations") {
			b.Fatalf("the run after one session was deleted says:\n%s", tail(out))
		}
	}
	if got := len(server.Received(b)); got != 808*b.N {
		b.Fatalf("the server took %d messages, want %d", got, 808*b.N)
	}
	b.ReportMetric(first.Seconds()/float64(b.N), "s/first-run")
	b.ReportMetric(800*float64(b.N)/first.Seconds(), "messages/s")
	b.ReportMetric(again.Seconds()/float64(b.N), "s/run-after-one-change")
	b.ReportMetric(deleted.Seconds()/float64(b.N), "s/run-after-one-delete")
}

// forumPlanFile writes the generated plan of 200 sessions as one forum's
// programme, every session scheduled and with four people.
func forumPlanFile(b *testing.B) string {
	p := plangen.Plan(plangen.Realistic)
	for i := range p.Sessions {
		s := &p.Sessions[i]
		s.ForumID, s.Status = p.Forums[0].ID, model.StatusScheduled
		for id := int64(1); len(s.Participants) < 4; id++ {
			taken := false
			for _, pt := range s.Participants {
				taken = taken || pt.PersonID == id
			}
			if !taken {
				s.Participants = append(s.Participants, model.Participation{PersonID: id, Role: model.RoleRapporteur, Status: model.Invited})
			}
		}
	}
	path := filepath.Join(b.TempDir(), "forum.convene")
	ctx := context.Background()
	store, err := storage.Open(ctx, path, storage.Options{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	if err := plangen.Write(ctx, store, p); err != nil {
		b.Fatal(err)
	}
	return path
}

func moveFirstSession(b *testing.B, plan string) {
	changePlan(b, plan, func(ctx context.Context, tx *storage.Tx) error {
		s, err := tx.Session(ctx, 1)
		if err != nil {
			return err
		}
		s.Start, s.End = s.Start.Add(time.Hour), s.End.Add(time.Hour)
		return tx.UpdateSession(ctx, &s)
	})
}

func deleteSession(b *testing.B, plan string, id int64) {
	changePlan(b, plan, func(ctx context.Context, tx *storage.Tx) error {
		s, err := tx.Session(ctx, id)
		if err != nil {
			return err
		}
		return tx.DeleteSession(ctx, id, s.Version)
	})
}

// changePlan changes the plan as the app does, through the store.
func changePlan(tb testing.TB, plan string, change func(ctx context.Context, tx *storage.Tx) error) {
	tb.Helper()
	ctx := context.Background()
	store, err := storage.Open(ctx, plan, storage.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer store.Close()
	if err := store.Update(ctx, func(tx *storage.Tx) error { return change(ctx, tx) }); err != nil {
		tb.Fatal(err)
	}
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		tb.Fatal(err)
	}
}

func runBinary(b *testing.B, env []string, args ...string) string {
	cmd := exec.Command(binary(b), args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("convene %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-5):], "\n")
}
