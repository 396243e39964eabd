package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

func searchNames(t *testing.T, s *Store, q string) []string {
	t.Helper()
	ctx := context.Background()
	r, err := s.SearchCustomers(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := s.CustomersPage(ctx, r, 0, r.Len())
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return names
}

func TestSearchFindsByNameWordEmailAndPhoneDigits(t *testing.T) {
	s := openTest(t)
	mustCustomer(t, s, shop.Customer{Name: "Emily Tran", Email: "emily@tran.example", Phone: "(212) 555-0142"})
	mustCustomer(t, s, shop.Customer{Name: "grace Liu", Company: "Liu Dental Group", Phone: "+44 20 7946 0958"})
	mustCustomer(t, s, shop.Customer{Name: "Tom Becker", Email: "tb@example.com"})
	for _, tc := range []struct{ q, want string }{
		{"", "Tom Becker|Emily Tran|grace Liu"},
		{"tran", "Emily Tran"},       // a word of the name
		{"EM", "Emily Tran"},         // the start, in any case
		{"dental", "grace Liu"},      // a word of the company
		{"tb@", "Tom Becker"},        // the start of the email
		{"212 555", "Emily Tran"},    // digits, spaced otherwise than stored
		{"2125550142", "Emily Tran"}, // digits alone
		{"7946-0958", "grace Liu"},   // a foreign number
		{"ran", ""},                  // not the start of a word
		{"50%", ""},                  // no pattern characters
	} {
		got := strings.Join(searchNames(t, s, tc.q), "|")
		if tc.q == "" {
			// By name, ignoring case.
			tc.want = "Emily Tran|grace Liu|Tom Becker"
		}
		if got != tc.want {
			t.Errorf("search %q found %q, want %q", tc.q, got, tc.want)
		}
	}
}

func TestSearchSeesCustomersAddedChangedAndDeleted(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := mustCustomer(t, s, shop.Customer{Name: "Emily Tran"})
	if got := searchNames(t, s, "emily"); len(got) != 1 {
		t.Fatalf("found %q", got)
	}
	c.Name = "Emily Nguyen"
	if err := s.SaveCustomer(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if got := searchNames(t, s, "tran"); len(got) != 0 {
		t.Errorf("the old name is still found: %q", got)
	}
	if got := searchNames(t, s, "nguyen"); len(got) != 1 {
		t.Errorf("the new name is not found: %q", got)
	}
	// A row written behind the store's back (as a restored backup would) counts too.
	if _, err := s.db.Exec(`INSERT INTO customers (name) VALUES ('Zoe Park')`); err != nil {
		t.Fatal(err)
	}
	if got := searchNames(t, s, "zoe"); len(got) != 1 {
		t.Errorf("a customer added outside the store is not found: %q", got)
	}
	if err := s.DeleteCustomer(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if got := searchNames(t, s, "emily"); len(got) != 0 {
		t.Errorf("a deleted customer is still found: %q", got)
	}

	// A change by another program on the same file (a headless import beside the
	// window) that keeps the number of customers and the highest ID is seen too.
	other, _, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	zoe := shop.Customer{Name: "Zoe Park", Email: "zoe@park.example", PreferredCallMinute: -1}
	if err := other.SaveCustomer(ctx, &zoe); err != nil {
		t.Fatal(err)
	}
	if got := searchNames(t, s, "zoe@"); len(got) != 1 {
		t.Errorf("an email merged in by another store is not found: %q", got)
	}
}

func TestCustomersPageReadsOnlyItsRows(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for _, n := range []string{"Ann", "Bea", "Cy", "Dee", "Eve"} {
		mustCustomer(t, s, shop.Customer{Name: n})
	}
	r, err := s.SearchCustomers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		offset, limit int
		want          string
	}{{0, 2, "Ann Bea"}, {2, 2, "Cy Dee"}, {4, 2, "Eve"}, {5, 2, ""}, {-1, 1, "Ann"}} {
		cs, err := s.CustomersPage(ctx, r, tc.offset, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range cs {
			names = append(names, c.Name)
		}
		if got := strings.Join(names, " "); got != tc.want {
			t.Errorf("page (%d, %d) = %q, want %q", tc.offset, tc.limit, got, tc.want)
		}
	}
}

func TestSaveCustomerWritesThePhoneTheOneWay(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := mustCustomer(t, s, shop.Customer{Name: "Emily Tran", Phone: "(212) 555-0142"})
	if c.Phone != "+1 212-555-0142" {
		t.Errorf("phone stored as %q", c.Phone)
	}
	if c.TimeZone != "America/New_York" {
		t.Errorf("time zone guessed as %q", c.TimeZone)
	}
	de := mustCustomer(t, s, shop.Customer{Name: "Jonas Weber", Country: "de", Phone: "030 901820"})
	if de.Phone != "+49 30 901820" {
		t.Errorf("German phone stored as %q", de.Phone)
	}
	bad := c
	bad.Phone = "call me"
	bad.Notes = "changed"
	err := s.SaveCustomer(ctx, &bad)
	if err == nil || !strings.HasPrefix(err.Error(), "Phone: ") {
		t.Fatalf("a bad phone gave %v, want an error naming Phone", err)
	}
	got, _ := s.Customer(ctx, c.ID)
	if got.Phone != c.Phone || got.Notes != "" {
		t.Errorf("a refused save changed the customer: %+v", got)
	}
}

func TestRescheduleKeepsCallsInsideTheCustomersHours(t *testing.T) {
	s, c, _, _ := lifecycleShop(t)
	ctx := context.Background()
	var call shop.AgendaItem
	for _, it := range pendingFor(t, s, c.ID) {
		if it.Channel == shop.ChannelPhone {
			call = it
		}
	}
	if call.ID == 0 {
		t.Fatal("the big-ticket sale planned no call")
	}
	chicago, _ := time.LoadLocation("America/Chicago")
	// Sunday 29 November, 14:00 in Chicago: Sunday calls are off by default.
	err := s.Reschedule(ctx, call.ID, time.Date(2026, 11, 29, 14, 0, 0, 0, chicago))
	want := "New time: Sun 14:00 is outside Tom Becker's call hours (Mon–Sat 10:00–12:00, 13:30–18:00, 19:30–20:00 their time); next good time: Mon 14:00"
	if err == nil || err.Error() != want {
		t.Fatalf("Reschedule to a Sunday: %v\nwant: %s", err, want)
	}
	// "Call me Sunday" as the outcome of a call is held to the same hours.
	err = s.Complete(ctx, call.ID, shop.Outcome{Status: shop.StatusRescheduled, RescheduleTo: time.Date(2026, 11, 29, 14, 0, 0, 0, chicago)})
	if err == nil || err.Error() != want {
		t.Errorf("Complete as rescheduled to a Sunday: %v", err)
	}
	if err := s.Reschedule(ctx, call.ID, fixedNow.Add(-time.Hour)); err == nil || !strings.Contains(err.Error(), "in the past") {
		t.Errorf("Reschedule to the past: %v", err)
	}
	when := time.Date(2026, 12, 2, 15, 30, 0, 0, chicago)
	if err := s.Reschedule(ctx, call.ID, when); err != nil {
		t.Fatal(err)
	}
	// Pinned: a full re-plan leaves it where the owner put it.
	if _, err := s.Replan(ctx); err != nil {
		t.Fatal(err)
	}
	moved, ok := findReason(pendingFor(t, s, c.ID), call.Reasons[0].Key)
	if !ok || !moved.Due.Equal(when) {
		t.Errorf("after Reschedule and Replan the call is due %v, want %v", moved.Due, when)
	}
	if n := count(t, s, "contacts"); n != 0 {
		t.Errorf("moving a follow-up logged %d contacts; nobody spoke", n)
	}
}
