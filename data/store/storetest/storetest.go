// Package storetest opens real stores, each a database file of its own in the
// test's temporary folder, for the tests of the packages built on the store.
// Under RAPPORT_TEST_ENGINE=postgres each is a fresh PostgreSQL database instead
// (package pgtest), so that the same suites run on both engines.
package storetest

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/data/store/pgtest"
)

// Now is the clock of the stores Open opens: Monday 2026-11-23, 14:00 in New York.
var Now = time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC)

// Open opens a new, empty store in a file of t's temporary folder (or a fresh
// PostgreSQL database, see the package's doc), with its clock fixed at Now, and
// closes it when t ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	return OpenFile(t, NewDB(t))
}

// NewDB names a new, empty database for t: a file in its temporary folder, or
// under RAPPORT_TEST_ENGINE=postgres a fresh PostgreSQL database's URL.
func NewDB(t testing.TB) string {
	t.Helper()
	if pgtest.OnPostgres() {
		return pgtest.NewDatabase(t)
	}
	return filepath.Join(t.TempDir(), "rapport.db")
}

// FileOnly skips a test of what only a database file has (its lock, its pages,
// its folder) when the suite runs on PostgreSQL.
func FileOnly(t testing.TB) {
	t.Helper()
	if pgtest.OnPostgres() {
		t.Skip("a test of the SQLite file itself")
	}
}

// OpenFile opens the store at path with its clock fixed at Now, and closes it when
// t ends.
func OpenFile(t testing.TB, path string) *store.Store {
	t.Helper()
	s, _, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return Now }
	t.Cleanup(func() { s.Close() })
	return s
}

// Customer saves c (with no preferred call time unless it has one) and returns it
// as stored.
func Customer(t testing.TB, s *store.Store, c shop.Customer) shop.Customer {
	t.Helper()
	if c.PreferredCallMinute == 0 {
		c.PreferredCallMinute = -1
	}
	if err := s.SaveCustomer(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// Count counts a table's rows through a connection of its own: what another
// program reading the database sees.
func Count(t testing.TB, s *store.Store, table string) int {
	t.Helper()
	db := SQL(t, s)
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// SQL is a connection of its own to s's database, as another program would have
// (in the store's SQL: ? placeholders on both engines), closed when t ends.
func SQL(t testing.TB, s *store.Store) *sql.DB {
	t.Helper()
	db, err := engine.OpenSQL(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// PromiseDue fails t for each follow-up whose promise_due is not its due time if
// it carries a promise and 0 if not (Today's order depends on it: migration
// 0024), and returns how many promises it checked.
func PromiseDue(t testing.TB, s *store.Store) (promises int) {
	t.Helper()
	rows, err := SQL(t, s).Query(`SELECT id, priority, due, promise_due FROM followups ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id shop.ID
		var priority int
		var due, promiseDue int64
		if err := rows.Scan(&id, &priority, &due, &promiseDue); err != nil {
			t.Fatal(err)
		}
		want := int64(0)
		if priority == shop.PriorityPromise {
			want = due
			promises++
		}
		if promiseDue != want {
			t.Errorf("follow-up %d (priority %d, due %d) has promise_due %d; want %d", id, priority, due, promiseDue, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return promises
}
