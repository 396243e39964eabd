package store

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/data/store/pgtest"
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

// A window on one computer hears of a change made on another well within two
// seconds, on either engine; a rolled-back write is not a change.
func TestChangesOfAnotherComputerAreHeardWithinTwoSeconds(t *testing.T) {
	s := openTest(t)
	other, _, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes, err := s.Changes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	quiet := func(d time.Duration) bool {
		select {
		case <-changes:
			return false
		case <-time.After(d):
			return true
		}
	}
	if !quiet(1200 * time.Millisecond) {
		t.Error("a change was heard before anything was written")
	}
	errNo := errors.New("no")
	if err := other.Write(ctx, func(tx *Tx) error {
		if err := tx.AddCustomer(&shop.Customer{Name: "Never Kept", PreferredCallMinute: -1}); err != nil {
			return err
		}
		return errNo
	}); !errors.Is(err, errNo) {
		t.Fatal(err)
	}
	if !quiet(1200 * time.Millisecond) {
		t.Error("a rolled-back write was heard as a change")
	}
	start := time.Now()
	mustCustomer(t, other, shop.Customer{Name: "Ann Lee"})
	if quiet(2 * time.Second) {
		t.Fatal("the other computer's new customer was not heard of within 2 s")
	}
	t.Logf("heard after %s", time.Since(start).Round(time.Millisecond))
	cancel()
	for range changes { // closed once ctx ends
	}
}

// The window restores a backup through Restore, whatever the shop: on a shared
// shop it is RestoreShared, which puts the backup back in one transaction and
// makes no file beside anything.
func TestRestoreOfASharedShopPutsItsBackupBack(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	db := pgtest.NewDatabase(t)
	s, _, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return fixedNow }
	mustCustomer(t, s, shop.Customer{Name: "Kept"})
	backup, err := s.Backup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	mustCustomer(t, s, shop.Customer{Name: "After The Backup"})
	s.Close()
	if err := engine.CleanUp(s.Path()); err != nil {
		t.Fatal(err)
	}
	if err := Restore(s.Path(), backup); err != nil {
		t.Fatal(err)
	}
	again, _, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	cs, err := again.Customers(context.Background(), "")
	if err != nil || len(cs) != 1 || cs[0].Name != "Kept" {
		t.Errorf("customers after the restore: %+v, %v; want Kept alone", cs, err)
	}
	if _, err := os.Stat("postgres:"); err == nil {
		t.Error("a folder named after the URL was made")
	}
}
