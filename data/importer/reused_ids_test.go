package importer

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/storetest"
)

// TestUndoLeavesASaleThatReusedAnImportedSalesID: SQLite hands a deleted sale's ID
// to the next sale. Undoing the import that first used the ID must not delete the
// sale typed in since.
func TestUndoLeavesASaleThatReusedAnImportedSalesID(t *testing.T) {
	storetest.FileOnly(t) // SQLite gives a deleted highest ID again; PostgreSQL never does
	s := openTest(t)
	ctx := context.Background()
	ann := mustCustomer(t, s, shop.Customer{Name: "Ann Lee", Email: "ann@example.com"})
	f := readCSV(t, "sales", "Date,Customer Email,Amount\n2026-11-20,ann@example.com,12.50\n")
	b, err := Import(ctx, s, f, GuessMapping("sales", f.Header))
	if err != nil {
		t.Fatal(err)
	}
	sales, _ := s.Purchases(ctx, ann.ID)
	if len(sales) != 1 {
		t.Fatalf("imported sales = %d", len(sales))
	}
	if err := s.DeletePurchase(ctx, sales[0].ID); err != nil {
		t.Fatal(err)
	}
	typed := shop.Purchase{CustomerID: ann.ID, At: time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC), AmountCents: 4200, Channel: shop.ChannelVisit}
	if err := s.SavePurchase(ctx, &typed); err != nil {
		t.Fatal(err)
	}
	if typed.ID != sales[0].ID {
		t.Fatalf("the new sale got ID %d, not the deleted %d: the test no longer shows the reuse", typed.ID, sales[0].ID)
	}
	if _, err := s.UndoImport(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Purchases(ctx, ann.ID); len(got) != 1 || got[0].AmountCents != 4200 {
		t.Errorf("after the undo the sales are %+v; want the one typed in since", got)
	}
}
