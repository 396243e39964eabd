package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/remind"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/storetest"
)

// BenchmarkReminderRound is what the window's reminders read every 30 seconds on
// the 100,000-customer shop with 2,000 promises to keep: the broken promises to
// escalate (none due: a read), the day's list, the promises to keep, and
// remind.Due over them. Target: under 1 s, a small part of the 30 s between rounds.
func BenchmarkReminderRound(b *testing.B) {
	s := benchShop(b)
	ctx := context.Background()
	staff, err := s.Staff(ctx)
	if err != nil || len(staff) == 0 {
		b.Fatalf("staff %v, %v", staff, err)
	}
	err = s.Write(ctx, func(tx *store.Tx) error {
		for i := 0; i < 2000; i++ {
			p := shop.Promise{CustomerID: shop.ID(1 + i*50), Due: storetest.Now.Add(time.Duration(i%48) * time.Hour), Channel: shop.ChannelPhone,
				AssigneeID: staff[i%len(staff)].ID, Note: "Call back", CreatedAt: storetest.Now.Add(-24 * time.Hour)}
			if err := tx.AddPromise(&p); err != nil {
				return err
			}
		}
		_, err := tx.ReplanAll()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var told, today, promises int
	for i := 0; i < b.N; i++ {
		if _, err := s.EscalateBrokenPromises(ctx); err != nil {
			b.Fatal(err)
		}
		biz, err := s.Business(ctx)
		if err != nil {
			b.Fatal(err)
		}
		items, err := s.Today(ctx)
		if err != nil {
			b.Fatal(err)
		}
		recs, err := s.PromisesToKeep(ctx)
		if err != nil {
			b.Fatal(err)
		}
		ns := remind.Due(remind.Input{Now: s.Now(), Business: biz, Rules: shop.DefaultRules(), Me: staff[0].ID, Today: items, Promises: recs}, &remind.Log{})
		told, today, promises = len(ns), len(items), len(recs)
	}
	b.ReportMetric(float64(today), "today")
	b.ReportMetric(float64(promises), "promises")
	b.ReportMetric(float64(told), "reminders")
}
