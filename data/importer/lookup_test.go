package importer

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/storetest"
)

// An import finds stored customers through the store's lookups by key, not by
// reading them all: by email and name whatever their case (beyond ASCII too), and
// by phone whatever its spelling.
func TestRowsFindStoredCustomersByTheirKeys(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	zoe := mustCustomer(t, s, shop.Customer{Name: "Zoë Lindqvist", Email: "Zoë@Example.com", TimeZone: "Europe/Stockholm"})
	ann := mustCustomer(t, s, shop.Customer{Name: "Ann Lee", Phone: "+1 212 555 0142"})
	b, err := importString(t, s, "sales", "customer,phone,date,amount\n"+
		"ZOË LINDQVIST,,2026-11-20 10:00,10.00\n"+
		"zoë@example.com,,2026-11-20 11:00,11.00\n"+
		",(212) 555-0142,2026-11-20 12:00,12.00\n")
	if err != nil {
		t.Fatal(err)
	}
	if b.NewCustomers != 0 || b.Sales != 3 {
		t.Errorf("import: %d new customers, %d sales; want 0 and 3", b.NewCustomers, b.Sales)
	}
	zs, _ := s.Purchases(ctx, zoe.ID)
	as, _ := s.Purchases(ctx, ann.ID)
	if len(zs) != 2 || len(as) != 1 {
		t.Errorf("Zoë has %d sales, Ann %d; want 2 and 1", len(zs), len(as))
	}
	// The first sale's time was read in Zoë's zone: 10:00 in Stockholm.
	if len(zs) == 2 && zs[1].At.Hour() != 9 {
		t.Errorf("Zoë's first sale is at %s UTC; want 09:00 (10:00 in Stockholm)", zs[1].At.Format(time.Kitchen))
	}
}

// An import re-plans the customers it touched and leaves everyone else's stored
// follow-ups as they are: it no longer re-plans the whole shop.
func TestAnImportReplansOnlyTheCustomersItTouched(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	other := mustCustomer(t, s, shop.Customer{Name: "Other", Email: "other@example.com", Phone: "+1 212 555 0100", TimeZone: "America/New_York"})
	buyer := mustCustomer(t, s, shop.Customer{Name: "Buyer", Email: "buyer@example.com", Phone: "+1 212 555 0101", TimeZone: "America/New_York"})
	p := shop.Purchase{CustomerID: other.ID, At: fixedNow.AddDate(0, 0, -3), Items: "Espresso machine", AmountCents: 90_000, Channel: shop.ChannelVisit}
	if err := s.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	// Another program moves Other's pending follow-ups a year on; a re-plan of
	// Other would put them back.
	db := storetest.SQL(t, s)
	moved := fixedNow.AddDate(1, 0, 0).Unix()
	if _, err := db.Exec(`UPDATE followups SET due = ? WHERE customer_id = ? AND status = 'pending'`, moved, other.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := importString(t, s, "sales", "email,date,amount\nbuyer@example.com,2026-11-20 10:00,900.00\n"); err != nil {
		t.Fatal(err)
	}
	var left, buyers int
	db.QueryRow(`SELECT count(*) FROM followups WHERE customer_id = ? AND status = 'pending' AND due <> ?`, other.ID, moved).Scan(&left)
	db.QueryRow(`SELECT count(*) FROM followups WHERE customer_id = ? AND status = 'pending'`, buyer.ID).Scan(&buyers)
	if left != 0 {
		t.Errorf("%d of Other's follow-ups were planned again by an import that did not touch them", left)
	}
	if buyers == 0 {
		t.Error("the buyer's sale planned nothing")
	}
}

// An import keeps only a batch of the customers it touched in memory: rows past
// the batch find the customers it added earlier in the store, and are merged into
// them, not added twice.
func TestALongImportFindsTheCustomersItAddedBeforeTheBatch(t *testing.T) {
	s := openTest(t)
	var b strings.Builder
	b.WriteString("name,email,phone\n")
	n := rememberBatch + 10
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Person %d,p%d@example.com,\n", i, i)
	}
	// The first customers again, by email and by name, after the batch.
	b.WriteString("Person 0,p0@example.com,+1 212 555 0142\n")
	batch, err := importString(t, s, "customers", b.String())
	if err != nil {
		t.Fatal(err)
	}
	if batch.NewCustomers != n || batch.MergedCustomers != 0 || count(t, s, "customers") != n {
		t.Errorf("import: %d new, %d merged, %d stored; want %d new, 0 merged, %d stored", batch.NewCustomers, batch.MergedCustomers,
			count(t, s, "customers"), n, n)
	}
	sales, err := importString(t, s, "sales", "customer,date,amount\nPerson 1,2026-11-20 10:00,10.00\n")
	if err != nil || sales.NewCustomers != 0 {
		t.Errorf("a sale for Person 1: %+v, %v; want it found", sales, err)
	}
}
