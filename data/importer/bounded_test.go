package importer

import (
	"errors"
	"strings"
	"testing"
)

// TestFilesAreCheckedForBoundedTextYearsAndSkippedTimes: a cell too long for its
// field, text with a NUL, a year outside 1900-2200 and a local time the clocks skip
// are each a bad row that names its row and column, found before anything is
// stored (CheckRows needs no database), and the import stores nothing.
func TestFilesAreCheckedForBoundedTextYearsAndSkippedTimes(t *testing.T) {
	long := strings.Repeat("x", 3000)
	for _, tc := range []struct {
		kind, body, column, want string
	}{
		{"sales", "customer,when,amount,items\nann@example.com,2026-11-02 10:15,25.00," + long + "\n", "items", "3000 characters long"},
		{"customers", "name,email\n" + strings.Repeat("N", 5000) + ",ann@example.com\n", "name", "5000 characters long"},
		{"issues", "customer,type,opened,summary\nann@example.com,complaint,2026-11-02 10:15,cold\x00coffee\n", "summary", "NUL"},
		{"sales", "customer,when,amount\nann@example.com,1850-11-02 10:15,25.00\n", "when", "the year 1850 is not between 1900 and 2200"},
		{"issues", "customer,type,opened\nann@example.com,complaint,20266-11-02\n", "opened", "is not a date"},
		{"sales", "customer,when,amount,time zone\nann@example.com,2026-03-08 02:30,25.00,America/New_York\n", "when",
			"02:30 does not exist on 8 March in New York"},
	} {
		f, err := ReadCSV(strings.NewReader(tc.body), tc.kind)
		if err != nil {
			t.Fatal(err)
		}
		m := GuessMapping(tc.kind, f.Header)
		errs, err := m.CheckRows(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(errs) != 1 || errs[0].Row != 2 || !strings.EqualFold(errs[0].Column, tc.column) || !strings.Contains(errs[0].Error(), tc.want) {
			t.Errorf("%s file: CheckRows = %v; want row 2, column %q, %q", tc.kind, errs, tc.column, tc.want)
		}
		s := openTest(t)
		_, err = Import(t.Context(), s, f, m)
		var ie *Errors
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s file: Import = %v; want the bad row", tc.kind, err)
		}
		for _, table := range []string{"customers", "purchases", "issues"} {
			if n := count(t, s, table); n != 0 {
				t.Errorf("%s file: %d %s stored", tc.kind, n, table)
			}
		}
	}
}

// TestTheItemsOfAnOrderJoinedAreBoundedToo: an order of many lines whose items
// together are too long for a sale is a bad row, not a sale cut short.
func TestTheItemsOfAnOrderJoinedAreBoundedToo(t *testing.T) {
	var b strings.Builder
	b.WriteString("Order,Email,Date,Total,Item\n#1,ann@example.com,2026-11-02 10:15,25.00,Beans\n")
	for range 40 {
		b.WriteString("#1,,,," + strings.Repeat("y", 60) + "\n")
	}
	s := openTest(t)
	_, err := importString(t, s, "sales", b.String())
	if err == nil || !strings.Contains(err.Error(), `column "Item"`) || !strings.Contains(err.Error(), "characters long") {
		t.Errorf("Import = %v; want the order's items refused as too long", err)
	}
}
