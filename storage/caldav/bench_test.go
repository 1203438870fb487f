package caldav_test

import (
	"context"
	"testing"

	"github.com/convene-planner/convene/storage/caldav"
	"github.com/convene-planner/convene/storage/caldav/radicaletest"
	"github.com/convene-planner/convene/storage/plangen"
)

// benchFirstPublish publishes the whole plan to a new calendar on a local
// Radicale: one MKCALENDAR and a PUT per session.
func benchFirstPublish(b *testing.B, n int) {
	store := plangen.OpenCopy(b, n)
	srv := radicaletest.Start(b)
	for i := 0; b.Loop(); i++ {
		u := mustCollection(b, srv.Calendar("plan"+string(rune('a'+i%26))+string(rune('a'+i/26%26))))
		if _, err := caldav.Publish(context.Background(), store, u, caldav.Selection{}, options(srv)); err != nil {
			b.Fatal(err)
		}
	}
}

// benchRepublishOneChange publishes the plan, then times the republish
// after one session's title changed: the look-up and one PUT.
func benchRepublishOneChange(b *testing.B, n int) {
	ctx := context.Background()
	store := plangen.OpenCopy(b, n)
	srv := radicaletest.Start(b)
	u := mustCollection(b, srv.Calendar("plan"))
	if _, err := caldav.Publish(ctx, store, u, caldav.Selection{}, options(srv)); err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		plangen.Rename(b, store, i)
		b.StartTimer()
		res, err := caldav.Publish(ctx, store, u, caldav.Selection{}, options(srv))
		if err != nil || res.Updated != 1 || res.Added+res.Removed != 0 {
			b.Fatalf("republish after one change: %s, %v", res, err)
		}
	}
}

// A first publish of 20,000 sessions to Radicale is not benchmarked: each
// new resource makes Radicale compare its UID with every other in the
// collection (its has_uid), so the time grows with the square of the count
// (see BenchmarkRepublishOneChange20000Seeded for the republish).
func BenchmarkFirstPublish200(b *testing.B)        { benchFirstPublish(b, 200) }
func BenchmarkFirstPublish2000(b *testing.B)       { benchFirstPublish(b, 2000) }
func BenchmarkRepublishOneChange200(b *testing.B)  { benchRepublishOneChange(b, 200) }
func BenchmarkRepublishOneChange2000(b *testing.B) { benchRepublishOneChange(b, 2000) }
