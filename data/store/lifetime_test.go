package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/pgtest"
)

// lifetimes reads each customer's stored lifetime spend (customers.lifetime_cents)
// and fails t for any customer whose column differs from the sum of their sales,
// or whose follow-ups carry another figure (followups.spend_cents, migration 0020)
// or another name (followupNames).
func lifetimes(t *testing.T, db *sql.DB) map[shop.ID]int64 {
	t.Helper()
	followupNames(t, db)
	stale, err := db.Query(`SELECT f.id, f.spend_cents, c.lifetime_cents FROM followups f JOIN customers c ON c.id = f.customer_id
		WHERE f.spend_cents <> c.lifetime_cents ORDER BY f.id`)
	if err != nil {
		t.Fatal(err)
	}
	for stale.Next() {
		var id shop.ID
		var kept, lifetime int64
		if err := stale.Scan(&id, &kept, &lifetime); err != nil {
			t.Fatal(err)
		}
		t.Errorf("follow-up %d carries a spend of %d, but its customer has spent %d", id, kept, lifetime)
	}
	if err := stale.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT c.id, c.lifetime_cents, coalesce((SELECT sum(p.amount_cents) FROM purchases p WHERE p.customer_id = c.id), 0)
		FROM customers c ORDER BY c.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[shop.ID]int64{}
	for rows.Next() {
		var id shop.ID
		var kept, sum int64
		if err := rows.Scan(&id, &kept, &sum); err != nil {
			t.Fatal(err)
		}
		if kept != sum {
			t.Errorf("customer %d: lifetime_cents %d, but their sales add up to %d", id, kept, sum)
		}
		got[id] = kept
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

func wantLifetimes(t *testing.T, db *sql.DB, step string, want map[shop.ID]int64) {
	t.Helper()
	got := lifetimes(t, db)
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: customer %d has spent %d in all, want %d", step, id, got[id], w)
		}
	}
}

