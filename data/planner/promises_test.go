package planner

import (
	"slices"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

func TestPromiseOutcome(t *testing.T) {
	due := lt(t, zLA, "2026-06-10 15:00")
	p := shop.Promise{ID: 7, CustomerID: 5, Due: due, AssigneeID: 2}
	at := func(s string) time.Time { return lt(t, zLA, s) }
	fu := func(id shop.ID, status shop.Status, due, done string) shop.FollowUp {
		f := shop.FollowUp{ID: id, CustomerID: 5, Status: status, Due: at(due), AssigneeID: 2, Promised: true}
		if done != "" {
			f.CompletedAt = at(done)
		}
		return f
	}
	cases := []struct {
		name    string
		carried []shop.FollowUp
		now     string
		state   shop.PromiseState
		agreed  string // the time agreed, local
		keptBy  shop.ID
		pending shop.ID
		skipped bool
	}{
		{"open: its time has not come", []shop.FollowUp{fu(1, shop.StatusPending, "2026-06-10 15:00", "")},
			"2026-06-10 14:00", shop.PromiseOpen, "2026-06-10 15:00", 0, 1, false},
		{"broken: its time passed and nobody recorded it", []shop.FollowUp{fu(1, shop.StatusPending, "2026-06-10 15:00", "")},
			"2026-06-10 15:01", shop.PromiseBroken, "2026-06-10 15:00", 0, 1, false},
		{"kept on time: recorded done within the hour after", []shop.FollowUp{fu(1, shop.StatusDone, "2026-06-10 15:00", "2026-06-10 15:40")},
			"2026-06-11 09:00", shop.PromiseKept, "2026-06-10 15:00", 1, 0, false},
		{"kept on time: early is on time", []shop.FollowUp{fu(1, shop.StatusDone, "2026-06-10 15:00", "2026-06-10 11:00")},
			"2026-06-11 09:00", shop.PromiseKept, "2026-06-10 15:00", 1, 0, false},
		{"kept late: recorded more than an hour after", []shop.FollowUp{fu(1, shop.StatusDone, "2026-06-10 15:00", "2026-06-10 16:30")},
			"2026-06-11 09:00", shop.PromiseKeptLate, "2026-06-10 15:00", 1, 0, false},
		{"no answer moves the time agreed to the retry; kept at the retry is on time",
			[]shop.FollowUp{fu(1, shop.StatusNoAnswer, "2026-06-10 15:00", "2026-06-10 15:05"), fu(2, shop.StatusDone, "2026-06-11 10:00", "2026-06-11 10:20")},
			"2026-06-12 09:00", shop.PromiseKept, "2026-06-11 10:00", 2, 0, false},
		{"no answer, retry still to come: open, though the first time passed",
			[]shop.FollowUp{fu(1, shop.StatusNoAnswer, "2026-06-10 15:00", "2026-06-10 15:05"), fu(2, shop.StatusPending, "2026-06-11 10:00", "")},
			"2026-06-10 18:00", shop.PromiseOpen, "2026-06-11 10:00", 0, 2, false},
		{"rescheduled by the customer, then missed: broken after the new time",
			[]shop.FollowUp{fu(1, shop.StatusRescheduled, "2026-06-10 15:00", "2026-06-10 14:00"), fu(2, shop.StatusPending, "2026-06-12 09:30", "")},
			"2026-06-12 09:31", shop.PromiseBroken, "2026-06-12 09:30", 0, 2, false},
		{"skipped: broken by a decision", []shop.FollowUp{fu(1, shop.StatusSkipped, "2026-06-10 15:00", "2026-06-10 09:00")},
			"2026-06-10 09:30", shop.PromiseBroken, "2026-06-10 15:00", 0, 0, true},
		{"nothing carries it (the customer asked not to be contacted): broken once its time passed", nil,
			"2026-06-10 15:30", shop.PromiseBroken, "2026-06-10 15:00", 0, 0, false},
		{"merged into an earlier follow-up of the day and done then: kept on time",
			[]shop.FollowUp{fu(1, shop.StatusDone, "2026-06-10 11:00", "2026-06-10 11:10")},
			"2026-06-11 09:00", shop.PromiseKept, "2026-06-10 15:00", 1, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := PromiseOutcome(p, c.carried, at(c.now))
			if o.State != c.state || fmtLocal(t, o.Due, zLA)[4:] != c.agreed || o.KeptBy != c.keptBy || o.Pending != c.pending || o.Skipped != c.skipped {
				t.Errorf("outcome %s, agreed %s, kept by %d, pending %d, skipped %v; want %s, %s, %d, %d, %v",
					o.State, fmtLocal(t, o.Due, zLA), o.KeptBy, o.Pending, o.Skipped, c.state, c.agreed, c.keptBy, c.pending, c.skipped)
			}
		})
	}
}

