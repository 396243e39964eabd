//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
)

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
	bs, err := engine.ListBackups(db)
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
