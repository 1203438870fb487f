package ical_test

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/plangen"
)

// BenchmarkExportICS writes generated plans from memory, without the plan
// file, to see what the calendar writing itself costs.
func BenchmarkExportICS(b *testing.B) {
	for _, n := range []int{plangen.Realistic, plangen.Large, plangen.Huge} {
		p := plangen.Plan(n)
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := ical.Export(io.Discard, p, ical.Options{Todos: true, WithContacts: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var (
	benchBinaryOnce sync.Once
	benchBinary     string
	benchBinaryErr  error
)

// BenchmarkExportICSWholeProcess20000 runs `convene export ics` on the
// plan of 20,000 sessions as a user would, side by side in one run with
// python3-vobject serialising the same sessions (testdata/vobject_export.py)
// and sqlite3 dumping the sessions table as CSV. It reports each one's time,
// the ratios the goals are stated in, and convene's peak memory.
func BenchmarkExportICSWholeProcess20000(b *testing.B) {
	for _, tool := range []string{"/usr/bin/python3", "/usr/bin/sqlite3"} {
		if _, err := os.Stat(tool); err != nil {
			b.Skipf("%s is not installed; the side-by-side figures need it", tool)
		}
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import vobject, dateutil").Run(); err != nil {
		b.Skip("python3-vobject is not installed; the side-by-side figures need it")
	}
	benchBinaryOnce.Do(func() {
		benchBinary = filepath.Join(os.TempDir(), fmt.Sprintf("convene-bench-%d", os.Getpid()))
		if out, err := exec.Command("go", "build", "-o", benchBinary, "../../cmd/convene").CombinedOutput(); err != nil {
			benchBinaryErr = fmt.Errorf("build convene: %v\n%s", err, out)
		}
	})
	if benchBinaryErr != nil {
		b.Fatal(benchBinaryErr)
	}
	plan := plangen.File(b, plangen.Huge)
	dir := b.TempDir()
	commands := []*exec.Cmd{
		exec.Command(benchBinary, "export", "ics", "--db", plan, "-o", filepath.Join(dir, "convene.ics")),
		exec.Command("/usr/bin/python3", filepath.Join("testdata", "vobject_export.py"), plan, filepath.Join(dir, "vobject.ics")),
		exec.Command("/usr/bin/sh", "-c", `/usr/bin/sqlite3 -csv -header "$1" 'SELECT * FROM session' > "$2"`,
			"sh", plan, filepath.Join(dir, "sessions.csv")),
	}
	var total [3]time.Duration
	var peak int64
	for b.Loop() {
		for i, c := range commands {
			cmd := exec.Command(c.Args[0], c.Args[1:]...)
			cmd.Env = append(os.Environ(), "LANG=en_GB.UTF-8")
			start := time.Now()
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("%s: %v\n%s", cmd, err, out)
			}
			total[i] += time.Since(start)
			if i == 0 {
				peak = max(peak, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
			}
		}
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(b.N) / 1e6 }
	b.ReportMetric(ms(total[0]), "convene-ms")
	b.ReportMetric(ms(total[1]), "vobject-ms")
	b.ReportMetric(ms(total[2]), "sqlite3-ms")
	b.ReportMetric(float64(total[1])/float64(total[0]), "x-faster-than-vobject")
	b.ReportMetric(float64(total[0])/float64(total[2]), "x-sqlite3-time")
	b.ReportMetric(float64(peak)/1024, "convene-peak-MB")
	b.ReportMetric(0, "ns/op") // the figures above say it per tool
}
