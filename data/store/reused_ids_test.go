package store

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// TestAnOverrideOfADeletedSaleDoesNotMoveTheNextSale: a pinned follow-up time is
// keyed by the sale's ID, which a new sale may reuse.
func TestAnOverrideOfADeletedSaleDoesNotMoveTheNextSale(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ann := mustCustomer(t, s, shop.Customer{Name: "Ann Lee", PreferredCallMinute: -1})
	p := shop.Purchase{CustomerID: ann.ID, At: s.Now().Add(-time.Hour), AmountCents: 90000, Channel: shop.ChannelVisit}
	if err := s.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO overrides (customer_id, key, pinned) VALUES (?, ?, ?)`,
		ann.ID, "purchase:"+strconv.FormatInt(p.ID, 10)+":thanks", s.Now().Add(30*24*time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePurchase(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM overrides WHERE key LIKE 'purchase:%'`).Scan(&n)
	if n != 0 {
		t.Errorf("%d overrides of the deleted sale are left", n)
	}
}
