// Package storetest opens real stores, each a database file of its own in the
// test's temporary folder, for the tests of the packages built on the store.
package storetest

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// Now is the clock of the stores Open opens: Monday 2026-11-23, 14:00 in New York.
var Now = time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC)

// Open opens a new, empty store in a file of t's temporary folder, with its clock
// fixed at Now, and closes it when t ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	return OpenFile(t, filepath.Join(t.TempDir(), "rapport.db"))
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

// Count counts a table's rows through a read-only connection of its own: what
// another program reading the file sees.
func Count(t testing.TB, s *store.Store, table string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+s.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
