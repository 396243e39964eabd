package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/storetest"
)

// The report draws the small-ticket sample again from the stored sales and rules;
// it must be the very sample the planner called.
func TestReportDrawsTheSampleThePlannerCalled(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	b, err := s.Business(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b.TimeZone, b.BigTicketCents = "America/New_York", 50000
	if err := s.SaveBusiness(ctx, b); err != nil {
		t.Fatal(err)
	}
	r := shop.DefaultRules()
	r.SmallSamplePercent, r.SmallSampleMaxDay = 30, 100
	if err := s.SaveRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	loc := b.Location()
	now := storetest.Now.In(loc)
	yesterday := time.Date(now.Year(), now.Month(), now.Day()-1, 0, 0, 0, 0, loc)
	for i := 0; i < 40; i++ {
		c := storetest.Customer(t, s, shop.Customer{Name: fmt.Sprintf("Buyer %d", i), Phone: "+1 207 555 0100", TimeZone: "America/New_York"})
		p := shop.Purchase{CustomerID: c.ID, At: yesterday.Add(time.Duration(9*60+i) * time.Minute), Items: "Beans", AmountCents: 2500, Channel: shop.ChannelVisit}
		if i%10 == 0 {
			p.AmountCents = 90000 // big-ticket: never in the sample
		}
		if err := s.SavePurchase(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Replan(ctx); err != nil {
		t.Fatal(err)
	}
	called := map[shop.ID]bool{}
	items, err := s.Agenda(ctx, yesterday, yesterday.AddDate(0, 0, 30))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		for _, rs := range it.Reasons {
			if rs.Rule == shop.RuleSmallSample {
				called[rs.PurchaseID] = true
			}
		}
	}
	// 36 small-ticket buyers, 30 %: 10 or 11 of them.
	if len(called) < 10 || len(called) > 11 {
		t.Fatalf("the planner called %d of 36 buyers; want 10 or 11", len(called))
	}
	in, err := s.ReportInput(ctx, yesterday, yesterday.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Drawn) != len(called) {
		t.Errorf("the report drew %d, the planner called %d", len(in.Drawn), len(called))
	}
	for id := range called {
		if !in.Drawn[id] {
			t.Errorf("sale %d was called but the report did not draw it", id)
		}
	}
	if len(in.Sales) != 40 || len(in.BigTicket) != 4 {
		t.Errorf("%d sales, %d big-ticket; want 40 and 4", len(in.Sales), len(in.BigTicket))
	}
	rep, err := s.Report(ctx, yesterday, yesterday.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.DoesItPay.Sample; got.CalledBuyers != len(called) || got.OtherBuyers != 36-len(called) {
		t.Errorf("report: %d called, %d others; want %d and %d", got.CalledBuyers, got.OtherBuyers, len(called), 36-len(called))
	}
}

func TestReportRefusesABackwardPeriod(t *testing.T) {
	s := storetest.Open(t)
	_, err := s.Report(context.Background(), storetest.Now, storetest.Now.AddDate(0, 0, -1))
	if err == nil {
		t.Fatal("a period that ends before it starts was accepted")
	}
}
