package planner

// This file keeps the capacity pass as it was before waiting calls were grouped by
// zone and wanted minute: a plain priority queue that tries every waiting call on
// every day. It is slow (quadratic in the backlog on days nobody can be called) but
// simple, and it is the model the grouped pass must agree with call for call
// (TestCapacityAgreesWithTheModel). Its one change since: a customer day starts at
// dayStartIn, so that a clock change at midnight cannot send carrySlot round for
// ever.

import (
	"cmp"
	"container/heap"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// refPlan is Plan with the model capacity pass.
func refPlan(in PlanInput) []shop.FollowUp {
	p := newPlanner(in)
	var fus []*pfu
	for i := range in.Customers {
		fus = p.planCustomer(i, fus)
	}
	if limit := in.Rules.CallsPerDay(); limit > 0 {
		refApplyCapacity(p, fus, limit)
	}
	out := make([]shop.FollowUp, 0, len(fus))
	for _, f := range fus {
		if !f.dead {
			out = append(out, f.fu)
		}
	}
	slices.SortStableFunc(out, func(a, b shop.FollowUp) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return cmp.Compare(a.CustomerID, b.CustomerID)
	})
	return out
}

// refCapacity is the state of one pass over the shop's days.
//
// The pass walks shop-local days in order. On each day the calls that must stay
// (promises, pinned times, open problems) and the calls booked for other customers
// are counted first; the movable calls of the day and the calls still waiting from
// earlier full days then compete for the room left, best ranked first, in one
// priority queue. Losers wait in the queue for the next day instead of being
// re-planned day after day, so a long overflow costs O(n log n) and not O(n·days).
// A waiting call placed on a day goes to the customer's next allowed call day at
// the same wanted minute, and rides along with the customer's follow-up already
// planned on that day, if any, so no customer is contacted twice in a day. A call
// that waits keeps its old due time for ranking, so among calls otherwise equal it
// goes before the day's own and cannot be pushed back for ever.
type refCapacity struct {
	p         *planner
	limit     int
	booked    map[int]int         // shop day → calls booked for others
	byCustDay map[custDayKey]*pfu // follow-ups of customers with movable calls
	buckets   map[int][]*pfu      // shop day → follow-ups to look at that day
	wake      map[int][]*pfu      // shop day → waiting calls not callable before it
	waiting   map[int]*pfu        // customer → their call bumped off a full day
	days      refDays             // shop days with buckets or wake-ups
	queue     refQueue            // the day's contest, best first

	dayStart    time.Time // start of shop day dayStartDay, cached for carrySlot
	dayStartDay int
}

func refApplyCapacity(p *planner, fus []*pfu, limit int) {
	movable := map[int]bool{}
	for _, f := range fus {
		if f.fu.Channel == shop.ChannelPhone && !f.fixed {
			movable[f.cust] = true
		}
	}
	if len(movable) == 0 {
		return // only calls that never move: nothing to decide
	}
	k := &refCapacity{
		p:         p,
		limit:     limit,
		booked:    map[int]int{},
		byCustDay: map[custDayKey]*pfu{},
		buckets:   map[int][]*pfu{},
		wake:      map[int][]*pfu{},
		waiting:   map[int]*pfu{},

		dayStartDay: math.MinInt,
	}
	// Booked is keyed "2006-01-02"; a key that is not a date cannot match a day.
	for s, n := range p.in.Booked {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			k.booked[daysFromCivil(t.Date())] += n
		}
	}
	for _, f := range fus {
		f.shopDay = localDay(f.fu.Due, p.shopLoc)
		if movable[f.cust] {
			k.byCustDay[custDayKey{f.cust, f.custDay}] = f
			k.addToBucket(f) // non-calls too: a waiting call may join them
		} else if f.fu.Channel == shop.ChannelPhone {
			k.addToBucket(f)
		}
	}
	last, started := math.MinInt, false
	for {
		var d int
		if k.queue.Len() > 0 {
			d = last + 1 // waiting calls try every day until they are placed
		} else {
			found := false
			for k.days.Len() > 0 {
				if d = heap.Pop(&k.days).(int); !started || d > last {
					found = true
					break
				}
			}
			if !found {
				return
			}
		}
		k.processDay(d)
		last, started = d, true
	}
}

func (k *refCapacity) addToBucket(f *pfu) {
	if _, ok := k.buckets[f.shopDay]; !ok {
		heap.Push(&k.days, f.shopDay)
	}
	k.buckets[f.shopDay] = append(k.buckets[f.shopDay], f)
}

