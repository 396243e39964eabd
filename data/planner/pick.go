package planner

import (
	"cmp"
	"hash/fnv"
	"slices"

	"github.com/rapport-app/rapport/data/shop"
)

// This file makes the planner's two random picks (FOLLOWUP_RULES.md §1): the
// small-ticket buyers called the next day and the customers who get a relationship
// call. Both are reproducible: the same seed, day and IDs always pick the same, with
// no global random state, so a re-plan does not reshuffle who gets called.

// splitmix64 is the finaliser of the SplitMix64 generator: a fast, well-mixed hash of
// a 64-bit value.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// pickHash hashes the seed, a day and an ID into one uniformly spread number.
func pickHash(seed int, day, id uint64) uint64 {
	h := splitmix64(uint64(int64(seed)))
	h = splitmix64(h ^ day)
	return splitmix64(h ^ id)
}

// SampleSmallTicket picks small-ticket purchases (AmountCents < b.BigTicketCents) for a
// next-day call: for each shop-local day (b.Location()), a deterministic pseudo-random
// SmallSamplePercent % of that day's small-ticket buyers, at most SmallSampleMaxDay per
// day, seeded by r.Seed. Purchases may come from many customers; the result is keyed
// by purchase ID, and at most one purchase per customer per day is picked.
//
// Each buyer is drawn through their first small-ticket purchase of the day (lowest
// ID) and ranked by a hash of the seed, the day and that purchase's ID; the lowest
// ranks are picked. A day of n buyers picks n·percent/100 of them; the fraction left
// over is settled by a hash of the seed and day, so a shop with three buyers a day
// still calls about ten percent of them over time instead of nobody. Purchases with
// no customer cannot be called and are left out. With no big-ticket threshold set
// every purchase counts as small-ticket.
func SampleSmallTicket(r shop.Rules, b shop.Business, purchases []shop.Purchase) map[shop.ID]bool {
	picked := map[shop.ID]bool{}
	if r.SmallSamplePercent <= 0 || r.SmallSampleMaxDay <= 0 {
		return picked
	}
	loc := b.Location()
	// The small-ticket purchases with a customer, by day. A re-plan passes a
	// shop's recent sales in time order, so they are by day already; any other
	// order is sorted first.
	sales := make([]buyer, 0, len(purchases))
	sorted := true
	for i := range purchases {
		pu := &purchases[i]
		if pu.CustomerID == 0 || IsBigTicket(b, pu) {
			continue
		}
		by := buyer{day: localDay(pu.At, loc), cust: pu.CustomerID, pid: pu.ID}
		sorted = sorted && (len(sales) == 0 || sales[len(sales)-1].day <= by.day)
		sales = append(sales, by)
	}
	if !sorted {
		slices.SortFunc(sales, func(a, b buyer) int { return cmp.Compare(a.day, b.day) })
	}
	// Each day is drawn on its own, so what a day needs (a map of its buyers, its
	// picks) is the size of a day, not of all the sales: a big shop's months of
	// sales cost no more per sale than a small shop's.
	pct := min(r.SmallSamplePercent, 100)
	first := map[shop.ID]int{} // the day's buyers: customer → index in day
	var day, best []buyer
	for i := 0; i < len(sales); {
		j := i
		for j < len(sales) && sales[j].day == sales[i].day {
			j++
		}
		clear(first)
		day = day[:0]
		for _, by := range sales[i:j] {
			if at, ok := first[by.cust]; ok {
				day[at].pid = min(day[at].pid, by.pid)
				continue
			}
			first[by.cust] = len(day)
			day = append(day, by)
		}
		n := len(day)
		k := n * pct / 100
		if rest := n * pct % 100; rest > 0 {
			// The day's own draw decides the fractional buyer; ID 0 is no purchase.
			if pickHash(r.Seed, uint64(int64(sales[i].day)), 0)%100 < uint64(rest) {
				k++
			}
		}
		k = min(k, r.SmallSampleMaxDay)
		best = lowestRanks(r.Seed, day, k, best)
		for _, by := range best {
			picked[by.pid] = true
		}
		i = j
	}
	return picked
}

// buyer is a customer who bought small on a shop-local day, through their first
// small-ticket purchase of the day (lowest ID), and their rank in the day's draw.
type buyer struct {
	day  int
	cust shop.ID
	pid  shop.ID
	rank uint64
}

// buyerLess orders a day's buyers by rank, then purchase ID.
func buyerLess(a, b *buyer) bool {
	return a.rank < b.rank || a.rank == b.rank && a.pid < b.pid
}

// lowestRanks returns, in out's storage, the k buyers of one day with the lowest
// ranks (a hash of the seed, the day and the purchase ID; ties by purchase ID). It
// keeps the best k found so far in order, so that a day of n buyers costs about n
// steps when k is small, as it is (a handful of calls a day); a large k sorts the
// day instead.
func lowestRanks(seed int, day []buyer, k int, out []buyer) []buyer {
	out = out[:0]
	for i := range day {
		day[i].rank = pickHash(seed, uint64(int64(day[i].day)), uint64(day[i].pid))
	}
	if k > 64 {
		slices.SortFunc(day, func(a, b buyer) int {
			return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.pid, b.pid))
		})
		return append(out, day[:min(k, len(day))]...)
	}
	for i := range day {
		by := &day[i]
		if len(out) == k && (k == 0 || !buyerLess(by, &out[k-1])) {
			continue
		}
		at, _ := slices.BinarySearchFunc(out, by, func(e buyer, t *buyer) int {
			if buyerLess(&e, t) {
				return -1
			}
			return 1
		})
		if len(out) < k {
			out = append(out, buyer{})
		}
		copy(out[at+1:], out[at:len(out)-1])
		out[at] = *by
	}
	return out
}

// PickRelationship picks up to r.RelationshipPerDay customer IDs for today's
// relationship calls from the customers who contacted the shop yesterday
// (candidates), deterministically from r.Seed and the day string ("2006-01-02"). The
// order of candidates and repeats in it do not change the pick; the result lists the
// picked IDs in pick order.
func PickRelationship(r shop.Rules, day string, candidates []shop.ID) []shop.ID {
	if r.RelationshipPerDay <= 0 || len(candidates) == 0 {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte(day))
	dayHash := h.Sum64()
	type cand struct {
		id   shop.ID
		rank uint64
	}
	ids := slices.Clone(candidates)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	cs := make([]cand, 0, len(ids))
	for _, id := range ids {
		if id != 0 {
			cs = append(cs, cand{id, pickHash(r.Seed, dayHash, uint64(id))})
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	n := min(r.RelationshipPerDay, len(cs))
	out := make([]shop.ID, n)
	for i := range out {
		out[i] = cs[i].id
	}
	return out
}
