package report_test

import (
	"io"
	"testing"

	"github.com/convene-planner/convene/storage/plangen"
	"github.com/convene-planner/convene/storage/report"
)

// benchmarkYear builds and writes the report on 2021 of a generated plan,
// as `convene report --year 2021` does once the plan is read.
func benchmarkYear(b *testing.B, sessions int, write func(io.Writer, *report.Document) error) {
	p := plangen.Plan(sessions)
	b.ReportAllocs()
	for b.Loop() {
		cw := &countingWriter{}
		if err := write(cw, report.Year(p, 2021, today)); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(cw.n), "bytes/report")
	}
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

func BenchmarkYearReportHTML200Sessions(b *testing.B) {
	benchmarkYear(b, plangen.Realistic, report.WriteHTML)
}

func BenchmarkYearReportPDF200Sessions(b *testing.B) {
	benchmarkYear(b, plangen.Realistic, report.WritePDF)
}

func BenchmarkYearReportMarkdown20000Sessions(b *testing.B) {
	benchmarkYear(b, plangen.Huge, report.WriteMarkdown)
}

func BenchmarkYearReportHTML20000Sessions(b *testing.B) {
	benchmarkYear(b, plangen.Huge, report.WriteHTML)
}

func BenchmarkYearReportPDF20000Sessions(b *testing.B) {
	benchmarkYear(b, plangen.Huge, report.WritePDF)
}
