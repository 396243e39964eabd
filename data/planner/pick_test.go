package planner

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// smallDay makes one purchase per buyer on a shop-local day (at 11:00 plus the
// buyer's index in minutes), with purchase IDs from firstID.
func smallDay(t *testing.T, day string, buyers int, firstCust, firstID shop.ID) []shop.Purchase {
	start := lt(t, zLA, day+" 11:00")
	ps := make([]shop.Purchase, buyers)
	for i := range ps {
		ps[i] = shop.Purchase{ID: firstID + shop.ID(i), CustomerID: firstCust + shop.ID(i), At: start.Add(time.Duration(i) * time.Minute), AmountCents: 1_500}
	}
	return ps
}

func TestSampleSmallTicket(t *testing.T) {
	b := shop.Business{TimeZone: zLA, BigTicketCents: 50_000}
	r := shop.DefaultRules() // 10 %, at most 5 a day

	t.Run("§1 10 % of 40 buyers is 4", func(t *testing.T) {
		got := SampleSmallTicket(r, b, smallDay(t, "2026-06-01", 40, 1, 1000))
		if len(got) != 4 {
			t.Errorf("picked %d, want 4", len(got))
		}
	})
	t.Run("§1 at most SmallSampleMaxDay a day: 10 % of 200 is capped at 5", func(t *testing.T) {
		got := SampleSmallTicket(r, b, smallDay(t, "2026-06-01", 200, 1, 1000))
		if len(got) != 5 {
			t.Errorf("picked %d, want 5", len(got))
		}
	})
	t.Run("§1 each shop-local day is sampled on its own", func(t *testing.T) {
		ps := append(smallDay(t, "2026-06-01", 200, 1, 1000), smallDay(t, "2026-06-02", 200, 1, 5000)...)
		perDay := map[bool]int{}
		for id := range SampleSmallTicket(r, b, ps) {
			perDay[id >= 5000]++
		}
		if perDay[false] != 5 || perDay[true] != 5 {
			t.Errorf("per day %v, want 5 and 5", perDay)
		}
	})
	t.Run("§1 reproducible, independent of input order, and changed by the seed", func(t *testing.T) {
		ps := smallDay(t, "2026-06-01", 200, 1, 1000)
		a := SampleSmallTicket(r, b, ps)
		shuffled := slices.Clone(ps)
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if b2 := SampleSmallTicket(r, b, shuffled); !mapsEqual(a, b2) {
			t.Errorf("order changed the pick: %v vs %v", a, b2)
		}
		r2 := r
		r2.Seed = 2
		if c := SampleSmallTicket(r2, b, ps); mapsEqual(a, c) {
			t.Errorf("seed 2 picked the same as seed 1: %v", c)
		}
	})
	t.Run("§1 one purchase per customer per day; big-ticket and anonymous sales are not sampled", func(t *testing.T) {
		r := r
		r.SmallSamplePercent, r.SmallSampleMaxDay = 100, 100
		at := lt(t, zLA, "2026-06-01 11:00")
		ps := []shop.Purchase{
			{ID: 1, CustomerID: 7, At: at, AmountCents: 100},
			{ID: 2, CustomerID: 7, At: at.Add(time.Hour), AmountCents: 100},
			{ID: 3, CustomerID: 8, At: at, AmountCents: 90_000}, // big-ticket
			{ID: 4, CustomerID: 0, At: at, AmountCents: 100},    // walk-in, no customer
			// 23:30 and 00:30 local are two shop days, though the same UTC day.
			{ID: 5, CustomerID: 9, At: lt(t, zLA, "2026-06-01 23:30"), AmountCents: 100},
			{ID: 6, CustomerID: 9, At: lt(t, zLA, "2026-06-02 00:30"), AmountCents: 100},
		}
		got := SampleSmallTicket(r, b, ps)
		want := map[shop.ID]bool{1: true, 5: true, 6: true}
		if !mapsEqual(got, want) {
			t.Errorf("picked %v, want %v", got, want)
		}
	})
	t.Run("§1 small shops: 3 buyers a day still get about 10 % called over time", func(t *testing.T) {
		var ps []shop.Purchase
		start := lt(t, zLA, "2026-01-01 11:00")
		for d := 0; d < 300; d++ {
			for i := 0; i < 3; i++ {
				ps = append(ps, shop.Purchase{ID: shop.ID(d*3 + i + 1), CustomerID: shop.ID(i + 1), At: start.AddDate(0, 0, d), AmountCents: 100})
			}
		}
		n := len(SampleSmallTicket(r, b, ps)) // 900 buyer-days, expect about 90
		if n < 60 || n > 120 {
			t.Errorf("picked %d of 900 buyer-days, want about 90", n)
		}
	})
	t.Run("§1 no threshold: every purchase is small-ticket", func(t *testing.T) {
		got := SampleSmallTicket(r, shop.Business{TimeZone: zLA}, smallDay(t, "2026-06-01", 40, 1, 1000))
		if len(got) != 4 {
			t.Errorf("picked %d, want 4", len(got))
		}
	})
	t.Run("§1 0 % picks nobody", func(t *testing.T) {
		r := r
		r.SmallSamplePercent = 0
		if got := SampleSmallTicket(r, b, smallDay(t, "2026-06-01", 40, 1, 1000)); len(got) != 0 {
			t.Errorf("picked %v", got)
		}
	})
}

