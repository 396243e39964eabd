package store_test

import (
	"context"
	"os"
	"testing"
	"time"

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

// BenchmarkReplanFullShop re-plans the whole shop from its SQLite file: load,
// plan, replace the pending follow-ups, commit. Target: under 5 s.
func BenchmarkReplanFullShop(b *testing.B) {
	s := benchShop(b)
	ctx := context.Background()
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		var err error
		if n, err = s.Replan(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "followups")
}

// BenchmarkReplanOneCustomer records a sale for one customer of the big shop, which
// re-plans that customer inside the same transaction. Target: under 10 ms.
func BenchmarkReplanOneCustomer(b *testing.B) {
	s := benchShop(b)
	ctx := context.Background()
	if _, err := s.Replan(ctx); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := shop.Purchase{CustomerID: shop.ID(1 + i%100_000), At: storetest.Now.Add(-time.Hour), Items: "Beans", AmountCents: 1800, Channel: shop.ChannelVisit}
		if err := s.SavePurchase(ctx, &p); err != nil {
			b.Fatal(err)
		}
	}
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
		if err := store.CheckBackup(path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/check")
}
