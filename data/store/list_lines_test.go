package store

import (
	"context"
	"reflect"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
)

// linesOf is items as lines.
func linesOf(items []shop.AgendaItem) []shop.Line {
	out := make([]shop.Line, len(items))
	for i := range items {
		out[i] = items[i].Line()
	}
	return out
}

// The printed lists (AgendaLines, TodayLines) say of each follow-up what the whole
// items (Agenda, Today) say, in the same order: the name each follow-up keeps
// (migration 0027) is the customer's, after a rename too, and the spend by which Today
// ranks is the customer's, after a sale too. So for a list long enough to be read
// in halves, and for a short one.
func TestPrintedListsSayWhatTheWholeItemsSay(t *testing.T) {
	s, cs := planShop(t)
	ctx := context.Background()
	// A rename, to a name beyond ASCII, and a sale that raises one customer's spend
	// above everyone's, after the follow-ups were planned.
	c := cs[2]
	c.Name = "Zoë Ångström-Núñez"
	if err := s.SaveCustomer(ctx, &c); err != nil {
		t.Fatal(err)
	}
	p := shop.Purchase{CustomerID: cs[4].ID, At: fixedNow.AddDate(0, 0, -1), Items: "Roaster", AmountCents: 2_500_000, Channel: shop.ChannelVisit}
	if err := s.SavePurchase(ctx, &p); err != nil {
		t.Fatal(err)
	}
	from, to := fixedNow.AddDate(-1, 0, 0), fixedNow.AddDate(1, 0, 0)
	compare := func(how string) {
		t.Helper()
		items, err := s.Agenda(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := s.AgendaLines(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) == 0 || !reflect.DeepEqual(lines, linesOf(items)) {
			t.Errorf("%s: the agenda's %d lines differ from its %d items:\n%+v\n%+v", how, len(lines), len(items), lines, linesOf(items))
		}
		renamed, spender := false, false
		for _, l := range lines {
			renamed = renamed || l.CustomerName == c.Name
			spender = spender || l.CustomerID == cs[4].ID && l.LifetimeCents >= 2_500_000
		}
		if !renamed || !spender {
			t.Errorf("%s: the lines have the new name %t, the new spend %t; want both", how, renamed, spender)
		}
		day, err := s.Today(ctx)
		if err != nil {
			t.Fatal(err)
		}
		dayLines, err := s.TodayLines(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(day) == 0 || !reflect.DeepEqual(dayLines, linesOf(day)) {
			t.Errorf("%s: Today's %d lines differ from its %d items:\n%+v\n%+v", how, len(dayLines), len(day), dayLines, linesOf(day))
		}
	}
	compare("a short list")
	copyFollowUps(t, s, splitRows/6+1)
	if n, err := s.countPending(ctx, agendaCond, from.Unix(), to.Unix()); err != nil || n < splitRows {
		t.Fatalf("the agenda has %d follow-ups (%v); want %d or more, to be read in halves", n, err, splitRows)
	}
	compare("a list read in halves")
}
