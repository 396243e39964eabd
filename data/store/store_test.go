package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/data/store/pgtest"
)

// fixedNow is the clock of every store test: Monday 2026-11-23, 14:00 in New York.
var fixedNow = time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC)

// openTest opens a fresh database file in a temporary folder with the clock fixed.
// Under RAPPORT_TEST_ENGINE=postgres it is a fresh PostgreSQL database instead.
func openTest(t *testing.T) *Store {
	t.Helper()
	at := filepath.Join(t.TempDir(), "rapport.db")
	if pgtest.OnPostgres() {
		at = pgtest.NewDatabase(t)
	}
	s, created, err := Open(at)
	if err != nil {
		t.Fatal(err)
	}
	if !created {
		t.Fatal("a new file should be reported as created")
	}
	s.Now = func() time.Time { return fixedNow }
	t.Cleanup(func() { s.Close() })
	return s
}

// fileOnly skips a test of what only a database file has (its lock, its pages,
// its folder) when the suite runs on PostgreSQL.
func fileOnly(t *testing.T) {
	t.Helper()
	if pgtest.OnPostgres() {
		t.Skip("a test of the SQLite file itself")
	}
}

func mustCustomer(t *testing.T, s *Store, c shop.Customer) shop.Customer {
	t.Helper()
	if c.PreferredCallMinute == 0 {
		c.PreferredCallMinute = -1
	}
	if err := s.SaveCustomer(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// importCustomers stores new customers by name in one logged import, as package
// importer would: the store's side of an import.
func importCustomers(s *Store, names ...string) error {
	b := ImportBatch{Kind: "customers", FileName: "test.csv"}
	return s.Import(context.Background(), &b, func(tx *ImportTx) error {
		for _, n := range names {
			c := shop.Customer{Name: n, PreferredCallMinute: -1}
			if err := tx.AddCustomer(&c); err != nil {
				return err
			}
			b.NewCustomers++
		}
		b.Rows = len(names)
		return nil
	})
}

func count(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMigrationsFromEmptyCreateEveryTableOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s, created, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if !created {
		t.Error("Open should report that it created the file")
	}
	files, _ := fs.Glob(engine.MigrationFiles(), "migrations/*.sql")
	v, err := s.SchemaVersion()
	newest, _ := strconv.Atoi(strings.SplitN(filepath.Base(files[len(files)-1]), "_", 2)[0])
	if err != nil || v != newest || v < 2 {
		t.Fatalf("schema version = %d, %v; want %d, the newest migration file's", v, err, newest)
	}
	for _, table := range []string{"business", "settings", "staff", "customers", "purchases", "issues", "promises", "followups", "followup_reasons", "overrides", "contacts"} {
		count(t, s, table)
	}
	var fk, busy int
	var mode string
	s.db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	s.db.QueryRow(`PRAGMA busy_timeout`).Scan(&busy)
	s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if fk != 1 || busy != 5000 || mode != "wal" {
		t.Errorf("pragmas: foreign_keys=%d busy_timeout=%d journal_mode=%s; want 1, 5000, wal", fk, busy, mode)
	}
	s.Close()

	// Opening again applies nothing twice and keeps what is there.
	s, created, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if created {
		t.Error("an existing file was reported as created")
	}
	if n := count(t, s, "schema_migrations"); n != len(files) {
		t.Errorf("schema_migrations has %d rows after reopening; want %d", n, len(files))
	}
}

func TestOpenRefusesFilesThatAreNotOursAndLeavesThemUntouched(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.db")
	os.WriteFile(text, []byte("shopping list: beans, filters\n"), 0o644)

	// Another program's SQLite database.
	other := filepath.Join(dir, "other.db")
	o, _, err := Open(filepath.Join(dir, "scratch.db"))
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	{
		s, _, _ := Open(filepath.Join(dir, "tmp.db"))
		s.db.Exec(`ATTACH DATABASE ? AS o`, other)
		s.db.Exec(`CREATE TABLE o.recipes (name TEXT)`)
		s.db.Exec(`PRAGMA o.journal_mode = DELETE`)
		s.db.Exec(`DETACH DATABASE o`)
		s.Close()
	}
	unreadable := filepath.Join(dir, "locked.db")
	os.WriteFile(unreadable, []byte("SQLite format 3\x00"), 0o000)

	for _, tc := range []struct {
		name, path, want string
	}{
		{"a text file", text, "not an SQLite file"},
		{"another program's database", other, "another program"},
		{"a folder", dir, "is a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := digest(t, tc.path)
			_, _, err := Open(tc.path)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
				t.Fatalf("Open(%s) error = %v; want one naming the file and saying %q", tc.path, err, tc.want)
			}
			if after := digest(t, tc.path); after != before {
				t.Error("the file was changed")
			}
			if _, err := os.Stat(tc.path + "-wal"); err == nil {
				t.Error("a -wal file was left beside it")
			}
		})
	}
	if os.Geteuid() != 0 { // root reads anything
		if _, _, err := Open(unreadable); err == nil || !strings.Contains(err.Error(), "cannot read") {
			t.Errorf("unreadable file: error = %v; want 'cannot read'", err)
		}
	}
}

