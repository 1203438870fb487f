package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"testing"
	"time"

	"github.com/convene-planner/convene/storage"
	"github.com/convene-planner/convene/storage/plangen"
	"github.com/convene-planner/convene/storage/postgres/pgtest"
)

// BenchmarkListSessionsJSONFileAndTeam runs the whole process a script
// runs, `convene list sessions --json`, on the generated plan kept in a
// file and the same plan kept as a team plan on the local server
// (loopback TCP, a password login), and on a server as far away as
// another continent (team-far: a round trip of 100 ms), side by side:
// start, open the plan (for a team plan: connect, authenticate, check
// the schema), read its sessions, print them. Writing the team plan is
// not timed.
func BenchmarkListSessionsJSONFileAndTeam(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Huge} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) { listFileAndTeam(b, n) })
	}
}

// listFileAndTeam writes the generated plan of n sessions into a new team
// plan and times listing it beside listing its plan file.
func listFileAndTeam(b *testing.B, n int) {
	ctx := context.Background()
	d := pgtest.Shared(b).NewDatabase(b)
	team, err := storage.Open(ctx, d.URL(d.Owner), storage.Options{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	p := plangen.Plan(n)
	err = team.Update(ctx, func(tx *storage.Tx) error { return plangen.WriteTx(ctx, tx, p) })
	team.Close()
	if err != nil {
		b.Fatal(err)
	}
	far := d.Proxy(b)
	far.Delay(farAway)
	plans := []struct{ name, db string }{{"file", plangen.File(b, n)}, {"team", d.URL(d.Owner)}, {"team-far", far.URL(d.Owner)}}
	// All say the same, or the comparison means nothing.
	var said [3][]byte
	for i, c := range plans {
		if said[i], err = exec.Command(binary(b), "list", "sessions", "--json", "--db", c.db).Output(); err != nil {
			b.Fatalf("list sessions --json on the %s: %v", c.name, err)
		}
	}
	if !bytes.Equal(said[0], said[1]) || !bytes.Equal(said[0], said[2]) {
		b.Fatalf("the team plan lists its sessions otherwise than the file (%d, %d and %d bytes)", len(said[1]), len(said[2]), len(said[0]))
	}
	for _, c := range plans {
		b.Run(c.name, func(b *testing.B) {
			bin := binary(b)
			for b.Loop() {
				out, err := exec.Command(bin, "list", "sessions", "--json", "--db", c.db).Output()
				if err != nil || len(out) == 0 {
					b.Fatalf("list sessions --json: %v", err)
				}
			}
		})
	}
}

// farAway is the round trip to a team plan's server on another
// continent, as the benchmarks take it: about Europe to North America.
const farAway = 100 * time.Millisecond
