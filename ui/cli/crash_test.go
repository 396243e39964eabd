//go:build unix

package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
)

// killPoints is how many times TestKilledBackupsAndRestoresLeaveNoLeftovers kills
// each of backup and restore: RAPPORT_BACKUP_KILLS, 20 by default.
func killPoints(t *testing.T) int {
	if v := os.Getenv("RAPPORT_BACKUP_KILLS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("RAPPORT_BACKUP_KILLS=%q is not a positive number", v)
		}
		return n
	}
	return 20
}

// killShop writes a shop big enough that a backup or a restore takes a while (a
// few MB), with a marker customer named marker.
func killShop(t *testing.T, path, marker string) {
	t.Helper()
	s, _, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.Write(context.Background(), func(tx *store.Tx) error {
		var ids []shop.ID
		for i := range 1500 {
			c := shop.Customer{Name: fmt.Sprintf("Customer %04d", i), Email: fmt.Sprintf("c%04d@example.com", i), Kind: shop.KindConsumer,
				PreferredCallMinute: -1, Notes: strings.Repeat("a regular who likes the dark roast; ", 8)}
			if err := tx.AddCustomer(&c); err != nil {
				return err
			}
			ids = append(ids, c.ID)
		}
		ps := make([]shop.Purchase, 0, 40000)
		for i := range 40000 {
			ps = append(ps, shop.Purchase{CustomerID: ids[i%len(ids)], At: time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour),
				Items: fmt.Sprintf("espresso beans, filters and a mug no. %d", i), AmountCents: int64(1000 + i%5000), Channel: shop.ChannelVisit})
		}
		if err := tx.AddSales(ps); err != nil {
			return err
		}
		m := shop.Customer{Name: marker, Kind: shop.KindConsumer, PreferredCallMinute: -1}
		return tx.AddCustomer(&m)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// markerOf is the marker customer in the file at path: which backup it holds.
func markerOf(t *testing.T, path string) string {
	t.Helper()
	// Read-write, though it only reads: the last connection to close removes the
	// -wal and -shm it makes.
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res, m string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check of %s = %q, %v", path, res, err)
	}
	if err := db.QueryRow(`SELECT name FROM customers WHERE name LIKE 'Marker %'`).Scan(&m); err != nil {
		t.Fatalf("no marker in %s: %v", path, err)
	}
	return m
}

// runAndKill starts `rapport args...` in a process of its own, kills it (SIGKILL)
// after the pause, and reports whether it had finished first.
func runAndKill(t *testing.T, pause time.Duration, args ...string) (finished bool) {
	t.Helper()
	cmd := rapportCmd(args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(pause)
	cmd.Process.Signal(syscall.SIGKILL)
	err := cmd.Wait()
	return err == nil
}

// timeRun is how long `rapport args...` takes in a process of its own.
func timeRun(t *testing.T, args ...string) time.Duration {
	t.Helper()
	start := time.Now()
	if out, err := rapportCmd(args...).CombinedOutput(); err != nil {
		t.Fatalf("%q: %v\n%s", args, err, out)
	}
	return time.Since(start)
}

// checkNoLeftovers runs the next commands (shop, then backups) as a person would
// after a crash, and checks that they work and that what is left is only the
// database, its lock and whole backups: no temporary file, journal or copy cut
// short anywhere.
func checkNoLeftovers(t *testing.T, db string, k int) {
	t.Helper()
	for _, args := range [][]string{{"shop"}, {"backups"}} {
		if out, errs, code := rapport(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("kill %d: %s after the kill: exit %d\n%s%s", k, args[0], code, out, errs)
		}
	}
	entries, err := os.ReadDir(filepath.Dir(db))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch e.Name() {
		case filepath.Base(db), filepath.Base(engine.LockPath(db)), filepath.Base(engine.WindowLockPath(db)), "backups":
		default:
			t.Errorf("kill %d: %s is left beside the database", k, e.Name())
		}
	}
	bdir := engine.BackupDir(db)
	entries, err = os.ReadDir(bdir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := filepath.Join(bdir, e.Name())
		switch {
		case strings.HasSuffix(e.Name(), ".db"):
			if err := engine.CheckBackup(p); err != nil {
				t.Errorf("kill %d: %s is not a whole backup: %v", k, e.Name(), err)
			}
		case strings.HasSuffix(e.Name(), ".db-wal"):
			if _, err := os.Stat(strings.TrimSuffix(p, "-wal")); err != nil {
				t.Errorf("kill %d: %s is left without its database", k, e.Name())
			}
		default:
			t.Errorf("kill %d: %s is left in the backups folder", k, e.Name())
		}
	}
}

// TestKilledBackupsAndRestoresLeaveNoLeftovers kills `backup` and `restore`
// (SIGKILL) at random moments within the time each takes, killPoints times each.
// After every kill the next commands work, the database is whole and is the file
// it was or the one restored, and nothing is left behind: a killed backup once
// left temporary files and journals that piled up, and a killed restore a copy cut
// short that was listed as a good backup.
func TestKilledBackupsAndRestoresLeaveNoLeftovers(t *testing.T) {
	skipUnderRace(t, "RAPPORT_BACKUP_KILLS")
	kills := killPoints(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "shop.db")
	killShop(t, db, "Marker A")
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 2))
	t.Logf("seed %d, %d kill points each", seed, kills)

	took := timeRun(t, "--db", db, "backup")
	mid := 0
	for k := range kills {
		pause := time.Duration(rng.Int64N(int64(took) * 11 / 10))
		if !runAndKill(t, pause, "--db", db, "backup") {
			mid++
		}
		checkNoLeftovers(t, db, k)
		if m := markerOf(t, db); m != "Marker A" {
			t.Fatalf("kill %d: the database holds %s after a killed backup", k, m)
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("backup (%v a run): %d of %d kills before it finished", took.Round(time.Millisecond), mid, kills)
	if mid == 0 {
		t.Error("no kill landed before a backup finished; the test proved nothing")
	}

	// Two backups to restore in turn: A, and B with its own marker.
	bs, err := engine.ListBackups(db)
	if err != nil || len(bs) == 0 {
		t.Fatalf("backups: %v %v", bs, err)
	}
	backupA := bs[0].Path
	other := filepath.Join(t.TempDir(), "other.db")
	killShop(t, other, "Marker B")
	backupB := filepath.Join(engine.BackupDir(db), "shop-20261101-090000.db")
	if err := os.Rename(other, backupB); err != nil {
		t.Fatal(err)
	}
	took = timeRun(t, "--db", db, "restore", backupB)
	state := "Marker B"
	mid = 0
	for k := range kills {
		target, want := backupA, "Marker A"
		if state == "Marker A" {
			target, want = backupB, "Marker B"
		}
		pause := time.Duration(rng.Int64N(int64(took) * 11 / 10))
		if !runAndKill(t, pause, "--db", db, "restore", target) {
			mid++
		}
		checkNoLeftovers(t, db, k)
		got := markerOf(t, db)
		if got != state && got != want {
			t.Fatalf("kill %d: the database holds %s; want %s (as it was) or %s (restored)", k, got, state, want)
		}
		state = got
		// The copies kept before each restore were checked whole above; they are
		// removed to keep the folder small.
		if bs, err := engine.ListBackups(db); err == nil {
			for _, b := range bs {
				if b.BeforeRestore {
					os.Remove(b.Path)
					os.Remove(b.Path + "-wal")
				}
			}
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("restore (%v a run): %d of %d kills before it finished", took.Round(time.Millisecond), mid, kills)
	if mid == 0 {
		t.Error("no kill landed before a restore finished; the test proved nothing")
	}
}
