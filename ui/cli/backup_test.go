package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
)

// demoDB makes a database with the demo shop in it.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "shop.db")
	if out, errs, code := rapport(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: exit %d: %s%s", code, out, errs)
	}
	return db
}

func TestBackupBackupsAndRestoreCommands(t *testing.T) {
	db := demoDB(t)
	out, errs, code := rapport(t, "--db", db, "backup")
	if code != 0 || !strings.Contains(out, "Backed up "+db+" to "+engine.BackupDir(db)) {
		t.Fatalf("backup: exit %d, %q %q", code, out, errs)
	}
	bs, _ := engine.ListBackups(db)
	if len(bs) != 1 {
		t.Fatalf("%d backups", len(bs))
	}
	out, _, code = rapport(t, "--db", db, "backups")
	if code != 0 || !strings.Contains(out, bs[0].Path) || !strings.Contains(out, "KB") {
		t.Errorf("backups: exit %d, %q", code, out)
	}

	// Something imported after the backup is gone after the restore.
	csv := writeFile(t, t.TempDir(), "c.csv", "name\nLate Customer\n")
	if _, errs, code := rapport(t, "--db", db, "import", "customers", csv); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code = rapport(t, "--db", db, "restore", bs[0].Path)
	if code != 0 || !strings.Contains(out, "Restored "+db) {
		t.Fatalf("restore: exit %d, %q %q", code, out, errs)
	}
	st, _, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cs, _ := st.Customers(t.Context(), "Late Customer")
	if len(cs) != 0 {
		t.Error("the customer imported after the backup is still there")
	}
}

func TestRestoreIsRefusedWhileAWindowHasTheFile(t *testing.T) {
	db := demoDB(t)
	rapport(t, "--db", db, "backup")
	bs, _ := engine.ListBackups(db)
	l, err := engine.AcquireLock(db)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	before, _ := os.ReadFile(db)
	_, errs, code := rapport(t, "--db", db, "restore", bs[0].Path)
	if code != 1 || !strings.Contains(errs, "already open on this file (pid") {
		t.Errorf("restore beside a window: exit %d, %q", code, errs)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the database was changed")
	}
	// Headless commands still work beside the window.
	if _, errs, code := rapport(t, "--db", db, "today"); code != 0 {
		t.Errorf("today beside a window: exit %d, %s", code, errs)
	}
}

func TestDamagedDatabasePrintsTheLatestBackup(t *testing.T) {
	db := demoDB(t)
	rapport(t, "--db", db, "backup")
	bs, _ := engine.ListBackups(db)
	os.Truncate(db, 3000)
	before, _ := os.ReadFile(db)
	_, errs, code := rapport(t, "--db", db, "today")
	if code != 1 || !strings.Contains(errs, "damaged") || !strings.Contains(errs, "The latest backup is "+bs[0].Path) ||
		!strings.Contains(errs, "restore "+bs[0].Path) {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the damaged file was changed")
	}
}

// TestWindowStartUp is the hand-over to the window: the day's backup is made before
// it opens, a second window is told the file is in use, and a damaged file shows
// the error window with a restore that works.
func TestWindowStartUp(t *testing.T) {
	db := demoDB(t)
	var shown error
	var restore func(string) error
	showErr := func(err error, r func(string) error) { shown, restore = err, r }
	opened := 0
	gui := func(st *store.Store) error {
		opened++
		// A second window on the same file, while this one is open.
		var out, errb bytes.Buffer
		if code := MainWith([]string{"--db", db}, &out, &errb, func(*store.Store) error { t.Error("a second window opened"); return nil }, showErr); code != 1 ||
			!strings.Contains(errb.String(), "already open on this file") {
			t.Errorf("second window: exit %d, %q", code, errb.String())
		}
		return nil
	}
	var out, errb bytes.Buffer
	if code := MainWith([]string{"--db", db}, &out, &errb, gui, showErr); code != 0 || opened != 1 {
		t.Fatalf("exit %d, opened %d: %s", code, opened, errb.String())
	}
	var iu *engine.InUseError
	if !errors.As(shown, &iu) || restore != nil {
		t.Errorf("the second window was shown %v (restore offered: %v)", shown, restore != nil)
	}
	bs, _ := engine.ListBackups(db)
	if len(bs) != 1 {
		t.Fatalf("%d backups after starting the window; want the day's one", len(bs))
	}

	os.Truncate(db, 3000)
	shown, restore = nil, nil
	errb.Reset()
	if code := MainWith([]string{"--db", db}, &out, &errb, gui, showErr); code != 1 || opened != 1 {
		t.Fatalf("damaged file: exit %d, opened %d", code, opened)
	}
	var oe *engine.OpenError
	if !errors.As(shown, &oe) || oe.Backup != bs[0].Path || restore == nil {
		t.Fatalf("error window got %v, restore offered: %v", shown, restore != nil)
	}
	if err := restore(oe.Backup); err != nil {
		t.Fatal(err)
	}
	if code := MainWith([]string{"--db", db}, &out, &errb, gui, showErr); code != 0 || opened != 2 {
		t.Fatalf("after the restore: exit %d, opened %d: %s", code, opened, errb.String())
	}
}

// TestFirstRunOfTheWindow is the first start on the default file: its folder does
// not exist yet when the window takes the lock.
func TestFirstRunOfTheWindow(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	path, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	customers := 0
	gui := func(st *store.Store) error {
		cs, err := st.Customers(t.Context(), "")
		customers = len(cs)
		return err
	}
	var out, errb bytes.Buffer
	if code := MainWith(nil, &out, &errb, gui, func(err error, _ func(string) error) { t.Errorf("error window: %v", err) }); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if customers == 0 {
		t.Error("the window opened on an empty shop; want the demo shop")
	}
	if bs, _ := engine.ListBackups(path); len(bs) != 1 {
		t.Errorf("%d backups after the first start; want 1", len(bs))
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("the data folder: %v, %v; want mode 0700", st, err)
	}
}