func digest(t *testing.T, path string) [32]byte {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.IsDir() {
		return sha256.Sum256([]byte(st.ModTime().String()))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestTransactionRolledBackOnErrorLeavesNothingBehind(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO customers (name) VALUES ('Half Written')`); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO staff (name) VALUES ('Also Gone')`); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("inTx returned %v; want the callback's error", err)
	}
	if n := count(t, s, "customers") + count(t, s, "staff"); n != 0 {
		t.Errorf("%d rows survived a rolled-back transaction", n)
	}
}

func TestForeignKeysAreEnforced(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	err := s.SavePurchase(ctx, &shop.Purchase{CustomerID: 999, At: fixedNow, AmountCents: 100, Channel: shop.ChannelVisit})
	if err == nil || !strings.Contains(strings.ToUpper(err.Error()), "FOREIGN KEY") {
		t.Fatalf("a sale for a customer that does not exist: error = %v; want a foreign key failure", err)
	}
	if n := count(t, s, "purchases"); n != 0 {
		t.Errorf("%d purchases stored for a missing customer", n)
	}
	c := mustCustomer(t, s, shop.Customer{Name: "Ada", Kind: shop.KindConsumer})
	if err := s.SavePurchase(ctx, &shop.Purchase{CustomerID: c.ID, At: fixedNow, AmountCents: 100, Channel: shop.ChannelVisit}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteCustomer(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "purchases"); n != 0 {
		t.Errorf("deleting a customer left %d of their purchases behind", n)
	}
}

func TestMoneyRoundTripsExactly(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	c := mustCustomer(t, s, shop.Customer{Name: "Ada", Kind: shop.KindConsumer})
	// Amounts that a float64 of dollars would get wrong, and the largest we accept.
	for _, cents := range []int64{1, 10, 29, 1999, 100000000001, 999999999999999} {
		p := shop.Purchase{CustomerID: c.ID, At: fixedNow, AmountCents: cents, Channel: shop.ChannelVisit}
		if err := s.SavePurchase(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Purchases(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, p := range got {
		sum += p.AmountCents
	}
	if want := int64(1 + 10 + 29 + 1999 + 100000000001 + 999999999999999); sum != want {
		t.Errorf("sum of stored cents = %d; want %d", sum, want)
	}
	for _, tc := range []struct {
		in   string
		want int64
	}{{"12.50", 1250}, {"$1,234.5", 123450}, {"0.07", 7}, {"19.99", 1999}, {"1234", 123400}, {"€ 3.10", 310}} {
		if got, err := shop.ParseCents(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseCents(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
		if back, _ := shop.ParseCents(shop.FormatCents(tc.want)); back != tc.want {
			t.Errorf("FormatCents(%d) = %q does not read back", tc.want, shop.FormatCents(tc.want))
		}
	}
	for _, bad := range []string{"12,50x", "12,50", "1,23.00", "1.234", "abc", "", "1.", "--1"} {
		if _, err := shop.ParseCents(bad); err == nil {
			t.Errorf("ParseCents(%q) accepted a bad amount", bad)
		}
	}
}
