package planner

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// propZones mixes ordinary zones with the awkward ones: half-hour DST (Lord Howe),
// 45-minute offsets, a DST change at midnight (Havana), the date line, a missing zone
// and an unknown one.
var propZones = []string{zLA, zNY, zBerlin, zTokyo, "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham",
	"America/St_Johns", "America/Havana", "Pacific/Kiritimati", "Pacific/Pago_Pago", "", "Nowhere/Special"}

// randomShop builds a random but valid shop around a random Now in 2026 (often in a
// week with a clock change), for the invariants below.
func randomShop(seed uint64, customers int) PlanInput {
	rng := rand.New(rand.NewPCG(seed, seed*7919+1))
	pick := func(n int) int { return rng.IntN(n) }
	chance := func(pct int) bool { return rng.IntN(100) < pct }

	dstWeeks := []time.Time{
		time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC),  // US spring forward 8 Mar
		time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC), // EU spring forward 29 Mar
		time.Date(2026, 10, 23, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC), // US fall back 1 Nov
		time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC),   // Lord Howe, Chatham fall back 5 Apr
	}
	now := dstWeeks[pick(len(dstWeeks))].Add(time.Duration(rng.Int64N(int64(4 * 24 * time.Hour))))
	if chance(30) {
		now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
	}
	now = now.Add(time.Duration(pick(60)) * time.Second)

	r := shop.DefaultRules()
	r.CallSundays = chance(30)
	r.MinutesPerCall = 1 + pick(10)
	r.BlockMinutes = []int{0, 5, 10, 20, 30, 60}[pick(6)]
	r.LapseDays = pick(30)
	r.ThankYouDays = pick(3)
	r.Seed = pick(1000)
	if chance(30) {
		r.LunchStart, r.LunchEnd = 11*60+pick(120), 13*60+pick(60)
	}

	in := PlanInput{
		Now:      now,
		Business: shop.Business{TimeZone: propZones[pick(len(propZones))], BusinessToBusiness: chance(50), BigTicketCents: int64(pick(3)) * 40_000},
		Rules:    r,
	}
	for i := 1; i <= 1+pick(5); i++ {
		in.Staff = append(in.Staff, shop.Staff{ID: shop.ID(i), Senior: chance(40), Active: chance(85)})
	}
	if chance(50) {
		in.Booked = map[string]int{}
		for d := -2; d < 20; d++ {
			if chance(40) {
				in.Booked[now.AddDate(0, 0, d).Format(time.DateOnly)] = pick(8)
			}
		}
	}
	channels := []shop.Channel{shop.ChannelPhone, shop.ChannelEmail, shop.ChannelLetter, shop.ChannelVisit, shop.ChannelWeb, ""}
	when := func(maxBackDays int) time.Time {
		return now.Add(-time.Duration(rng.Int64N(int64(maxBackDays)*int64(24*time.Hour) + 1)))
	}
	types := append(slices.Clone(shop.IssueTypes), "warranty")
	for i := 1; i <= customers; i++ {
		id := shop.ID(i)
		c := shop.Customer{ID: id, Name: fmt.Sprint("c", i), TimeZone: propZones[pick(len(propZones))], PreferredCallMinute: -1,
			Kind: []shop.CustomerKind{shop.KindBusiness, shop.KindConsumer, ""}[pick(3)], EveningOnly: chance(15), DoNotContact: chance(8)}
		if chance(85) {
			c.Phone = "555"
		}
		if chance(70) {
			c.Email = "x@example.com"
		}
		if chance(80) {
			c.Address = "1 Main St"
		}
		if chance(25) {
			c.PreferredCallMinute = pick(minutesPerDay)
		}
		if chance(20) {
			c.PreferredChannel = channels[pick(5)]
		}
		cp := CustomerPlan{Customer: CustomerOf(c), LifetimeCents: int64(pick(100)) * 1000, Relationship: chance(10),
			Done: map[string]bool{}, Overrides: map[string]shop.Override{}, Sampled: map[shop.ID]bool{}}
		var keys []string
		for j := 0; j < pick(6); j++ {
			pid := id*100 + shop.ID(j)
			cp.Purchases = append(cp.Purchases, shop.Purchase{ID: pid, CustomerID: id, At: when(130), Items: "thing",
				AmountCents: int64(pick(100_000)), Channel: channels[pick(len(channels))], SoldBy: shop.ID(pick(7))})
			if chance(30) {
				cp.Sampled[pid] = true
			}
			keys = append(keys, keyOf("purchase", pid, "thanks"), keyOf("purchase", pid, "big1"), keyOf("purchase", pid, "big2"), keyOf("purchase", pid, "sample"))
		}
		for j := 0; j < pick(4); j++ {
			iid := id*100 + shop.ID(j)
			is := shop.Issue{ID: iid, CustomerID: id, Type: types[pick(len(types))], Channel: channels[pick(len(channels))], OpenedAt: when(80),
				Complicated: chance(30), Escalated: chance(15), Trivial: chance(20), HandledBy: shop.ID(pick(7)), Summary: "s", Reference: "R"}
			if chance(70) {
				is.RepliedAt = ptr(is.OpenedAt.Add(time.Duration(pick(72)) * time.Hour))
			}
			if chance(60) {
				is.ResolvedAt = ptr(is.OpenedAt.Add(time.Duration(pick(200)) * time.Hour))
			}
			if chance(40) {
				is.BillingDate = ptr(is.OpenedAt.AddDate(0, 0, pick(60)))
			}
			cp.Issues = append(cp.Issues, is)
			keys = append(keys, keyOf("issue", iid, "first"), keyOf("issue", iid, "second"))
		}
		for j := 0; j < pick(3); j++ {
			pr := shop.Promise{ID: id*100 + shop.ID(j), CustomerID: id, Due: now.Add(time.Duration(rng.Int64N(int64(20*24*time.Hour))) - 10*24*time.Hour),
				Channel: channels[pick(len(channels))], AssigneeID: shop.ID(pick(7))}
			cp.Promises = append(cp.Promises, pr)
			keys = append(keys, keyOf("promise", pr.ID, ""))
		}
		for j := 0; j < pick(4); j++ {
			cp.Contacts = append(cp.Contacts, shop.Contact{ID: id*100 + shop.ID(j), CustomerID: id, At: when(60), Channel: channels[pick(3)],
				Direction: []shop.Direction{shop.Inbound, shop.Outbound}[pick(2)], StaffID: shop.ID(pick(7))})
		}
		for _, k := range keys {
			switch {
			case chance(10):
				cp.Done[k] = true
			case chance(8):
				cp.Overrides[k] = shop.Override{Key: k, NotBefore: now.Add(time.Duration(rng.Int64N(int64(10*24*time.Hour))) - 2*24*time.Hour)}
			case chance(5):
				cp.Overrides[k] = shop.Override{Key: k, Pinned: now.Add(time.Duration(rng.Int64N(int64(10*24*time.Hour))) - 2*24*time.Hour)}
			}
		}
		in.Customers = append(in.Customers, cp)
	}
	return in
}

