package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// planShop is a New York shop with six customers who each bought a big-ticket
// machine over the last weeks, so that each has calls and letters pending.
func planShop(t *testing.T) (*Store, []shop.Customer) {
	t.Helper()
	s := openTest(t)
	ctx := context.Background()
	b, _ := s.Business(ctx)
	b.TimeZone, b.BigTicketCents = "America/New_York", 50000
	if err := s.SaveBusiness(ctx, b); err != nil {
		t.Fatal(err)
	}
	var cs []shop.Customer
	for i := range 6 {
		c := mustCustomer(t, s, shop.Customer{Name: fmt.Sprintf("Customer %d", i), Phone: fmt.Sprintf("+1 212 555 01%02d", i),
			Email: fmt.Sprintf("c%d@example.com", i), Address: "1 Main St", TimeZone: "America/New_York"})
		p := shop.Purchase{CustomerID: c.ID, At: fixedNow.AddDate(0, 0, -3-4*i), Items: "Espresso machine", AmountCents: 90000 + int64(i), Channel: shop.ChannelVisit}
		if err := s.SavePurchase(ctx, &p); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	return s, cs
}

// pendingIDs maps the lead reason of every pending follow-up to the follow-up's ID.
func pendingIDs(t *testing.T, s *Store) map[string]shop.ID {
	t.Helper()
	items, err := s.Agenda(context.Background(), time.Unix(0, 0), fixedNow.AddDate(2, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]shop.ID{}
	for _, it := range items {
		out[it.Reasons[0].Key] = it.ID
	}
	if len(out) == 0 {
		t.Fatal("nothing is pending")
	}
	return out
}

func TestReplanKeepsTheIDsOfFollowUpsThatStay(t *testing.T) {
	s, cs := planShop(t)
	ctx := context.Background()
	if _, err := s.Replan(ctx); err != nil {
		t.Fatal(err)
	}
	before := pendingIDs(t, s)

	if _, err := s.Replan(ctx); err != nil {
		t.Fatal(err)
	}
	if after := pendingIDs(t, s); !maps.Equal(after, before) {
		t.Errorf("a second re-plan changed the IDs:\nbefore %v\nafter  %v", before, after)
	}

	// A sale for one customer re-plans them; everyone else's follow-ups keep their IDs.
	p := shop.Purchase{CustomerID: cs[0].ID, At: fixedNow.Add(-time.Hour), Items: "Grinder", AmountCents: 60000, Channel: shop.ChannelVisit}
	if err := s.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	after := pendingIDs(t, s)
	for key, id := range before {
		if after[key] != id {
			t.Errorf("after a sale for %s, the follow-up led by %s is #%d; it was #%d", cs[0].Name, key, after[key], id)
		}
	}
	if len(after) <= len(before) {
		t.Errorf("the new sale planned nothing: %d follow-ups before, %d after", len(before), len(after))
	}
}

func TestAFollowUpThatMovesKeepsItsID(t *testing.T) {
	s, cs := planShop(t)
	ctx := context.Background()
	c := cs[1]
	key := fmt.Sprintf("purchase:%d:big1", purchaseOf(t, s, c.ID))
	first, ok := findReason(pendingFor(t, s, c.ID), key)
	if !ok {
		t.Fatalf("no pending follow-up with %s", key)
	}
	// Calls go at the customer's preferred time: 18:00 moves today's call, not what
	// it is about.
	c.PreferredCallMinute = 17*60 + 15
	if err := s.SaveCustomer(ctx, &c); err != nil {
		t.Fatal(err)
	}
	moved, ok := findReason(pendingFor(t, s, c.ID), key)
	if !ok {
		t.Fatalf("no pending follow-up with %s after the change", key)
	}
	if moved.Due.Equal(first.Due) {
		t.Fatalf("the call stayed at %s; the test needs it to move", first.Due)
	}
	if moved.ID != first.ID {
		t.Errorf("the call about %s moved from %s to %s and its ID from #%d to #%d; it should keep its ID",
			key, first.Due.Format(time.RFC3339), moved.Due.Format(time.RFC3339), first.ID, moved.ID)
	}
}

func purchaseOf(t *testing.T, s *Store, customer shop.ID) shop.ID {
	t.Helper()
	ps, err := s.Purchases(context.Background(), customer)
	if err != nil || len(ps) == 0 {
		t.Fatalf("purchases of %d: %v, %v", customer, ps, err)
	}
	return ps[0].ID
}

func TestThePlanIsMadeOnceADay(t *testing.T) {
	s, cs := planShop(t)
	ctx := context.Background()
	ps, err := s.PlanState(ctx)
	if err != nil || !ps.Current() || ps.Day != "2026-11-23" {
		t.Fatalf("after the writes of the day, plan state = %+v, %v; want made on 2026-11-23", ps, err)
	}
	if again, err := s.RefreshPlan(ctx); err != nil || again {
		t.Errorf("RefreshPlan on the day of the plan = %v, %v; want nothing to do", again, err)
	}

	// The next morning the stored plan is yesterday's until the first start re-plans.
	s.Now = func() time.Time { return fixedNow.AddDate(0, 0, 1) }
	ps, _ = s.PlanState(ctx)
	if ps.Current() || ps.Today != "2026-11-24" {
		t.Errorf("next day, plan state = %+v; want stale", ps)
	}
	did, err := s.RefreshPlan(ctx)
	if err != nil || !did {
		t.Fatalf("first RefreshPlan of 2026-11-24 = %v, %v; want a re-plan", did, err)
	}
	if ps, _ := s.PlanState(ctx); !ps.Current() {
		t.Errorf("after the re-plan, plan state = %+v", ps)
	}
	if did, err := s.RefreshPlan(ctx); err != nil || did {
		t.Errorf("second RefreshPlan of the day = %v, %v; want nothing to do", did, err)
	}

	// A write on a new day re-plans everyone, not only the customer it touches.
	s.Now = func() time.Time { return fixedNow.AddDate(0, 0, 2) }
	p := shop.Purchase{CustomerID: cs[0].ID, At: fixedNow.AddDate(0, 0, 2).Add(-time.Hour), Items: "Beans", AmountCents: 1500, Channel: shop.ChannelVisit}
	if err := s.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if ps, _ := s.PlanState(ctx); !ps.Current() || ps.Day != "2026-11-25" {
		t.Errorf("after a sale on 2026-11-25, plan state = %+v; want the whole plan made that day", ps)
	}
}

// TestANewSaleRedrawsTheDaysSampleForEveryone: the small-ticket sample is drawn
// among all of a day's buyers, so a sale for one customer can move another in or
// out of it. Re-planning only the customer who bought must still leave the day's
// sample as a full re-plan draws it.
func TestANewSaleRedrawsTheDaysSampleForEveryone(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	b, _ := s.Business(ctx)
	b.TimeZone, b.BigTicketCents = "America/New_York", 50000
	if err := s.SaveBusiness(ctx, b); err != nil {
		t.Fatal(err)
	}
	r, _ := s.Rules(ctx)
	r.SmallSamplePercent, r.SmallSampleMaxDay = 34, 5
	if err := s.SaveRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	yesterday := fixedNow.AddDate(0, 0, -1)
	buy := func(i int) shop.ID {
		c := mustCustomer(t, s, shop.Customer{Name: fmt.Sprintf("Buyer %d", i), Phone: fmt.Sprintf("+1 212 555 02%02d", i), TimeZone: "America/New_York"})
		p := shop.Purchase{CustomerID: c.ID, At: yesterday.Add(time.Duration(i) * time.Minute), Items: "Beans", AmountCents: 1500, Channel: shop.ChannelVisit}
		if err := s.SavePurchase(ctx, &p); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	sampled := func() []shop.ID {
		items, err := s.Agenda(ctx, time.Unix(0, 0), fixedNow.AddDate(2, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		var out []shop.ID
		for _, it := range items {
			for _, r := range it.Reasons {
				if r.Rule == shop.RuleSmallSample {
					out = append(out, it.CustomerID)
				}
			}
		}
		slices.Sort(out)
		return out
	}
	// With 34 %, three buyers make one pick, six two, nine three: each sale that
	// changes the count, and some that do not, move the picks of the others.
	moved := 0 // sales that moved another buyer in or out
	for i := range 12 {
		prev := sampled()
		buyer := buy(i)
		got := sampled()
		if want := (i + 1) * 34 / 100; len(got) < want || len(got) > want+1 {
			t.Errorf("after %d buyers, %d are sampled (%v); want %d or %d", i+1, len(got), got, want, want+1)
		}
		if others := slices.DeleteFunc(slices.Clone(got), func(c shop.ID) bool { return c == buyer }); !slices.Equal(others, prev) {
			moved++
		}
		if _, err := s.Replan(ctx); err != nil {
			t.Fatal(err)
		}
		if full := sampled(); !slices.Equal(full, got) {
			t.Errorf("after %d buyers, the sale's re-plan sampled %v; a full re-plan samples %v", i+1, got, full)
		}
	}
	if moved == 0 {
		t.Fatal("no sale moved another buyer in or out of the sample: the test shows nothing; change its numbers")
	}
}

// The keys an import looks customers up by are filled in for the customers stored
// before migration 0015, in its own Go step.
func TestTheKeysMigrationFillsInStoredCustomers(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := mustCustomer(t, s, shop.Customer{Name: " Zoë Lindqvist ", Email: "Zoë@Example.com", Phone: "(212) 555-0142"})
	if _, err := s.db.Exec(`UPDATE customers SET email_key = '', phone_key = '', name_key = ''`); err != nil {
		t.Fatal(err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error { return migrationSteps[15](ctx, tx) })
	if err != nil {
		t.Fatal(err)
	}
	var email, phone, name string
	s.db.QueryRow(`SELECT email_key, phone_key, name_key FROM customers WHERE id = ?`, c.ID).Scan(&email, &phone, &name)
	if email != "zoë@example.com" || phone != "+12125550142" || name != "zoë lindqvist" {
		t.Errorf("keys = %q, %q, %q; want zoë@example.com, +12125550142, zoë lindqvist", email, phone, name)
	}
	got, err := s.CustomerByEmail(ctx, "ZOË@EXAMPLE.COM")
	if err != nil || got.ID != c.ID {
		t.Errorf("CustomerByEmail(ZOË@EXAMPLE.COM) = #%d, %v; want #%d", got.ID, err, c.ID)
	}
}

// storedPending is every pending follow-up as its rows read back, by its
// customer and lead reason: what a re-plan wrote, without the IDs.
func storedPending(t *testing.T, s *Store) map[string]string {
	t.Helper()
	rows, err := s.db.Query(`SELECT f.id, f.customer_id, f.due, f.day, f.time_zone, f.channel, coalesce(f.assignee_id, 0), f.priority, f.promised, f.overdue,
		r.key, r.rule, r.text, r.reference, coalesce(r.purchase_id, 0), r.natural_due
		FROM followups f JOIN followup_reasons r ON r.followup_id = f.id WHERE f.status = 'pending' ORDER BY f.id, r.rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	byID := map[int64]string{}
	lead := map[int64]string{}
	for rows.Next() {
		var id, cust, due, assignee, priority, promised, overdue, purchase, natural int64
		var day, zone, channel, key, rule, text, ref string
		if err := rows.Scan(&id, &cust, &due, &day, &zone, &channel, &assignee, &priority, &promised, &overdue, &key, &rule, &text, &ref, &purchase, &natural); err != nil {
			t.Fatal(err)
		}
		if _, ok := byID[id]; !ok {
			lead[id] = fmt.Sprint(cust, " ", key)
			byID[id] = fmt.Sprint(cust, due, day, zone, channel, assignee, priority, promised, overdue)
		}
		byID[id] += fmt.Sprint(" |", key, rule, text, ref, purchase, natural)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for id, v := range byID {
		out[lead[id]] = v
	}
	return out
}

// A re-plan that moves more follow-ups than one statement writes (a rule
// changed for everyone) leaves the same rows as a plan written from nothing,
// each follow-up keeping its ID.
func TestAReplanThatMovesHundredsOfFollowUpsWritesThemAll(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	// No calls drawn at random: a plan from nothing would draw them afresh.
	r, err := s.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r.RelationshipPerDay = 0
	if err := s.SaveRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	n := batchRows + 44 // a full batch and then batches of 32, 8 and 4
	err = s.Write(ctx, func(tx *Tx) error {
		b, err := tx.Business()
		if err != nil {
			return err
		}
		b.TimeZone, b.BigTicketCents = "America/New_York", 50000
		if err := tx.SetProfile(b, shop.LetterSettings{}); err != nil {
			return err
		}
		for i := range n {
			c := shop.Customer{Name: fmt.Sprintf("Customer %03d", i), Phone: fmt.Sprintf("+1 212 555 %04d", i), TimeZone: "America/New_York"}
			if err := tx.AddCustomer(&c); err != nil {
				return err
			}
			p := shop.Purchase{CustomerID: c.ID, At: fixedNow.AddDate(0, 0, -1-i%5), Items: "Espresso machine", AmountCents: 90000, Channel: shop.ChannelVisit}
			if err := tx.AddPurchase(&p); err != nil {
				return err
			}
		}
		_, err = tx.ReplanAll()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	before := pendingIDs(t, s)
	was := storedPending(t, s)
	r.BigTicketWeekDays += 3
	if err := s.SaveRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	moved := storedPending(t, s)
	changed := 0
	for key, v := range moved {
		if was[key] != "" && was[key] != v {
			changed++
		}
	}
	if changed <= batchRows {
		t.Fatalf("the rule moved %d follow-ups; the test needs more than %d", changed, batchRows)
	}
	after := pendingIDs(t, s)
	for key, id := range before {
		if a, ok := after[key]; ok && a != id {
			t.Errorf("the follow-up led by %s moved from #%d to #%d", key, id, a)
		}
	}

	// The same plan written from nothing.
	if _, err := s.db.Exec(`DELETE FROM followups WHERE status = 'pending'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replan(ctx); err != nil {
		t.Fatal(err)
	}
	if fresh := storedPending(t, s); !maps.Equal(fresh, moved) {
		for key, v := range fresh {
			if moved[key] != v {
				t.Errorf("the follow-up led by %s:\nwritten over the old plan %s\nwritten from nothing      %s", key, moved[key], v)
				break
			}
		}
		t.Errorf("%d follow-ups written over the old plan, %d from nothing; they differ", len(moved), len(fresh))
	}
}