// What a customer has spent in all is kept with them (migration 0018) and stays
// the sum of their sales through every way sales are written and taken back.
func TestLifetimeSpendFollowsEveryWriteOfSales(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ada := mustCustomer(t, s, shop.Customer{Name: "Ada Byron"})
	tom := mustCustomer(t, s, shop.Customer{Name: "Tom Becker"})
	sale := func(c shop.ID, cents int64) shop.Purchase {
		p := shop.Purchase{CustomerID: c, At: fixedNow.Add(-48 * time.Hour), Items: "Kettle", AmountCents: cents, Channel: shop.ChannelVisit}
		if err := s.SavePurchase(ctx, &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p1 := sale(ada.ID, 1250)
	sale(ada.ID, 800)
	p3 := sale(tom.ID, 4000)
	wantLifetimes(t, s.db, "added", map[shop.ID]int64{ada.ID: 2050, tom.ID: 4000})

	p1.AmountCents = 1500
	if err := s.SavePurchase(ctx, &p1); err != nil {
		t.Fatal(err)
	}
	wantLifetimes(t, s.db, "edited", map[shop.ID]int64{ada.ID: 2300, tom.ID: 4000})

	p3.CustomerID = ada.ID
	if err := s.SavePurchase(ctx, &p3); err != nil {
		t.Fatal(err)
	}
	wantLifetimes(t, s.db, "moved to another customer", map[shop.ID]int64{ada.ID: 6300, tom.ID: 0})

	if err := s.DeletePurchase(ctx, p1.ID); err != nil {
		t.Fatal(err)
	}
	wantLifetimes(t, s.db, "deleted", map[shop.ID]int64{ada.ID: 4800, tom.ID: 0})

	b := ImportBatch{Kind: "sales", FileName: "sales.csv"}
	err := s.Import(ctx, &b, func(tx *ImportTx) error {
		return tx.AddSales([]shop.Purchase{
			{CustomerID: tom.ID, At: fixedNow.Add(-time.Hour), Items: "Mug", AmountCents: 300, Channel: shop.ChannelWeb},
			{CustomerID: tom.ID, At: fixedNow.Add(-time.Hour), Items: "Pot", AmountCents: 2200, Channel: shop.ChannelWeb},
			{CustomerID: ada.ID, At: fixedNow.Add(-time.Hour), Items: "Tea", AmountCents: 100, Channel: shop.ChannelWeb},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	wantLifetimes(t, s.db, "imported", map[shop.ID]int64{ada.ID: 4900, tom.ID: 2500})
	if _, err := s.UndoImport(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	wantLifetimes(t, s.db, "import undone", map[shop.ID]int64{ada.ID: 4800, tom.ID: 0})

	// The list of the day shows the column: Ada's sale yesterday puts her on it.
	items, err := s.Agenda(ctx, fixedNow.AddDate(0, 0, -30), fixedNow.AddDate(0, 0, 60))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.CustomerID == ada.ID && it.LifetimeCents != 4800 {
			t.Errorf("the agenda shows Ada's lifetime spend as %d, want 4800", it.LifetimeCents)
		}
	}

	// A follow-up written directly, its spend or its customer, carries its
	// customer's spend all the same (migration 0020's triggers).
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE followups SET spend_cents = 1 WHERE customer_id = ?`, []any{ada.ID}},
		{`UPDATE followups SET customer_id = ? WHERE customer_id = ?`, []any{tom.ID, ada.ID}},
		// A follow-up written without a spend (as a note of history, or by a copy
		// from a file made before migration 0020) is given its customer's.
		{`INSERT INTO followups (customer_id, due, day, time_zone, channel, priority) VALUES (?, 0, '1970-01-01', 'UTC', 'phone', 3)`, []any{ada.ID}},
	} {
		res, err := s.db.ExecContext(ctx, q.sql, q.args...)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			t.Fatalf("%s: nothing written", q.sql)
		}
		wantLifetimes(t, s.db, q.sql, map[shop.ID]int64{ada.ID: 4800, tom.ID: 0})
	}

	if err := s.DeleteCustomer(ctx, ada.ID); err != nil {
		t.Fatal(err)
	}
	wantLifetimes(t, s.db, "customer deleted", map[shop.ID]int64{tom.ID: 0})
}

// lifetimeShop is a store with three customers who have spent 990, nothing and
// 1,234.56, and what each has spent.
func lifetimeShop(t *testing.T) (*Store, map[shop.ID]int64) {
	t.Helper()
	s := openTest(t)
	want := map[shop.ID]int64{}
	for i, cents := range []int64{990, 0, 123456} {
		c := mustCustomer(t, s, shop.Customer{Name: []string{"Ada Byron", "Tom Becker", "Lin Wu"}[i]})
		if cents > 0 {
			p := shop.Purchase{CustomerID: c.ID, At: fixedNow.AddDate(0, -i-1, 0), Items: "Lamp", AmountCents: cents, Channel: shop.ChannelPhone}
			if err := s.SavePurchase(context.Background(), &p); err != nil {
				t.Fatal(err)
			}
		}
		want[c.ID] = cents
	}
	wantLifetimes(t, s.db, "stored", want)
	return s, want
}

// A copy to the other engine and back keeps every customer's lifetime spend: the
// copy does not count a sale twice (once with the customer, once as the sale
// arrives). So does a shared shop restored from a file, which replaces its rows.
func TestLifetimeSpendSurvivesCopiesToTheOtherEngineAndBack(t *testing.T) {
	s, want := lifetimeShop(t)
	ctx := context.Background()
	other := filepath.Join(t.TempDir(), "copy.db")
	if !pgtest.OnPostgres() {
		other = pgtest.NewDatabase(t)
	}
	if _, err := s.CopyTo(ctx, other); err != nil {
		t.Fatal(err)
	}
	there, _, err := Open(other)
	if err != nil {
		t.Fatal(err)
	}
	wantLifetimes(t, there.db, "copied to the other engine", want)
	back := filepath.Join(t.TempDir(), "back.db")
	if pgtest.OnPostgres() {
		back = pgtest.NewDatabase(t)
	}
	if _, err := there.CopyTo(ctx, back); err != nil {
		t.Fatal(err)
	}
	there.Close()
	again, _, err := Open(back)
	if err != nil {
		t.Fatal(err)
	}
	wantLifetimes(t, again.db, "copied back", want)
	again.Close()

	if pgtest.OnPostgres() {
		return
	}
	// The shared shop gets a sale of its own, then the file is restored into it.
	backup, err := s.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	shared, _, err := Open(other)
	if err != nil {
		t.Fatal(err)
	}
	var first shop.ID
	for id := range want {
		if first == 0 || id < first {
			first = id
		}
	}
	p := shop.Purchase{CustomerID: first, At: fixedNow.Add(-time.Hour), Items: "Extra", AmountCents: 5000, Channel: shop.ChannelVisit}
	if err := shared.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	shared.Close()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // the before-restore copy goes to this computer's Rapport folder
	if err := RestoreShared(ctx, other, backup, true); err != nil {
		t.Fatal(err)
	}
	shared, _, err = Open(other)
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	wantLifetimes(t, shared.db, "restored into the shared shop", want)
}

// A backup, a sale after it, and the backup restored: the sale is gone from the
// sums too.
func TestLifetimeSpendIsThatOfTheRestoredBackup(t *testing.T) {
	fileOnly(t)
	s, want := lifetimeShop(t)
	ctx := context.Background()
	backup, err := s.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var first shop.ID
	for id := range want {
		if first == 0 || id < first {
			first = id
		}
	}
	p := shop.Purchase{CustomerID: first, At: fixedNow.Add(-time.Hour), Items: "Extra", AmountCents: 5000, Channel: shop.ChannelVisit}
	if err := s.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	if err := Restore(path, backup); err != nil {
		t.Fatal(err)
	}
	restored, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	wantLifetimes(t, restored.db, "restored", want)
}

// A shop from before the column was kept gets it filled in by the migration.
func TestMigrationFillsInTheLifetimeSpendOfStoredCustomers(t *testing.T) {
	path := openAtVersion(t, 17,
		`INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Tom'), (3, 'Lin')`,
		`INSERT INTO purchases (customer_id, at, amount_cents, channel) VALUES (1, 0, 100, 'web'), (1, 0, 250, 'web'), (3, 0, 7, 'phone')`,
		`INSERT INTO followups (customer_id, due, day, time_zone, channel, priority) VALUES
			(1, 0, '1970-01-01', 'UTC', 'phone', 3), (2, 0, '1970-01-01', 'UTC', 'phone', 3), (3, 0, '1970-01-01', 'UTC', 'email', 3)`,
	)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wantLifetimes(t, s.db, "migrated", map[shop.ID]int64{1: 350, 2: 0, 3: 7})
	// Their follow-ups carry it too (migration 0020).
	var spends string
	if err := s.db.QueryRow(`SELECT group_concat(spend_cents, ' ') FROM (SELECT spend_cents FROM followups ORDER BY customer_id)`).Scan(&spends); err != nil {
		t.Fatal(err)
	}
	if spends != "350 0 7" {
		t.Errorf("the stored follow-ups carry the spends %q, want \"350 0 7\"", spends)
	}
}

// A sale may list 2,000 characters of items, 6,000 bytes of them in Chinese: it
// is stored, re-planned and read back whole on either engine (PostgreSQL refuses
// an index entry of more than 2,704 bytes, so no index of its holds the items).
func TestASaleWithTheLongestItemsIsStoredAndPlanned(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := mustCustomer(t, s, shop.Customer{Name: "Lin Wei"})
	// Characters that do not repeat, which no compression makes short.
	var items strings.Builder
	for i := range shop.MaxItems {
		items.WriteRune(rune(0x4E00 + i*7919%20000))
	}
	p := shop.Purchase{CustomerID: c.ID, At: fixedNow.Add(-24 * time.Hour), Items: items.String(), AmountCents: 100, Channel: shop.ChannelVisit}
	if err := s.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replan(ctx); err != nil {
		t.Fatal(err)
	}
	sales, err := s.Purchases(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sales) != 1 || sales[0].Items != p.Items {
		t.Fatalf("read back %d sales; want the one with its %d characters of items", len(sales), shop.MaxItems)
	}
	wantLifetimes(t, s.db, "the longest sale", map[shop.ID]int64{c.ID: 100})
}
