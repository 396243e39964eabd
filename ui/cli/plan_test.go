package cli

import (
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// holdWriteLock takes the database's write lock from a connection of its own, as
// another command in the middle of a long import does, until the test ends.
func holdWriteLock(t *testing.T, db string) {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		tx.Rollback()
		conn.Close()
	})
}

// todayJSON runs today --json and reads its items.
func todayJSON(t *testing.T, args ...string) ([]Item, string) {
	t.Helper()
	out, errs, code := rapport(t, append(args, "today", "--json")...)
	if code != 0 {
		t.Fatalf("today: exit %d: %s", code, errs)
	}
	var items []Item
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("today --json printed %q: %v", out, err)
	}
	return items, errs
}

func TestViewingThePlanNeverWaitsForAWriter(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	monday := "--now=2026-11-23T10:05:00-05:00"
	if out, errs, code := rapport(t, "--db", db, monday, "demo"); code != 0 {
		t.Fatalf("demo: exit %d: %s%s", code, out, errs)
	}
	want, _ := todayJSON(t, "--db", db, monday)
	if len(want) == 0 {
		t.Fatal("the demo shop has nothing due today")
	}

	holdWriteLock(t, db)
	// The plan is today's: today, agenda, the digest and the calendar export only
	// read it.
	got, errs := todayJSON(t, "--db", db, monday)
	if len(got) != len(want) || got[0].ID != want[0].ID || errs != "" {
		t.Errorf("today beside a writer: %d items (first #%d), %q; want %d (first #%d) and no note", len(got), got[0].ID, errs, len(want), want[0].ID)
	}
	if out, errs, code := rapport(t, "--db", db, monday, "agenda", "--json"); code != 0 || !strings.HasPrefix(out, "[") {
		t.Errorf("agenda beside a writer: exit %d, %s%s", code, out, errs)
	}
	if out, errs, code := rapport(t, "--db", db, monday, "digest", "--json"); code != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("digest beside a writer: exit %d, %s%s", code, out, errs)
	}
	ics := filepath.Join(t.TempDir(), "plan.ics")
	if out, errs, code := rapport(t, "--db", db, monday, "export-ics", ics); code != 0 {
		t.Errorf("export-ics beside a writer: exit %d, %s%s", code, out, errs)
	}

	// The next morning the day's plan cannot be made while the writer holds the
	// file: today shows the stored plan and says from when it is.
	got, errs = todayJSON(t, "--db", db, "--now=2026-11-24T09:00:00-05:00")
	if len(got) == 0 || !strings.Contains(errs, "as planned on 2026-11-23") {
		t.Errorf("today of the next day beside a writer: %d items, note %q; want the stored plan and a note naming 2026-11-23", len(got), errs)
	}
}

func TestTheDaysFirstCommandPlansTheDay(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	if out, errs, code := rapport(t, "--db", db, "--now=2026-11-23T10:05:00-05:00", "demo"); code != 0 {
		t.Fatalf("demo: exit %d: %s%s", code, out, errs)
	}
	tuesday := "--now=2026-11-24T09:00:00-05:00"
	got, errs := todayJSON(t, "--db", db, tuesday)
	if errs != "" {
		t.Errorf("the first today of 2026-11-24 said %q", errs)
	}
	for _, it := range got {
		if !it.Overdue && !strings.HasPrefix(it.Due, "2026-11-24") {
			t.Errorf("today of 2026-11-24 lists #%d due %s, not overdue: the plan was not made again for the new day", it.ID, it.Due)
		}
	}
	again, _ := todayJSON(t, "--db", db, tuesday)
	if len(again) != len(got) || len(got) > 0 && again[0].ID != got[0].ID {
		t.Errorf("the second today of the day differs: %d items then %d", len(got), len(again))
	}
}
