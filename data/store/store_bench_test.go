package store

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// benchShop writes a shop of the size in the planner issue straight into a database
// file: 100,000 customers in several zones, 1,000,000 purchases over five years and
// 200,000 issues, with a few staff.
//
// Writing 1.3 million rows takes half a minute, so the file is made once per test
// binary and each benchmark works on its own copy.
func benchShop(b *testing.B) *Store {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "rapport-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchFile = filepath.Join(dir, "template.db")
		benchErr = WriteBenchShop(benchFile, fixedNow, 100_000, 1_000_000, 200_000)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	path := filepath.Join(b.TempDir(), "bench.db")
	src, err := os.ReadFile(benchFile)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, src, 0o644); err != nil {
		b.Fatal(err)
	}
	s, _, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return fixedNow }
	return s
}

var (
	benchOnce sync.Once
	benchFile string
	benchErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchFile != "" {
		os.RemoveAll(filepath.Dir(benchFile))
	}
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
		p := shop.Purchase{CustomerID: shop.ID(1 + i%100_000), At: fixedNow.Add(-time.Hour), Items: "Beans", AmountCents: 1800, Channel: shop.ChannelVisit}
		if err := s.SavePurchase(ctx, &p); err != nil {
			b.Fatal(err)
		}
	}
}
