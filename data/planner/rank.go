package planner

import (
	"cmp"
	"slices"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// RankItems sorts agenda items in the order of FOLLOWUP_RULES.md §6 (RankDay), by
// each item's own LifetimeCents. Items equal in that order keep their order.
func RankItems(items []shop.AgendaItem) {
	rankBy(items, func(it *shop.AgendaItem) (*shop.FollowUp, int64) { return &it.FollowUp, it.LifetimeCents })
}

// RankLines is RankItems for a printed list's lines.
func RankLines(lines []shop.Line) {
	rankBy(lines, func(l *shop.Line) (*shop.FollowUp, int64) { return &l.FollowUp, l.LifetimeCents })
}

// rankBy sorts items by the follow-up and the customer's spend that of gives for each.
func rankBy[T any](items []T, of func(*T) (*shop.FollowUp, int64)) {
	// Sorted as small keys, then moved in place, each item once: an item is large
	// (512 bytes, a line 224), and a day's list of a big shop long. Comparing the
	// items themselves went to memory for each comparison, and a sorted copy of
	// the list was megabytes more to allocate, fill and copy back.
	keys := make([]rankKey, len(items))
	for i := range items {
		f, spend := of(&items[i])
		keys[i] = rankKeyOf(f, spend, int32(i))
	}
	slices.SortFunc(keys, compareKeys)
	// Place i takes the item at keys[i].at: follow each cycle of that permutation
	// with one item aside, marking each place done.
	for start := range keys {
		if keys[start].at < 0 {
			continue
		}
		aside := items[start]
		i := start
		for {
			from := int(keys[i].at)
			keys[i].at = -1
			if from == start {
				items[i] = aside
				break
			}
			items[i] = items[from]
			i = from
		}
	}
}

// rankKey is what rankCompare compares of a follow-up, and its place in the list
// (the last tie-break, which makes the order total and so the sort stable).
type rankKey struct {
	priority    int
	promiseSec  int64 // due time, for a promise only
	promiseNsec int32
	dueNsec     int32
	spend       int64
	dueSec      int64
	customer    shop.ID
	at          int32
}

func rankKeyOf(f *shop.FollowUp, spend int64, at int32) rankKey {
	k := rankKey{priority: f.Priority, spend: spend, dueSec: f.Due.Unix(), dueNsec: int32(f.Due.Nanosecond()), customer: f.CustomerID, at: at}
	if f.Priority == shop.PriorityPromise {
		k.promiseSec, k.promiseNsec = k.dueSec, k.dueNsec
	}
	return k
}

// compareKeys is rankCompare over keys, then their places. It returns at the first
// field that differs (the class or the spend, nearly always): cmp.Or would
// compare all eight fields of every pair the sort compares.
func compareKeys(a, b rankKey) int {
	if c := cmp.Compare(a.priority, b.priority); c != 0 {
		return c
	}
	if c := cmp.Compare(a.promiseSec, b.promiseSec); c != 0 {
		return c
	}
	if c := cmp.Compare(a.promiseNsec, b.promiseNsec); c != 0 {
		return c
	}
	if c := cmp.Compare(b.spend, a.spend); c != 0 {
		return c
	}
	if c := cmp.Compare(a.dueSec, b.dueSec); c != 0 {
		return c
	}
	if c := cmp.Compare(a.dueNsec, b.dueNsec); c != 0 {
		return c
	}
	if c := cmp.Compare(a.customer, b.customer); c != 0 {
		return c
	}
	return cmp.Compare(a.at, b.at)
}

// This file fits the planned calls into the owner's daily follow-up block
// (FOLLOWUP_RULES.md §3 "The owner's own time"; §6 for the order).

// rankCompare is the order of §6: open problems, then promises, then other overdue
// items, then routine (the Priority class); within a class the customer who spent
// more first, then the earlier due time, then the customer ID so the order is
// total. Among promises the earlier one comes first whatever was spent: a promise
// already broken before one still to keep.
func rankCompare(a, b *shop.FollowUp, spendA, spendB int64) int {
	if c := cmp.Compare(a.Priority, b.Priority); c != 0 {
		return c
	}
	if a.Priority == shop.PriorityPromise {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(spendB, spendA); c != 0 {
		return c
	}
	if c := a.Due.Compare(b.Due); c != 0 {
		return c
	}
	return cmp.Compare(a.CustomerID, b.CustomerID)
}

// RankDay sorts one day's follow-ups in the order of FOLLOWUP_RULES.md §6: Priority
// class ascending (open problems, then promises, then other overdue items, then
// routine), then lifetime spend descending (spend map by customer ID; promises go
// by Due first), then Due ascending, then CustomerID.
// Follow-ups equal in all of these keep their order.
func RankDay(fs []shop.FollowUp, spend map[shop.ID]int64) {
	slices.SortStableFunc(fs, func(a, b shop.FollowUp) int {
		return rankCompare(&a, &b, spend[a.CustomerID], spend[b.CustomerID])
	})
}

// DayCounts sums up a day's list as Today's header says it: how many follow-ups,
// by channel, how many carry a promise, how many are overdue (the stored flag)
// and how many promises are broken (BrokenPromise).
type DayCounts struct {
	FollowUps, Calls, Emails, Letters, Promises, Overdue, Broken int
}

// CountDay counts items at now.
func CountDay(items []shop.AgendaItem, now time.Time) DayCounts {
	c := DayCounts{FollowUps: len(items)}
	for i := range items {
		it := &items[i]
		switch it.Channel {
		case shop.ChannelPhone:
			c.Calls++
		case shop.ChannelEmail:
			c.Emails++
		case shop.ChannelLetter:
			c.Letters++
		}
		if it.Promised {
			c.Promises++
		}
		if it.Overdue {
			c.Overdue++
		}
		if BrokenPromise(it.FollowUp, now) {
			c.Broken++
		}
	}
	return c
}
