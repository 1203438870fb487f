// Package plangen generates big, realistic plans for benchmarks: the one
// generator every benchmark uses, so their figures compare. A plan of n
// sessions has n/100 forums (at least one), n/2 people, three participations
// per session and n action items; the realistic size of a coalition's year
// is about 200 sessions, and benchmarks name the size they use.
package plangen

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// Sizes benchmarks use: a coalition's real year, and 10×, 100× and 1000× it.
const (
	Realistic = 200
	Large     = 2_000
	Huge      = 20_000
	Extreme   = 200_000
)

var zoneNames = []string{
	"Europe/Warsaw", "Europe/Rome", "Pacific/Auckland", "America/Sao_Paulo",
	"America/Argentina/Buenos_Aires", "Africa/Nairobi", "Asia/Kolkata", "America/New_York",
	"Asia/Tokyo", "Europe/Kyiv",
}

// Plan returns a generated plan of n sessions with IDs assigned (1, 2, …),
// the same for the same n on every run.
func Plan(n int) *model.Plan {
	r := rand.New(rand.NewPCG(uint64(n), 2021))
	zones := make([]*time.Location, len(zoneNames))
	for i, name := range zoneNames {
		zones[i], _ = model.LoadZone(name)
	}
	p := &model.Plan{Coalitions: []model.Coalition{
		{ID: 1, Name: "Dynamic Coalition on the Internet of Things", ShortName: "DC-IoT", Own: true},
		{ID: 2, Name: "Dynamic Coalition on Core Internet Values", ShortName: "DC-CIV"},
	}}
	forums := max(1, n/100)
	for i := range forums {
		first := model.DateOf(time.Date(2021, 1, 4, 12, 0, 0, 0, time.UTC).AddDate(0, 0, (i*7)%(365*3)))
		p.Forums = append(p.Forums, model.Forum{
			ID: int64(i + 1), Name: fmt.Sprintf("Forum %04d", i+1), Kind: model.ForumKinds()[i%5],
			City: fmt.Sprintf("City %d", i+1), Country: "PL", Format: model.Hybrid,
			FirstDay: first, LastDay: first.AddDays(4), Zone: zones[i%len(zones)],
			ProposalDeadline: first.AddDays(-60),
		})
	}
	people := max(4, n/2)
	groups, regions, genders := model.StakeholderGroups(), model.Regions(), model.Genders()
	for i := range people {
		p.People = append(p.People, model.Person{
			ID: int64(i + 1), Name: fmt.Sprintf("Person %06d", i+1),
			Email: fmt.Sprintf("person%06d@example.org", i+1), Affiliation: "Example Org",
			Group: groups[r.IntN(len(groups))], Region: regions[r.IntN(len(regions))],
			Gender: genders[r.IntN(len(genders))], Country: "PL", Zone: zones[r.IntN(len(zones))],
		})
	}
	formats, statuses := model.SessionFormats(), model.SessionStatuses()
	roles := []model.Role{model.RoleModerator, model.RoleSpeaker, model.RoleSpeaker}
	for i := range n {
		f := &p.Forums[i%forums]
		day := f.FirstDay.AddDays(r.IntN(5))
		start, _ := model.WallClock(day.Year, day.Month, day.Day, 9+r.IntN(9), 15*r.IntN(4), f.Zone)
		s := model.Session{
			ID: int64(i + 1), UID: fmt.Sprintf("gen-%07d@convene", i+1), ForumID: f.ID,
			Title:  fmt.Sprintf("Session %d on IoT security", i+1),
			Format: formats[r.IntN(len(formats))], Start: start.UTC(),
			End:  start.Add(time.Duration(60+30*r.IntN(2)) * time.Minute).UTC(),
			Room: fmt.Sprintf("Room %d", 1+r.IntN(12)), Status: statuses[1+r.IntN(4)],
			Organisers:  []string{"DC-IoT"},
			Topics:      []string{"software update", "data protection"},
			Description: "Generated session.\nSecond line.",
		}
		if i%10 == 0 {
			s.Organisers = append(s.Organisers, "DC-CIV")
		}
		seen := map[int64]bool{}
		for _, role := range roles {
			id := int64(1 + r.IntN(people))
			if seen[id] {
				continue
			}
			seen[id] = true
			s.Participants = append(s.Participants, model.Participation{PersonID: id, Role: role, Status: model.Confirmed})
		}
		p.Sessions = append(p.Sessions, s)
	}
	for i := range n {
		p.Actions = append(p.Actions, model.ActionItem{
			ID: int64(i + 1), Title: fmt.Sprintf("Follow up %d", i+1), OwnerID: int64(1 + r.IntN(people)),
			Due: p.Forums[i%forums].LastDay.AddDays(14), Status: model.ActionStatuses()[r.IntN(4)],
			ForumID: p.Forums[i%forums].ID,
		})
	}
	return p
}

