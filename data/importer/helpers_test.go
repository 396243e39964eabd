package importer

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// fixedNow is the clock of every importer test: Monday 2026-11-23, 14:00 in New York.
var fixedNow = time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC)

// openTest opens a fresh database file in a temporary folder with the clock fixed.
func openTest(t testing.TB) *store.Store {
	t.Helper()
	s, _, err := store.Open(filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return fixedNow }
	t.Cleanup(func() { s.Close() })
	return s
}

func mustCustomer(t testing.TB, s *store.Store, c shop.Customer) shop.Customer {
	t.Helper()
	if c.PreferredCallMinute == 0 {
		c.PreferredCallMinute = -1
	}
	if err := s.SaveCustomer(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// count counts a table's rows through a connection of its own, read-only: what
// another program reading the file would see.
func count(t testing.TB, s *store.Store, table string) int {
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

// importString imports a CSV file's text with the mapping guessed from its header,
// as `rapport import KIND FILE` does.
func importString(t testing.TB, s *store.Store, kind, body string) (store.ImportBatch, error) {
	t.Helper()
	f, err := ReadCSV(strings.NewReader(body), kind)
	if err != nil {
		return store.ImportBatch{}, err
	}
	m := GuessMapping(kind, f.Header)
	m.GuessFormats(f)
	return Import(context.Background(), s, f, m)
}