// checkInvariants asserts the golden rule and the promises the planner makes for
// any input, and returns the first broken one.
func checkInvariants(in PlanInput, fus []shop.FollowUp) error {
	r := in.Rules
	plans := map[shop.ID]*CustomerPlan{}
	for i := range in.Customers {
		plans[in.Customers[i].Customer.ID] = &in.Customers[i]
	}
	shopLoc := in.Business.Location()
	today := localDay(in.Now, shopLoc)
	type custDay struct {
		c   shop.ID
		day int
	}
	seenDay := map[custDay]bool{}
	seenKey := map[string]bool{} // customer/key: keys are unique per customer
	type dayCount struct{ fixed, movable int }
	perShopDay := map[int]*dayCount{}
	for i, f := range fus {
		cp := plans[f.CustomerID]
		if cp == nil {
			return fmt.Errorf("follow-up for unknown customer %d", f.CustomerID)
		}
		c := cp.Customer
		if c.DoNotContact {
			return fmt.Errorf("customer %d is do-not-contact but has %+v", c.ID, f)
		}
		loc, err := time.LoadLocation(f.TimeZone)
		if err != nil || f.TimeZone == "" {
			return fmt.Errorf("follow-up zone %q: %v", f.TimeZone, err)
		}
		if f.ID != 0 || f.Status != shop.StatusPending || f.Due.Location() != time.UTC || len(f.Reasons) == 0 {
			return fmt.Errorf("malformed follow-up %+v", f)
		}
		if i > 0 {
			p := fus[i-1]
			if p.Due.After(f.Due) || p.Due.Equal(f.Due) && p.CustomerID > f.CustomerID {
				return fmt.Errorf("not sorted at %d", i)
			}
		}
		pinned := false
		for _, rs := range f.Reasons {
			ck := fmt.Sprint(c.ID, "/", rs.Key)
			if seenKey[ck] {
				return fmt.Errorf("customer %d: reason %s planned twice", c.ID, rs.Key)
			}
			seenKey[ck] = true
			if cp.Done[rs.Key] {
				return fmt.Errorf("done reason %s planned again", rs.Key)
			}
			if !cp.Overrides[rs.Key].Pinned.IsZero() {
				pinned = true
			}
		}
		owners := f.Promised || pinned
		if f.Channel == shop.ChannelPhone && !owners && !CallAllowed(r, shop.Customer{EveningOnly: c.EveningOnly}, loc, f.Due) {
			return fmt.Errorf("customer %d (%s, evening=%v): call at %s is outside the windows", c.ID, f.TimeZone, c.EveningOnly,
				f.Due.In(loc).Format("Mon 2006-01-02 15:04:05 MST"))
		}
		if !owners && f.Due.Before(in.Now) {
			return fmt.Errorf("customer %d: planned at %s, before now %s", c.ID, f.Due, in.Now)
		}
		key := custDay{c.ID, localDay(f.Due, loc)}
		if seenDay[key] {
			return fmt.Errorf("customer %d has two follow-ups on %s", c.ID, dayString(key.day))
		}
		seenDay[key] = true
		if f.Promised && f.Priority > shop.PriorityPromise {
			return fmt.Errorf("promised follow-up with priority %d", f.Priority)
		}
		if f.Overdue && f.Priority > shop.PriorityOverdue {
			return fmt.Errorf("overdue follow-up with priority %d", f.Priority)
		}
		if f.Channel == shop.ChannelPhone {
			d := localDay(f.Due, shopLoc)
			if perShopDay[d] == nil {
				perShopDay[d] = &dayCount{}
			}
			if owners || f.Priority == shop.PriorityOpenProblem {
				perShopDay[d].fixed++
			} else {
				perShopDay[d].movable++
			}
		}
	}
	if limit := r.CallsPerDay(); limit > 0 {
		booked := map[int]int{}
		for s, n := range in.Booked {
			t, _ := time.Parse(time.DateOnly, s)
			booked[daysFromCivil(t.Date())] += n
		}
		for d, n := range perShopDay {
			if room := max(0, limit-booked[d]-n.fixed); d >= today && n.movable > room {
				return fmt.Errorf("shop day %s: %d movable calls, room for %d (limit %d, booked %d, fixed %d)",
					dayString(d), n.movable, room, limit, booked[d], n.fixed)
			}
		}
	}
	return nil
}

