package store_test

import (
	"context"
	"testing"
	"time"
)

// customerPageSize is the page the Customers list fetches as it scrolls.
const customerPageSize = 50

// BenchmarkSearchCustomers answers one keystroke of the Customers search in the
// 100,000-customer shop: the count and the first page, as the list asks for them.
// Target: under 100 ms per search. "no match" is the worst case: every name is
// looked at once. The first search of a session reads the search index; its time
// is reported as first-search-ms.
func BenchmarkSearchCustomers(b *testing.B) {
	s := benchShop(b)
	ctx := context.Background()
	start := time.Now()
	if _, err := s.SearchCustomers(ctx, "x"); err != nil {
		b.Fatal(err)
	}
	first := time.Since(start)
	for _, q := range []struct{ name, query string }{
		{"everyone", ""},
		{"name prefix", "Customer 4242"},
		{"word of name", "4242"},
		{"email", "c777@"},
		{"phone digits", "555-01"},
		{"no match", "zzyzx"},
	} {
		b.Run(q.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				r, err := s.SearchCustomers(ctx, q.query)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.CustomersPage(ctx, r, 0, customerPageSize); err != nil {
					b.Fatal(err)
				}
				n = r.Len()
			}
			b.ReportMetric(float64(n), "matches")
			b.ReportMetric(float64(first.Milliseconds()), "first-search-ms")
		})
	}
}

// BenchmarkCustomersPage fetches one page of the unfiltered list as the Customers
// list scrolls to it: near the top, in the middle and at the end of 100,000.
func BenchmarkCustomersPage(b *testing.B) {
	s := benchShop(b)
	ctx := context.Background()
	all, err := s.SearchCustomers(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	for _, at := range []struct {
		name   string
		offset int
	}{{"top", 0}, {"middle", 50_000}, {"end", 99_950}} {
		b.Run(at.name, func(b *testing.B) {
			for b.Loop() {
				cs, err := s.CustomersPage(ctx, all, at.offset, customerPageSize)
				if err != nil {
					b.Fatal(err)
				}
				if len(cs) != customerPageSize {
					b.Fatalf("page at %d has %d customers, want %d", at.offset, len(cs), customerPageSize)
				}
			}
		})
	}
}
