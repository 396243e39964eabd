//go:build unix

package cli

import (
	"bytes"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/store/engine"
)

// rounds is how many times each pair of commands runs at once in
// TestTwoCommandsAtOnceOnOneFile: RAPPORT_CONCURRENCY_ROUNDS, 50 by default.
func rounds(t *testing.T) int {
	if v := os.Getenv("RAPPORT_CONCURRENCY_ROUNDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("RAPPORT_CONCURRENCY_ROUNDS=%q is not a positive number", v)
		}
		return n
	}
	return 50
}

// skipUnderRace skips the tests whose work is done by child processes, which the
// race detector does not watch: there it only makes them slow. make test runs
// them without -race.
func skipUnderRace(t *testing.T, env string) {
	t.Helper()
	if raceBuild && os.Getenv(env) == "" {
		t.Skipf("its child processes do the work; make test runs it without -race (set %s to run it here)", env)
	}
}

// result is what a command run in a process of its own did.
type result struct {
	args         []string
	out, errs    string
	code         int
	startFailure error
}

// runTogether starts every command at about the same time (each after a random
// pause of up to 40 ms, so that each gets to go first), each in a process of its
// own, and waits for all of them.
func runTogether(cmds ...[]string) []result {
	res := make([]result, len(cmds))
	var wg sync.WaitGroup
	for i, args := range cmds {
		wg.Add(1)
		pause := time.Duration(rand.Int64N(int64(40 * time.Millisecond)))
		go func() {
			defer wg.Done()
			time.Sleep(pause)
			cmd := rapportCmd(args...)
			var out, errs bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errs
			err := cmd.Run()
			r := result{args: args, out: out.String(), errs: errs.String()}
			if ee, ok := err.(*exec.ExitError); ok {
				r.code = ee.ExitCode()
			} else if err != nil {
				r.startFailure = err
			}
			res[i] = r
		}()
	}
	wg.Wait()
	return res
}

// rawDriverWords are what SQLite says; none of it may reach a person.
var rawDriverWords = regexp.MustCompile(`SQLITE_|\(\d+\)|database is locked|no such table|disk image is malformed|constraint failed`)

// checkPlain fails the test when a command could not start, or said something in
// SQLite's words.
func checkPlain(t *testing.T, round int, r result) {
	t.Helper()
	if r.startFailure != nil {
		t.Fatalf("round %d: %q: %v", round, r.args, r.startFailure)
	}
	if m := rawDriverWords.FindString(r.out + r.errs); m != "" {
		t.Errorf("round %d: %q said %q in the driver's words:\n%s%s", round, r.args, m, r.out, r.errs)
	}
}

// customersFile writes n customers whose emails start with tag.
func customersFile(t *testing.T, dir, tag string, n int) string {
	var b strings.Builder
	b.WriteString("name,email\n")
	for i := range n {
		fmt.Fprintf(&b, "Customer %s %d,%s-%d@example.com\n", tag, i, tag, i)
	}
	return writeFile(t, dir, tag+".csv", b.String())
}

