package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

func names(cs []shop.Customer) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

func TestAudiencePicksTheGroupAndListsThoseWithoutAnAddress(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	addr := func(c shop.Customer) shop.Customer {
		c.Address, c.City, c.PostalCode = "1 Main St", "Portland", "04101"
		return c
	}
	ann := mustCustomer(t, s, addr(shop.Customer{Name: "Ann", Kind: shop.KindBusiness, Tags: []string{"wholesale"}}))
	bob := mustCustomer(t, s, addr(shop.Customer{Name: "Bob", Kind: shop.KindConsumer}))
	cat := mustCustomer(t, s, shop.Customer{Name: "Cat", Kind: shop.KindConsumer, Tags: []string{"Wholesale"}}) // no address
	mustCustomer(t, s, addr(shop.Customer{Name: "Dan", Kind: shop.KindBusiness, DoNotContact: true, Tags: []string{"wholesale"}}))
	mustCustomer(t, s, addr(shop.Customer{Name: "Eve", Kind: shop.KindConsumer})) // never bought
	for _, p := range []shop.Purchase{
		{CustomerID: ann.ID, At: time.Date(2026, 11, 1, 15, 0, 0, 0, time.UTC), Items: "Beans", AmountCents: 1000, Channel: shop.ChannelVisit},
		{CustomerID: bob.ID, At: time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC), Items: "Mug", AmountCents: 900, Channel: shop.ChannelVisit},
		{CustomerID: cat.ID, At: time.Date(2026, 10, 31, 15, 0, 0, 0, time.UTC), Items: "Tea", AmountCents: 500, Channel: shop.ChannelVisit},
	} {
		if err := s.SavePurchase(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	oct31 := time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		a               shop.Audience
		want, nAddrWant []string
	}{
		{shop.Audience{By: shop.AudienceAll}, []string{"Ann", "Bob", "Eve"}, []string{"Cat"}},
		{shop.Audience{By: shop.AudienceTag, Tag: "WHOLESALE"}, []string{"Ann"}, []string{"Cat"}},
		{shop.Audience{By: shop.AudienceBoughtSince, Date: oct31}, []string{"Ann"}, []string{"Cat"}},
		{shop.Audience{By: shop.AudienceBoughtBefore, Date: oct31}, []string{"Bob"}, nil},
		{shop.Audience{By: shop.AudienceKind, Kind: shop.KindBusiness}, []string{"Ann"}, nil},
		{shop.Audience{By: shop.AudienceKind, Kind: shop.KindConsumer}, []string{"Bob", "Eve"}, []string{"Cat"}},
	} {
		t.Run(tc.a.Describe(time.UTC), func(t *testing.T) {
			res, err := s.Audience(ctx, tc.a)
			if err != nil {
				t.Fatal(err)
			}
			if got := names(res.Recipients); !slices.Equal(got, tc.want) {
				t.Errorf("recipients = %q, want %q", got, tc.want)
			}
			if got := names(res.NoAddress); !slices.Equal(got, tc.nAddrWant) {
				t.Errorf("without address = %q, want %q", got, tc.nAddrWant)
			}
		})
	}
	if _, err := s.Audience(ctx, shop.Audience{By: shop.AudienceTag}); err == nil || !strings.Contains(err.Error(), "Tag") {
		t.Errorf("a tag group without a tag: err = %v, want one naming Tag", err)
	}
	if tags, err := s.Tags(ctx); err != nil || !slices.Equal(tags, []string{"wholesale"}) {
		t.Errorf("Tags = %q, %v", tags, err)
	}
}

func TestLogLettersSentIsOneTransaction(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := mustCustomer(t, s, shop.Customer{Name: "Ann"})
	b := mustCustomer(t, s, shop.Customer{Name: "Bob"})
	before := count(t, s, "contacts")
	// A customer that does not exist fails the foreign key: nobody gets an entry.
	if err := s.LogLettersSent(ctx, []shop.ID{a.ID, 9999, b.ID}, "holiday card", fixedNow, 0); err == nil {
		t.Fatal("logging a letter to a missing customer succeeded")
	}
	if n := count(t, s, "contacts"); n != before {
		t.Fatalf("a failed batch left %d contacts behind", n-before)
	}
	if err := s.LogLettersSent(ctx, []shop.ID{a.ID, b.ID}, "holiday card", fixedNow, 0); err != nil {
		t.Fatal(err)
	}
	for _, id := range []shop.ID{a.ID, b.ID} {
		cs, err := s.Contacts(ctx, id)
		if err != nil || len(cs) != 1 {
			t.Fatalf("contacts of %d = %v, %v", id, cs, err)
		}
		if c := cs[0]; c.Summary != "letter sent: holiday card" || c.Channel != shop.ChannelLetter || c.Direction != shop.Outbound || !c.At.Equal(fixedNow) {
			t.Errorf("contact = %+v", c)
		}
	}
}

func TestLetterSettingsAndTemplates(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if ls, err := s.LetterSettings(ctx); err != nil || ls != (shop.LetterSettings{}) {
		t.Fatalf("new shop's letter settings = %+v, %v", ls, err)
	}
	if err := s.SaveLetterSettings(ctx, shop.LetterSettings{Country: " gb ", Paper: shop.PaperA4}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []shop.LetterSettings{{Country: "Britain"}, {Country: "G1"}, {Paper: "legal"}} {
		err := s.SaveLetterSettings(ctx, bad)
		if err == nil {
			t.Errorf("SaveLetterSettings(%+v) accepted it", bad)
		}
	}
	if ls, _ := s.LetterSettings(ctx); ls != (shop.LetterSettings{Country: "GB", Paper: shop.PaperA4}) {
		t.Errorf("stored = %+v after bad saves", ls)
	}

	if err := s.SaveLetterTemplate(ctx, "thank-you", "Thanks {first_name}!", nil); err != nil {
		t.Fatal(err)
	}
	bad := errors.New("unknown placeholder {frist_name} in the thank-you letter")
	if err := s.SaveLetterTemplate(ctx, "thank-you", "Hi {frist_name}", func(string) error { return bad }); !errors.Is(err, bad) {
		t.Errorf("a rejected template: err = %v", err)
	}
	ts, err := s.LetterTemplates(ctx)
	if err != nil || ts["thank-you"] != "Thanks {first_name}!" || len(ts) != 1 {
		t.Fatalf("templates = %q, %v", ts, err)
	}
	if err := s.SaveLetterTemplate(ctx, "thank-you", "  ", nil); err != nil {
		t.Fatal(err)
	}
	if ts, _ := s.LetterTemplates(ctx); len(ts) != 0 {
		t.Errorf("a blank template should go back to the default; stored %q", ts)
	}
}
