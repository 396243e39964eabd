package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/engine"
)

// The faults of "nothing lost, nothing doubled, nothing stuck" that concern
// opening, locking, backing up and restoring a database file.

// TestTwoFirstOpensOfANewFileBothWorkAndKeepIt opens one new file from several
// goroutines at once (as two commands started together on a new --db do), each
// adding a customer: every one succeeds, the file stays, and it has every customer.
// One of them once removed the file the other had just reported writing to.
func TestTwoFirstOpensOfANewFileBothWorkAndKeepIt(t *testing.T) {
	for round := range 10 {
		path := filepath.Join(t.TempDir(), "new.db")
		const n = 4
		var wg sync.WaitGroup
		errs := make(chan error, n)
		created := make(chan bool, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, made, err := Open(path)
				if err != nil {
					errs <- err
					return
				}
				created <- made
				if err := importCustomers(s, "Customer "+strconv.Itoa(i)); err != nil {
					errs <- err
				}
				if err := s.Close(); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		close(created)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
		makers := 0
		for c := range created {
			if c {
				makers++
			}
		}
		if makers != 1 {
			t.Errorf("round %d: %d opens said they made the file; want 1", round, makers)
		}
		if got := customerCount(t, path); got != n {
			t.Fatalf("round %d: %d customers in the file; want %d", round, got, n)
		}
	}
}

// migrateLikeDB makes a database of another program that keeps its schema
// version in a schema_migrations table, as golang-migrate does.
func migrateLikeDB(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE schema_migrations (version uint64 NOT NULL PRIMARY KEY, dirty boolean NOT NULL)`,
		`INSERT INTO schema_migrations VALUES (3, false)`,
		`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)`,
		`INSERT INTO users (name) VALUES ('ada')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAnotherProgramsMigrationsTableIsNotTakenForRapports: a database of another
// program with its own schema_migrations table is refused untouched by Open (not
// switched to WAL), by CheckBackup and by Restore. It was once taken for Rapport's.
func TestAnotherProgramsMigrationsTableIsNotTakenForRapports(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	migrateLikeDB(t, other)
	before := digest(t, other)
	_, _, err := Open(other)
	if err == nil || !strings.Contains(err.Error(), "another program") {
		t.Errorf("Open = %v; want it refused as another program's", err)
	}
	if err := engine.CheckBackup(other); err == nil || !strings.Contains(err.Error(), "another program") {
		t.Errorf("engine.CheckBackup = %v; want it refused as another program's", err)
	}
	path := shopFile(t, dir, "rapport.db", 3)
	shopBefore := digest(t, path)
	if err := Restore(path, other); err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("Restore from it = %v; want a refusal that changed nothing", err)
	}
	if digest(t, other) != before {
		t.Error("the other program's database was changed")
	}
	if digest(t, path) != shopBefore {
		t.Error("the shop was changed by a refused restore")
	}
	if _, err := os.Stat(other + "-wal"); err == nil {
		t.Error("a -wal was made beside the other program's database")
	}
}

