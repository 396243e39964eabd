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
	type buyer struct {
		day  int
		cust shop.ID
		pid  shop.ID
		rank uint64
	}
	first := map[custDayID]int{}
	var buyers []buyer
	for i := range purchases {
		pu := &purchases[i]
		if pu.CustomerID == 0 || IsBigTicket(b, pu) {
			continue
		}
		day := localDay(pu.At, loc)
		key := custDayID{pu.CustomerID, day}
		if j, ok := first[key]; ok {
			if pu.ID < buyers[j].pid {
				buyers[j].pid = pu.ID
			}
			continue
		}
		first[key] = len(buyers)
		buyers = append(buyers, buyer{day: day, cust: pu.CustomerID, pid: pu.ID})
	}
	for i := range buyers {
		buyers[i].rank = pickHash(r.Seed, uint64(int64(buyers[i].day)), uint64(buyers[i].pid))
	}
	slices.SortFunc(buyers, func(a, b buyer) int {
		if c := cmp.Compare(a.day, b.day); c != 0 {
			return c
		}
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		return cmp.Compare(a.pid, b.pid)
	})
	pct := min(r.SmallSamplePercent, 100)
	for i := 0; i < len(buyers); {
		j := i
		for j < len(buyers) && buyers[j].day == buyers[i].day {
			j++
		}
		n := j - i
		k := n * pct / 100
		if rest := n * pct % 100; rest > 0 {
			// The day's own draw decides the fractional buyer; ID 0 is no purchase.
			if pickHash(r.Seed, uint64(int64(buyers[i].day)), 0)%100 < uint64(rest) {
				k++
			}
		}
		k = min(k, r.SmallSampleMaxDay)
		for _, by := range buyers[i : i+k] {
			picked[by.pid] = true
		}
		i = j
	}
	return picked
}

// custDayID names one customer's shop-local day.
type custDayID struct {
	cust shop.ID
	day  int
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
