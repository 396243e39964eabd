package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// demoNow is Monday 23 November 2026, 10:05 in the demo shop's New York.
var demoNow = time.Date(2026, 11, 23, 15, 5, 0, 0, time.UTC)

// plan sums up a list the way a person compares two: who, when, how and why.
func plan(items []shop.AgendaItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		keys := make([]string, len(it.Reasons))
		for j, r := range it.Reasons {
			keys[j] = r.Key
		}
		out[i] = fmt.Sprintf("%s %s %s %s", it.Customer.Name, it.Due.UTC().Format("Mon 15:04"), it.Channel, strings.Join(keys, "+"))
	}
	return out
}

// todayAfterFullReplan is what `rapport today` lists: the whole shop planned afresh.
func todayAfterFullReplan(t *testing.T, st *store.Store) []string {
	t.Helper()
	ctx := context.Background()
	if _, err := st.Replan(ctx); err != nil {
		t.Fatal(err)
	}
	items, err := st.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return plan(items)
}

// todaysRoutineCall is the first call of today's list that a full day can move.
func todaysRoutineCall(t *testing.T, st *store.Store) shop.AgendaItem {
	t.Helper()
	items, err := st.Today(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Channel == shop.ChannelPhone && !it.Promised && it.Priority != shop.PriorityOpenProblem {
			return it
		}
	}
	t.Fatalf("the demo shop has no routine call today: %q", plan(items))
	return shop.AgendaItem{}
}

func TestAnOutcomeRefillsTodayAsAFullReplanWould(t *testing.T) {
	// The owner's block holds a number of calls a day; a call done, unanswered,
	// skipped or moved away frees its place, and the stored plan gives it to the
	// next call waiting, as a full re-plan (rapport today) would.
	ctx := context.Background()
	outcomes := []struct {
		name string
		do   func(st *store.Store, it shop.AgendaItem) error
	}{
		{"done", func(st *store.Store, it shop.AgendaItem) error {
			return st.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusDone, Score: 4})
		}},
		{"no answer", func(st *store.Store, it shop.AgendaItem) error {
			return st.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusNoAnswer})
		}},
		{"skipped", func(st *store.Store, it shop.AgendaItem) error {
			return st.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusSkipped})
		}},
		{"moved to Thursday", func(st *store.Store, it shop.AgendaItem) error {
			loc := it.Location()
			return st.Reschedule(ctx, it.ID, time.Date(2026, 11, 26, 11, 0, 0, 0, loc))
		}},
	}
	for _, o := range outcomes {
		t.Run(o.name, func(t *testing.T) {
			st := demotest.Demo(t, demoNow)
			before, err := st.Today(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := o.do(st, todaysRoutineCall(t, st)); err != nil {
				t.Fatal(err)
			}
			stored, err := st.Today(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got, want := plan(stored), todayAfterFullReplan(t, st)
			if !slices.Equal(got, want) {
				t.Errorf("after %s the stored plan lists today\n  %s\nwhere a full re-plan lists\n  %s\n(before: %d follow-ups)",
					o.name, strings.Join(got, "\n  "), strings.Join(want, "\n  "), len(before))
			}
		})
	}
}

// noAnswer records that nobody answered it (the try-th call) and returns the
// next try of the reason key.
func noAnswer(t *testing.T, st *store.Store, it shop.AgendaItem, key string, try int) shop.AgendaItem {
	t.Helper()
	ctx := context.Background()
	if err := st.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusNoAnswer}); err != nil {
		t.Fatalf("try %d: %v", try, err)
	}
	next, err := st.NextTry(ctx, it.CustomerID, key)
	if err != nil {
		t.Fatalf("try %d: no next try: %v", try, err)
	}
	return next
}

func TestNoAnswerSaysTheNextTryAndWritesAfterTheLastOne(t *testing.T) {
	ctx := context.Background()
	st := demotest.Demo(t, demoNow)
	it := todaysRoutineCall(t, st)
	r, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	key := it.Reasons[0].Key
	for try := 1; try <= r.NoAnswerTries; try++ {
		next := noAnswer(t, st, it, key, try)
		want := shop.ChannelPhone
		if try == r.NoAnswerTries {
			want = shop.ChannelEmail
			if next.Customer.Email == "" {
				want = shop.ChannelLetter
			}
		}
		if next.Channel != want {
			t.Errorf("after %d unanswered calls the next try goes by %s, want %s", try, next.Channel, want)
		}
		if !next.Due.After(st.Now()) {
			t.Errorf("next try %v is not after now", next.Due)
		}
		note := planner.RetryNote(r, next, st.Now())
		if try < r.NoAnswerTries && !strings.HasPrefix(note, "next try: ") ||
			try == r.NoAnswerTries && !strings.HasPrefix(note, "3 calls went unanswered: ") {
			t.Errorf("after %d tries the note says %q", try, note)
		}
		it = next
		// The next try is on a later day: move the clock there.
		st.Now = func() time.Time { return next.Due.Add(time.Minute) }
	}
	if _, err := st.NextTry(ctx, it.CustomerID, "purchase:0:none"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("NextTry of a key nothing carries: %v; want ErrNotFound", err)
	}
}

func TestNoAnswerWritesALetterToACustomerWithAPostalAddressAndNoEmail(t *testing.T) {
	// FOLLOWUP_RULES.md §5: after the last unanswered call, an email, else a
	// letter to a postal address (a street and a town). The stored plan must
	// know the customer's town to tell the one from the other.
	ctx := context.Background()
	st := demotest.Demo(t, demoNow)
	it := todaysRoutineCall(t, st)
	c, err := st.Customer(ctx, it.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	c.Email, c.Address, c.City, c.PostalCode = "", "12 Elm Street", "Springfield", "62701"
	if err := st.SaveCustomer(ctx, &c); err != nil {
		t.Fatal(err)
	}
	r, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	key := it.Reasons[0].Key
	for try := 1; try <= r.NoAnswerTries; try++ {
		next := noAnswer(t, st, it, key, try)
		it = next
		st.Now = func() time.Time { return next.Due.Add(time.Minute) }
	}
	if it.Channel != shop.ChannelLetter {
		t.Errorf("after %d unanswered calls to a customer with a postal address and no email, the next try goes by %s; want a letter",
			r.NoAnswerTries, it.Channel)
	}
	// A full re-plan keeps it so.
	if _, err := st.Replan(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := st.NextTry(ctx, it.CustomerID, key); err != nil || got.Channel != shop.ChannelLetter {
		t.Errorf("after a full re-plan the next try goes by %s (%v); want a letter", got.Channel, err)
	}
}