// Write adds a generated plan to an empty plan file in one transaction,
// keeping its IDs.
func Write(ctx context.Context, store *storage.Store, p *model.Plan) error {
	return store.Update(ctx, func(tx *storage.Tx) error { return WriteTx(ctx, tx, p) })
}

// WriteTx adds a generated plan to an empty plan in the transaction tx,
// keeping its IDs, one record at a time as the app adds them: for a
// change that also does something else, or a plan opened otherwise than
// by path.
func WriteTx(ctx context.Context, tx *storage.Tx, p *model.Plan) error {
	for i := range p.Coalitions {
		if err := tx.CreateCoalition(ctx, &p.Coalitions[i]); err != nil {
			return err
		}
	}
	for i := range p.Forums {
		if err := tx.CreateForum(ctx, &p.Forums[i]); err != nil {
			return err
		}
	}
	for i := range p.People {
		if err := tx.CreatePerson(ctx, &p.People[i]); err != nil {
			return err
		}
	}
	for i := range p.Sessions {
		if err := tx.CreateSession(ctx, &p.Sessions[i]); err != nil {
			return err
		}
	}
	for i := range p.Actions {
		if err := tx.CreateAction(ctx, &p.Actions[i]); err != nil {
			return err
		}
	}
	return nil
}

// File returns the path of a plan file holding the generated plan of n
// sessions, made once and kept in the system's temporary folder, since
// writing the largest takes longer than most benchmarks they serve. Use a
// copy when the benchmark changes the plan. Each source tree and schema
// has its own: a plan made by a checkout with a newer schema would be
// refused by this one as written by a newer Convene.
func File(tb testing.TB, n int) string {
	tb.Helper()
	_, source, _, _ := runtime.Caller(0)
	key := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", source, storage.SchemaVersion()))
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("convene-plangen-%x", key[:6]))
	path := filepath.Join(dir, fmt.Sprintf("sessions-%d.convene", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	ctx := context.Background()
	tmp := path + fmt.Sprintf(".%d.tmp", os.Getpid())
	store, err := storage.Open(ctx, tmp, storage.Options{Create: true})
	if err != nil {
		tb.Fatalf("generate a plan of %d sessions: %v", n, err)
	}
	err = Write(ctx, store, Plan(n))
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		tb.Fatalf("generate a plan of %d sessions: %v", n, err)
	}
	return path
}

// OpenCopy opens a copy of File(tb, n) in the test's temporary folder, for
// a benchmark that changes the plan (publishing records what it sent); it
// is closed when the benchmark ends.
func OpenCopy(tb testing.TB, n int) *storage.Store {
	tb.Helper()
	data, err := os.ReadFile(File(tb, n))
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "plan.convene")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	store, err := storage.Open(context.Background(), path, storage.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	return store
}

// Rename gives the plan's first session its i-th new title: the one change
// a republish benchmark times the publishing of. Call it with the timer
// stopped.
func Rename(tb testing.TB, store *storage.Store, i int) {
	tb.Helper()
	ctx := context.Background()
	err := store.Update(ctx, func(tx *storage.Tx) error {
		s, err := tx.Session(ctx, 1)
		if err != nil {
			return err
		}
		s.Title = "Renamed " + string(rune('a'+i%26))
		return tx.UpdateSession(ctx, &s)
	})
	if err != nil {
		tb.Fatal(err)
	}
}
