package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// In a UK shop a UK number written without +44 is read as one, in a form and in
// an import's duplicate check.
func TestPhonesWithoutACountryPrefixAreTheShopsCountrys(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := s.SaveLetterSettings(ctx, shop.LetterSettings{Country: "GB"}); err != nil {
		t.Fatal(err)
	}
	c := shop.Customer{Name: "Ann", Phone: "020 7946 0018", PreferredCallMinute: -1}
	if err := s.SaveCustomer(ctx, &c); err != nil {
		t.Errorf("SaveCustomer in a GB shop: %v", err)
	}
	g := mustCustomer(t, s, shop.Customer{Name: "Bob", Country: "GB", Phone: "020 7946 0019"})
	f := readCSV(t, "sales", "phone,date,amount\n020 7946 0019,2026-11-16 10:00,80.00\n")
	if _, err := s.ImportMapped(ctx, f, GuessMapping("sales", f.Header)); err != nil {
		t.Fatal(err)
	}
	ps, _ := s.Purchases(ctx, g.ID)
	if len(ps) != 1 {
		t.Errorf("the sale for %s (%s) went to a new customer; customers now %d", g.Name, g.Phone, count(t, s, "customers"))
	}
}

// A promise taken four days before the clocks change is due at the send time on
// the clock, not that many minutes after midnight.
func TestAPromisedEmailKeepsItsClockTimeOnAClockChangeDay(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	s.Now = func() time.Time { return time.Date(2027, 3, 10, 15, 0, 0, 0, time.UTC) }
	c := mustCustomer(t, s, shop.Customer{Name: "Ny", Email: "ny@example.com", TimeZone: "America/New_York", PreferredChannel: shop.ChannelEmail})
	is := shop.Issue{CustomerID: c.ID, Type: shop.IssueSupport, Channel: shop.ChannelEmail, OpenedAt: s.Now(), Summary: "x"}
	if err := s.SaveIssueWithPromise(ctx, &is, 4); err != nil {
		t.Fatal(err)
	}
	var due int64
	if err := s.db.QueryRow(`SELECT due FROM promises`).Scan(&due); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("America/New_York")
	if got := fromUnix(due).In(loc); got.Hour() != 9 {
		t.Errorf("promised email due %s; want 09:00 their time (default send time)", got)
	}
}

// An undo would delete a customer others now name as their referrer: it is refused.
func TestUndoIsRefusedWhenAnAddedCustomerHasReferredSomeone(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	f := readCSV(t, "customers", "Name,Email\nAnn Lee,ann@example.com\n")
	b, err := s.ImportMapped(ctx, f, GuessMapping("customers", f.Header))
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Customers(ctx, "ann@")
	bob := mustCustomer(t, s, shop.Customer{Name: "Bob", ReferredBy: cs[0].ID})
	if _, err := s.UndoImport(ctx, b.ID); !errors.Is(err, ErrUndoUnsafe) || !strings.Contains(err.Error(), "Ann Lee") {
		t.Errorf("undo = %v; want it refused, naming Ann Lee", err)
	}
	if got, _ := s.Customer(ctx, bob.ID); got.ReferredBy != bob.ReferredBy {
		t.Errorf("Bob's referral was %d, now %d", bob.ReferredBy, got.ReferredBy)
	}
}

// customer_since is the day in the customer's zone, else the shop's, as every
// other exported time.
func TestExportedCustomerSinceIsTheShopsDay(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	bz, _ := s.Business(ctx)
	bz.TimeZone = "Australia/Sydney"
	if bz.Name == "" {
		bz.Name = "Shop"
	}
	if err := s.SaveBusiness(ctx, bz); err != nil {
		t.Fatal(err)
	}
	mustCustomer(t, s, shop.Customer{Name: "Ann", CustomerSince: time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC)})
	var w strings.Builder
	if _, err := s.ExportCSV(ctx, &w, "customers"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(w.String(), "2026-11-24") {
		t.Errorf("customer_since exported in UTC, not the shop's zone:\n%s", w.String())
	}
}
