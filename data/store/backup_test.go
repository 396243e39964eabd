package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/store/engine"
)

func TestBackupIfDueOncePerDayKeepsTheNewest(t *testing.T) {
	dir := t.TempDir()
	path := shopFile(t, dir, "rapport.db", 20)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.Local)
	var made []string
	for i := range 20 {
		now := day.AddDate(0, 0, i)
		s.Now = func() time.Time { return now }
		p, err := s.BackupIfDue(ctx, 5)
		if err != nil || p == "" {
			t.Fatalf("day %d: BackupIfDue = %q, %v; want a new backup", i, p, err)
		}
		made = append(made, p)
		// Later the same day: nothing to do.
		later := now.Add(8 * time.Hour)
		s.Now = func() time.Time { return later }
		if p, err := s.BackupIfDue(ctx, 5); err != nil || p != "" {
			t.Fatalf("day %d, again: BackupIfDue = %q, %v; want none", i, p, err)
		}
	}
	bs, err := engine.ListBackups(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 5 {
		t.Fatalf("%d backups kept; want 5", len(bs))
	}
	for i, b := range bs {
		if want := made[len(made)-1-i]; b.Path != want {
			t.Errorf("backup %d = %s; want %s (newest first)", i, b.Path, want)
		}
		if b.Size == 0 || b.Time.Format(time.DateOnly) != day.AddDate(0, 0, 19-i).Format(time.DateOnly) {
			t.Errorf("backup %d: %+v", i, b)
		}
		if err := engine.CheckBackup(b.Path); err != nil {
			t.Errorf("engine.CheckBackup(%s) = %v", b.Path, err)
		}
	}
}

func TestRestoreBringsBackTheBackupAndKeepsTheCurrentFile(t *testing.T) {
	dir := t.TempDir()
	path := shopFile(t, dir, "rapport.db", 30)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b, err := s.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := importCustomers(s, "After Backup"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	if err := Restore(path, b); err != nil {
		t.Fatal(err)
	}
	if n := customerCount(t, path); n != 30 {
		t.Errorf("after restore: %d customers; want the backup's 30", n)
	}
	bs, _ := engine.ListBackups(path)
	var kept *engine.Backup
	for i := range bs {
		if bs[i].BeforeRestore {
			kept = &bs[i]
		}
	}
	if kept == nil {
		t.Fatalf("no before-restore copy among %+v", bs)
	}
	if n := customerCount(t, kept.Path); n != 31 {
		t.Errorf("the copy made before the restore has %d customers; want 31", n)
	}
	if _, err := os.Stat(path + ".restoring"); err == nil {
		t.Error("the temporary file was left behind")
	}
}

func TestRestoreRefusesBadBackupsAndChangesNothing(t *testing.T) {
	dir := t.TempDir()
	path := shopFile(t, dir, "rapport.db", 10)
	text := filepath.Join(dir, "notes.db")
	os.WriteFile(text, []byte("not a database"), 0o600)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	newer := shopFile(t, dir, "newer.db", 1)
	{
		s, _, _ := Open(newer)
		s.db.Exec(`INSERT INTO schema_migrations VALUES (9999, 0)`)
		s.Close()
	}
	for _, bad := range []string{text, empty, newer, filepath.Join(dir, "missing.db")} {
		before := digest(t, path)
		err := Restore(path, bad)
		var oe *engine.OpenError
		if !errors.As(err, &oe) || !strings.Contains(err.Error(), "nothing was changed") {
			t.Errorf("Restore(%s) = %v; want an *engine.OpenError saying nothing was changed", filepath.Base(bad), err)
		}
		if digest(t, path) != before {
			t.Errorf("Restore(%s) changed the database", filepath.Base(bad))
		}
	}
	if bs, _ := engine.ListBackups(path); len(bs) != 0 {
		t.Errorf("a refused restore made backups: %+v", bs)
	}
}

func TestLockTellsASecondWindowWhoHoldsIt(t *testing.T) {
	// On a first run the folder does not exist yet.
	path := filepath.Join(t.TempDir(), "Rapport", "rapport.db")
	l, err := engine.AcquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = engine.AcquireLock(path)
	var iu *engine.InUseError
	if !errors.As(err, &iu) || iu.PID != os.Getpid() || !strings.Contains(err.Error(), "already open on this file (pid "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second engine.AcquireLock = %v; want an *engine.InUseError naming pid %d", err, os.Getpid())
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := engine.AcquireLock(path)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	l2.Release()
}

// TestLockHeldByAnotherProcess runs a second process that takes the lock, and
// checks this one is told its PID, and gets the lock once that process is killed.
func TestLockHeldByAnotherProcess(t *testing.T) {
	if os.Getenv("RAPPORT_LOCK_CHILD") != "" {
		t.Skip("only the child of TestLockHeldByAnotherProcess runs this")
	}
	path := filepath.Join(t.TempDir(), "rapport.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "RAPPORT_LOCK_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, _ := out.Read(buf) // the child says "locked" once it holds the lock
	if !strings.Contains(string(buf[:n]), "locked") {
		cmd.Process.Kill()
		t.Fatalf("child said %q", buf[:n])
	}
	_, err = engine.AcquireLock(path)
	var iu *engine.InUseError
	if !errors.As(err, &iu) || iu.PID != cmd.Process.Pid {
		t.Errorf("engine.AcquireLock beside the child = %v; want an *engine.InUseError naming pid %d", err, cmd.Process.Pid)
	}
	cmd.Process.Kill() // a crash frees the lock
	cmd.Wait()
	l, err := engine.AcquireLock(path)
	if err != nil {
		t.Fatalf("after the holder died: %v", err)
	}
	l.Release()
}

func TestLockChild(t *testing.T) {
	path := os.Getenv("RAPPORT_LOCK_CHILD")
	if path == "" {
		t.Skip("run by TestLockHeldByAnotherProcess")
	}
	if _, err := engine.AcquireLock(path); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("locked\n")
	time.Sleep(time.Minute)
}

// TestTwoStoresWriteTheSameFileSafely is two headless commands at once on one file:
// WAL and the busy timeout make them take turns, and every write lands.
func TestTwoStoresWriteTheSameFileSafely(t *testing.T) {
	path := shopFile(t, t.TempDir(), "rapport.db", 0)
	var stores [2]*Store
	for i := range stores {
		s, _, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				if err := importCustomers(s, "Store"+strconv.Itoa(i)+" A"+strconv.Itoa(j), "Store"+strconv.Itoa(i)+" B"+strconv.Itoa(j)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, s := range stores {
		s.Close()
	}
	if n := customerCount(t, path); n != 80 {
		t.Errorf("%d customers; want 80", n)
	}
	checkIntegrity(t, path)
}

// checkIntegrity runs PRAGMA integrity_check on a closed database file.
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var res string
	if err := s.db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
}
