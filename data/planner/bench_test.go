package planner

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// The benchmark shop: 100,000 customers in seven zones, 1,000,000 purchases and
// 200,000 issues over five years, planned at a fixed Now with the default rules
// (a 30-minute block: 6 calls a day, so most routine calls overflow for years,
// which is the capacity pass's worst case).
const (
	benchCustomers = 100_000
	benchPurchases = 1_000_000
	benchIssues    = 200_000
)

var benchFull = sync.OnceValue(func() PlanInput { return buildBenchShop(benchCustomers, benchPurchases, benchIssues) })

// benchZones are the customers' zones of the planner's benchmark shop in Los
// Angeles: customers in Tokyo and Sydney can be called on every shop day.
var benchZones = []string{zLA, zNY, "America/Chicago", zBerlin, "Europe/London", zTokyo, "Australia/Sydney"}

// westZones are those of the store's benchmark shop in New York: on a Sunday there,
// only a few of the Honolulu customers' Saturday evening calls can be placed.
var westZones = []string{zNY, "America/Chicago", "America/Denver", zLA, "Europe/London", zBerlin, "Pacific/Honolulu"}

func buildBenchShop(nCust, nPurch, nIssues int) PlanInput {
	return buildBenchShopIn(zLA, benchZones, nCust, nPurch, nIssues)
}

func buildBenchShopIn(shopZone string, zones []string, nCust, nPurch, nIssues int) PlanInput {
	rng := rand.New(rand.NewPCG(2026, 6))
	la, _ := time.LoadLocation(zLA)
	now := time.Date(2026, 6, 15, 9, 0, 0, 0, la).UTC()
	fiveYears := int64(5 * 365 * 24 * time.Hour)
	r := shop.DefaultRules()
	b := shop.Business{Name: "Bench", TimeZone: shopZone, BigTicketCents: 50_000}
	in := PlanInput{Now: now, Business: b, Rules: r}
	for i := 1; i <= 8; i++ {
		in.Staff = append(in.Staff, shop.Staff{ID: shop.ID(i), Senior: i <= 2, Active: i != 8})
	}
	channels := []shop.Channel{shop.ChannelPhone, shop.ChannelEmail, shop.ChannelLetter, shop.ChannelVisit, shop.ChannelWeb}
	items := []string{"Espresso machine", "Grinder", "Beans 1 kg", "Milk jug", "Descaler", "Tamper"}

	// Purchases and issues are made in one flat slice each, grouped by customer with a
	// counting sort, and each customer gets a sub-slice: no per-customer allocations.
	pCust := make([]int32, nPurch)
	pCount := make([]int32, nCust+1)
	for i := range pCust {
		c := int32(rng.IntN(nCust))
		pCust[i] = c
		pCount[c+1]++
	}
	iCust := make([]int32, nIssues)
	iCount := make([]int32, nCust+1)
	for i := range iCust {
		c := int32(rng.IntN(nCust))
		iCust[i] = c
		iCount[c+1]++
	}
	for c := 1; c <= nCust; c++ {
		pCount[c] += pCount[c-1]
		iCount[c] += iCount[c-1]
	}
	purchases := make([]shop.Purchase, nPurch)
	pNext := append([]int32(nil), pCount[:nCust]...)
	for i, c := range pCust {
		amount := int64(500 + rng.IntN(20_000))
		if rng.IntN(10) == 0 {
			amount = int64(50_000 + rng.IntN(500_000))
		}
		purchases[pNext[c]] = shop.Purchase{ID: shop.ID(i + 1), CustomerID: shop.ID(c + 1), At: now.Add(-time.Duration(rng.Int64N(fiveYears))),
			Items: items[rng.IntN(len(items))], AmountCents: amount, Channel: channels[rng.IntN(len(channels))], SoldBy: shop.ID(1 + rng.IntN(8))}
		pNext[c]++
	}
	issues := make([]shop.Issue, nIssues)
	iNext := append([]int32(nil), iCount[:nCust]...)
	for i, c := range iCust {
		opened := now.Add(-time.Duration(rng.Int64N(fiveYears)))
		is := shop.Issue{ID: shop.ID(i + 1), CustomerID: shop.ID(c + 1), Type: shop.IssueTypes[rng.IntN(len(shop.IssueTypes))], Channel: channels[rng.IntN(len(channels))],
			OpenedAt: opened, Complicated: rng.IntN(5) == 0, Escalated: rng.IntN(30) == 0, Trivial: rng.IntN(5) == 0,
			HandledBy: shop.ID(1 + rng.IntN(8)), Reference: "T-1", Summary: "printer jams on tray 2"}
		replied := opened.Add(time.Duration(rng.IntN(72)) * time.Hour)
		is.RepliedAt = &replied
		// Recent issues are often still open; a few old ones were forgotten open.
		if age := now.Sub(opened); age > 60*24*time.Hour && rng.IntN(200) != 0 || age <= 60*24*time.Hour && rng.IntN(3) != 0 {
			resolved := replied.Add(time.Duration(rng.IntN(240)) * time.Hour)
			is.ResolvedAt = &resolved
		}
		if is.Type == shop.IssueBilling {
			bd := opened.AddDate(0, 0, 20)
			is.BillingDate = &bd
		}
		issues[iNext[c]] = is
		iNext[c]++
	}

	shopLoc := b.Location()
	todayStart := atMinute(localDay(now, shopLoc), 0, shopLoc)
	yesterdayStart := todayStart.AddDate(0, 0, -1)
	var yesterday []shop.Purchase
	var called []shop.ID
	in.Customers = make([]CustomerPlan, nCust)
	for c := 0; c < nCust; c++ {
		id := shop.ID(c + 1)
		cust := shop.Customer{ID: id, Name: "C", Kind: []shop.CustomerKind{shop.KindConsumer, shop.KindBusiness, ""}[rng.IntN(3)],
			Phone: "555", Email: "c@example.com", Address: "1 Main St", TimeZone: zones[rng.IntN(len(zones))],
			PreferredCallMinute: -1, EveningOnly: rng.IntN(20) == 0, DoNotContact: rng.IntN(100) == 0}
		if rng.IntN(10) == 0 {
			cust.PreferredCallMinute = 9*60 + rng.IntN(12*60)
		}
		cp := CustomerPlan{Customer: CustomerOf(cust), Purchases: purchases[pCount[c]:pCount[c+1]:pCount[c+1]], Issues: issues[iCount[c]:iCount[c+1]:iCount[c+1]]}
		for _, p := range cp.Purchases {
			cp.LifetimeCents += p.AmountCents
			if !p.At.Before(yesterdayStart) && p.At.Before(todayStart) {
				yesterday = append(yesterday, p)
			}
		}
		if rng.IntN(5) == 0 {
			at := now.Add(-time.Duration(rng.Int64N(int64(40 * 24 * time.Hour))))
			cp.Contacts = []shop.Contact{{ID: id, CustomerID: id, At: at, Channel: shop.ChannelEmail, Direction: shop.Inbound, StaffID: shop.ID(1 + rng.IntN(8))}}
			if !at.Before(yesterdayStart) && at.Before(todayStart) {
				called = append(called, id)
			}
		}
		if rng.IntN(50) == 0 {
			cp.Promises = []shop.Promise{{ID: id, CustomerID: id, Due: now.Add(time.Duration(rng.Int64N(int64(40*24*time.Hour))) - 10*24*time.Hour)}}
		}
		in.Customers[c] = cp
	}
	// The day's random picks, made the way the store makes them before planning.
	for pid := range SampleSmallTicket(r, b, yesterday) {
		cp := &in.Customers[purchases[indexOfPurchase(purchases, pid)].CustomerID-1]
		if cp.Sampled == nil {
			cp.Sampled = map[shop.ID]bool{}
		}
		cp.Sampled[pid] = true
	}
	for _, id := range PickRelationship(r, dayString(localDay(now, shopLoc)), called) {
		in.Customers[id-1].Relationship = true
	}
	return in
}

