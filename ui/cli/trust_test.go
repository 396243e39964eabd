package cli

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/store"
)

// TestALookingCommandOnAMissingFileMakesNothing: a --db file (or folder) that does
// not exist is said to be missing by the commands that only look, which make
// nothing. Once a mistyped path made folders and an empty shop and said
// "Exported 0 customers".
func TestALookingCommandOnAMissingFileMakesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "typo", "shop.db")
	out := filepath.Join(dir, "customers.csv")
	for _, args := range [][]string{
		{"export", "customers", out},
		{"today"},
		{"agenda"},
		{"shop"},
		{"customer", "ann@example.com"},
		{"imports"},
		{"backup"},
	} {
		stdout, errs, code := rapport(t, append([]string{"--db", db}, args...)...)
		if code != 1 || !strings.Contains(errs, "there is no shop at "+db) || !strings.Contains(errs, "folder "+filepath.Dir(db)+" does not exist") {
			t.Errorf("%v: exit %d, %q %q; want a refusal saying there is no shop there", args, code, stdout, errs)
		}
	}
	if _, err := os.Stat(filepath.Dir(db)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the folder was made (%v)", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an export was written (%v)", err)
	}
}

// TestACommandThatAddsToAMissingFileSaysItIsANewShop: a command that adds to the
// shop starts one, and says so.
func TestACommandThatAddsToAMissingFileSaysItIsANewShop(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new", "shop.db")
	_, errs, code := rapport(t, "--db", db, "customer", "add", "Ada Lovelace")
	if code != 0 || !strings.Contains(errs, db+" did not exist: this is a new, empty shop (its folder "+filepath.Dir(db)+" was made too)") {
		t.Errorf("exit %d, stderr %q; want it to say that this is a new, empty shop", code, errs)
	}
	if _, errs, code = rapport(t, "--db", db, "customer", "add", "Charles Babbage"); code != 0 || errs != "" {
		t.Errorf("second command: exit %d, stderr %q; want nothing said", code, errs)
	}
}

// TestImportReadsItsInputBeforeOpeningTheDatabase imports from a pipe that is slow
// to come: meanwhile a restore goes ahead (it does not wait for the import), and
// the import, once its input came, lands in the restored file. Once the import
// wrote into the file the restore had replaced, and reported success.
func TestImportReadsItsInputBeforeOpeningTheDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "shop.db")
	if _, errs, code := rapport(t, "--db", db, "customer", "add", "Ada Lovelace"); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := rapport(t, "--db", db, "backup"); code != 0 {
		t.Fatal(errs)
	}
	bs, err := store.ListBackups(db)
	if err != nil || len(bs) != 1 {
		t.Fatalf("backups: %v %v", bs, err)
	}
	pipe := filepath.Join(dir, "customers.csv")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	type result struct {
		out, errs string
		code      int
	}
	imported := make(chan result, 1)
	go func() {
		out, errs, code := rapport(t, "--db", db, "import", "customers", pipe)
		imported <- result{out, errs, code}
	}()
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	if out, errs, code := rapport(t, "--db", db, "restore", bs[0].Path, "--wait", "5s"); code != 0 {
		t.Fatalf("restore while an import waits for its input: exit %d, %s%s", code, out, errs)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the restore waited %v for an import that was still reading its input", took)
	}
	w, err := os.OpenFile(pipe, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.WriteString("name,email\nGrace Hopper,grace@example.com\n")
	w.Close()
	r := <-imported
	if r.code != 0 || !strings.Contains(r.out, "1 new customers") {
		t.Fatalf("import: exit %d, %s%s", r.code, r.out, r.errs)
	}
	st, err := store.OpenExisting(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.CustomerByEmail(t.Context(), "grace@example.com"); err != nil {
		t.Errorf("the imported customer is not in the restored file: %v", err)
	}
}
