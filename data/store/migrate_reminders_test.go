package store

import (
	"database/sql"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/engine"
)

// openAtVersion writes a database whose schema is that of the migrations up to
// version (as an older Rapport left it), runs rows (the statements that fill it)
// in it, closes it, and returns its path.
func openAtVersion(t *testing.T, version int, rows ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", engine.DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(engine.MigrationFiles(), "migrations/*.sql")
	for _, n := range names {
		v, _ := strconv.Atoi(strings.SplitN(filepath.Base(n), "_", 2)[0])
		if v > version {
			continue
		}
		body, _ := fs.ReadFile(engine.MigrationFiles(), n)
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (?, 0)`, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range rows {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestMigrationSplitsPromisesFromOtherOverdueItemsInTheHistory(t *testing.T) {
	path := openAtVersion(t, 9,
		`INSERT INTO customers (id, name) VALUES (1, 'Ada')`,
		// The old classes: 0 open problem, 1 promise or overdue, 2 routine.
		`INSERT INTO followups (id, customer_id, due, day, time_zone, channel, priority, promised, overdue, status)
			VALUES (1, 1, 0, '1970-01-01', 'UTC', 'phone', 0, 0, 0, 'done'),
			       (2, 1, 0, '1970-01-01', 'UTC', 'phone', 1, 1, 1, 'done'),
			       (3, 1, 0, '1970-01-01', 'UTC', 'phone', 1, 0, 1, 'done'),
			       (4, 1, 0, '1970-01-01', 'UTC', 'phone', 2, 0, 0, 'done')`,
	)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := map[int]int{1: shop.PriorityOpenProblem, 2: shop.PriorityPromise, 3: shop.PriorityOverdue, 4: shop.PriorityRoutine}
	for id, w := range want {
		var got int
		if err := s.db.QueryRow(`SELECT priority FROM followups WHERE id = ?`, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != w {
			t.Errorf("follow-up %d: priority %d after the migration, want %d (%s)", id, got, w, shop.PriorityLabel(w))
		}
	}
}
