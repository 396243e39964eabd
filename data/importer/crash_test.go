package importer

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/data/store/pgtest"
)

// crashBatch is how many rows each import in the crash test writes.
const crashBatch = 25

// crashKills is how many times TestCrashLeavesWholeTransactions kills its child:
// RAPPORT_CRASH_KILLS, 50 by default.
func crashKills(t *testing.T) int {
	if v := os.Getenv("RAPPORT_CRASH_KILLS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("RAPPORT_CRASH_KILLS=%q is not a positive number", v)
		}
		return n
	}
	return 50
}

// TestCrashLeavesWholeTransactions runs imports (through the importer, as the app
// and the command line do) and saves in a child process (on PostgreSQL under
// RAPPORT_TEST_ENGINE=postgres, a client the server loses), kills
// it with SIGKILL at a random moment, reopens the file and checks that SQLite finds
// it sound and that every import batch is all there or not there at all; then
// again, on the same growing file, crashKills times.
func TestCrashLeavesWholeTransactions(t *testing.T) {
	if os.Getenv("RAPPORT_CRASH_CHILD") != "" {
		t.Skip("the child runs TestCrashChild only")
	}
	if raceBuild && os.Getenv("RAPPORT_CRASH_KILLS") == "" {
		// Its child processes do the work, so the race detector checks nothing
		// here and only makes it five times slower; make test runs it without.
		t.Skip("the crash test runs without -race (see the Makefile's test target); set RAPPORT_CRASH_KILLS to run it here")
	}
	kills := crashKills(t)
	path := shopFile(t, t.TempDir(), 5)
	if pgtest.OnPostgres() {
		// The same shop in a PostgreSQL database: the server throws away what a
		// killed client's transaction wrote.
		s, _, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		db := pgtest.NewDatabase(t)
		_, err = s.CopyTo(context.Background(), db)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		path = db
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	t.Logf("seed %d, %d kill points", seed, kills)

	midImport, landed := 0, 0
	for k := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "RAPPORT_CRASH_CHILD="+path, "RAPPORT_CRASH_ROUND="+strconv.Itoa(k))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait until the child has the file open, then let it work a random while.
		if l := <-lines; l != "open" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("kill %d: the child said %q before opening", k, l)
		}
		// Let 0–2 writes land first, timing them, then kill at a random moment
		// within about one write's time: so that batches commit and kills fall
		// anywhere in a write, whether the binary is fast or race-instrumented.
		want, took, began := rng.IntN(3), 30*time.Millisecond, time.Now()
		for done := 0; done < want; {
			l, ok := <-lines
			if !ok {
				t.Fatalf("kill %d: the child stopped by itself", k)
			}
			if strings.HasPrefix(l, "start") {
				began = time.Now()
			} else if strings.HasPrefix(l, "done") {
				done++
				landed++
				took = time.Since(began)
			}
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took) * 6 / 5)))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		var last string
		for l := range lines {
			last = l
			if strings.HasPrefix(l, "done") {
				landed++
			}
		}
		if strings.HasPrefix(last, "start") {
			midImport++
		}
		verifyAfterCrash(t, path, k)
		if t.Failed() {
			return
		}
	}
	t.Logf("%d kill points: %d killed mid-write (between its start and its commit returning), %d writes committed in all", kills, midImport, landed)
	if midImport == 0 {
		t.Errorf("no kill landed in the middle of a write; the test proved nothing")
	}
}

// verifyAfterCrash opens the crashed file as Rapport would (which recovers it), then
// reads it through a connection of its own and checks it.
func verifyAfterCrash(t *testing.T, path string, k int) {
	t.Helper()
	s, _, err := store.Open(path)
	if err != nil {
		t.Fatalf("kill %d: reopen: %v", k, err)
	}
	s.Close()
	db, err := engine.OpenSQL(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	onFile := !engine.IsURL(path) // PostgreSQL checks its pages and keys itself
	if onFile {
		var res string
		if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
			t.Fatalf("kill %d: integrity_check = %q, %v", k, res, err)
		}
	}
	for _, q := range []string{
		`SELECT items, count(*) FROM purchases WHERE items LIKE 'crash %' GROUP BY items`,
		`SELECT summary, count(*) FROM issues WHERE summary LIKE 'crash %' GROUP BY summary`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var marker string
			var n int
			rows.Scan(&marker, &n)
			if n != crashBatch {
				t.Errorf("kill %d: batch %q has %d of its %d rows", k, marker, n, crashBatch)
			}
		}
		rows.Close()
	}
	// Every import that landed is logged with all of its rows, and nothing else is.
	var unlogged int
	db.QueryRow(`SELECT count(*) FROM purchases p WHERE p.items LIKE 'crash %'
		AND NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.tbl = 'purchases' AND r.row_id = p.id)`).Scan(&unlogged)
	if unlogged > 0 {
		t.Errorf("kill %d: %d imported sales are missing from the import log", k, unlogged)
	}
	// A single save is whole: the issue with its reference.
	var bad int
	db.QueryRow(`SELECT count(*) FROM issues WHERE summary LIKE 'solo %' AND reference NOT LIKE 'R-%'`).Scan(&bad)
	if bad > 0 {
		t.Errorf("kill %d: %d saved issues are missing their reference", k, bad)
	}
	var dangling int
	if !onFile {
		return
	}
	if err := db.QueryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&dangling); err != nil || dangling > 0 {
		t.Errorf("kill %d: %d foreign keys point nowhere (%v)", k, dangling, err)
	}
}

// TestCrashChild is the child process of TestCrashLeavesWholeTransactions: it
// imports batches of sales and issues and saves single issues until it is killed,
// saying "start" before each write and "done" after it.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("RAPPORT_CRASH_CHILD")
	if path == "" {
		t.Skip("run by TestCrashLeavesWholeTransactions")
	}
	s, _, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	round := os.Getenv("RAPPORT_CRASH_ROUND")
	fmt.Println("open")
	for i := 0; ; i++ {
		marker := fmt.Sprintf("crash %s.%d", round, i)
		fmt.Println("start", marker)
		var b strings.Builder
		switch i % 3 {
		case 0:
			b.WriteString("customer,when,amount,items\n")
			for r := range crashBatch {
				fmt.Fprintf(&b, "c%04d@example.com,2026-11-%02d 10:%02d,%d.%02d,%s\n", r%5, 1+r%20, r, 10+r, r, marker)
			}
			_, err = importString(t, s, "sales", b.String())
		case 1:
			b.WriteString("customer,type,opened,summary\n")
			for r := range crashBatch {
				fmt.Fprintf(&b, "c%04d@example.com,complaint,2026-11-%02d 09:%02d,%s\n", r%5, 1+r%20, r, marker)
			}
			_, err = importString(t, s, "issues", b.String())
		default:
			is := shop.Issue{CustomerID: shop.ID(1 + i%5), Type: shop.IssueComplaint, Channel: shop.ChannelPhone,
				OpenedAt: time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC), Summary: "solo " + marker}
			err = s.SaveIssue(ctx, &is)
		}
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("done", marker)
	}
}
