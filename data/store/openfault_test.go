package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/engine"
)

// shopFile makes a closed Rapport database of several pages at dir/name with n
// customers in it, and returns its path.
func shopFile(t *testing.T, dir, name string, n int) string {
	t.Helper()
	path := filepath.Join(dir, name)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	b := ImportBatch{Kind: "customers"}
	err = s.Import(context.Background(), &b, func(tx *ImportTx) error {
		for i := range n {
			c := shop.Customer{Name: fmt.Sprintf("Customer %04d", i), Email: fmt.Sprintf("c%04d@example.com", i), Phone: fmt.Sprintf("+1 212 555 %04d", i%10000),
				Country: "US", Kind: shop.KindConsumer, TimeZone: "America/New_York", PreferredCallMinute: -1}
			if err := tx.AddCustomer(&c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func customerCount(t *testing.T, path string) int {
	t.Helper()
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs, err := s.Customers(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return len(cs)
}

// TestOpenRefusesDamagedAndNewerFilesUntouchedAndOffersTheBackup: each bad file
// gives an *OpenError that says what is wrong and names the newest good backup,
// and not one byte of the file changes.
func TestOpenRefusesDamagedAndNewerFilesUntouchedAndOffersTheBackup(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, path string)
		want   string
	}{
		{"truncated to half", func(t *testing.T, path string) {
			st, _ := os.Stat(path)
			if err := os.Truncate(path, st.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, "damaged"},
		{"truncated to its header", func(t *testing.T, path string) {
			if err := os.Truncate(path, 100); err != nil {
				t.Fatal(err)
			}
		}, "damaged"},
		{"made by a newer Rapport", func(t *testing.T, path string) {
			s, _, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.db.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)`); err != nil {
				t.Fatal(err)
			}
			s.Close()
		}, "newer Rapport"},
		{"not SQLite at all", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte("name,email\nAna,ana@example.com\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, "not an SQLite file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := shopFile(t, dir, "shop.db", 400)
			s, _, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			s.Now = func() time.Time { return time.Date(2026, 11, 20, 12, 0, 0, 0, time.Local) }
			good, err := s.Backup(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			tc.damage(t, path)
			before := digest(t, path)

			_, _, err = Open(path)
			var oe *engine.OpenError
			if !errors.As(err, &oe) {
				t.Fatalf("Open error = %v (%T); want an *OpenError", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("error = %q; want it to name the file and say %q", err, tc.want)
			}
			if oe.Backup != good {
				t.Errorf("offered backup = %q; want the good one %q", oe.Backup, good)
			}
			if after := digest(t, path); after != before {
				t.Error("the refused file was changed")
			}
			if _, err := os.Stat(path + "-wal"); err == nil {
				t.Error("a -wal file was left beside the refused file")
			}
			// The offered backup brings the shop back.
			if err := Restore(path, oe.Backup); err != nil {
				t.Fatal(err)
			}
			if n := customerCount(t, path); n != 400 {
				t.Errorf("after restoring the backup: %d customers; want 400", n)
			}
		})
	}
}

func TestOpenCreatesOwnerOnlyFilesAndFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Rapport")
	path := filepath.Join(dir, "rapport.db")
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Customers(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	b, err := s.Backup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	l, err := engine.AcquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	for p, want := range map[string]os.FileMode{
		dir: 0o700, path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600,
		engine.BackupDir(path): 0o700, b: 0o600, engine.LockPath(path): 0o600,
	} {
		st, err := os.Stat(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s has mode %v; want %v", filepath.Base(p), got, want)
		}
	}
}
