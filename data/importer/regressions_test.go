package importer

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
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
	if _, err := Import(ctx, s, f, GuessMapping("sales", f.Header)); err != nil {
		t.Fatal(err)
	}
	ps, _ := s.Purchases(ctx, g.ID)
	if len(ps) != 1 {
		t.Errorf("the sale for %s (%s) went to a new customer; customers now %d", g.Name, g.Phone, count(t, s, "customers"))
	}
}

// An undo would delete a customer others now name as their referrer: it is refused.
func TestUndoIsRefusedWhenAnAddedCustomerHasReferredSomeone(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	f := readCSV(t, "customers", "Name,Email\nAnn Lee,ann@example.com\n")
	b, err := Import(ctx, s, f, GuessMapping("customers", f.Header))
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Customers(ctx, "ann@")
	bob := mustCustomer(t, s, shop.Customer{Name: "Bob", ReferredBy: cs[0].ID})
	if _, err := s.UndoImport(ctx, b.ID); !errors.Is(err, store.ErrUndoUnsafe) || !strings.Contains(err.Error(), "Ann Lee") {
		t.Errorf("undo = %v; want it refused, naming Ann Lee", err)
	}
	if got, _ := s.Customer(ctx, bob.ID); got.ReferredBy != bob.ReferredBy {
		t.Errorf("Bob's referral was %d, now %d", bob.ReferredBy, got.ReferredBy)
	}
}

// Tags in a file are added to a stored customer's, never put in place of them.
func TestImportedTagsAreAddedToTheStoredOnes(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustCustomer(t, s, shop.Customer{Name: "Zoë Lindqvist", Email: "zoe@example.com", Tags: []string{"newsletter"}})
	if _, err := importString(t, s, "customers", "name,email,tags\nAlicia Rivera,alicia@example.com,\"vip, newsletter\"\nZoë Lindqvist,zoe@example.com,vip\n"); err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Customers(ctx, "")
	tags := map[string][]string{}
	for _, c := range cs {
		tags[c.Name] = c.Tags
	}
	if !slices.Equal(tags["Alicia Rivera"], []string{"vip", "newsletter"}) || !slices.Equal(tags["Zoë Lindqvist"], []string{"newsletter", "vip"}) {
		t.Fatalf("imported tags = %q", tags)
	}
}
