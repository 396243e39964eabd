package store

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// lifecycleShop is one customer in Chicago who bought a big-ticket grinder a week
// before fixedNow (Monday 2026-11-23, 13:00 in Chicago), so a call is due today.
func lifecycleShop(t *testing.T) (*Store, shop.Customer, shop.Purchase, shop.Staff) {
	t.Helper()
	s := openTest(t)
	ctx := context.Background()
	b, _ := s.Business(ctx)
	b.TimeZone, b.BigTicketCents = "America/New_York", 50000
	if err := s.SaveBusiness(ctx, b); err != nil {
		t.Fatal(err)
	}
	st := shop.Staff{Name: "Maya Chen", Senior: true, Active: true}
	if err := s.SaveStaff(ctx, &st); err != nil {
		t.Fatal(err)
	}
	c := mustCustomer(t, s, shop.Customer{Name: "Tom Becker", Kind: shop.KindConsumer, Phone: "+1 312 555 0107", TimeZone: "America/Chicago"})
	chicago, _ := time.LoadLocation("America/Chicago")
	p := shop.Purchase{CustomerID: c.ID, At: time.Date(2026, 11, 16, 11, 0, 0, 0, chicago), Items: "Grinder", AmountCents: 89500, Channel: shop.ChannelVisit, SoldBy: st.ID}
	if err := s.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	return s, c, p, st
}

func pendingFor(t *testing.T, s *Store, customer shop.ID) []shop.AgendaItem {
	t.Helper()
	all, err := s.History(context.Background(), customer)
	if err != nil {
		t.Fatal(err)
	}
	var out []shop.AgendaItem
	for _, a := range all {
		if a.Status == shop.StatusPending {
			out = append(out, a)
		}
	}
	return out
}

func findReason(items []shop.AgendaItem, key string) (shop.AgendaItem, bool) {
	for _, it := range items {
		for _, r := range it.Reasons {
			if r.Key == key {
				return it, true
			}
		}
	}
	return shop.AgendaItem{}, false
}

func TestTodayListsTheBigTicketCallInTheCustomersMorning(t *testing.T) {
	s, c, p, st := lifecycleShop(t)
	today, err := s.Today(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	it, ok := findReason(today, "purchase:"+itoa(p.ID)+":big1")
	if !ok {
		t.Fatalf("the 1-week big-ticket call is not on today's list: %+v", today)
	}
	local := it.Local()
	if it.CustomerID != c.ID || it.Channel != shop.ChannelPhone || it.AssigneeID != st.ID || local.Format("2006-01-02") != "2026-11-23" {
		t.Errorf("call = %+v at %s", it.FollowUp, local)
	}
	// Bought at 11:00 Chicago time; it is 13:00 there now, so the call is planned
	// for now or later, never in lunch, and shown in Chicago time.
	if _, off := local.Zone(); off != -6*3600 || local.Before(fixedNow) {
		t.Errorf("call at %s; want Chicago time, not before now (%s)", local, fixedNow.In(local.Location()))
	}
}

func TestCompletingAFollowUp(t *testing.T) {
	ctx := context.Background()
	key := func(p shop.Purchase) string { return "purchase:" + itoa(p.ID) + ":big1" }

	t.Run("§5 done records notes and score, logs the contact and is never planned again", func(t *testing.T) {
		s, c, p, _ := lifecycleShop(t)
		it, _ := findReason(pendingFor(t, s, c.ID), key(p))
		if err := s.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusDone, Notes: "Loves it", Score: 5}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.FollowUp(ctx, it.ID)
		if got.Status != shop.StatusDone || got.Score != 5 || got.Notes != "Loves it" || !got.CompletedAt.Equal(fixedNow) {
			t.Errorf("completed follow-up = %+v", got.FollowUp)
		}
		if _, again := findReason(pendingFor(t, s, c.ID), key(p)); again {
			t.Error("a done reason was planned again")
		}
		log, _ := s.Contacts(ctx, c.ID)
		if len(log) != 1 || log[0].Direction != shop.Outbound || log[0].FollowUpID != it.ID {
			t.Errorf("contact log = %+v; want one outbound entry for the follow-up", log)
		}
		if err := s.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusDone}); !errors.Is(err, ErrNotPending) {
			t.Errorf("completing twice: %v; want ErrNotPending", err)
		}
	})

	t.Run("§5 no answer retries at the next allowed slot on a later day", func(t *testing.T) {
		s, c, p, _ := lifecycleShop(t)
		it, _ := findReason(pendingFor(t, s, c.ID), key(p))
		if err := s.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusNoAnswer}); err != nil {
			t.Fatal(err)
		}
		retry, ok := findReason(pendingFor(t, s, c.ID), key(p))
		if !ok {
			t.Fatal("no retry planned after no answer")
		}
		local := retry.Local()
		if local.Format("2006-01-02") != "2026-11-24" || local.Hour() < 10 || local.Hour() >= 20 {
			t.Errorf("retry at %s; want Tuesday 2026-11-24 within call hours, Chicago time", local)
		}
	})

	t.Run("§5 rescheduled keeps the owner's time", func(t *testing.T) {
		s, c, p, _ := lifecycleShop(t)
		it, _ := findReason(pendingFor(t, s, c.ID), key(p))
		chicago, _ := time.LoadLocation("America/Chicago")
		to := time.Date(2026, 11, 27, 16, 15, 0, 0, chicago)
		if err := s.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusRescheduled, RescheduleTo: to}); err != nil {
			t.Fatal(err)
		}
		moved, ok := findReason(pendingFor(t, s, c.ID), key(p))
		if !ok || !moved.Due.Equal(to) {
			t.Errorf("rescheduled call due %v; want %v", moved.Due, to)
		}
		if err := s.Complete(ctx, moved.ID, shop.Outcome{Status: shop.StatusRescheduled, RescheduleTo: fixedNow.Add(-time.Hour)}); err == nil ||
			!strings.Contains(err.Error(), "Reschedule to") {
			t.Errorf("rescheduling into the past: %v; want an error naming the field", err)
		}
	})

	t.Run("§5 a successful follow-up can mark the issue resolved", func(t *testing.T) {
		s, c, _, st := lifecycleShop(t)
		is := shop.Issue{CustomerID: c.ID, Type: shop.IssueSupport, Channel: shop.ChannelPhone, OpenedAt: fixedNow.AddDate(0, 0, -8), HandledBy: st.ID, Summary: "Grinder jams"}
		if err := s.SaveIssue(ctx, &is); err != nil {
			t.Fatal(err)
		}
		it, ok := findReason(pendingFor(t, s, c.ID), "issue:"+itoa(is.ID)+":first")
		if !ok {
			t.Fatal("no follow-up for the open support issue")
		}
		if it.Priority != shop.PriorityOpenProblem {
			t.Errorf("priority %d; an open case comes first (§6)", it.Priority)
		}
		if err := s.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusDone, ResolveIssues: true, Score: 4}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Issues(ctx, c.ID)
		if got[0].ResolvedAt == nil || !got[0].ResolvedAt.Equal(fixedNow) {
			t.Errorf("issue resolved at %v; want now", got[0].ResolvedAt)
		}
	})

	t.Run("bad outcomes are refused and change nothing", func(t *testing.T) {
		s, c, p, _ := lifecycleShop(t)
		it, _ := findReason(pendingFor(t, s, c.ID), key(p))
		for _, o := range []shop.Outcome{{Status: "maybe"}, {Status: shop.StatusDone, Score: 6}, {Status: shop.StatusSkipped, Score: 3}} {
			if err := s.Complete(ctx, it.ID, o); err == nil {
				t.Errorf("outcome %+v accepted", o)
			}
		}
		if got, _ := s.FollowUp(ctx, it.ID); got.Status != shop.StatusPending {
			t.Errorf("status %s after refused outcomes", got.Status)
		}
	})
}

