package ui

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/demo"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
)

func customerTotal(t *testing.T, st *store.Store) int {
	t.Helper()
	cs, err := st.Customers(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return len(cs)
}

func TestBackupsPanelBacksUpThenRestoresAndTheWindowGoesOnWithTheRestoredData(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSettings)
	u.settingsTab().tabs.SelectIndex(len(u.settingsTab().tabs.Items) - 1)
	u.wait()
	p := u.settingsTab().backups
	if p.restoreBtn.Disabled() == false {
		t.Error("Restore… is enabled before a backup is chosen")
	}

	test.Tap(p.backupNow)
	u.wait()
	if len(p.backups) != 1 || !strings.Contains(p.status.Text, p.backups[0].Path) {
		t.Fatalf("after Back up now: list %+v, status %q", p.backups, p.status.Text)
	}
	want := customerTotal(t, st)
	shown := p.list.CreateItem()
	p.list.UpdateItem(0, shown)
	if got := shown.(*widget.Label).Text; !strings.Contains(got, testNow.Local().Format(layoutBackup)) || !strings.Contains(got, "B") {
		t.Errorf("the backup is listed as %q; want its time and size", got)
	}

	// A customer added after the backup is gone once it is restored.
	c := shop.Customer{Name: "Added After Backup", Kind: shop.KindConsumer, TimeZone: "America/New_York"}
	if err := st.SaveCustomer(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	p.list.Select(0)
	test.Tap(p.restoreBtn)
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Replace everything") {
		t.Fatalf("the confirm dialog says %q", msg)
	}
	tapDialogButton(t, u.win, "Restore")
	u.wait()

	if u.st == st {
		t.Fatal("the window still uses the closed store")
	}
	t.Cleanup(func() { u.st.Close() })
	if got := customerTotal(t, u.st); got != want {
		t.Errorf("after the restore: %d customers; want the backup's %d", got, want)
	}
	if !strings.HasPrefix(p.status.Text, "Restored the backup") {
		t.Errorf("status = %q", p.status.Text)
	}
	if !u.st.Now().Equal(testNow) {
		t.Errorf("the reopened store lost the clock: %v", u.st.Now())
	}
	if len(p.backups) != 2 || !p.backups[0].BeforeRestore && !p.backups[1].BeforeRestore {
		t.Errorf("backups after the restore = %+v; want the backup and the file before the restore", p.backups)
	}
	// The window works on the restored store: the Customers tab lists them.
	u.goTo(tabCustomers)
	u.wait()
	if u.win.Title() == "" {
		t.Error("no title")
	}
}

func TestBackupsPanelShowsAFailedRestoreAndKeepsWorking(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSettings)
	u.wait()
	p := u.settingsTab().backups
	bad := filepath.Join(engine.BackupDir(st.Path()), strings.TrimSuffix(filepath.Base(st.Path()), ".db")+"-20261101-090000.db")
	os.MkdirAll(filepath.Dir(bad), 0o700)
	// A whole SQLite file under a backup's name (so it is listed), of another
	// program (so the check before the restore refuses it).
	db, err := sql.Open("sqlite", "file:"+bad)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE recipes (name TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	p.reload()
	u.wait()
	if len(p.backups) != 1 {
		t.Fatalf("backups = %+v", p.backups)
	}
	p.list.Select(0)
	test.Tap(p.restoreBtn)
	tapDialogButton(t, u.win, "Restore")
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "another program") || !strings.Contains(msg, "nothing was changed") {
		t.Errorf("the error says %q", msg)
	}
	if u.st != st || customerTotal(t, st) == 0 {
		t.Error("a refused backup replaced or closed the store")
	}
}

func TestOpenErrorWindowRestoresTheLatestBackup(t *testing.T) {
	a := test.NewTempApp(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "rapport.db")
	st, _, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return testNow }
	if err := demo.Seed(context.Background(), st, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Backup(context.Background()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	os.Truncate(path, 2048)
	_, _, err = store.Open(path)
	var oe *engine.OpenError
	if !errors.As(err, &oe) || oe.Backup == "" {
		t.Fatalf("Open = %v; want an *OpenError with a backup", err)
	}
	q := &callQueue{}
	restored := ""
	w := newOpenErrorWindow(a, err, func(b string) error { restored = b; return store.Restore(path, b) }, q.push)
	w.Show()
	defer w.Close()
	all := strings.Join(texts(w.Content()), "\n")
	when := testNow.Local().Format(layoutBackup)
	if !strings.Contains(all, "damaged") || !strings.Contains(all, "latest good backup is from "+when) {
		t.Fatalf("the window says %q", all)
	}
	var btn *widget.Button
	for _, o := range test.LaidOutObjects(w.Content()) {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, "Restore the backup of "+when) {
			btn = b
		}
	}
	if btn == nil {
		t.Fatal("no restore button")
	}
	test.Tap(btn)
	// The restore runs on its own goroutine and reports through the queue.
	var calls []func()
	for deadline := time.Now().Add(10 * time.Second); len(calls) == 0; calls = q.take() {
		if time.Now().After(deadline) {
			t.Fatal("the restore did not finish")
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, f := range calls {
		f()
	}
	if restored != oe.Backup {
		t.Errorf("restored %q; want %q", restored, oe.Backup)
	}
	if all := strings.Join(texts(w.Content()), "\n"); !strings.Contains(all, "is restored. Start Rapport again") {
		t.Errorf("after the restore the window says %q", all)
	}
	st, _, err = store.Open(path)
	if err != nil {
		t.Fatalf("the restored file does not open: %v", err)
	}
	defer st.Close()
	if customerTotal(t, st) == 0 {
		t.Error("the restored file has no customers")
	}
}

func TestOpenErrorWindowForASecondWindow(t *testing.T) {
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "rapport.db")
	l, err := engine.AcquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	_, err = engine.AcquireLock(path)
	w := newOpenErrorWindow(a, err, nil, func(f func()) { f() })
	defer w.Close()
	all := strings.Join(texts(w.Content()), "\n")
	if !strings.Contains(all, "Rapport is already open on this file (pid") || strings.Contains(all, "Restore the backup") {
		t.Errorf("the window says %q", all)
	}
}

// A restore closes the store; while background work still uses it the restore is
// refused and nothing changes.
func TestRestoreWaitsForBackgroundWork(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSettings)
	u.wait()
	p := u.settingsTab().backups
	test.Tap(p.backupNow)
	u.wait()
	if len(p.backups) != 1 {
		t.Fatalf("backups = %+v", p.backups)
	}
	u.busy.Add(1) // as a re-plan running behind the window
	p.tryRestore(p.backups[0])
	u.wait()
	u.busy.Add(-1)
	if msg := overlayText(t, u.win); !strings.Contains(msg, "still planning follow-ups") {
		t.Errorf("a restore during background work says %q", msg)
	}
	if u.st != st {
		t.Error("the store was swapped during background work")
	}
	if _, err := st.Customers(context.Background(), ""); err != nil {
		t.Errorf("the store was closed: %v", err)
	}
}
