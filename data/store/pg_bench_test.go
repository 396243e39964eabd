package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/pgtest"
	"github.com/rapport-app/rapport/data/store/storetest"
)

// BenchmarkReplanPostgresVsSQLite re-plans the whole 100,000-customer shop a day
// later each round, on its SQLite file and on a copy of it in PostgreSQL (the
// server of RAPPORT_TEST_PG; skipped without one), one after the other, and prints
// the medians and their ratio (x-sqlite). Target (issue 16): within 2× SQLite.
func BenchmarkReplanPostgresVsSQLite(b *testing.B) {
	ctx := context.Background()
	lite := benchShop(b)
	start := time.Now()
	db := pgtest.NewDatabase(b)
	if _, err := lite.CopyTo(ctx, db); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(time.Since(start).Seconds(), "s/copy-to-pg")
	pg, _, err := store.Open(db)
	if err != nil {
		b.Fatal(err)
	}
	defer pg.Close()
	day := 0
	replan := func(s *store.Store) func() error {
		return func() error {
			s.Now = func() time.Time { return storetest.Now.AddDate(0, 0, day) }
			_, err := s.Replan(ctx)
			return err
		}
	}
	var ls, ps []demotest.Run
	one := func() {
		day++
		l, err := demotest.Measure(replan(lite))
		if err != nil {
			b.Fatal(err)
		}
		p, err := demotest.Measure(replan(pg))
		if err != nil {
			b.Fatal(err)
		}
		ls, ps = append(ls, l), append(ps, p)
	}
	for b.Loop() {
		one()
	}
	for len(ls) < rounds {
		one()
	}
	l, p := demotest.Median(ls), demotest.Median(ps)
	b.ReportMetric(float64(p.Time.Nanoseconds()), "ns/op")
	b.ReportMetric(l.Time.Seconds(), "s/sqlite")
	b.ReportMetric(p.Time.Seconds(), "s/postgres")
	b.ReportMetric(p.Time.Seconds()/l.Time.Seconds(), "x-sqlite")
	b.ReportMetric(float64(p.PeakHeap)/1e6, "MB-peak-heap-pg")
}
