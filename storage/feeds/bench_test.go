package feeds_test

import (
	"context"
	"testing"

	"github.com/convene-planner/convene/storage/feeds"
	"github.com/convene-planner/convene/storage/plangen"
)

// benchPublishFolder times a first publish of every feed to an empty
// folder (the plan of 20,000 sessions has 10,000 people).
func benchPublishFolder(b *testing.B, n int) {
	store := plangen.OpenCopy(b, n)
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		b.StartTimer()
		res, err := feeds.Publish(context.Background(), store, dir, feeds.Selection{}, feeds.Options{PlanName: "plan"})
		if err != nil || res.Added == 0 {
			b.Fatalf("%s %v", res, err)
		}
	}
}

// benchRepublishFolderOneChange times the republish after one session's
// title changed, and reports how many files it rewrote.
func benchRepublishFolderOneChange(b *testing.B, n int) {
	ctx := context.Background()
	store := plangen.OpenCopy(b, n)
	dir := b.TempDir()
	if _, err := feeds.Publish(ctx, store, dir, feeds.Selection{}, feeds.Options{PlanName: "plan"}); err != nil {
		b.Fatal(err)
	}
	var (
		res feeds.Result
		err error
	)
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		plangen.Rename(b, store, i)
		b.StartTimer()
		if res, err = feeds.Publish(ctx, store, dir, feeds.Selection{}, feeds.Options{PlanName: "plan"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Updated), "files-rewritten")
	b.ReportMetric(float64(res.Unchanged), "files-unchanged")
}

func BenchmarkPublishFolder200(b *testing.B)              { benchPublishFolder(b, 200) }
func BenchmarkPublishFolder20000(b *testing.B)            { benchPublishFolder(b, 20000) }
func BenchmarkRepublishFolderOneChange200(b *testing.B)   { benchRepublishFolderOneChange(b, 200) }
func BenchmarkRepublishFolderOneChange20000(b *testing.B) { benchRepublishFolderOneChange(b, 20000) }