func TestPlanInvariants(t *testing.T) {
	// Property test over random shops: no call outside the customer's windows (bar the
	// owner's own times), never two follow-ups for a customer on one day, nothing for
	// do-not-contact customers, nothing before now (bar the owner's times), the daily
	// block respected, and the same plan every time.
	for seed := uint64(1); seed <= 300; seed++ {
		in := randomShop(seed, 40)
		fus := Plan(in)
		if err := checkInvariants(in, fus); err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, dump(fus))
		}
		if again := Plan(in); !reflect.DeepEqual(fus, again) {
			t.Fatalf("seed %d: a second plan of the same input differs", seed)
		}
	}
}

// FuzzPlanInvariants runs the same invariants from a fuzzed seed and size; its seed
// corpus runs with the normal tests.
func FuzzPlanInvariants(f *testing.F) {
	for _, s := range []uint64{1, 42, 2026, 99991} {
		f.Add(s, uint8(30))
	}
	f.Fuzz(func(t *testing.T, seed uint64, n uint8) {
		in := randomShop(seed, int(n%80)+1)
		fus := Plan(in)
		if err := checkInvariants(in, fus); err != nil {
			t.Fatalf("seed %d n %d: %v\n%s", seed, n, err, dump(fus))
		}
	})
}

func TestInvariantCheckerCatchesBreaks(t *testing.T) {
	// The property test is only worth something if its checker fails on a bad plan.
	in := randomShop(3, 40)
	fus := Plan(in)
	if err := checkInvariants(in, fus); err != nil {
		t.Fatal(err)
	}
	call := -1
	for i, f := range fus {
		if f.Channel == shop.ChannelPhone && !f.Promised && f.Due.After(in.Now) {
			call = i
			break
		}
	}
	if call < 0 {
		t.Fatal("the seeded shop has no routine call to corrupt; pick another seed")
	}
	loc, _ := time.LoadLocation(fus[call].TimeZone)
	bad := slices.Clone(fus)
	l := bad[call].Due.In(loc)
	bad[call].Due = time.Date(l.Year(), l.Month(), l.Day(), 3, 0, 0, 0, loc).UTC() // 03:00 local
	slices.SortStableFunc(bad, func(a, b shop.FollowUp) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return int(a.CustomerID - b.CustomerID)
	})
	if err := checkInvariants(in, bad); err == nil || !strings.Contains(err.Error(), "outside the windows") && !strings.Contains(err.Error(), "before now") {
		t.Errorf("a 03:00 call: checker said %v", err)
	}
	bad = append(slices.Clone(fus), fus[call])
	if checkInvariants(in, bad) == nil {
		t.Error("a duplicate follow-up passed the checker")
	}
}
