package planner

import (
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// The rules of the daily loop at the counter: what a call nobody answers turns
// into, and what "overdue" means.

func TestPlanNoAnswerRetriesUpToTheCapThenWrites(t *testing.T) {
	// §5 no answer: retried by phone on a later day; after NoAnswerTries calls
	// nobody answered (3 by default), the follow-up goes by email, else by letter.
	now := lt(t, zLA, "2026-06-09 09:00")
	pu := shop.Purchase{ID: 1, CustomerID: 5, At: lt(t, zLA, "2026-06-01 15:20"), Items: "Grinder", AmountCents: 120_000, Channel: shop.ChannelVisit}
	cases := []struct {
		name     string
		attempts int
		cust     func(c *shop.Customer)
		want     shop.Channel
	}{
		{"one call unanswered: called again", 1, nil, shop.ChannelPhone},
		{"two calls unanswered: called a third time", 2, nil, shop.ChannelPhone},
		{"three calls unanswered: an email instead", 3, nil, shop.ChannelEmail},
		{"three calls unanswered, no email address: a letter instead", 3, func(c *shop.Customer) { c.Email, c.City = "", "Springfield" }, shop.ChannelLetter},
		{"three calls unanswered, neither email nor address: still a call", 3, func(c *shop.Customer) { c.Email, c.Address = "", "" }, shop.ChannelPhone},
		{"three calls unanswered, no email, a street but no town: still a call", 3, func(c *shop.Customer) { c.Email, c.City, c.PostalCode = "", "", "" }, shop.ChannelPhone},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cust := person(5, zLA)
			if c.cust != nil {
				c.cust(&cust)
			}
			cp := CustomerPlan{Customer: CustomerOf(cust), Purchases: []shop.Purchase{pu}, Overrides: map[string]shop.Override{
				"purchase:1:big1": {Key: "purchase:1:big1", NotBefore: lt(t, zLA, "2026-06-10 00:00"), Attempts: c.attempts}}}
			f, _ := mustKey(t, Plan(shopInput(now, cp)), "purchase:1:big1")
			if f.Channel != c.want {
				t.Errorf("after %d unanswered calls the follow-up goes by %s, want %s\n%s", c.attempts, f.Channel, c.want, dump([]shop.FollowUp{f}))
			}
			if got := RetryChannel(shop.DefaultRules(), cust, c.attempts); got != c.want {
				t.Errorf("RetryChannel = %s, want %s", got, c.want)
			}
		})
	}
	t.Run("the cap is the shop's: with 1 try the first unanswered call is the last", func(t *testing.T) {
		in := shopInput(now, CustomerPlan{Customer: CustomerOf(person(5, zLA)), Purchases: []shop.Purchase{pu}, Overrides: map[string]shop.Override{
			"purchase:1:big1": {Key: "purchase:1:big1", NotBefore: lt(t, zLA, "2026-06-10 00:00"), Attempts: 1}}})
		in.Rules.NoAnswerTries = 1
		if f, _ := mustKey(t, Plan(in), "purchase:1:big1"); f.Channel != shop.ChannelEmail {
			t.Errorf("with NoAnswerTries 1, one unanswered call leaves a %s, want an email", f.Channel)
		}
	})
	t.Run("a time the owner pinned stays a call", func(t *testing.T) {
		cp := CustomerPlan{Customer: CustomerOf(person(5, zLA)), Purchases: []shop.Purchase{pu}, Overrides: map[string]shop.Override{
			"purchase:1:big1": {Key: "purchase:1:big1", Pinned: lt(t, zLA, "2026-06-11 11:00"), Attempts: 3}}}
		if f, _ := mustKey(t, Plan(shopInput(now, cp)), "purchase:1:big1"); f.Channel != shop.ChannelPhone {
			t.Errorf("a rescheduled call after 3 unanswered ones goes by %s, want phone (the owner's word)", f.Channel)
		}
	})
}

func TestPlanOverdueMeansItCouldHaveBeenDoneAndWasNot(t *testing.T) {
	// Overdue: the first time the rules allowed the reason fell on a day before
	// today. Bought on Sun 31 May: the 1-week call's natural day is Sun 7 Jun, when
	// nobody is called, so it is Monday's work, not Monday's backlog.
	sunday := shop.Purchase{ID: 1, CustomerID: 5, At: lt(t, zLA, "2026-05-31 11:00"), AmountCents: 120_000, Channel: shop.ChannelVisit}
	friday := shop.Purchase{ID: 1, CustomerID: 5, At: lt(t, zLA, "2026-05-29 11:00"), AmountCents: 120_000, Channel: shop.ChannelVisit}
	cases := []struct {
		name      string
		pu        shop.Purchase
		now       string
		overrides map[string]shop.Override
		want      bool
	}{
		{"moved off a Sunday to Monday: not overdue on Monday", sunday, "2026-06-08 09:00", nil, false},
		{"due Friday, not done by Monday: overdue", friday, "2026-06-08 09:00", nil, true},
		{"retried today after nobody answered yesterday: not overdue", friday, "2026-06-08 09:00",
			map[string]shop.Override{"purchase:1:big1": {Key: "purchase:1:big1", NotBefore: lt(t, zLA, "2026-06-08 00:00"), Attempts: 1}}, false},
		{"retry due Monday, not done by Tuesday: overdue", friday, "2026-06-09 09:00",
			map[string]shop.Override{"purchase:1:big1": {Key: "purchase:1:big1", NotBefore: lt(t, zLA, "2026-06-08 00:00"), Attempts: 1}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// The thank-you went out when they bought.
			cp := CustomerPlan{Customer: CustomerOf(person(5, zLA)), Purchases: []shop.Purchase{c.pu}, Overrides: c.overrides,
				Done: map[string]bool{"purchase:1:thanks": true}}
			f, _ := mustKey(t, Plan(shopInput(lt(t, zLA, c.now), cp)), "purchase:1:big1")
			if f.Overdue != c.want {
				t.Errorf("overdue = %v, want %v\n%s", f.Overdue, c.want, dump([]shop.FollowUp{f}))
			}
		})
	}
}

func TestOverdueShowsOnlyOnTodayAndBefore(t *testing.T) {
	la := mustZone(t, zLA)
	now := lt(t, zLA, "2026-06-08 09:00")
	for _, c := range []struct {
		name string
		f    shop.FollowUp
		want bool
	}{
		{"overdue, planned today", shop.FollowUp{Overdue: true, Status: shop.StatusPending, Due: lt(t, zLA, "2026-06-08 15:00")}, true},
		{"overdue, carried by a full day to Wednesday", shop.FollowUp{Overdue: true, Status: shop.StatusPending, Due: lt(t, zLA, "2026-06-10 11:00")}, false},
		{"a promise broken yesterday", shop.FollowUp{Overdue: true, Promised: true, Status: shop.StatusPending, Due: lt(t, zLA, "2026-06-07 11:00")}, true},
		{"not overdue", shop.FollowUp{Status: shop.StatusPending, Due: lt(t, zLA, "2026-06-08 15:00")}, false},
		{"done", shop.FollowUp{Overdue: true, Status: shop.StatusDone, Due: lt(t, zLA, "2026-06-08 08:00")}, false},
	} {
		if got := OverdueOn(c.f, now, la); got != c.want {
			t.Errorf("%s: OverdueOn = %v, want %v", c.name, got, c.want)
		}
	}
	_ = time.UTC
}
