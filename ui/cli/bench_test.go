package cli

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/store"
)

// benchNow is the clock of the benchmark shops: Monday 2026-11-23, 14:00 in New
// York.
var benchNow = time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC)

// benchCommands runs rapport today and agenda on the shop of n customers (ten sales
// and two issues each), five times each, each in a process of its own
// (runCommand), and reports the medians: the whole command, from the start of
// the process to its exit.
func benchCommands(b *testing.B, n int) {
	s := demotest.Sized(b, benchNow, n, 10*n, 2*n)
	path := s.Path()
	s.Close() // the commands have the file to themselves, as a shop owner's do
	var today, agenda []process
	one := func() {
		today = append(today, runCommand(b, path, benchNow, "today"))
		agenda = append(agenda, runCommand(b, path, benchNow, "agenda"))
	}
	for b.Loop() {
		one()
	}
	for len(today) < 5 {
		one()
	}
	reportProcesses(b, "today", today)
	reportProcesses(b, "agenda", agenda)
	b.ReportMetric(float64(medianProcess(today).time.Nanoseconds()), "ns/op")
}

// BenchmarkTodayAndAgendaCommands: rapport today and rapport agenda on the
// 100,000-customer shop, as whole commands. Target: under 0.2 s each.
func BenchmarkTodayAndAgendaCommands(b *testing.B) { benchCommands(b, 100_000) }

// BenchmarkDayListMillion is the headline: the day's call list of a shop of a
// million customers and ten million sales, computed from the stored plan and
// printed, as rapport today does (target: under 2 s); and the day's first start,
// which plans the new day for the whole shop first. Only with
// RAPPORT_BENCH_MILLION=1 (make bench-million).
func BenchmarkDayListMillion(b *testing.B) {
	if os.Getenv(demotest.MillionEnv) == "" {
		b.Skip("the million-customer shop is written only with " + demotest.MillionEnv + "=1 (make bench-million)")
	}
	const n = 1_000_000
	s := demotest.Sized(b, benchNow, n, 10*n, 2*n)
	path := s.Path()
	s.Close()
	var today, first []process
	for b.Loop() {
		today = append(today, runCommand(b, path, benchNow, "today"))
	}
	for len(today) < 3 {
		today = append(today, runCommand(b, path, benchNow, "today"))
	}
	// The same command on a store already open: its list without the start of
	// the process and the opening and closing of the file. (The window reads
	// whole items, the head of the list first: ui.BenchmarkOpenWindowMillion.)
	st, _, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	st.Now = func() time.Time { return benchNow }
	var opened []demotest.Run
	for range 3 {
		run, err := demotest.Measure(func() error {
			e := &env{ctx: context.Background(), st: st, out: io.Discard, errOut: io.Discard}
			return runToday(e, nil)
		})
		if err != nil {
			b.Fatal(err)
		}
		opened = append(opened, run)
	}
	st.Close()
	// The first command of each new day plans that day for the whole shop.
	for day := 1; day <= 3; day++ {
		first = append(first, runCommand(b, path, benchNow.AddDate(0, 0, day), "today"))
	}
	reportProcesses(b, "today", today)
	o := demotest.Median(opened) // runs inside this process: its heap, not a resident set
	b.ReportMetric(o.Time.Seconds(), "s/today-store-open")
	b.ReportMetric(float64(o.PeakHeap)/1e6, "MB-peak-heap-today-store-open")
	reportProcesses(b, "first-today-of-a-day", first)
	b.ReportMetric(float64(medianProcess(today).time.Nanoseconds()), "ns/op")
}
