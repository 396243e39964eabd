package replan_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/replan"
	"github.com/rapport-app/rapport/data/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	demotest.Cleanup()
	os.Exit(code)
}

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

// BenchmarkReplan re-plans the whole 100,000-customer shop from its SQLite file
// (load, plan, write back what changed, commit) beside its floor: the same SELECTs
// with every column read by SQLite alone, and every pending follow-up rewritten
// with prepared statements (Floor). Targets: within 1.5× the floor, under
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
			s := demotest.BenchShop(b, storetest.Now)
			pending := pendingOf(b, s)
			day := 0
			var n int
			demotest.Compare(b, func() error {
				_, err := replan.Floor(ctx, s.SQL(), s.Now(), pending)
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

// BenchmarkReplanGrowth re-plans shops of 10,000 and 100,000 customers (and
// 1,000,000 with demotest.MillionEnv), each with ten sales and two issues a
// customer, a day later each round, beside the floor of what the re-plan reads:
// the same SELECTs on the same plan, every column of every row, by SQLite alone
// (FloorReads, in a transaction that writes nothing). It prints the medians, the
// growth of each from one size to the next, and the re-plan's time over the
// floor's: what SQLite itself needs for the same rows grows with the shop too,
// by about as much, and that much of the re-plan's growth is the floor's.
func BenchmarkReplanGrowth(b *testing.B) {
	sizes := demotest.GrowthSizes()
	ctx := context.Background()
	var runs []demotest.Run
	for b.Loop() {
		shops := make([]*store.Store, len(sizes))
		for i, n := range sizes {
			shops[i] = demotest.Sized(b, storetest.Now, n, 10*n, 2*n)
		}
		// Turns 2i and 2i+1 are size i's floor and re-plan of the same day: the
		// floor reads the plan the re-plan then reads and changes.
		runs = demotest.Turns(b, 2*len(sizes), 5, 5, func(i, round int) (func() error, func()) {
			s, day := shops[i/2], storetest.Now.AddDate(0, 0, round+1)
			if i%2 == 0 {
				return func() error {
					tx, err := s.SQL().BeginTx(ctx, nil)
					if err != nil {
						return err
					}
					defer tx.Rollback() //nolint:errcheck // it wrote nothing
					_, err = replan.FloorReads(ctx, tx, day)
					return err
				}, nil
			}
			s.Now = func() time.Time { return day }
			return func() error { _, err := s.Replan(ctx); return err }, nil
		})
		for _, s := range shops {
			s.Close()
		}
	}
	var t strings.Builder
	fmt.Fprintf(&t, "\n%-10s %-22s %-22s %s\n", "customers", "re-plan (next day)", "floor: its reads", "re-plan ÷ floor")
	for i, n := range sizes {
		floor, rp := runs[2*i], runs[2*i+1]
		cell := func(r demotest.Run, prev time.Duration) string {
			s := fmt.Sprintf("%.3f s", r.Time.Seconds())
			if i > 0 {
				s += fmt.Sprintf(" ×%.1f", r.Time.Seconds()/prev.Seconds())
			}
			return s
		}
		var pf, pr time.Duration
		if i > 0 {
			pf, pr = runs[2*i-2].Time, runs[2*i-1].Time
		}
		fmt.Fprintf(&t, "%-10d %-22s %-22s %.2f\n", n, cell(rp, pr), cell(floor, pf), rp.Time.Seconds()/floor.Time.Seconds())
		b.ReportMetric(rp.Time.Seconds(), fmt.Sprintf("s/replan-%dk", n/1000))
		b.ReportMetric(floor.Time.Seconds(), fmt.Sprintf("s/floor-reads-%dk", n/1000))
	}
	fmt.Print(t.String())
}
