package ical_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/convene-planner/convene/storage/ical"
	"github.com/convene-planner/convene/storage/plangen"
)

// A CalDAV server holds each session as a calendar of its own: one event
// with the time zone it needs and no METHOD (RFC 4791 §4.1), which every
// client reads at the same instant as the whole plan's export.
func TestEachSessionAsAResourceReadsLikeTheExport(t *testing.T) {
	p := testPlan(t)
	_, whole := export(t, p, ical.Options{})
	wholeView := readers[0].read(t, writeTemp(t, whole))
	res := ical.NewResources(p.Forums, p.People, ical.Options{})
	for i := range p.Sessions {
		s := &p.Sessions[i]
		var b bytes.Buffer
		err := res.Write(&b, s)
		if !s.Scheduled() {
			if err == nil {
				t.Errorf("%q has no times, yet was written as a resource", s.Title)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		text := b.String()
		if strings.Count(text, "BEGIN:VEVENT") != 1 || strings.Count(text, "BEGIN:VTIMEZONE") != 1 || strings.Contains(text, "METHOD:") {
			t.Errorf("%q: want one VEVENT, one VTIMEZONE and no METHOD:\n%s", s.Title, text)
		}
		for _, r := range readers {
			t.Run(r.name, func(t *testing.T) {
				v := r.read(t, writeTemp(t, b.Bytes()))
				got, want := v.event(t, s.UID), wholeView.event(t, s.UID)
				if got.Start != want.Start || got.End != want.End || got.Summary != want.Summary || got.Status != want.Status {
					t.Errorf("%s reads %+v, the export %+v", r.name, got, want)
				}
			})
		}
	}
}

// BenchmarkResources20000 writes every session of the plan of 20,000 as a
// resource of its own: Convene's part of a CalDAV publish of that plan.
func BenchmarkResources20000(b *testing.B) {
	p := plangen.Plan(20000)
	for b.Loop() {
		res := ical.NewResources(p.Forums, p.People, ical.Options{})
		for i := range p.Sessions {
			if err := res.Write(io.Discard, &p.Sessions[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
