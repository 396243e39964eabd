package planner

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// TestABrokenPromiseRanksAboveOverdueCallsOfBiggerSpenders is the bug of issue 18:
// a promise whose time had passed sorted below two overdue routine calls of
// customers who had spent more, because promises and overdue items shared a class.
func TestABrokenPromiseRanksAboveOverdueCallsOfBiggerSpenders(t *testing.T) {
	now := lt(t, zLA, "2026-06-10 16:00")
	promised := CustomerPlan{Customer: CustomerOf(person(1, zLA)), LifetimeCents: 2_000,
		Promises: []shop.Promise{{ID: 7, CustomerID: 1, Due: lt(t, zLA, "2026-06-10 11:00"), Channel: shop.ChannelPhone, AssigneeID: 2}}}
	// Two big spenders whose one-week calls were due two days ago: overdue, routine.
	overdue := func(id shop.ID) CustomerPlan {
		return CustomerPlan{Customer: CustomerOf(person(id, zLA)), LifetimeCents: 900_000,
			Purchases: []shop.Purchase{{ID: id * 10, CustomerID: id, At: lt(t, zLA, "2026-06-01 15:20"), Items: "Espresso machine", AmountCents: 120_000, Channel: shop.ChannelVisit}},
			Done:      map[string]bool{keyOf("purchase", id*10, "thanks"): true}}
	}
	// A routine call due today of the biggest spender of all.
	routine := CustomerPlan{Customer: CustomerOf(person(4, zLA)), LifetimeCents: 5_000_000,
		Purchases: []shop.Purchase{{ID: 40, CustomerID: 4, At: lt(t, zLA, "2026-06-03 16:30"), Items: "Grinder", AmountCents: 90_000, Channel: shop.ChannelVisit}},
		Done:      map[string]bool{"purchase:40:thanks": true}}
	// An open problem comes first even with the least spent.
	problem := CustomerPlan{Customer: CustomerOf(person(5, zLA)), LifetimeCents: 10,
		Issues: []shop.Issue{{ID: 50, CustomerID: 5, Type: shop.IssueSupport, Channel: shop.ChannelPhone, OpenedAt: lt(t, zLA, "2026-06-03 16:45")}}}

	in := shopInput(now, promised, overdue(2), overdue(3), routine, problem)
	in.Rules.BlockMinutes = 600 // room for every call today: this is about order
	var today []shop.FollowUp
	spend := map[shop.ID]int64{}
	for _, f := range Plan(in) {
		if fmtLocal(t, f.Due, zLA)[:14] == "Wed 2026-06-10" {
			today = append(today, f)
		}
	}
	for _, cp := range in.Customers {
		spend[cp.Customer.ID] = cp.LifetimeCents
	}
	RankDay(today, spend)
	var got []shop.ID
	for _, f := range today {
		got = append(got, f.CustomerID)
	}
	// 5 (open problem) · 1 (broken promise) · 2, 3 (overdue) · 4 (routine)
	if want := []shop.ID{5, 1, 2, 3, 4}; !slices.Equal(got, want) {
		t.Errorf("today's order %v, want %v (open problem, broken promise, overdue, routine)\n%s", got, want, dump(today))
	}
}

// RankItems (which sorts small keys) orders any list exactly as a stable sort by
// rankCompare does: lists of many ties of class, time (to the nanosecond), spend
// and customer, promises among them. RankLines orders the items' lines alike.
func TestRankItemsIsAStableSortByRankCompare(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 6))
	base := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	for round := range 200 {
		items := make([]shop.AgendaItem, r.IntN(300))
		for i := range items {
			it := &items[i]
			it.ID = shop.ID(i + 1)
			it.Priority = r.IntN(4)
			it.Due = base.Add(time.Duration(r.IntN(4))*time.Hour + time.Duration(r.IntN(3))*time.Nanosecond)
			it.CustomerID = shop.ID(r.IntN(5))
			it.LifetimeCents = int64(r.IntN(3)) * 1000
		}
		lines := make([]shop.Line, len(items))
		for i := range items {
			lines[i] = items[i].Line()
		}
		want := slices.Clone(items)
		slices.SortStableFunc(want, func(a, b shop.AgendaItem) int {
			return rankCompare(&a.FollowUp, &b.FollowUp, a.LifetimeCents, b.LifetimeCents)
		})
		RankItems(items)
		RankLines(lines)
		for i := range items {
			if items[i].ID != want[i].ID {
				t.Fatalf("round %d: item %d is follow-up %d, want %d", round, i, items[i].ID, want[i].ID)
			}
			if lines[i].ID != want[i].ID {
				t.Fatalf("round %d: line %d is follow-up %d, want %d", round, i, lines[i].ID, want[i].ID)
			}
		}
	}
}