func (k *refCapacity) processDay(d int) {
	for _, f := range k.wake[d] {
		if !f.dead && f.heapIdx < 0 {
			heap.Push(&k.queue, f)
		}
	}
	delete(k.wake, d)
	entries := k.buckets[d]
	delete(k.buckets, d)

	count := k.booked[d]
	var originals []*pfu
	for _, e := range entries {
		// Entries left behind by a move or a merge are skipped here.
		if e.dead || e.carried || e.shopDay != d {
			continue
		}
		if w := k.waiting[e.cust]; w != nil && w != e {
			if s, cd, sd := k.carrySlot(w, d); cd == e.custDay {
				k.absorb(e, w, s, sd)
				if e.shopDay != d {
					k.addToBucket(e)
					continue
				}
			}
		}
		if e.fu.Channel != shop.ChannelPhone {
			continue
		}
		if e.fixed {
			count++ // promises, pins and open problems stay, even over the limit
			continue
		}
		originals = append(originals, e)
		heap.Push(&k.queue, e)
	}

	for room := k.limit - count; room > 0 && k.queue.Len() > 0; {
		f := heap.Pop(&k.queue).(*pfu)
		if !f.carried {
			room-- // a call planned for today keeps its time
			continue
		}
		s, cd, sd := k.carrySlot(f, d)
		if sd > d {
			// Not callable on this shop day (a Sunday, or the customer's day falls
			// on another shop day): wait for that day.
			if _, ok := k.wake[sd]; !ok {
				heap.Push(&k.days, sd)
			}
			k.wake[sd] = append(k.wake[sd], f)
			continue
		}
		if e := k.byCustDay[custDayKey{f.cust, cd}]; e != nil && e != f && !e.dead {
			if k.absorb(e, f, s, sd) {
				room--
			}
			continue
		}
		f.carried = false
		f.fu.Due, f.custDay, f.shopDay = s, cd, d
		k.byCustDay[custDayKey{f.cust, cd}] = f
		if k.waiting[f.cust] == f {
			delete(k.waiting, f.cust)
		}
		room--
	}

	for _, f := range originals {
		if !f.dead && f.heapIdx >= 0 {
			k.bump(f)
		}
	}
}

// bump takes a call that did not fit on its day off that day; it stays in the queue
// and competes again on the following days.
func (k *refCapacity) bump(f *pfu) {
	f.carried = true
	f.lastCustDay = f.custDay
	key := custDayKey{f.cust, f.custDay}
	if k.byCustDay[key] == f {
		delete(k.byCustDay, key)
	}
	w := k.waiting[f.cust]
	if w == nil || w.dead {
		k.waiting[f.cust] = f
		return
	}
	// One waiting call per customer: fold the newer into the one already waiting.
	refMergeInto(&w.fu, &f.fu, false)
	w.lastCustDay = max(w.lastCustDay, f.lastCustDay)
	f.dead = true
	heap.Remove(&k.queue, f.heapIdx)
	if w.heapIdx >= 0 {
		heap.Fix(&k.queue, w.heapIdx)
	}
}

// absorb merges the waiting call f into e, the customer's follow-up on the same
// customer day, and reports whether e became a call (it was an email or letter).
// e keeps its own time when it is already a call or is the owner's word; otherwise
// it becomes the call at f's slot s.
func (k *refCapacity) absorb(e, f *pfu, s time.Time, sd int) bool {
	became := e.fu.Channel != shop.ChannelPhone && !e.fixed
	refMergeInto(&e.fu, &f.fu, became)
	if became {
		e.fu.Channel = shop.ChannelPhone
		e.fu.Due = s
		e.fu.AssigneeID = f.fu.AssigneeID
		e.want = f.want
		e.shopDay = sd
	}
	f.dead = true
	if f.heapIdx >= 0 {
		heap.Remove(&k.queue, f.heapIdx)
	}
	if k.waiting[f.cust] == f {
		delete(k.waiting, f.cust)
	}
	if e.heapIdx >= 0 {
		heap.Fix(&k.queue, e.heapIdx)
	}
	return became
}

// refMergeInto adds src's reasons to dst; srcLeads puts them first (src decided the
// channel and time).
func refMergeInto(dst, src *shop.FollowUp, srcLeads bool) {
	if srcLeads {
		dst.Reasons = append(slices.Clip(src.Reasons), dst.Reasons...)
	} else {
		dst.Reasons = append(dst.Reasons, src.Reasons...)
	}
	dst.Priority = min(dst.Priority, src.Priority)
	dst.Promised = dst.Promised || src.Promised
	dst.Overdue = dst.Overdue || src.Overdue
}

