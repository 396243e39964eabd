package store

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// followupNames fails t for every follow-up whose customer's name it carries
// (followups.customer_name, migration 0027) is not its customer's name.
func followupNames(t *testing.T, db *sql.DB) {
	t.Helper()
	rows, err := db.Query(`SELECT f.id, f.customer_name, c.name FROM followups f JOIN customers c ON c.id = f.customer_id
		WHERE f.customer_name <> c.name ORDER BY f.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id shop.ID
		var kept, name string
		if err := rows.Scan(&id, &kept, &name); err != nil {
			t.Fatal(err)
		}
		t.Errorf("follow-up %d carries the name %q, but its customer is %q", id, kept, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// lineNames are the names the agenda's printed lines give the customers' pending
// follow-ups, by customer.
func lineNames(t *testing.T, s *Store) map[shop.ID]string {
	t.Helper()
	lines, err := s.AgendaLines(context.Background(), fixedNow.AddDate(-1, 0, 0), fixedNow.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	out := map[shop.ID]string{}
	for _, l := range lines {
		out[l.CustomerID] = l.CustomerName
	}
	return out
}

// A follow-up carries its customer's name, which the printed lists read: it is
// the customer's name whoever writes either table, one customer or many at a
// time, and a renamed customer's pending follow-ups print the new name.
func TestFollowUpsCarryTheirCustomersNameThroughEveryWrite(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ada := mustCustomer(t, s, shop.Customer{Name: "Ada Byron", Phone: "+1 323 555 0126"})
	tom := mustCustomer(t, s, shop.Customer{Name: "Tom Becker", Phone: "+1 323 555 0127"})
	for _, c := range []shop.ID{ada.ID, tom.ID} {
		p := shop.Purchase{CustomerID: c, At: fixedNow.Add(-48 * time.Hour), Items: "Kettle", AmountCents: 4000, Channel: shop.ChannelVisit}
		if err := s.SavePurchase(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	names := lineNames(t, s)
	if names[ada.ID] != "Ada Byron" || names[tom.ID] != "Tom Becker" {
		t.Fatalf("the agenda's lines name the customers %v, want Ada Byron and Tom Becker", names)
	}
	followupNames(t, s.db)

	ada.Name = "Ada Lovelace"
	if err := s.SaveCustomer(ctx, &ada); err != nil {
		t.Fatal(err)
	}
	followupNames(t, s.db)
	if got := lineNames(t, s)[ada.ID]; got != "Ada Lovelace" {
		t.Errorf("after the customer was renamed the agenda's lines name her %q, want Ada Lovelace", got)
	}

	for _, q := range []struct {
		sql  string
		args []any
	}{
		// Many customers renamed by one statement (on PostgreSQL the names are
		// passed on once for the statement).
		{`UPDATE customers SET name = name || ' Jr.'`, nil},
		{`UPDATE followups SET customer_name = 'Someone Else' WHERE customer_id = ?`, []any{ada.ID}},
		{`UPDATE followups SET customer_id = ? WHERE customer_id = ?`, []any{tom.ID, ada.ID}},
		// A follow-up written without a name is given its customer's.
		{`INSERT INTO followups (customer_id, due, day, time_zone, channel, priority) VALUES (?, 0, '1970-01-01', 'UTC', 'phone', 3)`, []any{ada.ID}},
	} {
		res, err := s.db.ExecContext(ctx, q.sql, q.args...)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			t.Fatalf("%s: nothing written", q.sql)
		}
		followupNames(t, s.db)
	}
	var empty int
	if err := s.db.QueryRow(`SELECT count(*) FROM followups WHERE customer_name = ''`).Scan(&empty); err != nil {
		t.Fatal(err)
	}
	if empty > 0 {
		t.Errorf("%d follow-ups carry no name", empty)
	}
}

// A shop from before follow-ups carried names gets them filled in by the
// migration.
func TestMigrationGivesStoredFollowUpsTheirCustomersNames(t *testing.T) {
	path := openAtVersion(t, 26,
		`INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Tom'), (3, 'Lin')`,
		`INSERT INTO followups (customer_id, due, day, time_zone, channel, priority) VALUES
			(1, 0, '1970-01-01', 'UTC', 'phone', 3), (3, 0, '1970-01-01', 'UTC', 'email', 3), (3, 0, '1970-01-02', 'UTC', 'email', 3)`,
	)
	s, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var names string
	if err := s.db.QueryRow(`SELECT group_concat(customer_name, ' ') FROM (SELECT customer_name FROM followups ORDER BY id)`).Scan(&names); err != nil {
		t.Fatal(err)
	}
	if names != "Ada Lin Lin" {
		t.Errorf("the stored follow-ups carry the names %q, want \"Ada Lin Lin\"", names)
	}
}

// The printed lists read no customer's row, nor any index of customers: each
// follow-up they list carries the name and the spend they print.
func TestPrintedListsReadNoCustomer(t *testing.T) {
	s := openTest(t)
	if s.IsPostgres() {
		t.Skip("PostgreSQL plans by its own statistics")
	}
	now := time.Now().Unix()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{linesSQL(dueIndex, todayCond+byDue), []any{now}},
		{linesSQL("", agendaCond+byDue), []any{now, now + 86400}},
		{linesSQL(rankIndex, headCond+rankSQL+` LIMIT 40`), []any{now, 0, 0}},
	} {
		// Each step of the plan reads the follow-ups (f) or the staff (st).
		plan := queryPlan(t, s, q.sql, q.args...)
		for _, step := range strings.Split(plan, "\n") {
			if w := strings.Fields(step); len(w) > 1 && (w[0] == "SCAN" || w[0] == "SEARCH") && w[1] != "f" && w[1] != "st" {
				t.Errorf("a printed list is read by the plan\n%s\nwhose step %q reads neither the follow-ups nor the staff", plan, step)
			}
		}
	}
}
