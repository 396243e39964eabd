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
