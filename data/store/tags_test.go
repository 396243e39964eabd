package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
)

func TestNormaliseTagsTrimsAndDropsRepeats(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" , ,", nil},
		{"wholesale", []string{"wholesale"}},
		{" Wholesale ,newsletter, wholesale,  bean   subscription ", []string{"Wholesale", "newsletter", "bean subscription"}},
	} {
		if got := shop.NormaliseTags(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("NormaliseTags(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestCustomerTagsAreStoredNormalised(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := mustCustomer(t, s, shop.Customer{Name: "Zoë Lindqvist", Tags: []string{"newsletter", " Newsletter", "wholesale "}, PreferredCallMinute: -1})
	got, err := s.Customer(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Tags, []string{"newsletter", "wholesale"}) || !got.HasTag("WHOLESALE") || got.HasTag("vip") {
		t.Fatalf("stored tags = %q", got.Tags)
	}

}

func TestReferralsAreInTheBriefAndSurviveTheReferrersDeletion(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	alicia := mustCustomer(t, s, shop.Customer{Name: "Alicia Rivera"})
	natalie := mustCustomer(t, s, shop.Customer{Name: "Natalie Cohen", ReferredBy: alicia.ID})
	mustCustomer(t, s, shop.Customer{Name: "Amelia Wright", ReferredBy: alicia.ID})

	br, err := s.Brief(ctx, alicia.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range br.Referrals {
		names = append(names, c.Name)
	}
	if !slices.Equal(names, []string{"Amelia Wright", "Natalie Cohen"}) || br.ReferredBy.ID != 0 {
		t.Errorf("Alicia's brief: referrals %q, referred by %+v", names, br.ReferredBy)
	}
	if br, err = s.Brief(ctx, natalie.ID); err != nil || br.ReferredBy.Name != "Alicia Rivera" || len(br.Referrals) != 0 {
		t.Errorf("Natalie's brief: referred by %q, referrals %d, %v", br.ReferredBy.Name, len(br.Referrals), err)
	}

	// Bad referrers are refused, naming the field, and change nothing.
	self := natalie
	self.ReferredBy = natalie.ID
	gone := natalie
	gone.ReferredBy = 9999
	for _, c := range []shop.Customer{self, gone} {
		if err := s.SaveCustomer(ctx, &c); err == nil || !strings.HasPrefix(err.Error(), "Referred by:") {
			t.Errorf("referred by %d: %v; want an error naming the field", c.ReferredBy, err)
		}
	}
	if got, _ := s.Customer(ctx, natalie.ID); got.ReferredBy != alicia.ID {
		t.Errorf("after refused saves Natalie is referred by %d; want %d", got.ReferredBy, alicia.ID)
	}

	if err := s.DeleteCustomer(ctx, alicia.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Customer(ctx, natalie.ID); err != nil || got.ReferredBy != 0 {
		t.Errorf("after the referrer's deletion: %+v, %v; want the customer kept, referred by nobody", got, err)
	}
}