func TestDeletingASaleReplansWithoutLosingHistory(t *testing.T) {
	s, c, p, _ := lifecycleShop(t)
	ctx := context.Background()
	it, _ := findReason(pendingFor(t, s, c.ID), "purchase:"+itoa(p.ID)+":big1")
	if err := s.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusDone, Notes: "Fine", Score: 4}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePurchase(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if left := pendingFor(t, s, c.ID); len(left) != 0 {
		t.Errorf("%d follow-ups still pending for a deleted sale: %+v", len(left), left)
	}
	done, err := s.FollowUp(ctx, it.ID)
	if err != nil || done.Status != shop.StatusDone || done.Notes != "Fine" || len(done.Reasons) == 0 {
		t.Errorf("the completed follow-up was lost or changed: %+v, %v", done, err)
	}
}

func TestEditingASaleMovesItsFollowUps(t *testing.T) {
	s, c, p, _ := lifecycleShop(t)
	ctx := context.Background()
	// The sale was really three days later: the 1-week call moves with it.
	p.At = p.At.AddDate(0, 0, 3)
	if err := s.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	it, ok := findReason(pendingFor(t, s, c.ID), "purchase:"+itoa(p.ID)+":big1")
	if !ok || it.Local().Format("2006-01-02") != "2026-11-26" {
		t.Errorf("1-week call after the edit: %v, %v; want 2026-11-26", it.Local(), ok)
	}
}

func TestDoNotContactClearsEverythingPending(t *testing.T) {
	s, c, _, _ := lifecycleShop(t)
	c.DoNotContact = true
	if err := s.SaveCustomer(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	if left := pendingFor(t, s, c.ID); len(left) != 0 {
		t.Errorf("%d follow-ups pending for a do-not-contact customer", len(left))
	}
}

func TestRulesAreStoredAndEditable(t *testing.T) {
	s, c, p, _ := lifecycleShop(t)
	ctx := context.Background()
	r, _ := s.Rules(ctx)
	r.BigTicketWeekDays = 10
	if err := s.SaveRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Rules(ctx)
	if got != r {
		t.Errorf("rules did not round-trip: %+v", got)
	}
	it, ok := findReason(pendingFor(t, s, c.ID), "purchase:"+itoa(p.ID)+":big1")
	if !ok || it.Local().Format("2006-01-02") != "2026-11-26" {
		t.Errorf("with a 10-day first call, it is due %v (%v); want 2026-11-26", it.Local(), ok)
	}
	bad := r
	bad.CallEarliest, bad.CallLatest = 20*60, 10*60
	if err := s.SaveRules(ctx, bad); err == nil || !strings.Contains(err.Error(), "Calls not before") {
		t.Errorf("contradictory call hours: %v; want an error naming the setting", err)
	}
	if got, _ := s.Rules(ctx); got != r {
		t.Error("a refused rule change altered the stored rules")
	}
}

func itoa(id shop.ID) string { return strconv.FormatInt(id, 10) }
