package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/data/store/pgtest"
	"github.com/rapport-app/rapport/data/store/tables"
)

// The day's backup of a shared shop is made once for the shop, however many
// computers start that day, even at the same moment: by the first, into its
// backups folder, as a SQLite file Rapport can open; the next day's first start
// makes the next one.
func TestASharedShopIsBackedUpOnceADayWhateverTheComputers(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	db := pgtest.NewDatabase(t)
	now := fixedNow
	clock := func() time.Time { return now }
	computers := make([]*Store, 4)
	for i := range computers {
		s, _, err := Open(db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		s.Now = clock
		computers[i] = s
	}
	mustCustomer(t, computers[0], shop.Customer{Name: "Backed Up"})
	ctx := context.Background()

	made := make([]string, len(computers))
	errs := make([]error, len(computers))
	var wg sync.WaitGroup
	for i, s := range computers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			made[i], errs[i] = s.BackupIfDue(ctx, engine.DefaultKeep)
		}()
	}
	wg.Wait()
	var by []string
	for i, p := range made {
		if errs[i] != nil {
			t.Fatalf("computer %d: %v", i, errs[i])
		}
		if p != "" {
			by = append(by, p)
		}
	}
	if len(by) != 1 {
		t.Fatalf("four computers starting at once made %d backups (%q); want 1", len(by), by)
	}
	if err := engine.CheckBackup(by[0]); err != nil {
		t.Errorf("the backup is not a sound Rapport file: %v", err)
	}
	bs, err := engine.ListBackups(db)
	if err != nil || len(bs) != 1 {
		t.Fatalf("backups listed: %+v, %v; want the one", bs, err)
	}
	last, err := computers[2].LastSharedBackup(ctx)
	if err != nil || last.Day != tables.DayOf(fixedNow, time.UTC) || last.By == "" {
		t.Errorf("the shop notes its last backup as %+v, %v", last, err)
	}
	for i, s := range computers {
		if p, err := s.BackupIfDue(ctx, engine.DefaultKeep); p != "" || err != nil {
			t.Errorf("computer %d, later the same day: %q, %v; want nothing made", i, p, err)
		}
	}

	now = fixedNow.Add(24 * time.Hour)
	if p, err := computers[3].BackupIfDue(ctx, engine.DefaultKeep); p == "" || err != nil {
		t.Fatalf("the next day's first start: %q, %v; want a backup", p, err)
	}
	if p, _ := computers[0].BackupIfDue(ctx, engine.DefaultKeep); p != "" {
		t.Errorf("a second backup the next day: %s", p)
	}
	if bs, _ := engine.ListBackups(db); len(bs) != 2 {
		t.Errorf("%d backups after two days; want 2", len(bs))
	}
}
