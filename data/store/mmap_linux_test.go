package store

import (
	"context"
	"os"
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
