package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/store/engine"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/storetest"
)

// benchShop is the 100,000-customer shop (1,000,000 sales, 200,000 issues) of
// demotest.BenchShop, planned, in a file of b's own: written once per test binary
// (it takes a minute) and copied for each benchmark.
func benchShop(b *testing.B) *store.Store {
	b.Helper()
	return demotest.BenchShop(b, storetest.Now)
}

func TestMain(m *testing.M) {
	code := m.Run()
	demotest.Cleanup()
	os.Exit(code)
}

// rounds is how many times the benchmarks that compare Rapport with the floor run
// each, whatever -benchtime says: they report medians.
const rounds = 5

// pendingOf lists the shop's pending follow-ups, which the floor writes again.
func pendingOf(b *testing.B, s *store.Store) []shop.FollowUp {
	b.Helper()
	items, err := s.Agenda(context.Background(), time.Unix(0, 0), storetest.Now.AddDate(100, 0, 0))
	if err != nil {
		b.Fatal(err)
	}
	out := make([]shop.FollowUp, len(items))
	for i, it := range items {
		out[i] = it.FollowUp
	}
	return out
}

// reportVsFloor prints Rapport's median time and peak heap, the floor's, and the
// ratio of the times.
func reportVsFloor(b *testing.B, rapport, floor []demotest.Run) {
	r, f := demotest.Median(rapport), demotest.Median(floor)
	b.ReportMetric(float64(r.Time.Nanoseconds()), "ns/op")
	b.ReportMetric(r.Time.Seconds(), "s/rapport")
	b.ReportMetric(f.Time.Seconds(), "s/floor")
	b.ReportMetric(r.Time.Seconds()/f.Time.Seconds(), "x-floor")
	b.ReportMetric(float64(r.PeakHeap)/1e6, "MB-peak-heap")
}

// compare runs the floor and Rapport one after the other, rounds times at least.
func compare(b *testing.B, floor, rapport func() error) {
	var rs, fs []demotest.Run
	one := func() {
		f, err := demotest.Measure(floor)
		if err != nil {
			b.Fatal(err)
		}
		r, err := demotest.Measure(rapport)
		if err != nil {
			b.Fatal(err)
		}
		fs, rs = append(fs, f), append(rs, r)
	}
	for b.Loop() {
		one()
	}
	for len(rs) < rounds {
		one()
	}
	reportVsFloor(b, rs, fs)
}

// BenchmarkReplan re-plans the whole 100,000-customer shop from its SQLite file
// (load, plan, write back what changed, commit) beside its floor: the same SELECTs
// with every column read by SQLite alone, and every pending follow-up rewritten
// with prepared statements (ReplanFloor). Targets: within 1.5× the floor, under
// 150 MB. A re-plan on the day the plan was made finds nothing to write; "new-day"
// re-plans a day later each round, as the day's first start does.
func BenchmarkReplan(b *testing.B) {
	ctx := context.Background()
	for _, newDay := range []bool{false, true} {
		name := "same-day"
		if newDay {
			name = "new-day"
		}
		b.Run(name, func(b *testing.B) {
			s := benchShop(b)
			pending := pendingOf(b, s)
			day := 0
			var n int
			compare(b, func() error {
				_, err := s.ReplanFloor(ctx, pending)
				return err
			}, func() error {
				if newDay {
					day++
					s.Now = func() time.Time { return storetest.Now.AddDate(0, 0, day) }
				}
				var err error
				n, err = s.Replan(ctx)
				return err
			})
			b.ReportMetric(float64(n), "followups")
		})
	}
}

// BenchmarkReplanOneCustomer records a sale for one customer of the big shop, which
// re-plans that customer inside the same transaction. Target: under 10 ms.
func BenchmarkReplanOneCustomer(b *testing.B) {
	s := benchShop(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		p := shop.Purchase{CustomerID: shop.ID(1 + i%100_000), At: storetest.Now.Add(-time.Hour), Items: "Beans", AmountCents: 1800, Channel: shop.ChannelVisit}
		if err := s.SavePurchase(ctx, &p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTodayAndAgenda reads the day's call list (ranked) and the week's agenda
// of the 100,000-customer shop from the stored plan, beside its floor: the same
// SELECTs read by SQLite alone. Target: under 0.2 s for both.
func BenchmarkTodayAndAgenda(b *testing.B) {
	s := benchShop(b)
	ctx := context.Background()
	from := storetest.Now.Truncate(24 * time.Hour)
	to := from.AddDate(0, 0, 7)
	var today, week int
	compare(b, func() error {
		return s.AgendaFloor(ctx, from, to)
	}, func() error {
		t, err := s.Today(ctx)
		if err != nil {
			return err
		}
		w, err := s.Agenda(ctx, from, to)
		today, week = len(t), len(w)
		return err
	})
	b.ReportMetric(float64(today), "today")
	b.ReportMetric(float64(week), "week")
}

// BenchmarkOpenBigShop opens and closes the 100,000-customer shop as every command
// and the window do. Open reads the file's header and schema, not every page: the
// whole-file check (PRAGMA quick_check) runs with the daily backup and after an
// unclean close only. BenchmarkCheckBigShop gives that check for comparison.
func BenchmarkOpenBigShop(b *testing.B) {
	path := benchShop(b).Path()
	for b.Loop() {
		s, _, err := store.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/open")
}

// BenchmarkCheckBigShop reads every page of the 100,000-customer shop, as the
// check before a restore (CheckBackup) and the daily backup do.
func BenchmarkCheckBigShop(b *testing.B) {
	s := benchShop(b)
	path := s.Path()
	s.Close()
	for b.Loop() {
		if err := engine.CheckBackup(path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/check")
}
