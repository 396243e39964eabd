package replan

import (
	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
)

// planIndex finds a customer's plan (its index in the plans of a re-plan) by the
// customer's ID. IDs are handed out in sequence, so a re-plan's customers mostly
// fill a range of them: a slice over that range answers with one read from a few
// megabytes, where a map of a million customers reads from a hundred, at random,
// for every sale and issue of the shop. IDs too sparse for a slice go in a map.
type planIndex struct {
	lo    shop.ID
	dense []int32 // by ID - lo: the plan's index + 1, or 0 for none
	m     map[shop.ID]int
	n     int // one more than the highest plan set
}

// densePlanSpan is how many slots of the dense slice a plan may have at most:
// with 4 bytes a slot, no more than a map's 30 or so bytes an entry.
const densePlanSpan = 8

// newPlanIndex makes an index for up to n plans of customers whose IDs run from
// lo to hi.
func newPlanIndex(n int, lo, hi shop.ID) planIndex {
	if n > 0 && hi >= lo && uint64(hi-lo) < uint64(n)*densePlanSpan {
		return planIndex{lo: lo, dense: make([]int32, hi-lo+1)}
	}
	return planIndex{m: make(map[shop.ID]int, n)}
}

// indexPlans indexes plans by their customers' IDs.
func indexPlans(plans []planner.CustomerPlan) planIndex {
	if len(plans) == 0 {
		return newPlanIndex(0, 0, 0)
	}
	lo, hi := plans[0].Customer.ID, plans[0].Customer.ID
	for i := range plans {
		lo, hi = min(lo, plans[i].Customer.ID), max(hi, plans[i].Customer.ID)
	}
	x := newPlanIndex(len(plans), lo, hi)
	for i := range plans {
		x.set(plans[i].Customer.ID, i)
	}
	return x
}

// set records that the customer id's plan is plan. An ID outside the range the
// index was made for is a mistake of the caller's.
func (x *planIndex) set(id shop.ID, plan int) {
	x.n = max(x.n, plan+1)
	if x.m != nil {
		x.m[id] = plan
		return
	}
	x.dense[id-x.lo] = int32(plan) + 1
}

// plans is one more than the highest plan indexed: how many there are when they
// were set in turn.
func (x *planIndex) plans() int { return x.n }

// of is the index of the customer id's plan, if they have one.
func (x *planIndex) of(id shop.ID) (int, bool) {
	if x.m != nil {
		p, ok := x.m[id]
		return p, ok
	}
	if id < x.lo || uint64(id-x.lo) >= uint64(len(x.dense)) {
		return 0, false
	}
	p := x.dense[id-x.lo]
	return int(p) - 1, p != 0
}

// blockLen is the length of each block of a blocks list.
const blockLen = 4096

// blocks is a list of rows read one at a time, kept in arrays of blockLen rows. A
// re-plan of a million customers reads a million sales: appended to one slice,
// they would be copied to a new array each time the slice outgrew its own, some
// hundreds of megabytes in all, each copy a new array the garbage collector then
// goes through.
type blocks[T any] struct {
	bs [][]T
	n  int
}

// add appends v.
func (b *blocks[T]) add(v T) {
	if len(b.bs) == 0 || len(b.bs[len(b.bs)-1]) == blockLen {
		b.bs = append(b.bs, make([]T, 0, blockLen))
	}
	last := &b.bs[len(b.bs)-1]
	*last = append(*last, v)
	b.n++
}

// next appends a zero row and returns it, to be filled in place.
func (b *blocks[T]) next() *T {
	var zero T
	b.add(zero)
	last := b.bs[len(b.bs)-1]
	return &last[len(last)-1]
}

// len is how many rows were added.
func (b *blocks[T]) len() int { return b.n }

// each calls f with each row in the order they were added, and its position.
func (b *blocks[T]) each(f func(i int, v *T)) {
	i := 0
	for _, blk := range b.bs {
		for j := range blk {
			f(i, &blk[j])
			i++
		}
	}
}
