package replan_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/replan"
	"github.com/rapport-app/rapport/data/store/storetest"
)

// plansOf is the planner's input a re-plan of ids (the whole shop for none)
// loads, read in a transaction that writes nothing; name says which in a failure.
func plansOf(t *testing.T, s *store.Store, name string, ids []shop.ID) []planner.CustomerPlan {
	t.Helper()
	ctx := context.Background()
	tx, err := storetest.SQL(t, s).BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // it wrote nothing
	plans, err := replan.PlansOf(ctx, tx, storetest.Now, ids...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return plans
}

// The store reads the shop's active issues in no particular order; each
// customer's reach the planner in the order they were opened, whatever order
// their IDs are in (an issue logged late, or imported, was opened before issues
// logged earlier), for a re-plan of the whole shop and of a few customers.
func TestEachCustomersIssuesReachThePlannerInTheOrderOpened(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	ann := storetest.Customer(t, s, shop.Customer{Name: "Ann Example", Phone: "+1 212 555 0101", TimeZone: "America/New_York"})
	bob := storetest.Customer(t, s, shop.Customer{Name: "Bob Example", Phone: "+1 212 555 0102", TimeZone: "America/New_York"})
	want := map[shop.ID][]shop.ID{}
	// Days before now each issue was opened, in the order they are logged.
	for i, c := range []struct {
		cust shop.ID
		ago  int
	}{{ann.ID, 3}, {bob.ID, 2}, {ann.ID, 9}, {ann.ID, 1}, {bob.ID, 5}, {ann.ID, 6}} {
		is := shop.Issue{CustomerID: c.cust, Type: shop.IssueSupport, Channel: shop.ChannelPhone,
			OpenedAt: storetest.Now.AddDate(0, 0, -c.ago), Summary: "Grinder jams"}
		if err := s.SaveIssue(ctx, &is); err != nil {
			t.Fatalf("issue %d: %v", i, err)
		}
		want[c.cust] = append(want[c.cust], is.ID)
	}
	for name, ids := range map[string][]shop.ID{"whole shop": nil, "both customers": {ann.ID, bob.ID}} {
		plans := plansOf(t, s, name, ids)
		if len(plans) != 2 {
			t.Fatalf("%s: %d plans, want Ann's and Bob's", name, len(plans))
		}
		for _, p := range plans {
			var got []shop.ID
			for i, is := range p.Issues {
				got = append(got, is.ID)
				if i > 0 && is.OpenedAt.Before(p.Issues[i-1].OpenedAt) {
					t.Errorf("%s: customer %d's issue #%d (opened %s) comes after #%d (opened %s)", name, p.Customer.ID, is.ID,
						is.OpenedAt.Format("2 Jan"), p.Issues[i-1].ID, p.Issues[i-1].OpenedAt.Format("2 Jan"))
				}
			}
			if w := want[p.Customer.ID]; len(got) != len(w) {
				t.Errorf("%s: customer %d has issues %v, want the %d logged (%v)", name, p.Customer.ID, got, len(w), w)
			}
		}
	}
}

// A re-plan loads each customer as the planner reads them, without their text:
// whether there is an email address, a phone number, a street, a whole postal
// address (a street and a town or postal code, white space not counting). What it
// loads is what planner.CustomerOf makes of the customer as stored.
func TestARePlanLoadsEachCustomerAsThePlannerReadsThem(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	nbsp, ideographic := "\u00a0", "\u3000"
	customers := []shop.Customer{
		{Name: "Everything", Phone: "+1 212 555 0101", Email: "every@example.com", Address: "1 Main St", City: "Springfield", PostalCode: "62701",
			TimeZone: "America/New_York", PreferredChannel: shop.ChannelEmail, PreferredCallMinute: 14 * 60, Kind: shop.KindBusiness},
		{Name: "Street and postcode", Address: "№ 2 Elm St", PostalCode: " 62702", TimeZone: "America/Chicago", EveningOnly: true},
		{Name: "Street only", Phone: "+1 212 555 0103", Address: "  3 Oak St", TimeZone: "Europe/Berlin"},
		{Name: "Town only", Email: "town@example.com", City: "Springfield", TimeZone: "America/New_York", DoNotContact: true},
		{Name: "Blank town", Phone: "+1 212 555 0105", Address: "5 Ash St", City: " \t" + nbsp, PostalCode: ideographic, TimeZone: "America/New_York"},
		{Name: "Blank street", Email: "blank@example.com", Address: "\n" + nbsp, City: "Springfield", TimeZone: "America/New_York"},
		{Name: "Town abroad", Address: "Hauptstraße 4", City: "Überlingen", TimeZone: "Europe/Berlin"},
		{Name: "Nothing", TimeZone: "Asia/Tokyo"},
	}
	want := map[shop.ID]planner.Customer{}
	byName := map[string]shop.ID{}
	for i, c := range customers {
		c := storetest.Customer(t, s, c)
		byName[c.Name] = c.ID
		sale := shop.Purchase{CustomerID: c.ID, At: storetest.Now.AddDate(0, 0, -2), Items: "Grinder", AmountCents: 12_000, Channel: shop.ChannelVisit}
		if err := s.SavePurchase(ctx, &sale); err != nil {
			t.Fatalf("customer %d: %v", i, err)
		}
		stored, err := s.Customer(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want[c.ID] = planner.CustomerOf(stored)
	}
	// The customers of white space only keep it as stored, so that the query's
	// trimming is what tells their street and town from none.
	for name, street := range map[string]bool{"Blank town": true, "Blank street": true, "Street only": true, "Town abroad": true, "Town only": false} {
		if w := want[byName[name]]; w.HasStreet != street || w.HasPostalAddress != (name == "Town abroad") {
			t.Fatalf("%s is stored as %+v: want a street %v, a postal address %v", name, w, street, name == "Town abroad")
		}
	}
	for name, ids := range map[string][]shop.ID{"whole shop": nil, "a list": slices.Collect(maps.Keys(want))} {
		plans := plansOf(t, s, name, ids)
		if len(plans) != len(want) {
			t.Fatalf("%s: %d plans, want %d", name, len(plans), len(want))
		}
		for _, p := range plans {
			if w := want[p.Customer.ID]; p.Customer != w {
				t.Errorf("%s: customer %d loaded as\n  %+v\nwant\n  %+v", name, p.Customer.ID, p.Customer, w)
			}
		}
	}
}