func mapsEqual(a, b map[shop.ID]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestPickRelationship(t *testing.T) {
	r := shop.DefaultRules() // 3 a day
	var cands []shop.ID
	for i := shop.ID(1); i <= 50; i++ {
		cands = append(cands, i, i) // repeats: a customer who called twice
	}
	a := PickRelationship(r, "2026-06-02", cands)
	if len(a) != 3 || a[0] == a[1] || a[1] == a[2] || a[0] == a[2] {
		t.Fatalf("picked %v, want 3 different customers", a)
	}
	for _, id := range a {
		if id < 1 || id > 50 {
			t.Errorf("picked %d, not a candidate", id)
		}
	}
	rev := slices.Clone(cands)
	slices.Reverse(rev)
	if b := PickRelationship(r, "2026-06-02", rev); !slices.Equal(a, b) {
		t.Errorf("candidate order changed the pick: %v vs %v", a, b)
	}
	if b := PickRelationship(r, "2026-06-03", cands); slices.Equal(a, b) {
		t.Errorf("another day picked the same: %v", b)
	}
	r2 := r
	r2.Seed = 99
	if b := PickRelationship(r2, "2026-06-02", cands); slices.Equal(a, b) {
		t.Errorf("another seed picked the same: %v", b)
	}
	if got := PickRelationship(r, "2026-06-02", []shop.ID{4, 0, 9}); len(got) != 2 {
		t.Errorf("fewer candidates than places: %v, want both real IDs", got)
	}
	r.RelationshipPerDay = 0
	if got := PickRelationship(r, "2026-06-02", cands); len(got) != 0 {
		t.Errorf("0 a day picked %v", got)
	}
}

func TestRankDay(t *testing.T) {
	// §6: open problems, then promises, then other overdue items, then routine; then
	// spend, then time. Promises go by time whatever was spent.
	at := lt(t, zLA, "2026-06-01 10:00")
	fs := []shop.FollowUp{
		{CustomerID: 1, Priority: shop.PriorityRoutine, Due: at},
		{CustomerID: 2, Priority: shop.PriorityPromise, Due: at.Add(2 * time.Hour)},
		{CustomerID: 3, Priority: shop.PriorityOpenProblem, Due: at.Add(5 * time.Hour)},
		{CustomerID: 4, Priority: shop.PriorityRoutine, Due: at.Add(time.Hour)},
		{CustomerID: 5, Priority: shop.PriorityRoutine, Due: at.Add(-time.Hour)},
		{CustomerID: 6, Priority: shop.PriorityPromise, Due: at},
		{CustomerID: 7, Priority: shop.PriorityRoutine, Due: at},
		{CustomerID: 8, Priority: shop.PriorityOverdue, Due: at.Add(3 * time.Hour)},
		{CustomerID: 9, Priority: shop.PriorityPromise, Due: at.Add(4 * time.Hour)},
		{CustomerID: 10, Priority: shop.PriorityOverdue, Due: at.Add(time.Hour)},
	}
	spend := map[shop.ID]int64{1: 100, 4: 5_000, 5: 100, 2: 1, 6: 1, 7: 100, 8: 1_000_000, 9: 9_000_000, 10: 50}
	RankDay(fs, spend)
	var got []shop.ID
	for _, f := range fs {
		got = append(got, f.CustomerID)
	}
	// 3 (open) · 6, 2, 9 (promises, by time: 9 spent most but is due last) ·
	// 8, 10 (overdue, by spend) · 4 (most spent) · 5, 1, 7 (same spend: by time, then ID)
	if want := []shop.ID{3, 6, 2, 9, 8, 10, 4, 5, 1, 7}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

// TestTheSampleIsTheDaysLowestRanks checks SampleSmallTicket, which draws a day at
// a time and keeps only the best few ranks it has seen, against the draw written
// the plain way: every buyer of every day ranked, sorted, and each day's first k
// taken. Random sales over a few days, in time order and shuffled, with caps on
// either side of the point where a day is sorted instead.
func TestTheSampleIsTheDaysLowestRanks(t *testing.T) {
	b := shop.Business{TimeZone: zLA, BigTicketCents: 50_000}
	rng := rand.New(rand.NewPCG(7, 13))
	start := lt(t, zLA, "2026-06-01 00:00")
	for trial := range 60 {
		r := shop.DefaultRules()
		r.Seed = trial
		r.SmallSamplePercent = []int{10, 35, 100}[trial%3]
		r.SmallSampleMaxDay = []int{1, 5, 64, 65, 1000}[trial%5]
		// Sales over three days, from forty customers (most buy more than once a
		// day) or from three hundred (days of more than 64 small-ticket buyers,
		// which a cap of 65 or 1,000 with 100 % sorts).
		customers := []int{40, 300}[trial/3%2]
		var ps []shop.Purchase
		for i := range 50 + rng.IntN(8*customers) {
			at := start.Add(time.Duration(rng.IntN(3*24*60)) * time.Minute)
			ps = append(ps, shop.Purchase{ID: shop.ID(1000 + i), CustomerID: shop.ID(rng.IntN(customers)), At: at, AmountCents: int64(rng.IntN(60_000))})
		}
		slices.SortStableFunc(ps, func(a, b shop.Purchase) int { return a.At.Compare(b.At) })
		want := plainSample(r, b, ps)
		if got := SampleSmallTicket(r, b, ps); !mapsEqual(got, want) {
			t.Fatalf("trial %d (%d %%, at most %d): picked %v, want %v", trial, r.SmallSamplePercent, r.SmallSampleMaxDay, got, want)
		}
		rng.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
		if got := SampleSmallTicket(r, b, ps); !mapsEqual(got, want) {
			t.Fatalf("trial %d shuffled: picked %v, want %v", trial, got, want)
		}
	}
}

// plainSample is §1's small-ticket draw written the plain way.
func plainSample(r shop.Rules, b shop.Business, ps []shop.Purchase) map[shop.ID]bool {
	type key struct {
		day  int
		cust shop.ID
	}
	first := map[key]shop.ID{}
	for _, p := range ps {
		if p.CustomerID == 0 || IsBigTicket(b, &p) {
			continue
		}
		k := key{localDay(p.At, b.Location()), p.CustomerID}
		if id, ok := first[k]; !ok || p.ID < id {
			first[k] = p.ID
		}
	}
	byDay := map[int][]buyer{}
	for k, pid := range first {
		byDay[k.day] = append(byDay[k.day], buyer{day: k.day, cust: k.cust, pid: pid, rank: pickHash(r.Seed, uint64(int64(k.day)), uint64(pid))})
	}
	out := map[shop.ID]bool{}
	for day, bs := range byDay {
		slices.SortFunc(bs, func(a, b buyer) int {
			if buyerLess(&a, &b) {
				return -1
			}
			return 1
		})
		n := len(bs)
		k := n * r.SmallSamplePercent / 100
		if rest := n * r.SmallSamplePercent % 100; rest > 0 && pickHash(r.Seed, uint64(int64(day)), 0)%100 < uint64(rest) {
			k++
		}
		for _, by := range bs[:min(k, r.SmallSampleMaxDay, n)] {
			out[by.pid] = true
		}
	}
	return out
}
