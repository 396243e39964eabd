//go:build linux

package store

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/store/engine"
)

// TestOpenRefusesWhatIsNotARegularFileAndRemovesNothing gives Open a device, a
// FIFO, a folder and a socket: each is refused in words, at once (a FIFO does not
// wait for a writer), and is still there afterwards with nothing made beside it.
// Open once removed a device it was given (as root, /dev/null).
func TestOpenRefusesWhatIsNotARegularFileAndRemovesNothing(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{}
	dev := filepath.Join(dir, "null.db")
	if os.Geteuid() == 0 {
		if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, int(1<<8|3)); err != nil {
			t.Fatal(err)
		}
	} else if err := os.Symlink(os.DevNull, dev); err != nil {
		t.Fatal(err)
	}
	cases["a device"] = dev
	fifo := filepath.Join(dir, "pipe.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	cases["a FIFO"] = fifo
	folder := filepath.Join(dir, "folder.db")
	os.Mkdir(folder, 0o700)
	cases["a folder"] = folder
	sock := filepath.Join(dir, "socket.db")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	cases["a socket"] = sock

	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			before, err := os.Lstat(path)
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, _, err := Open(path)
				done <- err
			}()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("Open(%s) still waits after 10 s", name)
			}
			var oe *engine.OpenError
			if !errors.As(err, &oe) || !strings.Contains(err.Error(), "not a Rapport database") {
				t.Errorf("Open(%s) = %v; want an *engine.OpenError saying it is not a Rapport database", name, err)
			}
			after, err := os.Lstat(path)
			if err != nil {
				t.Fatalf("%s is gone after Open: %v", name, err)
			}
			if after.Mode() != before.Mode() {
				t.Errorf("%s changed from %v to %v", name, before.Mode(), after.Mode())
			}
			for _, ext := range []string{"-wal", "-shm", ".lock"} {
				if _, err := os.Lstat(path + ext); err == nil {
					t.Errorf("Open left %s beside %s", ext, name)
				}
			}
		})
	}
	if os.Geteuid() == 0 {
		if st, err := os.Stat(os.DevNull); err != nil || st.Mode()&os.ModeCharDevice == 0 {
			t.Errorf("%s is no longer a device: %v %v", os.DevNull, st, err)
		}
	}
}

// Locks are enforced, and their holders named, on Linux: the tests below need it.

// TestRestoreWaitsForAnOpenStoreAndItsWorkSurvives: a restore started while a
// store has the file open (an import beside it) waits until it is closed; what the
// store wrote meanwhile is in the copy the restore keeps. Once, the restore went
// ahead and the import's rows were in neither file while it reported success.
func TestRestoreWaitsForAnOpenStoreAndItsWorkSurvives(t *testing.T) {
	dir := t.TempDir()
	path := shopFile(t, dir, "rapport.db", 5)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	backup, err := s.Backup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	restored := make(chan error, 1)
	go func() { restored <- Restore(path, backup) }()
	select {
	case err := <-restored:
		t.Fatalf("Restore went ahead beside an open store (%v)", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := importCustomers(s, "Late A", "Late B"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close = %v; the import's work was reported lost", err)
	}
	if err := <-restored; err != nil {
		t.Fatal(err)
	}
	if n := customerCount(t, path); n != 5 {
		t.Errorf("%d customers after the restore; want the backup's 5", n)
	}
	bs, err := engine.ListBackups(path)
	if err != nil {
		t.Fatal(err)
	}
	var kept string
	for _, b := range bs {
		if b.BeforeRestore {
			kept = b.Path
		}
	}
	if kept == "" {
		t.Fatal("no before-restore copy")
	}
	if n := customerCount(t, kept); n != 7 {
		t.Errorf("%d customers in the before-restore copy; want 7 (the 2 added while the restore waited)", n)
	}
}

// TestRestoreRefusesNamingWhoHasTheFile: a restore that cannot wait any longer
// names the process that has the file open, and changes nothing.
func TestRestoreRefusesNamingWhoHasTheFile(t *testing.T) {
	dir := t.TempDir()
	path := shopFile(t, dir, "rapport.db", 2)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	backup, err := s.Backup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	err = RestoreWaiting(path, backup, 200*time.Millisecond)
	var be *engine.BusyError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("Restore = %v; want a *engine.BusyError saying nothing was changed", err)
	}
	if !strings.Contains(err.Error(), "pid "+strconv.Itoa(os.Getpid())) {
		t.Errorf("Restore = %v; want it to name pid %d, which has the file open", err, os.Getpid())
	}
	if bs, _ := engine.ListBackups(path); len(bs) != 1 {
		t.Errorf("a refused restore left %d backups; want the 1 made", len(bs))
	}
}

// TestABusyDatabaseSaysWhoIsWorkingOnIt turns SQLite's "database is locked"
// (met here by a second connection that does not wait) into words that name the
// process holding the file and say that nothing was saved.
func TestABusyDatabaseSaysWhoIsWorkingOnIt(t *testing.T) {
	fileOnly(t)
	s := openTest(t)
	ctx := context.Background()
	other, err := sql.Open("sqlite", "file:"+s.Path()+"?_pragma=busy_timeout(0)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	holding := make(chan struct{})
	release := make(chan struct{})
	go s.Write(ctx, func(tx *Tx) error { //nolint:errcheck // the write only holds the lock
		close(holding)
		<-release
		return nil
	})
	<-holding
	_, raw := other.Exec(`INSERT INTO staff (name) VALUES ('Blocked')`)
	close(release)
	if raw == nil {
		t.Fatal("the second connection was not kept out")
	}
	err = s.Plain(raw)
	msg := err.Error()
	if !strings.Contains(msg, "busy") || !strings.Contains(msg, "nothing was saved") || !strings.Contains(msg, "pid "+strconv.Itoa(os.Getpid())) {
		t.Errorf("busy error = %q; want it to say busy, who (pid %d) and that nothing was saved", msg, os.Getpid())
	}
	if strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "(5)") {
		t.Errorf("busy error = %q still shows the driver's words", msg)
	}
}
