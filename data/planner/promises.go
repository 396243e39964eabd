package planner

import (
	"cmp"
	"slices"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// This file is the promise ledger's judgement (FOLLOWUP_RULES.md §1 "Do what you
// say": a promise must never be missed silently): whether a promise was kept, kept
// late, broken or is still open, and when a broken one goes to a senior (§4).

// PromiseGrace is how long after its time a promise may be recorded kept and still
// count as kept on time (the call is recorded after it is made), and how long a
// broken promise waits before it is escalated to a senior.
const PromiseGrace = time.Hour

// PromiseOutcome judges a promise at now from the follow-ups that carried it
// (pending or completed, in any order). The first one done keeps it: on time
// when it was recorded within PromiseGrace of the time agreed, late otherwise.
// The time agreed is the promise's own, or the later due time of the follow-up
// that kept it or still carries it: a customer who did not answer, or asked to be
// called later, was given that time. A promise that was skipped is broken; one
// not kept is broken once the time agreed has passed, and open until then.
func PromiseOutcome(p shop.Promise, carried []shop.FollowUp, now time.Time) shop.PromiseOutcome {
	o := shop.PromiseOutcome{State: shop.PromiseOpen, Due: p.Due, Assignee: p.AssigneeID}
	if p.EscalatedTo != 0 {
		o.Assignee = p.EscalatedTo
	}
	var kept, pending *shop.FollowUp
	for i := range carried {
		f := &carried[i]
		switch f.Status {
		case shop.StatusDone:
			if kept == nil || f.CompletedAt.Before(kept.CompletedAt) {
				kept = f
			}
		case shop.StatusSkipped:
			o.Skipped = true
		case shop.StatusPending:
			if pending == nil || f.Due.Before(pending.Due) {
				pending = f
			}
		}
	}
	switch {
	case kept != nil:
		o.Skipped = false // done in the end, whatever was skipped before
		o.Due = laterOf(p.Due, kept.Due)
		o.KeptAt, o.KeptBy, o.KeptByStaff = kept.CompletedAt, kept.ID, kept.AssigneeID
		o.State = shop.PromiseKept
		if kept.CompletedAt.After(o.Due.Add(PromiseGrace)) {
			o.State = shop.PromiseKeptLate
		}
		return o
	case o.Skipped:
		o.State = shop.PromiseBroken
		return o
	}
	if pending != nil {
		o.Pending = pending.ID
		o.Due = laterOf(p.Due, pending.Due)
		if pending.AssigneeID != 0 {
			o.Assignee = pending.AssigneeID
		}
	}
	if now.After(o.Due) {
		o.State = shop.PromiseBroken
	}
	return o
}

// EscalationDue reports whether a promise must now go to a senior: broken, not by
// a decision to skip it, for more than PromiseGrace, and never escalated before.
func EscalationDue(p shop.Promise, o shop.PromiseOutcome, now time.Time) bool {
	return p.EscalatedAt.IsZero() && o.State == shop.PromiseBroken && !o.Skipped && now.Sub(o.Due) > PromiseGrace
}

// EscalateTo is the senior a broken promise goes to (FOLLOWUP_RULES.md §4: after
// the person who has it, a senior): a senior other than current, the same one for
// the same customer every time; current itself when they are the only senior;
// anyone else active when the shop has no senior; 0 when there is nobody.
func EscalateTo(staff []shop.Staff, current, customer shop.ID) shop.ID {
	s := newStaffIndex(staff)
	without := func(list []shop.ID) []shop.ID {
		return slices.DeleteFunc(slices.Clone(list), func(id shop.ID) bool { return id == current })
	}
	for _, list := range [][]shop.ID{without(s.seniors), s.seniors, without(s.active)} {
		if id := spread(list, customer); id != 0 {
			return id
		}
	}
	return 0
}

// ledgerRank orders the ledger's states: what needs the shop first.
func ledgerRank(s shop.PromiseState) int {
	switch s {
	case shop.PromiseBroken:
		return 0
	case shop.PromiseOpen:
		return 1
	case shop.PromiseKeptLate:
		return 2
	}
	return 3
}

// SortLedger puts the promise ledger in the order it is read: broken promises
// first, the most recently broken at the top (it may still be put right today;
// one broken months ago is history); then the open ones, the next due first;
// then those kept late and those kept on time, the most recent first.
func SortLedger(recs []shop.PromiseRecord) {
	slices.SortStableFunc(recs, func(a, b shop.PromiseRecord) int {
		ra, rb := ledgerRank(a.Outcome.State), ledgerRank(b.Outcome.State)
		if c := cmp.Compare(ra, rb); c != 0 {
			return c
		}
		c := a.Outcome.Due.Compare(b.Outcome.Due)
		if ra != ledgerRank(shop.PromiseOpen) {
			c = -c // broken and kept: the newest first
		}
		if c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
