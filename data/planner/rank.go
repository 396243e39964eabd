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
	// Sorted by index, then moved once: an item is large, and a day's list of a big
	// shop long.
	order := make([]int32, len(items))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		x, y := &items[a], &items[b]
		return rankCompare(&x.FollowUp, &y.FollowUp, x.LifetimeCents, y.LifetimeCents)
	})
	sorted := make([]shop.AgendaItem, len(items))
	for i, j := range order {
		sorted[i] = items[j]
	}
	copy(items, sorted)
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
