package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
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
	demotest.Compare(b, func() error {
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
