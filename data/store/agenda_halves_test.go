package store

import (
	"context"
	"reflect"
	"testing"
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