// indexOfPurchase finds a purchase by ID in the bench slice (IDs are creation order,
// so a linear scan is only over the handful picked).
func indexOfPurchase(ps []shop.Purchase, id shop.ID) int {
	for i := range ps {
		if ps[i].ID == id {
			return i
		}
	}
	return -1
}

func BenchmarkPlanFull(b *testing.B) {
	in := benchFull()
	b.ReportAllocs()
	b.ResetTimer()
	var n, calls int
	for b.Loop() {
		fus := Plan(in)
		n = len(fus)
	}
	b.StopTimer()
	for _, f := range Plan(in) {
		if f.Channel == shop.ChannelPhone {
			calls++
		}
	}
	b.ReportMetric(float64(n), "followups/op")
	b.ReportMetric(float64(calls), "calls/op")
}

func BenchmarkPlanOneCustomer(b *testing.B) {
	la, _ := time.LoadLocation(zLA)
	now := time.Date(2026, 6, 15, 9, 0, 0, 0, la)
	cp := CustomerPlan{Customer: CustomerOf(shop.Customer{ID: 42, Name: "One", Phone: "555", Email: "o@example.com", Address: "1 Main St",
		TimeZone: zNY, PreferredCallMinute: -1}), LifetimeCents: 300_000}
	for i := 0; i < 10; i++ {
		cp.Purchases = append(cp.Purchases, shop.Purchase{ID: shop.ID(i + 1), CustomerID: 42, At: now.AddDate(0, 0, -9*i).Add(-3 * time.Hour),
			Items: "Grinder", AmountCents: int64(20_000 + 10_000*i), Channel: shop.ChannelVisit, SoldBy: 2})
	}
	replied := now.AddDate(0, 0, -3)
	cp.Issues = []shop.Issue{
		{ID: 1, CustomerID: 42, Type: shop.IssueSupport, Channel: shop.ChannelPhone, OpenedAt: now.AddDate(0, 0, -4), RepliedAt: &replied, Summary: "noisy burrs", HandledBy: 2},
		{ID: 2, CustomerID: 42, Type: shop.IssueComplaint, Channel: shop.ChannelEmail, OpenedAt: now.AddDate(0, 0, -12), RepliedAt: &replied, ResolvedAt: &replied, Summary: "late delivery"},
	}
	in := shopInput(now, cp)
	in.Booked = map[string]int{}
	for d := 0; d < 400; d++ {
		in.Booked[now.AddDate(0, 0, d).Format(time.DateOnly)] = 5 + d%3 // most days nearly full
	}
	b.ReportAllocs()
	b.ResetTimer()
	var n int
	for b.Loop() {
		n = len(Plan(in))
	}
	b.ReportMetric(float64(n), "followups/op")
}

// BenchmarkPlanWestShop plans the benchmark shop moved to New York with customers
// from Honolulu to Berlin: on its Sundays nobody but a few Honolulu evening calls
// can be placed, the case that made the capacity pass quadratic in the backlog.
func BenchmarkPlanWestShop(b *testing.B) {
	in := benchWest()
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(Plan(in))
	}
	b.ReportMetric(float64(n), "followups/op")
}

var benchWest = sync.OnceValue(func() PlanInput {
	return buildBenchShopIn(zNY, westZones, benchCustomers, benchPurchases, benchIssues)
})
