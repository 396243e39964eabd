package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "time/tzdata"

	"github.com/rapport-app/rapport/data/store"
)

func rapport(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, &out, &errb, nil)
	return out.String(), errb.String(), code
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportThenAgendaJSON(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	now := "--now=2026-11-23T09:00:00-05:00"
	customers := writeFile(t, dir, "customers.csv", `name,email,phone,address,city,region,postal_code,country,kind,time_zone,preferred_channel
Emily Tran,emily@example.com,+1 323 555 0126,2400 Sunset Blvd,Los Angeles,CA,90026,US,consumer,America/Los_Angeles,
Bell & Hart,office@bellhart.example,+1 212 555 0110,200 Park Ave S,New York,NY,10003,US,business,America/New_York,
`)
	sales := writeFile(t, dir, "sales.csv", "customer,when,amount,channel,sold_by,items\n"+
		"emily@example.com,2026-11-16 08:30,\"1,299.00\",phone,,Espresso machine\n")
	issues := writeFile(t, dir, "issues.csv", "customer,type,channel,opened,replied,resolved,complicated,handled_by,billing_date,summary\n"+
		"Bell & Hart,sales inquiry,phone,2026-11-16 15:10,2026-11-16 16:00,2026-11-16 16:00,no,,,Grinder for the office\n")

	for _, args := range [][]string{
		{"--db", db, now, "import", "customers", customers},
		{"--db", db, now, "import", "sales", sales},
		{"--db", db, now, "import", "issues", issues},
	} {
		if out, errs, code := rapport(t, args...); code != 0 {
			t.Fatalf("%v: exit %d, %s%s", args, code, out, errs)
		}
	}
	out, errs, code := rapport(t, "--db", db, now, "agenda", "--from", "2026-11-23", "--to", "2026-11-30", "--json")
	if code != 0 {
		t.Fatalf("agenda: exit %d: %s", code, errs)
	}
	var items []Item
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("agenda --json is not JSON: %v\n%s", err, out)
	}
	var emilyCall, bellFollowUp *Item
	for i := range items {
		it := &items[i]
		due, err := time.Parse(time.RFC3339, it.Due)
		if err != nil {
			t.Fatalf("due %q is not RFC 3339", it.Due)
		}
		switch {
		case it.Customer == "Emily Tran" && it.Channel == "phone":
			emilyCall = it
			// Bought at 08:30 Los Angeles time a week ago: the big-ticket call is a
			// week later, in her zone, and not before 10:00 there.
			if _, off := due.Zone(); off != -8*3600 {
				t.Errorf("Emily's call is shown at offset %d; want her own (-08:00)", off)
			}
			if due.Hour() < 10 {
				t.Errorf("Emily's call at %s is before 10:00 her time", it.Due)
			}
		case it.Customer == "Bell & Hart":
			bellFollowUp = it
		}
	}
	if emilyCall == nil {
		t.Fatalf("no call to Emily for her big-ticket purchase in:\n%s", out)
	}
	if !strings.HasPrefix(emilyCall.Due, "2026-11-23T10:") {
		t.Errorf("Emily's call is due %s; want the morning of 2026-11-23 at 10:xx her time", emilyCall.Due)
	}
	if bellFollowUp == nil || bellFollowUp.Reference == "" || !strings.Contains(bellFollowUp.Reason, "Grinder for the office") {
		t.Errorf("Bell & Hart's sales-inquiry follow-up should name the inquiry and its reference: %+v", bellFollowUp)
	}

	// The same command with the same clock prints the same plan.
	again, _, _ := rapport(t, "--db", db, now, "agenda", "--from", "2026-11-23", "--to", "2026-11-30", "--json")
	if stripIDs(t, again) != stripIDs(t, out) {
		t.Error("agenda is not reproducible with a fixed --now")
	}
}

// stripIDs drops the row IDs, which change on every re-plan.
func stripIDs(t *testing.T, s string) string {
	var items []Item
	if err := json.Unmarshal([]byte(s), &items); err != nil {
		t.Fatal(err)
	}
	for i := range items {
		items[i].ID = 0
	}
	b, _ := json.Marshal(items)
	return string(b)
}

func TestBadDatabaseFileIsRefusedAndLeftUntouched(t *testing.T) {
	dir := t.TempDir()
	notes := writeFile(t, dir, "notes.txt", "not a database\n")
	_, errs, code := rapport(t, "--db", notes, "today")
	if code != 1 || !strings.Contains(errs, notes) || !strings.Contains(errs, "not an SQLite file") {
		t.Errorf("exit %d, stderr %q; want 1 and a message naming the file", code, errs)
	}
	if b, _ := os.ReadFile(notes); string(b) != "not a database\n" {
		t.Error("the file was changed")
	}
}

func TestBadImportNamesRowAndImportsNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	customers := writeFile(t, dir, "c.csv", "name,email\nEmily Tran,emily@example.com\n")
	sales := writeFile(t, dir, "s.csv", "customer,when,amount\nemily@example.com,2026-11-16 08:30,12.00\nemily@example.com,2026-11-17 08:30,12x\n")
	if _, errs, code := rapport(t, "--db", db, "import", "customers", customers); code != 0 {
		t.Fatal(errs)
	}
	_, errs, code := rapport(t, "--db", db, "import", "sales", sales)
	if code != 1 || !strings.Contains(errs, `row 3, column "amount"`) || !strings.Contains(errs, "nothing was imported") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	st, _, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cs, _ := st.Customers(t.Context(), "")
	ps, _ := st.Purchases(t.Context(), cs[0].ID)
	if len(ps) != 0 {
		t.Errorf("%d sales stored from a file with a bad row", len(ps))
	}
}

func TestCommandLineMistakes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if _, errs, code := rapport(t, "--db", db, "customer", "add", "Ada"); code != 0 {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", db, "frobnicate"}, `"frobnicate" is not a command`},
		{[]string{"--db", db, "--now", "tomorrow", "today"}, `--now "tomorrow" is not an RFC 3339 time`},
		{[]string{"--db", db, "agenda", "--from", "23/11/2026"}, `--from "23/11/2026" is not a date`},
		{[]string{"--db", db, "import", "customers"}, "import takes a kind"},
		{[]string{"--db"}, "--db needs a value"},
	} {
		_, errs, code := rapport(t, tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) || !strings.Contains(errs, "Usage:") {
			t.Errorf("%v: exit %d, stderr %q; want 2, %q and the usage", tc.args, code, errs, tc.want)
		}
	}
	out, _, code := rapport(t, "help")
	if code != 0 || !strings.Contains(out, "agenda [--from DATE] [--to DATE]") {
		t.Errorf("help: exit %d, %q", code, out)
	}
}
