package store

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/store/pgtest"
)

// TestEveryConnectionReadsTheFileThroughAMap: each pooled connection reads the
// shop's file through a memory map (engine's dsn, PRAGMA mmap_size), which shows
// as a mapping of the file in /proc/self/maps, one per connection.
func TestEveryConnectionReadsTheFileThroughAMap(t *testing.T) {
	if pgtest.OnPostgres() {
		t.Skip("the memory map is SQLite's")
	}
	s := openTest(t)
	ctx := context.Background()
	// The schema's pages in the file itself, not only in the write-ahead log.
	if err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close() // held, so that the next turn gets another connection
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM customers`).Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	path, err := filepath.EvalSymlinks(s.Path()) // as the maps name it
	if err != nil {
		t.Fatal(err)
	}
	mapped := 0
	for line := range strings.Lines(string(maps)) {
		if strings.HasSuffix(strings.TrimSpace(line), " "+path) {
			mapped++
		}
	}
	if mapped < 2 {
		t.Errorf("%s is mapped %d times after reads on two connections; want once for each", s.Path(), mapped)
	}
}

// TestAFileCutShorterUnderAnOpenStoreStopsIt: another program cutting the open
// file shorter (a shorter file copied over it) stops Rapport at its next read of
// a page past the new end, a bus error on the memory map, before it can write
// anything into the file. (Read through SQLite's page cache alone, the list
// read on from the cache without an error.) The store runs in a child process
// of the test binary, which the fault ends.
func TestAFileCutShorterUnderAnOpenStoreStopsIt(t *testing.T) {
	if pgtest.OnPostgres() {
		t.Skip("the memory map is SQLite's")
	}
	if os.Getenv("RAPPORT_TEST_CUT_SHORTER") == "1" {
		s, _ := planShop(t)
		// One connection, so that the second read is on the map made before the
		// cut (a connection opened after it maps only what is left).
		s.db.SetMaxOpenConns(1)
		ctx := context.Background()
		if err := s.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		from, to := fixedNow.AddDate(-1, 0, 0), fixedNow.AddDate(1, 0, 0)
		if _, err := s.Agenda(ctx, from, to); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(s.Path(), 8192); err != nil {
			t.Fatal(err)
		}
		items, err := s.Agenda(ctx, from, to)
		t.Fatalf("the agenda read on after the file was cut shorter: %d items, %v", len(items), err)
	}
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestAFileCutShorterUnderAnOpenStoreStopsIt$", "-test.count=1", "-test.timeout=1m")
	// The fault ends the child before its cleanup: its files go in a folder of
	// the parent's, and the fault writes no core file.
	cmd.Env = append(os.Environ(), "RAPPORT_TEST_CUT_SHORTER=1", "TMPDIR="+t.TempDir(), "GOTRACEBACK=single")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "SIGBUS") {
		t.Errorf("the store on a file cut shorter: %v; want it stopped by SIGBUS. Its output:\n%s", err, out)
	}
}
