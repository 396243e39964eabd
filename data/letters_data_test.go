package data

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func names(cs []Customer) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

func TestAudiencePicksTheGroupAndListsThoseWithoutAnAddress(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	addr := func(c Customer) Customer {
		c.Address, c.City, c.PostalCode = "1 Main St", "Portland", "04101"
		return c
	}
	ann := mustCustomer(t, s, addr(Customer{Name: "Ann", Kind: KindBusiness, Tags: []string{"wholesale"}}))
	bob := mustCustomer(t, s, addr(Customer{Name: "Bob", Kind: KindConsumer}))
	cat := mustCustomer(t, s, Customer{Name: "Cat", Kind: KindConsumer, Tags: []string{"Wholesale"}}) // no address
	mustCustomer(t, s, addr(Customer{Name: "Dan", Kind: KindBusiness, DoNotContact: true, Tags: []string{"wholesale"}}))
	mustCustomer(t, s, addr(Customer{Name: "Eve", Kind: KindConsumer})) // never bought
	for _, p := range []Purchase{
		{CustomerID: ann.ID, At: time.Date(2026, 11, 1, 15, 0, 0, 0, time.UTC), Items: "Beans", AmountCents: 1000, Channel: ChannelVisit},
		{CustomerID: bob.ID, At: time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC), Items: "Mug", AmountCents: 900, Channel: ChannelVisit},
		{CustomerID: cat.ID, At: time.Date(2026, 10, 31, 15, 0, 0, 0, time.UTC), Items: "Tea", AmountCents: 500, Channel: ChannelVisit},
	} {
		if err := s.SavePurchase(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	oct31 := time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		a               Audience
		want, nAddrWant []string
	}{
		{Audience{By: AudienceAll}, []string{"Ann", "Bob", "Eve"}, []string{"Cat"}},
		{Audience{By: AudienceTag, Tag: "WHOLESALE"}, []string{"Ann"}, []string{"Cat"}},
		{Audience{By: AudienceBoughtSince, Date: oct31}, []string{"Ann"}, []string{"Cat"}},
		{Audience{By: AudienceBoughtBefore, Date: oct31}, []string{"Bob"}, nil},
		{Audience{By: AudienceKind, Kind: KindBusiness}, []string{"Ann"}, nil},
		{Audience{By: AudienceKind, Kind: KindConsumer}, []string{"Bob", "Eve"}, []string{"Cat"}},
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
	if _, err := s.Audience(ctx, Audience{By: AudienceTag}); err == nil || !strings.Contains(err.Error(), "Tag") {
		t.Errorf("a tag group without a tag: err = %v, want one naming Tag", err)
	}
	if tags, err := s.Tags(ctx); err != nil || !slices.Equal(tags, []string{"wholesale"}) {
		t.Errorf("Tags = %q, %v", tags, err)
	}
}

func TestLogLettersSentIsOneTransaction(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := mustCustomer(t, s, Customer{Name: "Ann"})
	b := mustCustomer(t, s, Customer{Name: "Bob"})
	before := count(t, s, "contacts")
	// A customer that does not exist fails the foreign key: nobody gets an entry.
	if err := s.LogLettersSent(ctx, []ID{a.ID, 9999, b.ID}, "holiday card", fixedNow, 0); err == nil {
		t.Fatal("logging a letter to a missing customer succeeded")
	}
	if n := count(t, s, "contacts"); n != before {
		t.Fatalf("a failed batch left %d contacts behind", n-before)
	}
	if err := s.LogLettersSent(ctx, []ID{a.ID, b.ID}, "holiday card", fixedNow, 0); err != nil {
		t.Fatal(err)
	}
	for _, id := range []ID{a.ID, b.ID} {
		cs, err := s.Contacts(ctx, id)
		if err != nil || len(cs) != 1 {
			t.Fatalf("contacts of %d = %v, %v", id, cs, err)
		}
		if c := cs[0]; c.Summary != "letter sent: holiday card" || c.Channel != ChannelLetter || c.Direction != Outbound || !c.At.Equal(fixedNow) {
			t.Errorf("contact = %+v", c)
		}
	}
}

func TestLetterSettingsAndTemplates(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if ls, err := s.LetterSettings(ctx); err != nil || ls != (LetterSettings{}) {
		t.Fatalf("new shop's letter settings = %+v, %v", ls, err)
	}
	if err := s.SaveLetterSettings(ctx, LetterSettings{Country: " gb ", Paper: PaperA4}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []LetterSettings{{Country: "Britain"}, {Country: "G1"}, {Paper: "legal"}} {
		err := s.SaveLetterSettings(ctx, bad)
		if err == nil {
			t.Errorf("SaveLetterSettings(%+v) accepted it", bad)
		}
	}
	if ls, _ := s.LetterSettings(ctx); ls != (LetterSettings{Country: "GB", Paper: PaperA4}) {
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
