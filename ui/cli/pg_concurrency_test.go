//go:build unix

package cli

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/store/engine"
	"github.com/rapport-app/rapport/data/store/pgtest"
)

// pgDriverWords are what PostgreSQL and pgx say; none of it may reach a person.
var pgDriverWords = regexp.MustCompile(`SQLSTATE|ERROR:|pgx|pgconn|conn busy|\(\d{5}\)`)

// TestTwoComputersOnOneSharedShop runs Rapport as two computers would, in
// processes of their own on one PostgreSQL database, rounds times: each round one
// imports new customers while the other imports sales for the customers the first
// imported the round before, both record an outcome of the same follow-up, and
// both re-plan the whole shop, all at once. No customer, sale or contact is lost
// or doubled, exactly one of the two outcomes is kept and the other is told who
// recorded it, the plan has no follow-up twice, and nothing is said in the
// driver's words.
func TestTwoComputersOnOneSharedShop(t *testing.T) {
	skipUnderRace(t, "RAPPORT_CONCURRENCY_ROUNDS")
	if pgtest.OnPostgres() {
		t.Skip("runs in the SQLite pass, on a PostgreSQL database of its own")
	}
	db := pgtest.NewDatabase(t)
	if _, err := demotest.Demo(t, demoNow).CopyTo(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	n := rounds(t)
	const batch = 5
	dir := t.TempDir()
	now := "--now=" + demoNow.Format("2006-01-02T15:04:05Z07:00")
	shared := demoShop{t: t, db: db}
	importCustomers := func(round int) []string {
		return []string{"--db", db, now, "import", "customers", customersFile(t, dir, "pc-"+strconv.Itoa(round), batch)}
	}
	shared.ok("import", "customers", customersFile(t, dir, "pc-0", batch))
	used := map[int64]bool{}
	for round := 1; round <= n; round++ {
		var items []Item
		shared.json(&items, "agenda", "--from", "2026-11-23", "--to", "2027-06-30")
		var id int64
		for _, it := range items {
			if !used[it.ID] && it.Status == "pending" {
				id = it.ID
				break
			}
		}
		if id == 0 {
			t.Fatalf("round %d: no pending follow-up left to record", round)
		}
		used[id] = true
		var sales strings.Builder
		sales.WriteString("customer,when,amount,channel,items\n")
		for i := range batch {
			fmt.Fprintf(&sales, "pc-%d-%d@example.com,2026-11-20 10:00,900.00,visit,pc sale %d\n", round-1, i, round)
		}
		salesFile := writeFile(t, dir, fmt.Sprintf("sales-%d.csv", round), sales.String())
		res := runTogether(
			importCustomers(round),
			[]string{"--db", db, now, "import", "sales", salesFile},
			[]string{"--db", db, now, "done", strconv.FormatInt(id, 10), "--notes", "first computer"},
			[]string{"--db", db, now, "no-answer", strconv.FormatInt(id, 10)},
			[]string{"--db", db, now, "replan"},
			[]string{"--db", db, now, "replan"},
		)
		kept := 0
		for i, r := range res {
			checkPlain(t, round, r)
			if m := pgDriverWords.FindString(r.out + r.errs); m != "" {
				t.Errorf("round %d: %q said %q in the driver's words:\n%s%s", round, r.args, m, r.out, r.errs)
			}
			switch {
			case i == 2 || i == 3:
				if r.code == 0 {
					kept++
				} else if !strings.Contains(r.errs, "was already recorded as") || !strings.Contains(r.errs, " by ") {
					t.Errorf("round %d: %q: exit %d, %q; want it told who recorded the follow-up", round, r.args, r.code, r.errs)
				}
			case r.code != 0:
				t.Errorf("round %d: %q: exit %d: %s%s", round, r.args, r.code, r.out, r.errs)
			}
		}
		if kept != 1 {
			t.Errorf("round %d: %d outcomes of follow-up %d were kept; want exactly 1", round, kept, id)
		}
		if t.Failed() {
			t.FailNow()
		}
	}

	sqlDB, err := engine.OpenSQL(db)
	if err != nil {
		t.Fatal(err)
	}
	defer sqlDB.Close()
	count := func(query string, args ...any) int {
		t.Helper()
		var c int
		if err := sqlDB.QueryRow(query, args...).Scan(&c); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return c
	}
	if got := count(`SELECT count(*) FROM customers WHERE email LIKE 'pc-%'`); got != (n+1)*batch {
		t.Errorf("customers imported = %d; want %d", got, (n+1)*batch)
	}
	if got := count(`SELECT count(*) FROM purchases WHERE items LIKE 'pc sale %'`); got != n*batch {
		t.Errorf("sales imported = %d; want %d", got, n*batch)
	}
	for id := range used {
		if got := count(`SELECT count(*) FROM contacts WHERE followup_id = ?`, id); got != 1 {
			t.Errorf("follow-up %d has %d contacts logged; want 1", id, got)
		}
		if got := count(`SELECT count(*) FROM followups WHERE id = ? AND status IN ('done', 'no_answer')`, id); got != 1 {
			t.Errorf("follow-up %d was not recorded", id)
		}
	}
	if got := count(`SELECT count(*) FROM (SELECT f.customer_id, r.key FROM followup_reasons r JOIN followups f ON f.id = r.followup_id
		WHERE f.status = 'pending' GROUP BY f.customer_id, r.key HAVING count(*) > 1) x`); got != 0 {
		t.Errorf("%d reasons are planned twice", got)
	}
	// The plan the re-plans left is the one a re-plan makes now.
	before := shared.ok("agenda", "--from", "2026-11-23", "--to", "2027-06-30", "--json")
	shared.ok("replan")
	if after := shared.ok("agenda", "--from", "2026-11-23", "--to", "2027-06-30", "--json"); after != before {
		t.Errorf("a re-plan after the rounds changed the plan: the stored plan was not the shop's")
	}
	var items []Item
	if err := json.Unmarshal([]byte(before), &items); err != nil || len(items) == 0 {
		t.Errorf("the agenda after the rounds: %d items, %v", len(items), err)
	}
}
