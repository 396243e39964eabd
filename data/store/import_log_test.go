package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/pgtest"
)

// The import log's snapshot of a customer (its sum) is made from the customer as written,
// not read back: it must be byte for byte what reading them back gives, or an
// undo would take the customer for edited since. The customers here have what
// storing changes: a time with nanoseconds in another zone, tags to tidy, no
// kind, a phone to write the one way, names and emails with spaces around.
func TestTheImportLogsEachCustomerAsStored(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	stored := mustCustomer(t, s, shop.Customer{Name: "Stored Before", Email: "before@example.com", Tags: []string{"vip"}})
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	b := ImportBatch{Kind: "customers", FileName: "people.csv"}
	err = s.Import(ctx, &b, func(tx *ImportTx) error {
		people := []shop.Customer{
			{Name: "  Ada Byron ", Email: " ada@example.com", Phone: "(212) 555-0142", Tags: []string{" Gold", "gold", "b2b, "},
				CustomerSince: time.Date(2021, 3, 4, 5, 6, 7, 890, ny), PreferredCallMinute: -1},
			{Name: "Tom", Phone: "not a number 12", Country: "gb", PreferredCallMinute: 600, EveningOnly: true},
			{Name: "Lin", Kind: shop.KindBusiness, Company: "Wu & Co", Notes: "line one\nline two ", PreferredCallMinute: -1},
		}
		for i := range people {
			if err := tx.AddCustomer(&people[i]); err != nil {
				return err
			}
		}
		// A customer the import added, changed by a later row of the file.
		ada := people[0]
		ada.Tags = append(ada.Tags, "later")
		if err := tx.UpdateCustomer(&ada, people[0]); err != nil {
			return err
		}
		// A stored customer merged into, twice.
		before := stored
		merged := stored
		merged.Phone = "+44 20 7946 0958"
		if err := tx.UpdateCustomer(&merged, before); err != nil {
			return err
		}
		merged.Notes = "second row"
		return tx.UpdateCustomer(&merged, before)
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.Query(`SELECT row_id, action, coalesce(before, ''), after FROM import_rows WHERE batch_id = ? AND tbl = 'customers' ORDER BY row_id`, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id shop.ID
		var action, before, after string
		if err := rows.Scan(&id, &action, &before, &after); err != nil {
			t.Fatal(err)
		}
		n++
		c, err := s.Customer(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		now, _ := json.Marshal(c)
		if !strings.HasPrefix(after, "#") || len(after) != 23 || !sameSnapshot(now, after) {
			t.Errorf("customer %d (%s): the log has %q, which is not the sum of the customer as read back:\n%s", id, action, after, now)
		}
		// One byte more or less of the snapshot is an edit.
		if sameSnapshot(append(now[:len(now)-1:len(now)-1], ' ', '}'), after) || sameSnapshot(now[:len(now)-1], after) {
			t.Errorf("customer %d: a changed snapshot matches the log's %q", id, after)
		}
		if id == stored.ID {
			was, _ := json.Marshal(stored)
			if action != "merged" || before != string(was) {
				t.Errorf("the merged customer is logged as %s from %s; want merged from %s", action, before, was)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("the log has %d customers; want 4 (three added, one merged)", n)
	}
	if _, err := s.UndoImport(ctx, b.ID); err != nil {
		t.Fatalf("undo: %v", err)
	}
	back, err := s.Customer(ctx, stored.ID)
	if err != nil {
		t.Fatal(err)
	}
	if back.Phone != stored.Phone || back.Notes != stored.Notes {
		t.Errorf("after the undo the merged customer is %+v; want %+v", back, stored)
	}
}

// TestALogOfWholeSnapshotsStillUndoes: an import logged before the log kept sums
// kept each customer's whole snapshot. Its undo still takes a customer as
// unedited when they read back as that snapshot, and refuses when they do not.
func TestALogOfWholeSnapshotsStillUndoes(t *testing.T) {
	ctx := context.Background()
	for _, edited := range []bool{false, true} {
		s := openTest(t)
		b := ImportBatch{Kind: "customers", FileName: "people.csv"}
		var ann shop.Customer
		err := s.Import(ctx, &b, func(tx *ImportTx) error {
			ann = shop.Customer{Name: "Ann Lee", Email: "ann@example.com", Tags: []string{"vip"}, PreferredCallMinute: -1}
			return tx.AddCustomer(&ann)
		})
		if err != nil {
			t.Fatal(err)
		}
		// The log as the old code wrote it: the snapshot itself.
		c, err := s.Customer(ctx, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		snap, _ := json.Marshal(c)
		if _, err := s.db.Exec(`UPDATE import_rows SET after = ? WHERE batch_id = ? AND row_id = ?`, string(snap), b.ID, ann.ID); err != nil {
			t.Fatal(err)
		}
		if edited {
			c.Notes = "called back"
			if err := s.SaveCustomer(ctx, &c); err != nil {
				t.Fatal(err)
			}
		}
		_, err = s.UndoImport(ctx, b.ID)
		switch {
		case edited && !errors.Is(err, ErrUndoUnsafe):
			t.Errorf("undo after an edit: %v; want it refused", err)
		case !edited && err != nil:
			t.Errorf("undo: %v", err)
		case !edited:
			if _, err := s.Customer(ctx, ann.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("after the undo, Ann reads as %v; want her gone", err)
			}
		}
	}
}

// TestAnImportKnowsTheCustomersItAdded asks the import, after it added fifty
// customers, which ones it added: each of them, and not the customer stored
// before. Their IDs rise as a rule; in a shop whose last customer holds the
// largest ID possible SQLite picks them at random, and the answer must not change
// (PostgreSQL takes them from a sequence, whatever the largest).
func TestAnImportKnowsTheCustomersItAdded(t *testing.T) {
	ctx := context.Background()
	for _, crowded := range []bool{false, true} {
		if crowded && pgtest.OnPostgres() {
			continue
		}
		s := openTest(t)
		stored := mustCustomer(t, s, shop.Customer{Name: "Stored Before", Email: "before@example.com"})
		if crowded {
			if _, err := s.db.Exec(`UPDATE customers SET id = 9223372036854775807 WHERE id = ?`, stored.ID); err != nil {
				t.Fatal(err)
			}
			stored.ID = 9223372036854775807
		}
		b := ImportBatch{Kind: "customers", FileName: "people.csv"}
		err := s.Import(ctx, &b, func(tx *ImportTx) error {
			var ids []shop.ID
			for i := range 50 {
				c := shop.Customer{Name: fmt.Sprintf("Person %d", i), PreferredCallMinute: -1}
				if err := tx.AddCustomer(&c); err != nil {
					return err
				}
				ids = append(ids, c.ID)
			}
			if crowded == slices.IsSorted(ids) {
				t.Fatalf("crowded %v: the added IDs are sorted: %v (the test needs them %s)", crowded, slices.IsSorted(ids), map[bool]string{false: "in order", true: "out of order"}[crowded])
			}
			for _, id := range ids {
				if !tx.Added(id) {
					t.Errorf("crowded %v: customer %d was added, but the import says not", crowded, id)
				}
			}
			if tx.Added(stored.ID) {
				t.Errorf("crowded %v: the customer stored before is taken for added", crowded)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
