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

// runCommand runs one command on the file at path as the binary does (the store
// opened and closed with it) and returns how long it took and the most heap held.
func runCommand(b *testing.B, path string, now time.Time, args ...string) demotest.Run {
	b.Helper()
	run, err := demotest.Measure(func() error {
		var errs stringWriter
		if code := Main(append([]string{"--db", path, "--now", now.Format(time.RFC3339)}, args...), io.Discard, &errs, nil); code != 0 {
			b.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return run
}

type stringWriter string

func (w *stringWriter) Write(p []byte) (int, error) { *w += stringWriter(p); return len(p), nil }

// reportRuns prints the median of runs.
func reportRuns(b *testing.B, name string, runs []demotest.Run) {
	m := demotest.Median(runs)
	b.ReportMetric(m.Time.Seconds(), "s/"+name)
	b.ReportMetric(float64(m.PeakHeap)/1e6, "MB-peak-heap-"+name)
}

// benchCommands runs rapport today and agenda on the shop of n customers (ten sales
// and two issues each), five times each, and reports the medians. The whole
// command is timed: opening the file (with its check) and printing included.
func benchCommands(b *testing.B, n int) {
	path := demotest.Sized(b, benchNow, n, 10*n, 2*n).Path()
	var today, agenda []demotest.Run
	for b.Loop() {
		today = append(today, runCommand(b, path, benchNow, "today"))
		agenda = append(agenda, runCommand(b, path, benchNow, "agenda"))
	}
	for len(today) < 5 {
		today = append(today, runCommand(b, path, benchNow, "today"))
		agenda = append(agenda, runCommand(b, path, benchNow, "agenda"))
	}
	reportRuns(b, "today", today)
	reportRuns(b, "agenda", agenda)
	b.ReportMetric(float64(demotest.Median(today).Time.Nanoseconds()), "ns/op")
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
	var today, opened, first []demotest.Run
	for b.Loop() {
		today = append(today, runCommand(b, path, benchNow, "today"))
	}
	for len(today) < 3 {
		today = append(today, runCommand(b, path, benchNow, "today"))
	}
	// The same list on a store already open, as the window has it: the command
	// without the opening and closing of the file.
	st, _, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	st.Now = func() time.Time { return benchNow }
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
	reportRuns(b, "today", today)
	reportRuns(b, "today-store-open", opened)
	reportRuns(b, "first-today-of-a-day", first)
	b.ReportMetric(float64(demotest.Median(today).Time.Nanoseconds()), "ns/op")
}
