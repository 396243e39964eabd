package replan

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
)

// TestAPlanIndexFindsEachPlanAndNoOther indexes customers whose IDs fill a range
// closely (a slice) and thinly (a map), and asks for every ID around them.
func TestAPlanIndexFindsEachPlanAndNoOther(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	for _, c := range []struct {
		name  string
		gap   int // IDs are up to this far apart
		dense bool
	}{{"close", 3, true}, {"every one", 1, true}, {"thin", 40, false}} {
		t.Run(c.name, func(t *testing.T) {
			var ids []shop.ID
			for id := shop.ID(1000); len(ids) < 5000; id += shop.ID(1 + rng.IntN(c.gap)) {
				ids = append(ids, id)
			}
			x := newPlanIndex(len(ids), ids[0], ids[len(ids)-1])
			if got := x.m == nil; got != c.dense {
				t.Fatalf("IDs %d apart at most: dense = %v, want %v", c.gap, got, c.dense)
			}
			want := map[shop.ID]int{}
			for _, i := range rng.Perm(len(ids)) {
				x.set(ids[i], i)
				want[ids[i]] = i
			}
			for id := ids[0] - 10; id <= ids[len(ids)-1]+10; id++ {
				got, ok := x.of(id)
				w, wok := want[id]
				if ok != wok || ok && got != w {
					t.Fatalf("of(%d) = %d, %v; want %d, %v", id, got, ok, w, wok)
				}
			}
		})
	}
	t.Run("none", func(t *testing.T) {
		x := newPlanIndex(0, 0, 0)
		if _, ok := x.of(0); ok {
			t.Fatal("an empty index found customer 0")
		}
	})
}

// TestByCustomerGroupsEachPlansItemsInOrder hands out more items than a block
// holds, some of customers without a plan, and compares each plan's part with
// its items picked out one by one.
func TestByCustomerGroupsEachPlansItemsInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 2))
	type item struct {
		cust shop.ID
		n    int
	}
	var items blocks[item]
	var all []item
	for n := range 3*blockLen + 17 {
		it := item{cust: shop.ID(1 + rng.IntN(900)), n: n}
		items.add(it)
		all = append(all, it)
	}
	if items.len() != len(all) {
		t.Fatalf("len = %d after %d added", items.len(), len(all))
	}
	// Plans for every other customer, in ID order.
	var custs []shop.ID
	for id := shop.ID(1); id <= 900; id += 2 {
		custs = append(custs, id)
	}
	idx := newPlanIndex(len(custs), custs[0], custs[len(custs)-1])
	for i, id := range custs {
		idx.set(id, i)
	}
	parts := make([][]item, len(custs))
	out := byCustomer(&items, func(it *item) shop.ID { return it.cust }, &idx, len(custs), func(p int, part []item) { parts[p] = part })
	total := 0
	for p, id := range custs {
		var want []item
		for _, it := range all {
			if it.cust == id {
				want = append(want, it)
			}
		}
		if !slices.Equal(parts[p], want) {
			t.Fatalf("customer %d: got %v, want %v", id, parts[p], want)
		}
		total += len(want)
	}
	if len(out) != total {
		t.Fatalf("byCustomer returned %d items, want the %d of customers with a plan", len(out), total)
	}
}

// TestAPlannedFollowUpTakesTheFirstStoredWithOneOfItsReasons matches random
// planned follow-ups against random stored ones, and compares each match with the
// rule spelled out: for each of the planned one's reasons in turn, the stored
// follow-up of the same customer with the lowest ID that has that reason, unless
// an earlier planned one took it.
func TestAPlannedFollowUpTakesTheFirstStoredWithOneOfItsReasons(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 3))
	keys := []string{"sale:1:thanks", "sale:1:check", "issue:2:reply", "issue:2:progress", "promise:3", "relationship"}
	rh := newReasonHasher()
	for round := range 200 {
		custs := 1 + rng.IntN(6)
		sp := &storedPlan{}
		var storedKeys [][]string
		for id := shop.ID(1); id <= shop.ID(rng.IntN(12)); id++ {
			st := storedFollowUp{id: id * 10}
			st.row.cust = shop.ID(1 + rng.IntN(custs+1)) // customer custs+1 has no plan
			st.keys[0] = int32(len(sp.keys))
			var ks []string
			for range 1 + rng.IntN(3) {
				k := keys[rng.IntN(len(keys))]
				ks = append(ks, k)
				sp.keys = append(sp.keys, rh.key([]byte(k)))
			}
			st.keys[1] = int32(len(sp.keys))
			sp.fus = append(sp.fus, st)
			storedKeys = append(storedKeys, ks)
		}
		idx := newPlanIndex(custs, 1, shop.ID(custs))
		for c := 1; c <= custs; c++ {
			idx.set(shop.ID(c), c-1)
		}
		sp.group(&idx)
		taken := make([]bool, len(sp.fus))
		for range 1 + rng.IntN(10) {
			f := shop.FollowUp{CustomerID: shop.ID(1 + rng.IntN(custs))}
			for range 1 + rng.IntN(3) {
				f.Reasons = append(f.Reasons, shop.Reason{Key: keys[rng.IntN(len(keys))]})
			}
			want := -1
		reasons:
			for _, r := range f.Reasons {
				for j, st := range sp.fus {
					if st.row.cust == f.CustomerID && slices.Contains(storedKeys[j], r.Key) {
						if !taken[j] {
							want = j
							break reasons
						}
						break // the first with the reason is taken: the next reason
					}
				}
			}
			p, _ := idx.of(f.CustomerID)
			got := sp.match(&f, p, rh)
			if got != want {
				t.Fatalf("round %d: customer %d with %v matched %d, want %d (stored %v of customers %v)", round, f.CustomerID, f.Reasons, got, want, storedKeys, sp.fus)
			}
			if got >= 0 {
				sp.fus[got].used, taken[got] = true, true
			}
		}
	}
}
