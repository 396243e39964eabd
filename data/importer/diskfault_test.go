//go:build linux

package importer

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// shopFile makes a database file of n customers (c0000@example.com, …) and closes it,
// its write-ahead log folded in.
func shopFile(t *testing.T, dir string, n int) string {
	t.Helper()
	path := filepath.Join(dir, "rapport.db")
	s, _, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("name,email,phone,country,kind,time_zone\n")
	for i := range n {
		fmt.Fprintf(&b, "Customer %04d,c%04d@example.com,+1 212 555 %04d,US,consumer,America/New_York\n", i, i, i%10000)
	}
	if _, err := importString(t, s, "customers", b.String()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// contentDigest sums every row of the shop's tables, read through a connection of
// its own, to tell whether a failed write changed anything.
func contentDigest(t *testing.T, path string) [32]byte {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check = %q, %v", ok, err)
	}
	h := sha256.New()
	for _, tbl := range []string{"customers", "purchases", "issues", "followups", "staff", "settings", "import_batches", "import_rows"} {
		rows, err := db.Query(`SELECT * FROM ` + tbl + ` ORDER BY 1`)
		if err != nil {
			t.Fatalf("%s: %v", tbl, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			rows.Scan(ptrs...)
			fmt.Fprintf(h, "%s%v\n", tbl, vals)
		}
		rows.Close()
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// TestAFullDiskRefusesTheImportAndKeepsTheData runs an import and a save in
// a child process whose files may not grow past the size the database has now
// (RLIMIT_FSIZE: the write fails as on a full disk), and checks that both are
// refused in plain words and that nothing stored changes.
func TestAFullDiskRefusesTheImportAndKeepsTheData(t *testing.T) {
	if os.Getenv("RAPPORT_FULL_CHILD") != "" {
		t.Skip("the child runs TestFullDiskChild only")
	}
	path := shopFile(t, t.TempDir(), 50)
	before := contentDigest(t, path)
	cmd := exec.Command(os.Args[0], "-test.run=^TestFullDiskChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "RAPPORT_FULL_CHILD="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	for _, want := range []string{"import: ", "save: "} {
		var line string
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, want) {
				line = l
			}
		}
		if !strings.Contains(line, "nothing was saved") {
			t.Errorf("the child's %q line is %q; want it to say that nothing was saved\n%s", want, line, out)
		}
	}
	if after := contentDigest(t, path); after != before {
		t.Error("a refused write changed the stored data")
	}
}

// TestFullDiskChild is the child of TestAFullDiskRefusesTheImportAndKeepsTheData.
func TestFullDiskChild(t *testing.T) {
	path := os.Getenv("RAPPORT_FULL_CHILD")
	if path == "" {
		t.Skip("run by TestAFullDiskRefusesTheImportAndKeepsTheData")
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return fixedNow }
	// From here no file may grow past the database's size: its write-ahead log
	// fills up as the import writes.
	limit := uint64(st.Size())
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("customer,when,amount,items\n")
	for i := range 400 {
		fmt.Fprintf(&b, "c%04d@example.com,2026-11-%02d 10:00,%d.00,%s\n", i%50, 1+i%20, 10+i, strings.Repeat("espresso beans ", 20))
	}
	_, err = importString(t, s, "sales", b.String())
	fmt.Printf("import: %v\n", err)
	// Customers with the longest notes accepted, more of them than the disk holds,
	// saved at once.
	err = s.Write(context.Background(), func(tx *store.Tx) error {
		for i := range int(limit)/shop.MaxNotes + 8 {
			c := shop.Customer{Name: fmt.Sprintf("Long Notes %d", i), Kind: shop.KindConsumer, TimeZone: "America/New_York",
				Notes: strings.Repeat("n", shop.MaxNotes), PreferredCallMinute: -1}
			if err := tx.AddCustomer(&c); err != nil {
				return err
			}
		}
		return nil
	})
	fmt.Printf("save: %v\n", err)
}