func TestEscalationIsDueOnceAnHourAfterABrokenPromise(t *testing.T) {
	due := lt(t, zLA, "2026-06-10 15:00")
	p := shop.Promise{ID: 7, CustomerID: 5, Due: due, AssigneeID: 2}
	pending := []shop.FollowUp{{ID: 1, Status: shop.StatusPending, Due: due, AssigneeID: 2, Promised: true}}
	for _, c := range []struct {
		now  string
		want bool
	}{{"2026-06-10 15:30", false}, {"2026-06-10 16:00", false}, {"2026-06-10 16:01", true}} {
		if got := EscalationDue(p, PromiseOutcome(p, pending, lt(t, zLA, c.now)), lt(t, zLA, c.now)); got != c.want {
			t.Errorf("at %s: escalation due %v, want %v", c.now, got, c.want)
		}
	}
	late := lt(t, zLA, "2026-06-10 18:00")
	escalated := p
	escalated.EscalatedAt = lt(t, zLA, "2026-06-10 16:05")
	if EscalationDue(escalated, PromiseOutcome(escalated, pending, late), late) {
		t.Error("a promise already escalated is escalated again")
	}
	skipped := []shop.FollowUp{{ID: 1, Status: shop.StatusSkipped, Due: due, CompletedAt: due.Add(-time.Hour)}}
	if EscalationDue(p, PromiseOutcome(p, skipped, late), late) {
		t.Error("a promise skipped on purpose is escalated")
	}
	kept := []shop.FollowUp{{ID: 1, Status: shop.StatusDone, Due: due, CompletedAt: due.Add(3 * time.Hour)}}
	if EscalationDue(p, PromiseOutcome(p, kept, late), late) {
		t.Error("a promise kept late is escalated")
	}
}

func TestEscalateToASenior(t *testing.T) {
	staff := []shop.Staff{
		{ID: 1, Name: "Ana", Senior: true, Active: true},
		{ID: 2, Name: "Ben", Active: true},
		{ID: 3, Name: "Cy", Senior: true, Active: false},
		{ID: 4, Name: "Di", Senior: true, Active: true},
	}
	// Ben's broken promise goes to an active senior, the same one for a customer.
	for cust := shop.ID(1); cust <= 6; cust++ {
		got := EscalateTo(staff, 2, cust)
		if got != 1 && got != 4 {
			t.Errorf("customer %d: escalated to %d, want an active senior (1 or 4)", cust, got)
		}
		if again := EscalateTo(staff, 2, cust); again != got {
			t.Errorf("customer %d: escalated to %d, then %d", cust, got, again)
		}
	}
	// A senior's broken promise goes to the other senior.
	if got := EscalateTo(staff, 1, 9); got != 4 {
		t.Errorf("Ana's promise went to %d, want Di (4), the other senior", got)
	}
	if got := EscalateTo(staff, 4, 9); got != 1 {
		t.Errorf("Di's promise went to %d, want Ana (1), the other senior", got)
	}
	// The only senior keeps their own; no senior at all: someone else active.
	one := []shop.Staff{{ID: 1, Senior: true, Active: true}, {ID: 2, Active: true}}
	if got := EscalateTo(one, 1, 9); got != 1 {
		t.Errorf("the only senior's promise went to %d, want them (1)", got)
	}
	none := []shop.Staff{{ID: 2, Active: true}, {ID: 5, Active: true}}
	if got := EscalateTo(none, 2, 9); got != 5 {
		t.Errorf("without seniors, Ben's promise went to %d, want the other person (5)", got)
	}
	if got := EscalateTo(nil, 2, 9); got != 0 {
		t.Errorf("with nobody, escalated to %d, want 0", got)
	}
}

func TestSortLedgerPutsBrokenPromisesFirst(t *testing.T) {
	at := func(s string) time.Time { return lt(t, zLA, s) }
	rec := func(id shop.ID, st shop.PromiseState, due string) shop.PromiseRecord {
		return shop.PromiseRecord{Promise: shop.Promise{ID: id}, Outcome: shop.PromiseOutcome{State: st, Due: at(due)}}
	}
	recs := []shop.PromiseRecord{
		rec(1, shop.PromiseKept, "2026-06-01 10:00"),
		rec(2, shop.PromiseOpen, "2026-06-12 10:00"),
		rec(3, shop.PromiseBroken, "2026-06-09 10:00"),
		rec(4, shop.PromiseKeptLate, "2026-06-02 10:00"),
		rec(5, shop.PromiseKept, "2026-06-05 10:00"),
		rec(6, shop.PromiseOpen, "2026-06-11 10:00"),
		rec(7, shop.PromiseBroken, "2026-06-03 10:00"),
	}
	SortLedger(recs)
	var got []shop.ID
	for _, r := range recs {
		got = append(got, r.ID)
	}
	// broken, newest first · open, next due first · kept late · kept, newest first
	if want := []shop.ID{3, 7, 6, 2, 4, 5, 1}; !slices.Equal(got, want) {
		t.Errorf("ledger order %v, want %v", got, want)
	}
}

func TestAnEscalatedPromiseIsPlannedForTheSenior(t *testing.T) {
	now := lt(t, zLA, "2026-06-10 16:30")
	pr := shop.Promise{ID: 7, CustomerID: 5, Due: lt(t, zLA, "2026-06-10 15:00"), AssigneeID: 2}
	f, _ := mustKey(t, Plan(shopInput(now, CustomerPlan{Customer: CustomerOf(person(5, zLA)), Promises: []shop.Promise{pr}})), "promise:7")
	if f.AssigneeID != 2 {
		t.Fatalf("the promise is planned for %d, want Ben (2), who made it", f.AssigneeID)
	}
	pr.EscalatedAt, pr.EscalatedFrom, pr.EscalatedTo = lt(t, zLA, "2026-06-10 16:01"), 2, 1
	f, _ = mustKey(t, Plan(shopInput(now, CustomerPlan{Customer: CustomerOf(person(5, zLA)), Promises: []shop.Promise{pr}})), "promise:7")
	if f.AssigneeID != 1 || !f.Promised || f.Priority != shop.PriorityPromise {
		t.Errorf("escalated promise planned for %d (promised %v, priority %d), want Ana (1), a promise", f.AssigneeID, f.Promised, f.Priority)
	}
}