// carrySlot is where a bumped call goes when tried on shop day d: the customer's
// next allowed call day after the one it was bumped from, at the same wanted minute,
// and not on a shop day before d. It returns the slot, its customer day and its shop
// day.
func (k *refCapacity) carrySlot(f *pfu, d int) (time.Time, int, int) {
	p := k.p
	// A customer day before the one in which shop day d starts cannot reach shop day
	// d, so a call that has waited long starts there rather than walking every day
	// since it was bumped.
	if k.dayStartDay != d {
		k.dayStart, k.dayStartDay = atMinute(d, 0, p.shopLoc), d
	}
	for cd := max(f.lastCustDay+1, localDay(k.dayStart, f.loc)); ; {
		after := laterOf(dayStartIn(cd, f.loc), p.now) // the one change: was atMinute(cd, 0, f.loc)
		s, _ := f.win.next(f.loc, after, f.want)
		s = s.UTC()
		c := localDay(s, f.loc)
		if sd := localDay(s, p.shopLoc); sd >= d {
			return s, c, sd
		}
		cd = c + 1
	}
}

// refQueue is a heap of calls, best ranked (§6) first.
type refQueue []*pfu

func (q refQueue) Len() int { return len(q) }

func (q refQueue) Less(i, j int) bool {
	if c := rankCompare(&q[i].fu, &q[j].fu, q[i].spend, q[j].spend); c != 0 {
		return c < 0
	}
	return q[i].seq < q[j].seq
}

func (q refQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].heapIdx = i
	q[j].heapIdx = j
}

func (q *refQueue) Push(x any) {
	f := x.(*pfu)
	f.heapIdx = len(*q)
	*q = append(*q, f)
}

func (q *refQueue) Pop() any {
	old := *q
	n := len(old)
	f := old[n-1]
	old[n-1] = nil
	f.heapIdx = -1
	*q = old[:n-1]
	return f
}

// refDays is a min-heap of shop days.
type refDays []int

func (h refDays) Len() int { return len(h) }

func (h refDays) Less(i, j int) bool { return h[i] < h[j] }

func (h refDays) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

func (h *refDays) Push(x any) { *h = append(*h, x.(int)) }

func (h *refDays) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// TestCapacityAgreesWithTheModel plans random shops, with every awkward zone and
// clock change of the property tests and blocks of one to three calls a day (so
// that calls wait for months, across Sundays and clock changes), with the capacity
// pass and with the model above, and wants the same follow-ups, field for field.
func TestCapacityAgreesWithTheModel(t *testing.T) {
	n := 100
	if testing.Short() {
		n = 15
	}
	// The benchmark shops, small: a shop in New York whose Sundays can call only a
	// few Honolulu evening calls, and one in Los Angeles with customers in Asia.
	for _, in := range []PlanInput{buildBenchShopIn(zNY, westZones, 3000, 30_000, 6000), buildBenchShop(3000, 30_000, 6000)} {
		got, want := Plan(in), refPlan(in)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("the benchmark shop in %s plans %d follow-ups; the model plans %d, or others", in.Business.TimeZone, len(got), len(want))
		}
	}
	for seed := uint64(1); seed <= uint64(n); seed++ {
		in := randomShop(seed, 150+int(seed%4)*100)
		in.Rules.MinutesPerCall = 10
		in.Rules.BlockMinutes = 10 * (1 + int(seed%3))
		if seed%4 == 0 {
			// Calls round the clock: slots at midnight and in the hour a clock skips.
			in.Rules.CallEarliest, in.Rules.CallLatest, in.Rules.EveningStart = 0, minutesPerDay-1, 22*60
			in.Rules.LunchStart, in.Rules.LunchEnd, in.Rules.DinnerStart, in.Rules.DinnerEnd = 0, 0, 0, 0
		}
		got, want := Plan(in), refPlan(in)
		if len(got) != len(want) {
			t.Fatalf("seed %d: %d follow-ups; the model plans %d", seed, len(got), len(want))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("seed %d (shop in %q, now %s): follow-up %d is\n%+v\nthe model plans\n%+v", seed, in.Business.TimeZone,
					in.Now.Format(time.RFC3339), i, got[i], want[i])
			}
		}
	}
}
