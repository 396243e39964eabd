package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// contentDigest sums every row of the shop's tables, to tell whether a failed write
// changed anything.
func contentDigest(t *testing.T, s *Store) [32]byte {
	t.Helper()
	h := sha256.New()
	for _, tbl := range []string{"customers", "purchases", "issues", "followups", "staff", "settings"} {
		rows, err := s.db.Query(`SELECT * FROM ` + tbl + ` ORDER BY 1`)
		if err != nil {
			t.Fatalf("%s: %v", tbl, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			rows.Scan(ptrs...)
			fmt.Fprintf(h, "%s%v\n", tbl, vals)
		}
		rows.Close()
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// TestFullDiskRefusesTheWriteAndKeepsTheData fills the database to its size limit
// (PRAGMA max_page_count, which fails writes exactly as a full disk does) and
// checks that an import and a single save are refused in plain words and that
// nothing stored changes.
func TestFullDiskRefusesTheWriteAndKeepsTheData(t *testing.T) {
	path := shopFile(t, t.TempDir(), "rapport.db", 50)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return fixedNow }
	ctx := context.Background()
	// max_page_count holds per connection: use one.
	s.db.SetMaxOpenConns(1)
	var pages int
	s.db.QueryRow(`PRAGMA page_count`).Scan(&pages)
	if _, err := s.db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+1)); err != nil {
		t.Fatal(err)
	}
	before := contentDigest(t, s)

	var b strings.Builder
	b.WriteString("customer,when,amount,items\n")
	for i := range 400 {
		fmt.Fprintf(&b, "c%04d@example.com,2026-11-%02d 10:00,%d.00,%s\n", i%50, 1+i%20, 10+i, strings.Repeat("espresso beans ", 20))
	}
	_, err = s.Import(ctx, "sales", strings.NewReader(b.String()))
	if err == nil || !strings.Contains(err.Error(), "the disk is full, so nothing was saved") {
		t.Fatalf("import into a full database: %v; want it to say the disk is full", err)
	}
	c := shop.Customer{Name: strings.Repeat("Long Name ", 600), Kind: shop.KindConsumer, TimeZone: "America/New_York", Notes: strings.Repeat("n", 8000)}
	err = s.SaveCustomer(ctx, &c)
	if err == nil || !strings.Contains(err.Error(), "disk is full") {
		t.Fatalf("save into a full database: %v; want it to say the disk is full", err)
	}
	if after := contentDigest(t, s); after != before {
		t.Error("a refused write changed the stored data")
	}
	s.Close()
	checkIntegrity(t, path)
	if n := customerCount(t, path); n != 50 {
		t.Errorf("%d customers after the failed writes; want 50", n)
	}
}
