package replan_test

import (
	"context"
	"os"
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
