package data

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
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
		benchErr = writeBenchShop(benchFile, 100_000, 1_000_000, 200_000)
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

func writeBenchShop(path string, customers, purchases, issues int) error {
	s, _, err := Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	zones := []string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Pacific/Honolulu"}
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < 6; i++ {
			if _, err := tx.Exec(`INSERT INTO staff (name, senior) VALUES (?, ?)`, fmt.Sprintf("Staff %d", i), b2i(i < 2)); err != nil {
				return err
			}
		}
		tx.Exec(`UPDATE business SET time_zone = 'America/New_York', big_ticket_cents = 50000`)
		ins, _ := tx.Prepare(`INSERT INTO customers (id, name, kind, phone, email, time_zone, evening_only, do_not_contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		for i := 1; i <= customers; i++ {
			kind := "consumer"
			if i%5 == 0 {
				kind = "business"
			}
			if _, err := ins.Exec(i, fmt.Sprintf("Customer %d", i), kind, "+1 555 0100", fmt.Sprintf("c%d@example.com", i), zones[i%len(zones)], b2i(i%17 == 0), b2i(i%101 == 0)); err != nil {
				return err
			}
		}
		ins.Close()
		span := int64(5 * 365 * 86400)
		ins, _ = tx.Prepare(`INSERT INTO purchases (customer_id, at, items, amount_cents, channel, sold_by) VALUES (?, ?, 'Item', ?, ?, ?)`)
		chans := []string{"visit", "phone", "web", "email"}
		for i := 0; i < purchases; i++ {
			amount := int64(500 + rng.IntN(20000))
			if rng.IntN(20) == 0 {
				amount = 50000 + int64(rng.IntN(400000))
			}
			at := fixedNow.Unix() - rng.Int64N(span)
			if _, err := ins.Exec(1+rng.IntN(customers), at, amount, chans[rng.IntN(4)], 1+rng.IntN(6)); err != nil {
				return err
			}
		}
		ins.Close()
		ins, _ = tx.Prepare(`INSERT INTO issues (customer_id, type, channel, opened_at, replied_at, resolved_at, complicated, handled_by, reference, summary)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Something to look at')`)
		for i := 0; i < issues; i++ {
			opened := fixedNow.Unix() - rng.Int64N(span)
			var resolved any = opened + 86400*int64(rng.IntN(10))
			if rng.IntN(50) == 0 {
				resolved = nil
			}
			if _, err := ins.Exec(1+rng.IntN(customers), IssueTypes[rng.IntN(len(IssueTypes))], chans[rng.IntN(4)], opened, opened+3600, resolved,
				b2i(rng.IntN(4) == 0), 1+rng.IntN(6), fmt.Sprintf("T-%d", i)); err != nil {
				return err
			}
		}
		ins.Close()
		return nil
	})
	if err != nil {
		return err
	}
	// Fold the WAL into the file so that a plain copy of it is the whole database.
	_, err = s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
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
		p := Purchase{CustomerID: ID(1 + i%100_000), At: fixedNow.Add(-time.Hour), Items: "Beans", AmountCents: 1800, Channel: ChannelVisit}
		if err := s.SavePurchase(ctx, &p); err != nil {
			b.Fatal(err)
		}
	}
}
