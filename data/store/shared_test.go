package store

import (
	"context"
	"errors"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
)

// Two computers on one shop record an outcome on the same follow-up: the first is
// kept, and the second is told what was recorded and by whom; nothing of it is
// written (one contact logged, not two).
func TestTheSecondOutcomeOnAFollowUpIsToldWhoRecordedIt(t *testing.T) {
	s, _, p, st := lifecycleShop(t)
	ctx := context.Background()
	other, _, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.Now = s.Now
	today, err := s.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	it, ok := findReason(today, "purchase:"+itoa(p.ID)+":big1")
	if !ok {
		t.Fatalf("no call to record: %+v", today)
	}
	if err := s.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusDone, Notes: "All well"}); err != nil {
		t.Fatal(err)
	}
	err = other.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusNoAnswer})
	var re *RecordedError
	if !errors.As(err, &re) || !errors.Is(err, ErrNotPending) {
		t.Fatalf("the second outcome: %v; want a *RecordedError wrapping ErrNotPending", err)
	}
	if re.Status != shop.StatusDone || re.By != st.Name || !re.At.Equal(fixedNow) {
		t.Errorf("the second outcome was told %+v; want done by %s at %s", re, st.Name, fixedNow)
	}
	var contacts int
	if err := s.db.QueryRow(`SELECT count(*) FROM contacts WHERE followup_id = ?`, it.ID).Scan(&contacts); err != nil || contacts != 1 {
		t.Errorf("contacts logged for the follow-up = %d, %v; want 1", contacts, err)
	}
}
