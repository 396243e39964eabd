//go:build linux

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/store/pgtest"
)

// sqliteTempFiles counts the temporary files SQLite has open in this process: it
// removes each as soon as it has opened it, so they show among the process's open
// files as deleted ones (whatever their names, which depend on the file system).
func sqliteTempFiles(t *testing.T) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasSuffix(target, " (deleted)") && !strings.HasPrefix(target, "/memfd:") {
			n++
		}
	}
	return n
}

// TestBulkAndPlanTransactionsKeepStatementJournalsInMemory: a statement that
// changes many customers (each change fires a trigger, so SQLite journals the
// statement) writes its statement journal to a temporary file in a plain
// transaction and keeps it in memory in a bulk one (an import's) and in a
// re-plan's; in a bulk one, a sort bigger than the page cache still goes to a
// temporary file.
func TestBulkAndPlanTransactionsKeepStatementJournalsInMemory(t *testing.T) {
	if pgtest.OnPostgres() {
		t.Skip("statement journals and temp_store are SQLite's")
	}
	s := openTest(t)
	ctx := context.Background()
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		add, err := tx.PrepareContext(ctx, `INSERT INTO customers (name, kind, email, time_zone, email_key, name_key) VALUES (?, 'consumer', ?, 'UTC', ?, ?)`)
		if err != nil {
			return err
		}
		defer add.Close()
		for i := range 30_000 {
			name := fmt.Sprintf("Customer %d %s", i, strings.Repeat("x", 80))
			email := fmt.Sprintf("c%d@example.org", i)
			if _, err := add.ExecContext(ctx, name, email, email, strings.ToLower(name)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := sqliteTempFiles(t); n != 0 {
		t.Fatalf("%d temporary files open before the test", n)
	}
	// One connection, so that the last check reads the one the bulk transaction had.
	s.SQL().SetMaxOpenConns(1)
	var before int
	if err := s.SQL().QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	errRollBack := errors.New("rolled back")
	renameAll := func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE customers SET name = name || '.'`)
		return err
	}
	// The test's own check: it sees a statement journal in a file.
	err = s.InTx(ctx, func(tx *sql.Tx) error {
		if err := renameAll(tx); err != nil {
			return err
		}
		if n := sqliteTempFiles(t); n == 0 {
			t.Error("a plain transaction: no temporary file open after a statement that changed 30,000 customers; the test does not see statement journals")
		}
		return errRollBack
	})
	if !errors.Is(err, errRollBack) {
		t.Fatal(err)
	}
	// A re-plan's transaction keeps its statement journals in memory too: a new
	// day's batches of moved follow-ups each journal hundreds of pages.
	for _, tc := range []struct {
		name string
		in   func(context.Context, func(*sql.Tx) error) error
		sort bool // a sort bigger than its page cache (2 MB) goes to a file
	}{{"bulk", s.InBulkTx, true}, {"re-plan", s.InPlanTx, false}} {
		err = tc.in(ctx, func(tx *sql.Tx) error {
			if err := renameAll(tx); err != nil {
				return err
			}
			if n := sqliteTempFiles(t); n != 0 {
				t.Errorf("a %s transaction: %d temporary files open after a statement that changed 30,000 customers; want its statement journal in memory", tc.name, n)
			}
			if !tc.sort {
				return errRollBack
			}
			// About 3 MB to sort, on no index: more than the page cache holds.
			rows, err := tx.QueryContext(ctx, `SELECT id FROM customers ORDER BY name || email DESC`)
			if err != nil {
				return err
			}
			defer rows.Close()
			if !rows.Next() {
				return fmt.Errorf("no customers: %v", rows.Err())
			}
			if n := sqliteTempFiles(t); n == 0 {
				t.Errorf("a %s transaction sorted 30,000 customers without a temporary file: temp_store is still MEMORY", tc.name)
			}
			return errRollBack
		})
		if !errors.Is(err, errRollBack) {
			t.Fatal(err)
		}
		var after int
		if err := s.SQL().QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&after); err != nil || after != before {
			t.Errorf("temp_store after the %s transaction: %d, %v; want %d as before", tc.name, after, err, before)
		}
	}
}

// TestAReplanHasABigPageCacheForItsTransactionOnly: a re-plan of the whole shop
// runs with a page cache of planCacheKiB, and the connection it ran on has its own
// again afterwards, whether the re-plan committed or failed.
func TestAReplanHasABigPageCacheForItsTransactionOnly(t *testing.T) {
	if pgtest.OnPostgres() {
		t.Skip("the page cache is SQLite's")
	}
	s := openTest(t)
	ctx := context.Background()
	// One connection, so that the checks after read the one the re-plan had.
	s.SQL().SetMaxOpenConns(1)
	cacheSize := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) int {
		var n int
		if err := q.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := cacheSize(s.SQL())
	errFailed := errors.New("failed")
	for _, fail := range []bool{false, true} {
		err := s.InPlanTx(ctx, func(tx *sql.Tx) error {
			if n := cacheSize(tx); n != -64<<10 {
				t.Errorf("the re-plan's cache_size is %d; want %d (64 MB)", n, -64<<10)
			}
			if fail {
				return errFailed
			}
			return nil
		})
		if fail != errors.Is(err, errFailed) {
			t.Fatalf("fail %v: %v", fail, err)
		}
		if n := cacheSize(s.SQL()); n != before {
			t.Errorf("fail %v: after the re-plan the connection's cache_size is %d; want %d as before", fail, n, before)
		}
	}
	if _, err := s.Replan(ctx); err != nil {
		t.Fatal(err)
	}
	if n := cacheSize(s.SQL()); n != before {
		t.Errorf("after Replan the connection's cache_size is %d; want %d", n, before)
	}
}
