package store

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
)

// A long list is read in two halves side by side, on connections of their own; the
// list is the same as read in one, order and reasons included.
func TestALongListReadsTheSameInTwoHalves(t *testing.T) {
	s, _ := planShop(t)
	ctx := context.Background()
	from, to := fixedNow.AddDate(-1, 0, 0).Unix(), fixedNow.AddDate(1, 0, 0).Unix()
	one, err := s.queryAgendaN(ctx, 0, agendaCond, byDue, from, to)
	if err != nil {
		t.Fatal(err)
	}
	beside, err := s.queryAgendaN(ctx, splitRows, agendaCond, byDue, from, to)
	if err != nil {
		t.Fatal(err)
	}
	reasons := 0
	for _, it := range one {
		reasons += len(it.Reasons)
	}
	if len(one) < 6 || reasons <= len(one) {
		t.Fatalf("the shop has %d follow-ups with %d reasons; want some with several", len(one), reasons)
	}
	if !reflect.DeepEqual(one, beside) {
		t.Errorf("the list read in halves differs from the one read in one:\n%+v\n%+v", beside, one)
	}
	// Nothing pending: an empty list either way.
	none, err := s.queryAgendaN(ctx, splitRows, agendaCond, byDue, fixedNow.AddDate(-30, 0, 0).Unix(), fixedNow.AddDate(-29, 0, 0).Unix())
	if err != nil || len(none) != 0 {
		t.Errorf("an empty span read in halves = %d items, %v; want none", len(none), err)
	}
}

// A long list's reasons are read in the list's order and attached by walking the
// list; they are the same as read by the follow-ups' IDs. A list that changed
// between the two queries (another program re-planned: items in another order,
// one gone) still gets each follow-up's own reasons, and none of the one gone.
func TestReasonsReadInTheListsOrderAreThoseReadByID(t *testing.T) {
	s, _ := planShop(t)
	ctx := context.Background()
	from, to := fixedNow.AddDate(-1, 0, 0).Unix(), fixedNow.AddDate(1, 0, 0).Unix()
	want, err := s.queryAgendaN(ctx, 0, agendaCond, byDue, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 6 || len(want) > reasonsByID {
		t.Fatalf("the shop has %d follow-ups; want from 6 to %d, read by their IDs", len(want), reasonsByID)
	}
	bare := func(items []shop.AgendaItem) []shop.AgendaItem {
		out := slices.Clone(items)
		for i := range out {
			out[i].Reasons = nil
		}
		return out
	}
	inOrder := bare(want)
	if err := s.addReasons(ctx, inOrder, reasonsInOrder("", agendaCond, byDue), from, to); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inOrder, want) {
		t.Errorf("reasons read in the list's order:\n%+v\nwant (read by ID):\n%+v", inOrder, want)
	}

	// The list as it was before the change: reversed, and without its second item.
	changed := bare(want)
	slices.Reverse(changed)
	gone := changed[1].ID
	changed = slices.Delete(changed, 1, 2)
	if err := s.addReasons(ctx, changed, reasonsInOrder("", agendaCond, byDue), from, to); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		i := slices.IndexFunc(changed, func(it shop.AgendaItem) bool { return it.ID == w.ID })
		switch {
		case w.ID == gone && i >= 0:
			t.Errorf("follow-up %d, not in the list, is in it", gone)
		case w.ID != gone && !reflect.DeepEqual(changed[i].Reasons, w.Reasons):
			t.Errorf("follow-up %d of a changed list has reasons %+v; want %+v", w.ID, changed[i].Reasons, w.Reasons)
		}
	}
}
