package demo

import (
	"context"
	"testing"

	"github.com/rapport-app/rapport/data/report"
	"github.com/rapport-app/rapport/data/store/storetest"

	"github.com/rapport-app/rapport/data/shop"
)

// TestSeedDemoGivesAShopToLookAt checks what the first run shows: a US shop
// (Letter paper, dollars) with its customers, tagged groups and calls due today.
func TestSeedDemoGivesAShopToLookAt(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	if err := Seed(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	ls, err := s.LetterSettings(ctx)
	if err != nil || ls.Country != "US" {
		t.Errorf("demo letter settings = %+v, %v; want country US", ls, err)
	}
	cs, err := s.Customers(ctx, "")
	if err != nil || len(cs) != len(demoPeople)+yearCustomers {
		t.Fatalf("demo customers = %d, %v; want %d and the year's %d", len(cs), err, len(demoPeople), yearCustomers)
	}
	cs = cs[:0:0]
	for _, p := range demoPeople {
		found, err := s.Customers(ctx, p.name)
		if err != nil || len(found) == 0 {
			t.Fatalf("demo customer %s: %d found, %v", p.name, len(found), err)
		}
		cs = append(cs, found[0])
	}
	tagged := 0
	for _, c := range cs {
		if c.HasTag("wholesale") != (c.Kind == shop.KindBusiness) {
			t.Errorf("%s: kind %s but tags %q", c.Name, c.Kind, c.Tags)
		}
		if len(c.Tags) > 0 {
			tagged++
		}
	}
	if tagged == 0 || tagged == len(cs) {
		t.Errorf("%d of %d demo customers are tagged; want some, not all", tagged, len(cs))
	}
	for _, c := range cs {
		if c.Name != "Alicia Rivera" {
			continue
		}
		if br, err := s.Brief(ctx, c.ID); err != nil || len(br.Referrals) != 2 {
			t.Errorf("Alicia Rivera's referrals: %d, %v; the demo gives her 2", len(br.Referrals), err)
		}
	}
	if err := Seed(ctx, s, nil); err != ErrNotEmpty {
		t.Errorf("a second SeedDemo = %v; want ErrNotEmpty", err)
	}
}

// The year of history makes the Reports screen worth looking at: the random
// sample and its comparison group with enough buyers to say something, scores,
// promises and issues.
func TestSeedGivesAYearToReportOn(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	if err := Seed(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	b, err := s.Business(ctx)
	if err != nil {
		t.Fatal(err)
	}
	from, to := report.DefaultPeriod(s.Now(), b.Location())
	r, err := s.Report(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	sample := r.DoesItPay.Sample
	if sample.CalledBuyers < 100 || sample.OtherBuyers < 10*sample.CalledBuyers/2 || sample.Reached == 0 || sample.Reached == sample.CalledBuyers {
		t.Errorf("sample: %d called (%d reached), %d others; want a sample of 100 or more, some not reached, and a comparison group",
			sample.CalledBuyers, sample.Reached, sample.OtherBuyers)
	}
	for _, w := range sample.Windows {
		if !w.Enough {
			t.Errorf("%d days: %s", w.Days, w.Verdict)
		}
	}
	if r.Feedback.Total.Count < 100 || r.Feedback.Total.Dist[0] == 0 || len(r.Feedback.Lowest) == 0 {
		t.Errorf("feedback: %+v", r.Feedback.Total)
	}
	if p := r.Promises.Total; p.OnTime == 0 || p.Late == 0 || p.Broken == 0 {
		t.Errorf("promises: %+v; want some kept on time, some late, some broken", p)
	}
	if r.Problems.All.Opened < 100 || len(r.Problems.Products) == 0 {
		t.Errorf("problems: %d issues, %d products", r.Problems.All.Opened, len(r.Problems.Products))
	}
	if f := r.FollowUps.Total; f.Done < 1000 || f.Lapsed == 0 {
		t.Errorf("follow-ups: %+v", f)
	}
}

// BenchmarkSeed times the demo shop, which every first start writes. Target:
// well under a second.
func BenchmarkSeed(b *testing.B) {
	for b.Loop() {
		s := storetest.Open(b)
		if err := Seed(context.Background(), s, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/seed")
}