// countTagged counts the customers of the file at path whose emails start with
// tag, read as another program would.
func countTagged(t *testing.T, path, tag string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM customers WHERE email LIKE ?`, tag+"-%").Scan(&n); err != nil {
		t.Fatalf("count in %s: %v", path, err)
	}
	return n
}

// beforeRestoreCopies lists the before-restore copies of the database at db.
func beforeRestoreCopies(t *testing.T, db string) map[string]bool {
	t.Helper()
	bs, err := engine.ListBackups(db)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, b := range bs {
		if b.BeforeRestore {
			out[b.Path] = true
		}
	}
	return out
}

// TestTwoCommandsAtOnceOnOneFile runs two commands at once, each in a process of
// its own, on one file, rounds times for each pair: an import beside a restore,
// beside today, beside a backup, and two imports that both make a new file. No
// row is lost or doubled, no command reports work that did not survive, and no
// message is in SQLite's words.
func TestTwoCommandsAtOnceOnOneFile(t *testing.T) {
	skipUnderRace(t, "RAPPORT_CONCURRENCY_ROUNDS")
	n := rounds(t)
	const batch = 20

	t.Run("import and restore", func(t *testing.T) {
		dir := t.TempDir()
		db := filepath.Join(dir, "shop.db")
		if _, errs, code := rapport(t, "--db", db, "import", "customers", customersFile(t, dir, "base", 5)); code != 0 {
			t.Fatal(errs)
		}
		out, errs, code := rapport(t, "--db", db, "backup")
		if code != 0 {
			t.Fatal(errs)
		}
		backup := strings.TrimSuffix(strings.SplitN(out, " to ", 2)[1], ".\n")
		before, after := 0, 0
		for k := range n {
			tag := "r" + strconv.Itoa(k)
			file := customersFile(t, dir, tag, batch)
			copies := beforeRestoreCopies(t, db)
			res := runTogether([]string{"--db", db, "import", "customers", file}, []string{"--db", db, "restore", backup, "--wait", "60s"})
			for _, r := range res {
				checkPlain(t, k, r)
			}
			imp, rest := res[0], res[1]
			if rest.code != 0 {
				t.Fatalf("round %d: restore: exit %d, %s", k, rest.code, rest.errs)
			}
			var kept string
			for p := range beforeRestoreCopies(t, db) {
				if !copies[p] {
					kept = p
				}
			}
			inFile, inCopy := countTagged(t, db, tag), 0
			if kept != "" {
				inCopy = countTagged(t, kept, tag)
			}
			switch {
			case imp.code != 0:
				// A refusal is allowed, in plain words, with nothing written.
				if inFile+inCopy != 0 {
					t.Errorf("round %d: the import failed (%s) but %d of its rows are stored", k, imp.errs, inFile+inCopy)
				}
			case inFile == batch && inCopy == 0:
				after++ // the restore went first; the import landed in the restored file
			case inFile == 0 && inCopy == batch:
				before++ // the import went first; the restore kept it in the copy
			default:
				t.Errorf("round %d: the import reported success; %d of its %d rows are in the file and %d in the copy the restore kept",
					k, inFile, batch, inCopy)
			}
		}
		t.Logf("%d rounds: the import first %d times, the restore first %d times", n, before, after)
	})

	t.Run("import and today", func(t *testing.T) {
		dir := t.TempDir()
		db := filepath.Join(dir, "shop.db")
		if _, errs, code := rapport(t, "--db", db, "import", "customers", customersFile(t, dir, "base", 5)); code != 0 {
			t.Fatal(errs)
		}
		for k := range n {
			tag := "t" + strconv.Itoa(k)
			res := runTogether([]string{"--db", db, "import", "customers", customersFile(t, dir, tag, batch)}, []string{"--db", db, "today"})
			for _, r := range res {
				checkPlain(t, k, r)
				if r.code != 0 {
					t.Errorf("round %d: %q: exit %d, %s", k, r.args, r.code, r.errs)
				}
			}
			if got := countTagged(t, db, tag); got != batch {
				t.Errorf("round %d: %d of the import's %d rows stored", k, got, batch)
			}
		}
	})

	t.Run("two first opens", func(t *testing.T) {
		dir := t.TempDir()
		for k := range n {
			db := filepath.Join(dir, strconv.Itoa(k), "new.db")
			a, b := "a"+strconv.Itoa(k), "b"+strconv.Itoa(k)
			res := runTogether([]string{"--db", db, "import", "customers", customersFile(t, dir, a, batch)},
				[]string{"--db", db, "import", "customers", customersFile(t, dir, b, batch)})
			made := 0
			for _, r := range res {
				checkPlain(t, k, r)
				if r.code != 0 {
					t.Errorf("round %d: %q: exit %d, %s", k, r.args, r.code, r.errs)
				}
				if strings.Contains(r.errs, "this is a new, empty shop") {
					made++
				}
			}
			if made != 1 {
				t.Errorf("round %d: %d commands said they made the shop; want 1", k, made)
			}
			if _, err := os.Stat(db); err != nil {
				t.Fatalf("round %d: the file is gone: %v", k, err)
			}
			if ga, gb := countTagged(t, db, a), countTagged(t, db, b); ga != batch || gb != batch {
				t.Errorf("round %d: %d and %d rows of the two imports; want %d each", k, ga, gb, batch)
			}
		}
	})

	t.Run("import and backup", func(t *testing.T) {
		dir := t.TempDir()
		db := filepath.Join(dir, "shop.db")
		if _, errs, code := rapport(t, "--db", db, "import", "customers", customersFile(t, dir, "base", 5)); code != 0 {
			t.Fatal(errs)
		}
		for k := range n {
			tag := "k" + strconv.Itoa(k)
			res := runTogether([]string{"--db", db, "import", "customers", customersFile(t, dir, tag, batch)}, []string{"--db", db, "backup"})
			for _, r := range res {
				checkPlain(t, k, r)
				if r.code != 0 {
					t.Fatalf("round %d: %q: exit %d, %s", k, r.args, r.code, r.errs)
				}
			}
			if got := countTagged(t, db, tag); got != batch {
				t.Errorf("round %d: %d of the import's %d rows stored", k, got, batch)
			}
			made := strings.TrimSuffix(strings.SplitN(res[1].out, " to ", 2)[1], ".\n")
			if err := engine.CheckBackup(made); err != nil {
				t.Errorf("round %d: the backup made beside the import: %v", k, err)
			} else if got := countTagged(t, made, tag); got != 0 && got != batch {
				t.Errorf("round %d: the backup holds %d of the import's %d rows; want all or none", k, got, batch)
			}
		}
	})
}
