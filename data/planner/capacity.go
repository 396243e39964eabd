package planner

import (
	"container/heap"
	"math"
	"slices"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// custDayKey names one customer's customer-local day.
type custDayKey struct{ cust, day int }

// capacity is the state of one pass over the shop's days.
//
// The pass walks shop-local days in order. On each day the calls that must stay
// (promises, pinned times, open problems) and the calls booked for other customers
// are counted first; the movable calls of the day and the calls still waiting from
// earlier full days then compete for the room left, best ranked first. Losers wait
// for the next day instead of being re-planned day after day. A waiting call placed
// on a day goes to the customer's next allowed call day at the same wanted minute,
// and rides along with the customer's follow-up already planned on that day, if
// any, so no customer is contacted twice in a day. A call that waits keeps its old
// due time for ranking, so among calls otherwise equal it goes before the day's own
// and cannot be pushed back for ever.
//
// Where a waiting call can go on a day depends, once it has waited a day or two,
// only on its customer's zone and call window and the minute it wants: a Sunday, or
// a shop day that is already evening where the customer lives, can call nobody in
// that zone. Such calls wait in a callGroup per zone and window, sorted by minute,
// and a day asks each group only for the minutes it can call that day: a day on
// which nobody can be called costs a look per group, not a look per waiting call,
// so a backlog of n calls over d days costs O((n + d) log n) and not O(n·d).
type capacity struct {
	p         *planner
	limit     int
	booked    map[int]int         // shop day → calls booked for others
	byCustDay map[custDayKey]*pfu // follow-ups of customers with movable calls
	buckets   map[int][]*pfu      // shop day → follow-ups to look at that day
	wake      map[int][]*pfu      // shop day → waiting calls not callable before it
	settle    map[int][]*pfu      // shop day → waiting calls that join their group then
	waiting   map[int]*pfu        // customer → their call bumped off a full day
	days      dayHeap             // shop days with buckets, wake-ups or settlings
	queue     callQueue           // the day's own calls, and waiting calls not in a group
	groups    map[groupKey]*callGroup
	grouped   int // calls waiting in groups

	dayStart    time.Time // start of shop day dayStartDay, cached for carrySlot
	dayStartDay int
}

func (p *planner) applyCapacity(fus []*pfu, limit int) {
	movable := map[int]bool{}
	for _, f := range fus {
		if f.fu.Channel == shop.ChannelPhone && !f.fixed {
			movable[f.cust] = true
		}
	}
	if len(movable) == 0 {
		return // only calls that never move: nothing to decide
	}
	k := &capacity{
		p:         p,
		limit:     limit,
		booked:    map[int]int{},
		byCustDay: map[custDayKey]*pfu{},
		buckets:   map[int][]*pfu{},
		wake:      map[int][]*pfu{},
		settle:    map[int][]*pfu{},
		waiting:   map[int]*pfu{},
		groups:    map[groupKey]*callGroup{},

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
		if k.queue.Len() > 0 || k.grouped > 0 {
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

func (k *capacity) addToBucket(f *pfu) {
	if _, ok := k.buckets[f.shopDay]; !ok {
		heap.Push(&k.days, f.shopDay)
	}
	k.buckets[f.shopDay] = append(k.buckets[f.shopDay], f)
}

// later files f under day in m (wake or settle), making sure the day is visited.
func (k *capacity) later(m map[int][]*pfu, day int, f *pfu) {
	if _, ok := m[day]; !ok {
		heap.Push(&k.days, day)
	}
	m[day] = append(m[day], f)
}

func (k *capacity) processDay(d int) {
	for _, f := range k.wake[d] {
		if !f.dead && f.heapIdx < 0 {
			k.enqueue(f, d)
		}
	}
	delete(k.wake, d)
	for _, f := range k.settle[d] {
		if !f.dead && f.carried && f.heapIdx >= 0 && f.home == nil {
			heap.Remove(&k.queue, f.heapIdx)
			k.enqueue(f, d)
		}
	}
	delete(k.settle, d)
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

	if room := k.limit - count; room > 0 {
		for _, g := range k.groups {
			g.startDay(k, d)
		}
		for room > 0 {
			f, from := k.popBest()
			if f == nil {
				break
			}
			if !f.carried {
				room-- // a call planned for today keeps its time
				continue
			}
			s, cd, sd := k.carrySlot(f, d)
			if sd > d && from != nil {
				// Every call waiting at this minute of the group goes to the same slot,
				// so none of them can be placed today (the group offered the minute
				// because a clock change is near): the call goes back, and the minute
				// is left out until tomorrow, rather than each of its calls being
				// taken out and put back in turn (a big shop's backlog holds thousands).
				from.g.add(f, from.minute)
				k.grouped++
				from.g.block(from.minute)
				continue
			}
			if sd > d {
				// Not callable on this shop day (a Sunday, or the customer's day falls
				// on another shop day): wait for that day.
				k.later(k.wake, sd, f)
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
	}

	for _, f := range originals {
		if !f.dead && f.heapIdx >= 0 {
			k.bump(f, d)
		}
	}
}

// popBest takes the best ranked call that may be placed today out of its queue:
// the head of the day's queue or the best call of a group in the minutes the group
// can call today, with the minute's queue it came from (nil for the day's queue);
// nil when there is none.
func (k *capacity) popBest() (*pfu, *minuteQueue) {
	var best *pfu
	var from *callGroup
	if k.queue.Len() > 0 {
		best = k.queue[0]
	}
	for _, g := range k.groups {
		if c := g.best(); c != nil && (best == nil || callLess(c, best)) {
			best, from = c, g
		}
	}
	switch {
	case best == nil:
		return nil, nil
	case from == nil:
		heap.Pop(&k.queue)
		return best, nil
	}
	q := best.home
	k.remove(best)
	return best, q
}

// enqueue puts a waiting call back in line on day d: in its group when it has
// waited long enough for its slot to depend on its minute only, else in the day's
// queue until then.
func (k *capacity) enqueue(f *pfu, d int) {
	if m, ok := k.groupMinute(f, d); ok {
		k.group(f).add(f, m)
		k.grouped++
		return
	}
	heap.Push(&k.queue, f)
	if s := k.settleDay(f, d); s > d {
		k.later(k.settle, s, f)
	}
}

// groupMinute is the minute f's calls go at from shop day d on, and whether f may
// wait in its group from d: its customer day at the start of d is after the one it
// was bumped from, and begins after now (carrySlot then looks for the wanted
// minute from that day's midnight, whatever day it is asked on).
func (k *capacity) groupMinute(f *pfu, d int) (int, bool) {
	cd := localDay(atMinute(d, 0, k.p.shopLoc), f.loc)
	if cd <= f.lastCustDay || dayStartIn(cd, f.loc).Before(k.p.now) {
		return 0, false
	}
	return f.win.nearest(normMinute(f.want), 0)
}

// settleDay is the first shop day after d from which f may wait in its group
// (d itself when it never may: it then stays in the day's queue).
func (k *capacity) settleDay(f *pfu, d int) int {
	if _, ok := f.win.nearest(normMinute(f.want), 0); !ok {
		return d
	}
	for s := d + 1; ; s++ {
		if _, ok := k.groupMinute(f, s); ok {
			return s
		}
	}
}

// remove takes a queued call out of its queue.
func (k *capacity) remove(f *pfu) {
	if f.heapIdx < 0 {
		return
	}
	if q := f.home; q != nil {
		heap.Remove(q, f.heapIdx)
		f.home = nil
		q.g.changed(q.minute)
		k.grouped--
		return
	}
	heap.Remove(&k.queue, f.heapIdx)
}

// fix puts a queued call whose rank changed back in its place.
func (k *capacity) fix(f *pfu) {
	if f.heapIdx < 0 {
		return
	}
	if q := f.home; q != nil {
		heap.Fix(q, f.heapIdx)
		q.g.changed(q.minute)
		return
	}
	heap.Fix(&k.queue, f.heapIdx)
}

// bump takes a call that did not fit on shop day d off that day; it waits and
// competes again on the following days.
func (k *capacity) bump(f *pfu, d int) {
	f.carried = true
	f.lastCustDay = f.custDay
	key := custDayKey{f.cust, f.custDay}
	if k.byCustDay[key] == f {
		delete(k.byCustDay, key)
	}
	w := k.waiting[f.cust]
	if w == nil || w.dead {
		k.waiting[f.cust] = f
		if s := k.settleDay(f, d); s > d {
			k.later(k.settle, s, f)
		}
		return
	}
	// One waiting call per customer: fold the newer into the one already waiting.
	mergeInto(&w.fu, &f.fu, false)
	w.lastCustDay = max(w.lastCustDay, f.lastCustDay)
	f.dead = true
	heap.Remove(&k.queue, f.heapIdx)
	if w.home != nil {
		// Bumped from a later day now, it may no longer wait in its group.
		k.remove(w)
		k.enqueue(w, d)
		return
	}
	k.fix(w)
}

// absorb merges the waiting call f into e, the customer's follow-up on the same
// customer day, and reports whether e became a call (it was an email or letter).
// e keeps its own time when it is already a call or is the owner's word; otherwise
// it becomes the call at f's slot s.
func (k *capacity) absorb(e, f *pfu, s time.Time, sd int) bool {
	became := e.fu.Channel != shop.ChannelPhone && !e.fixed
	mergeInto(&e.fu, &f.fu, became)
	if became {
		e.fu.Channel = shop.ChannelPhone
		e.fu.Due = s
		e.fu.AssigneeID = f.fu.AssigneeID
		e.want = f.want
		e.shopDay = sd
	}
	f.dead = true
	k.remove(f)
	if k.waiting[f.cust] == f {
		delete(k.waiting, f.cust)
	}
	k.fix(e)
	return became
}

// mergeInto adds src's reasons to dst; srcLeads puts them first (src decided the
// channel and time).
func mergeInto(dst, src *shop.FollowUp, srcLeads bool) {
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
func (k *capacity) carrySlot(f *pfu, d int) (time.Time, int, int) {
	p := k.p
	// A customer day before the one in which shop day d starts cannot reach shop day
	// d, so a call that has waited long starts there rather than walking every day
	// since it was bumped.
	if k.dayStartDay != d {
		k.dayStart, k.dayStartDay = atMinute(d, 0, p.shopLoc), d
	}
	for cd := max(f.lastCustDay+1, localDay(k.dayStart, f.loc)); ; {
		after := laterOf(dayStartIn(cd, f.loc), p.now)
		s, _ := f.win.next(f.loc, after, f.want)
		s = s.UTC()
		c := localDay(s, f.loc)
		if sd := localDay(s, p.shopLoc); sd >= d {
			return s, c, sd
		}
		cd = c + 1
	}
}

// groupKey names the customers whose waiting calls share a group: one zone, one
// call window.
type groupKey struct {
	loc *time.Location
	win *callWindow
}

// treeLeaves is the number of leaves of a group's tournament tree: a minute of the
// day each, rounded up to a power of two.
const treeLeaves = 2048

// callGroup holds the waiting calls of one zone and call window that go at a minute
// of their own whatever day they are tried on: a queue per minute, best first, and
// a tournament tree over the minutes whose every node holds the best head below it.
type callGroup struct {
	loc     *time.Location
	win     *callWindow
	minutes map[int]*minuteQueue
	tree    []*pfu // tree[1] is the root; leaf m is tree[treeLeaves+m]

	// The minutes the group can call on the day being planned (at most three spans,
	// [from, to) each), and its best call among them (stale when dirty).
	spans     [3][2]int
	nspans    int
	bestCall  *pfu
	bestDirty bool

	// The minutes found not to call today after all (block), which the tree
	// leaves out until the next day starts.
	blocked     []int
	blockedBits [treeLeaves / 64]uint64
}

// minuteQueue is a group's waiting calls that go at one minute, best first.
type minuteQueue struct {
	callQueue
	g      *callGroup
	minute int
}

func (k *capacity) group(f *pfu) *callGroup {
	key := groupKey{f.loc, f.win}
	g := k.groups[key]
	if g == nil {
		g = &callGroup{loc: f.loc, win: f.win, minutes: map[int]*minuteQueue{}, tree: make([]*pfu, 2*treeLeaves)}
		k.groups[key] = g
		// A group made in the middle of a day (a call settling then) has not been
		// asked for the day's minutes: it offers every minute, and the exact check
		// of each call it offers (carrySlot) decides.
		g.spans, g.nspans, g.bestDirty = [3][2]int{{0, minutesPerDay}}, 1, true
	}
	return g
}

// add puts f in the queue of its minute m.
func (g *callGroup) add(f *pfu, m int) {
	q := g.minutes[m]
	if q == nil {
		q = &minuteQueue{g: g, minute: m}
		g.minutes[m] = q
	}
	heap.Push(q, f)
	f.home = q
	g.changed(m)
}

// changed updates the tree after the queue of minute m changed.
func (g *callGroup) changed(m int) {
	var head *pfu
	if q := g.minutes[m]; q != nil && q.Len() > 0 && !g.isBlocked(m) {
		head = q.callQueue[0]
	}
	i := treeLeaves + m
	g.tree[i] = head
	for i > 1 {
		i /= 2
		g.tree[i] = better(g.tree[2*i], g.tree[2*i+1])
	}
	g.bestDirty = true
}

// block leaves minute m out of the tree for the rest of the day.
func (g *callGroup) block(m int) {
	if g.isBlocked(m) {
		return
	}
	g.blockedBits[m/64] |= 1 << (m % 64)
	g.blocked = append(g.blocked, m)
	g.changed(m)
}

func (g *callGroup) isBlocked(m int) bool { return g.blockedBits[m/64]&(1<<(m%64)) != 0 }

// unblock puts the minutes blocked on an earlier day back in the tree.
func (g *callGroup) unblock() {
	for _, m := range g.blocked {
		g.blockedBits[m/64] &^= 1 << (m % 64)
		g.changed(m)
	}
	g.blocked = g.blocked[:0]
}

// query is the best head among minutes [from, to).
func (g *callGroup) query(from, to int) *pfu {
	var best *pfu
	for l, r := from+treeLeaves, to+treeLeaves; l < r; l, r = l/2, r/2 {
		if l&1 == 1 {
			best = better(best, g.tree[l])
			l++
		}
		if r&1 == 1 {
			r--
			best = better(best, g.tree[r])
		}
	}
	return best
}

// best is the group's best call among the minutes it can call today.
func (g *callGroup) best() *pfu {
	if g.bestDirty {
		g.bestCall = nil
		for _, s := range g.spans[:g.nspans] {
			g.bestCall = better(g.bestCall, g.query(s[0], s[1]))
		}
		g.bestDirty = false
	}
	return g.bestCall
}

// clockSafety is how far from a shop day a clock change in the customer's zone or
// the shop's can still move which minutes the day can call.
const clockSafety = 50 * time.Hour

// clockSlack is how far a clock change can move a call from the minute of its
// group (a skipped hour, a midnight that does not exist), with room to spare.
const clockSlack = 2 * time.Hour

// startDay works out the minutes group g can call on shop day d: those whose wall
// time, on a day the customer may be called, falls within the shop day. Near a
// clock change, where a call can land up to an hour from its minute, the day is
// widened by clockSlack each side and carrySlot gives the exact answer: offering a
// minute too many costs a look, one too few would be wrong.
func (g *callGroup) startDay(k *capacity, d int) {
	g.unblock()
	g.bestDirty = true
	if g.tree[1] == nil {
		g.nspans = 0
		return
	}
	p := k.p
	start, end := atMinute(d, 0, p.shopLoc), atMinute(d+1, 0, p.shopLoc)
	if clockChangeNear(start, end, p.shopLoc) || clockChangeNear(start, end, g.loc) {
		start, end = start.Add(-clockSlack), end.Add(clockSlack)
	}
	ls, le := start.In(g.loc), end.In(g.loc)
	first, last := daysFromCivil(ls.Date()), daysFromCivil(le.Date())
	g.nspans = 0
	for c := first; c <= last && c <= first+2; c++ {
		if g.win.n == 0 || !g.win.sundays && weekdayOf(c) == time.Sunday {
			continue
		}
		from, to := 0, minutesPerDay
		if c == first {
			from = ceilDiv(secondOfDay(ls), 60)
		}
		if c == last {
			to = ceilDiv(secondOfDay(le), 60)
		}
		if from < to {
			g.spans[g.nspans] = [2]int{from, to}
			g.nspans++
		}
	}
}

// clockChangeNear reports whether loc changes its clock within clockSafety of the
// shop day [start, end).
func clockChangeNear(start, end time.Time, loc *time.Location) bool {
	from, to := start.In(loc).ZoneBounds()
	return !from.IsZero() && from.After(start.Add(-clockSafety)) || !to.IsZero() && to.Before(end.Add(clockSafety))
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// callLess is the order of the queues: best ranked (§6) first, then the order the
// follow-ups were made in.
func callLess(a, b *pfu) bool {
	if c := rankCompare(&a.fu, &b.fu, a.spend, b.spend); c != 0 {
		return c < 0
	}
	return a.seq < b.seq
}

// better is the better ranked of two calls, either of which may be nil.
func better(a, b *pfu) *pfu {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case callLess(b, a):
		return b
	}
	return a
}

// callQueue is a heap of calls, best ranked (§6) first.
type callQueue []*pfu

func (q callQueue) Len() int { return len(q) }

func (q callQueue) Less(i, j int) bool { return callLess(q[i], q[j]) }

func (q callQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].heapIdx = i
	q[j].heapIdx = j
}

func (q *callQueue) Push(x any) {
	f := x.(*pfu)
	f.heapIdx = len(*q)
	*q = append(*q, f)
}

func (q *callQueue) Pop() any {
	old := *q
	n := len(old)
	f := old[n-1]
	old[n-1] = nil
	f.heapIdx = -1
	*q = old[:n-1]
	return f
}

// dayHeap is a min-heap of shop days.
type dayHeap []int

func (h dayHeap) Len() int { return len(h) }

func (h dayHeap) Less(i, j int) bool { return h[i] < h[j] }

func (h dayHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

func (h *dayHeap) Push(x any) { *h = append(*h, x.(int)) }

func (h *dayHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
