package importer

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/store"
)

// BenchmarkGrowth measures, for shops of 10,000 and 100,000 customers (and
// 1,000,000 with demotest.MillionEnv), each with ten sales and two issues a
// customer: the day's first re-plan (a day later each round), today's list from
// the stored plan (and the same on one core, for comparison: a long list is read
// in halves on two), and an import of as many new customers into an empty shop. It
// prints a table of the medians with the growth from each size to the next. The
// re-plan runs five times (five days); the list and the import three times at
// least, and more while their runs add up to under a second (demotest.Turns): a
// list of a few milliseconds needs many runs for a steady median. The sizes take
// turns, round by round.
// A second table gives the processor time and the pages faulted in of the
// re-plan and the import, with the growth of the processor time. Each run starts
// with no memory left over from the runs before it, as a command run on its own
// does.
// Target: every step within 11× the one before (the data grows 10×).
func BenchmarkGrowth(b *testing.B) {
	sizes := demotest.GrowthSizes()
	type row struct {
		n                             int
		replan, today, todayOne, load demotest.Run
	}
	var rows []row
	ctx := context.Background()
	for b.Loop() {
		shops := make([]*store.Store, len(sizes))
		for i, n := range sizes {
			shops[i] = demotest.Sized(b, fixedNow, n, 10*n, 2*n)
		}
		// Five days, as every size's today is that of the fifth.
		replan := demotest.Turns(b, len(sizes), 5, 5, func(i, round int) (func() error, func()) {
			s := shops[i]
			s.Now = func() time.Time { return fixedNow.AddDate(0, 0, round+1) }
			return func() error { _, err := s.Replan(ctx); return err }, nil
		})
		today := demotest.Turns(b, len(sizes), 3, 31, func(i, _ int) (func() error, func()) {
			return func() error { _, err := shops[i].Today(ctx); return err }, nil
		})
		// The same list on one core: a list of splitRows or more is read in
		// halves side by side, which a single core makes take turns.
		todayOne := demotest.Turns(b, len(sizes), 3, 31, func(i, _ int) (func() error, func()) {
			procs := runtime.GOMAXPROCS(1)
			return func() error { _, err := shops[i].Today(ctx); return err }, func() { runtime.GOMAXPROCS(procs) }
		})
		for _, s := range shops {
			s.Close()
		}
		// Each round writes its file anew, so that the heap measured holds the
		// file of the size measured and no other.
		load := demotest.Turns(b, len(sizes), 3, 31, func(i, round int) (func() error, func()) {
			file := demotest.CustomersCSV(sizes[i])
			empty, _, err := store.Open(filepath.Join(b.TempDir(), fmt.Sprintf("import-%d-%d.db", sizes[i], round)))
			if err != nil {
				b.Fatal(err)
			}
			empty.Now = func() time.Time { return fixedNow }
			return func() error { _, err := importCSV(empty, "customers", file); return err }, func() { empty.Close() }
		})
		rows = rows[:0]
		for i, n := range sizes {
			rows = append(rows, row{n: n, replan: replan[i], today: today[i], todayOne: todayOne[i], load: load[i]})
		}
	}
	var t strings.Builder
	fmt.Fprintf(&t, "\n%-10s %-22s %-22s %-22s %-22s\n", "customers", "re-plan (next day)", "today", "today on one core", "import customers")
	worst := 0.0
	for i, r := range rows {
		// The target is the work as done; the list on one core is shown beside it.
		cell := func(run, prev demotest.Run, target bool) string {
			s := fmt.Sprintf("%.3f s %4.0f MB", run.Time.Seconds(), float64(run.PeakHeap)/1e6)
			if i > 0 {
				x := run.Time.Seconds() / prev.Time.Seconds()
				if target {
					worst = max(worst, x)
				}
				s += fmt.Sprintf(" ×%.1f", x)
			}
			return s
		}
		var p row
		if i > 0 {
			p = rows[i-1]
		}
		fmt.Fprintf(&t, "%-10d %-22s %-22s %-22s %-22s\n", r.n, cell(r.replan, p.replan, true), cell(r.today, p.today, true),
			cell(r.todayOne, p.todayOne, false), cell(r.load, p.load, true))
		b.ReportMetric(r.replan.Time.Seconds(), fmt.Sprintf("s/replan-%dk", r.n/1000))
		b.ReportMetric(r.today.Time.Seconds(), fmt.Sprintf("s/today-%dk", r.n/1000))
		b.ReportMetric(r.todayOne.Time.Seconds(), fmt.Sprintf("s/today-one-core-%dk", r.n/1000))
		b.ReportMetric(r.load.Time.Seconds(), fmt.Sprintf("s/import-%dk", r.n/1000))
	}
	// Where a step grows faster than the shop, the processor time and the pages
	// faulted in tell the work done from what the machine made of it.
	fmt.Fprintf(&t, "\nprocessor time (user + system) and pages faulted in, medians:\n%-10s %-34s %-34s\n", "customers", "re-plan", "import customers")
	for i, r := range rows {
		cell := func(run, prev demotest.Run) string {
			s := fmt.Sprintf("%.3f + %.3f s %8d", run.User.Seconds(), run.Sys.Seconds(), run.Faults)
			if i > 0 && prev.User+prev.Sys > 0 {
				s += fmt.Sprintf(" ×%.1f", (run.User+run.Sys).Seconds()/(prev.User+prev.Sys).Seconds())
			}
			return s
		}
		var p row
		if i > 0 {
			p = rows[i-1]
		}
		fmt.Fprintf(&t, "%-10d %-34s %-34s\n", r.n, cell(r.replan, p.replan), cell(r.load, p.load))
	}
	fmt.Print(t.String())
	b.ReportMetric(worst, "x-worst-step")
}
