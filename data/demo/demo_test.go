package demo

import (
	"context"
	"testing"

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
	if err != nil || len(cs) != len(demoPeople) {
		t.Fatalf("demo customers = %d, %v; want %d", len(cs), err, len(demoPeople))
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