// TestOpenStampsRapportsFilesAndKnowsTheUnstampedOnes: a new file carries Rapport's
// application ID; a file of an earlier Rapport, without it, is still opened (and
// stamped).
func TestOpenStampsRapportsFilesAndKnowsTheUnstampedOnes(t *testing.T) {
	path := shopFile(t, t.TempDir(), "rapport.db", 2)
	appID := func() int64 {
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var id int64
		if err := db.QueryRow(`PRAGMA application_id`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	if id := appID(); id != engine.AppID {
		t.Fatalf("application_id = %#x; want %#x", id, engine.AppID)
	}
	db, _ := sql.Open("sqlite", "file:"+path)
	if _, err := db.Exec(`PRAGMA application_id = 0`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if n := customerCount(t, path); n != 2 {
		t.Errorf("%d customers in the unstamped file; want 2", n)
	}
	if id := appID(); id != engine.AppID {
		t.Errorf("application_id after opening = %#x; want it stamped %#x", id, engine.AppID)
	}
}

// TestOpenSaysPlainlyWhichOfRapportsTablesAreMissing: a Rapport file that lost a
// table is refused untouched with the table named, not with "no such table" at the
// first read.
func TestOpenSaysPlainlyWhichOfRapportsTablesAreMissing(t *testing.T) {
	path := shopFile(t, t.TempDir(), "rapport.db", 3)
	db, _ := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(0)")
	if _, err := db.Exec(`DROP TABLE purchases`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := digest(t, path)
	_, _, err := Open(path)
	var oe *engine.OpenError
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), "damaged: its table purchases is missing") {
		t.Errorf("Open = %v; want an *engine.OpenError saying the table purchases is missing", err)
	}
	if digest(t, path) != before {
		t.Error("the damaged file was changed")
	}
}

// TestAnEmptyFileGivenAsTheDatabaseIsMadeOwnerOnly: an empty file made by someone
// else (mode 0644) becomes the shop, owner-only, and so do its -wal and -shm.
func TestAnEmptyFileGivenAsTheDatabaseIsMadeOwnerOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o644)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := importCustomers(s, "Ada"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", engine.LockPath(path)} {
		st, err := os.Stat(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if m := st.Mode().Perm(); m != 0o600 {
			t.Errorf("%s has mode %v; want 0600", filepath.Base(p), m)
		}
	}
}

// TestALockFileThatIsALinkNeverTruncatesItsTarget: a link planted where a lock
// file goes is not followed; the file it points to keeps its bytes.
func TestALockFileThatIsALinkNeverTruncatesItsTarget(t *testing.T) {
	dir := t.TempDir()
	path := shopFile(t, dir, "rapport.db", 1)
	target := filepath.Join(dir, "precious.txt")
	if err := os.WriteFile(target, []byte("do not truncate me\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, lp := range []string{engine.LockPath(path), engine.WindowLockPath(path)} {
		os.Remove(lp)
		if err := os.Symlink(target, lp); err != nil {
			t.Fatal(err)
		}
	}
	if l, err := engine.AcquireLock(path); err == nil {
		l.Release()
		t.Error("engine.AcquireLock took a lock file that is a link")
	}
	if s, _, err := Open(path); err == nil {
		s.Close()
		t.Error("Open took a lock file that is a link")
	} else if !strings.Contains(err.Error(), "link") {
		t.Errorf("Open = %v; want it to say the lock file is a link", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "do not truncate me\n" {
		t.Errorf("the link's target now holds %q", b)
	}
}

// TestDamagedPagesAreFoundByTheDailyCheckAndAfterAnUncleanClose: Open no longer
// reads every page (PRAGMA quick_check took 0.6 s at 100,000 customers); damaged
// pages of a file closed cleanly are found by the daily backup, which makes no
// backup of it and keeps the good ones, and Open reads every page when the file
// was not closed cleanly.
func TestDamagedPagesAreFoundByTheDailyCheckAndAfterAnUncleanClose(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := shopFile(t, dir, "shop.db", 400)
	damagePages := func(p string) {
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteAt([]byte(strings.Repeat("\xde\xad\xbe\xef", 4096/4*3)), 4096*3); err != nil {
			t.Fatal(err)
		}
	}
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 11, 20, 12, 0, 0, 0, time.Local) }
	good, err := s.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The same file as a crash leaves it: copied with its -wal while open.
	crashed := filepath.Join(dir, "crashed.db")
	if err := importCustomers(s, "In The WAL"); err != nil {
		t.Fatal(err)
	}
	copyRaw(t, path, crashed)
	copyRaw(t, path+"-wal", crashed+"-wal")
	s.Close()

	damagePages(path)
	s, _, err = Open(path)
	if err != nil {
		t.Fatalf("Open of a file closed cleanly = %v; want it opened without reading every page", err)
	}
	s.Now = func() time.Time { return time.Date(2026, 11, 21, 9, 0, 0, 0, time.Local) }
	made, err := s.BackupIfDue(ctx, 1)
	s.Close()
	if err == nil || !strings.Contains(err.Error(), "damaged") || made != "" {
		t.Errorf("BackupIfDue = %q, %v; want it to say the database is damaged and make no backup", made, err)
	}
	if bs, _ := engine.ListBackups(path); len(bs) != 1 || bs[0].Path != good {
		t.Errorf("backups after the refused one: %+v; want the good one kept", bs)
	}

	damagePages(crashed)
	before := digest(t, crashed)
	_, _, err = Open(crashed)
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("Open after an unclean close = %v; want the damage found", err)
	}
	if digest(t, crashed) != before {
		t.Error("the damaged file was changed")
	}
}

func copyRaw(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestCloseSaysWhenTheFileWasReplacedUnderIt: where locks are not enforced, a file
// swapped under an open store is found at Close, which fails: a command must not
// report work that went into the old file.
func TestCloseSaysWhenTheFileWasReplacedUnderIt(t *testing.T) {
	dir := t.TempDir()
	path := shopFile(t, dir, "rapport.db", 2)
	other := shopFile(t, dir, "other.db", 1)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := importCustomers(s, "Written Before The Swap"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, path); err != nil {
		t.Fatal(err)
	}
	if err := importCustomers(s, "Written Into The Old File"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); !errors.Is(err, engine.ErrReplaced) {
		t.Errorf("Close = %v; want ErrReplaced", err)
	}
}

// TestLeftoversOfKilledBackupsAndRestoresAreClearedAndNotListed: what a killed
// backup or restore leaves (temporary files, a journal, a before-restore copy cut
// short) is removed by the next Open, and a copy cut short is never listed as a
// backup nor offered.
func TestLeftoversOfKilledBackupsAndRestoresAreClearedAndNotListed(t *testing.T) {
	dir := t.TempDir()
	path := shopFile(t, dir, "rapport.db", 50)
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
	bdir := engine.BackupDir(path)
	whole, _ := os.ReadFile(good)
	leftovers := map[string][]byte{
		filepath.Join(bdir, "rapport-20261121-090000.db.tmp"):                    whole[:len(whole)/3],
		filepath.Join(bdir, "rapport-20261121-090000.db.tmp-journal"):            []byte("journal"),
		filepath.Join(bdir, "rapport-20261122-090000-before-restore.db.tmp"):     whole[:len(whole)/2],
		filepath.Join(bdir, "rapport-20261122-090000-before-restore.db-wal.tmp"): []byte("wal"),
		filepath.Join(bdir, "rapport-20261123-090000-before-restore.db-wal"):     []byte("orphan wal"),
		path + ".restoring":              whole[:len(whole)/2],
		path + ".restoring" + "-journal": []byte("journal"),
	}
	cut := filepath.Join(bdir, "rapport-20261124-090000-before-restore.db")
	for p, b := range leftovers {
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(cut, whole[:len(whole)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	bs, err := engine.ListBackups(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 || bs[0].Path != good {
		t.Errorf("backups listed: %+v; want only the good one (not the copy cut short)", bs)
	}
	if s, _, err = Open(path); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for p := range leftovers {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s is still there after the next Open", filepath.Base(p))
		}
	}
	if _, err := os.Stat(good); err != nil {
		t.Errorf("the good backup is gone: %v", err)
	}
}

// TestExplainPutsDriverErrorsInPlainWords: whatever error of the database reaches
// the window or the command line is said in words, with its context kept.
func TestExplainPutsDriverErrorsInPlainWords(t *testing.T) {
	s := openTest(t)
	_, raw := s.db.Exec(`INSERT INTO purchases (customer_id, at, amount_cents, channel) VALUES (999, 0, 1, 'visit')`)
	if raw == nil {
		t.Fatal("the foreign key was not enforced")
	}
	_, missing := s.db.Exec(`SELECT * FROM no_such_thing`)
	for _, err := range []error{raw, missing} {
		wrapped := errors.Join(errors.New("save the sale"), err)
		got := engine.Explain(wrapped).Error()
		if strings.Contains(got, "SQLITE") || strings.Contains(got, "constraint failed") || strings.Contains(got, "no such table:") {
			t.Errorf("engine.Explain(%q) = %q; still the driver's words", wrapped, got)
		}
		if !strings.Contains(got, "save the sale") {
			t.Errorf("engine.Explain(%q) = %q; lost its context", wrapped, got)
		}
	}
	// What is in plain words already (a refused file) is left as it is.
	oe := &engine.OpenError{Path: "shop.db", Reason: "it is damaged; it was left as it is", Err: raw}
	if got := engine.Explain(oe); got.Error() != oe.Error() {
		t.Errorf("engine.Explain(%q) = %q; want it unchanged", oe, got)
	}
}

// TestALetterTemplateIsBoundedToo: the owner's text of a letter is a text field
// like the others: too long, or with a NUL, it is refused and nothing is stored.
func TestALetterTemplateIsBoundedToo(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for _, body := range []string{strings.Repeat("Thank you. ", 1000), "Thank you\x00"} {
		err := s.SaveLetterTemplate(ctx, "thank_you", body, nil)
		var fe *shop.FieldError
		if !errors.As(err, &fe) || fe.Field != "template" {
			t.Errorf("a template of %d bytes: %v; want it refused, naming the template", len(body), err)
		}
	}
	if ts, err := s.LetterTemplates(ctx); err != nil || len(ts) != 0 {
		t.Errorf("templates stored: %v, %v", ts, err)
	}
}
