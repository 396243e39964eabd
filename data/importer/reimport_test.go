package importer

import (
	"context"
	"strings"
	"testing"
)

// The importer's faults of "nothing lost, nothing doubled": files imported again,
// and rows that share a phone.

const novemberSales = "customer,when,amount,items\n" +
	"ann@example.com,2026-11-02 10:15,25.00,Beans\n" +
	"ann@example.com,2026-11-02 10:15,25.00,Beans\n" + // two bags rung up apart: two sales
	"bob@example.com,2026-11-03 16:40,640.00,Espresso machine\n"

// TestImportingTheSameSalesFileAgainAddsNothing: a till export imported twice, or
// the next month's export that overlaps the last, adds only the sales not yet
// stored, and the preview says how many are already there. Once every sale (and
// its thank-you) was doubled.
func TestImportingTheSameSalesFileAgainAddsNothing(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	if _, err := importString(t, s, "sales", novemberSales); err != nil {
		t.Fatal(err)
	}
	sales, followups := count(t, s, "purchases"), count(t, s, "followups")
	if sales != 3 {
		t.Fatalf("%d sales after the first import; want 3", sales)
	}

	f, err := ReadCSV(strings.NewReader(novemberSales), "sales")
	if err != nil {
		t.Fatal(err)
	}
	m := GuessMapping("sales", f.Header)
	pv, err := PreviewImport(ctx, s, f, m, 10)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Batch.Duplicates != 3 || pv.Batch.Sales != 0 {
		t.Errorf("preview: %d already imported, %d sales; want 3 and 0", pv.Batch.Duplicates, pv.Batch.Sales)
	}
	for _, r := range pv.Rows {
		if !strings.HasPrefix(r.Action, "already imported") {
			t.Errorf("preview row %d: %q; want it said to be already imported", r.Row, r.Action)
		}
	}
	b, err := importString(t, s, "sales", novemberSales)
	if err != nil {
		t.Fatal(err)
	}
	if b.Duplicates != 3 || b.Sales != 0 {
		t.Errorf("second import: %d already imported, %d sales; want 3 and 0", b.Duplicates, b.Sales)
	}
	if n := count(t, s, "purchases"); n != sales {
		t.Errorf("%d sales after importing the file again; want %d", n, sales)
	}
	if n := count(t, s, "followups"); n != followups {
		t.Errorf("%d follow-ups after importing the file again; want %d (no thank-you twice)", n, followups)
	}

	// The next export overlaps: the old rows are skipped, the new ones added.
	december := novemberSales + "ann@example.com,2026-12-01 09:00,25.00,Beans\n"
	b, err = importString(t, s, "sales", december)
	if err != nil {
		t.Fatal(err)
	}
	if b.Duplicates != 3 || b.Sales != 1 || count(t, s, "purchases") != 4 {
		t.Errorf("overlapping export: %d already imported, %d sales, %d stored; want 3, 1, 4", b.Duplicates, b.Sales, count(t, s, "purchases"))
	}
}

// TestImportingTheSameOrdersAgainAddsNothing: a file with order IDs is matched by
// them, whatever else changed (a line item added to the export later).
func TestImportingTheSameOrdersAgainAddsNothing(t *testing.T) {
	s := openTest(t)
	file := "Order ID,Email,Date,Total,Item\n" +
		"#1001,ann@example.com,2026-11-02 10:15,25.00,Beans\n" +
		"#1001,ann@example.com,2026-11-02 10:15,,Filters\n" +
		"#1002,bob@example.com,2026-11-03 16:40,640.00,Espresso machine\n"
	b, err := importString(t, s, "sales", file)
	if err != nil {
		t.Fatal(err)
	}
	if b.Sales != 2 {
		t.Fatalf("first import: %d sales; want 2 orders", b.Sales)
	}
	again := strings.Replace(file, "Filters", "Filters and paper", 1) + "#1003,ann@example.com,2026-11-20 11:00,9.50,Milk\n"
	b, err = importString(t, s, "sales", again)
	if err != nil {
		t.Fatal(err)
	}
	if b.Duplicates != 2 || b.Sales != 1 || count(t, s, "purchases") != 3 {
		t.Errorf("again: %d already imported, %d sales, %d stored; want 2, 1, 3", b.Duplicates, b.Sales, count(t, s, "purchases"))
	}
}

// TestImportingTheSameIssuesAgainAddsNothing: the same for a help desk's export,
// by the ticket's reference or, without one, by customer, time, type and summary.
func TestImportingTheSameIssuesAgainAddsNothing(t *testing.T) {
	s := openTest(t)
	for _, file := range []string{
		"customer,type,opened,summary,reference\nann@example.com,complaint,2026-11-02 10:15,Cold coffee,T-17\nann@example.com,support,2026-11-03 10:15,Grinder,T-18\n",
		"customer,type,opened,summary\nbob@example.com,complaint,2026-11-02 10:15,Late delivery\n",
	} {
		first, err := importString(t, s, "issues", file)
		if err != nil {
			t.Fatal(err)
		}
		before := count(t, s, "issues")
		b, err := importString(t, s, "issues", file)
		if err != nil {
			t.Fatal(err)
		}
		if b.Duplicates != first.Issues || b.Issues != 0 || count(t, s, "issues") != before {
			t.Errorf("%q again: %d already imported, %d issues, %d stored; want %d, 0, %d", file, b.Duplicates, b.Issues, count(t, s, "issues"),
				first.Issues, before)
		}
	}
}

// TestRowsWithOnePhoneButOtherNamesAndEmailsAreNotMerged: two rows with the same
// phone whose names and emails both differ are two customers, and the preview
// asks; a row that shares the phone and agrees on the name is merged, and the
// import says so. Once both were silently one customer ("1 new, 0 merged").
func TestRowsWithOnePhoneButOtherNamesAndEmailsAreNotMerged(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	file := "name,email,phone\n" +
		"Ana Lopez,ana@example.com,+1 212 555 0100\n" +
		"Ben Okafor,ben@example.com,+1 212 555 0100\n" +
		"Ana Lopez,,+1 212 555 0100\n"
	f, err := ReadCSV(strings.NewReader(file), "customers")
	if err != nil {
		t.Fatal(err)
	}
	m := GuessMapping("customers", f.Header)
	pv, err := PreviewImport(ctx, s, f, m, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Rows) != 3 || !strings.Contains(pv.Rows[1].Action, "not merged") || !strings.Contains(pv.Rows[1].Action, "the same customer?") {
		t.Fatalf("preview rows: %+v; want row 3 asked about, not merged", pv.Rows)
	}
	if !strings.Contains(pv.Rows[2].Action, "same customer as row 2 (by phone)") {
		t.Errorf("row 4 preview: %q; want it merged into row 2 by phone", pv.Rows[2].Action)
	}
	b, err := Import(ctx, s, f, m)
	if err != nil {
		t.Fatal(err)
	}
	if b.NewCustomers != 2 || b.KeptApart != 1 || b.MergedRows != 1 || count(t, s, "customers") != 2 {
		t.Errorf("import: %d new, %d kept apart, %d rows merged, %d stored; want 2, 1, 1, 2", b.NewCustomers, b.KeptApart, b.MergedRows,
			count(t, s, "customers"))
	}
	notes := strings.Join(b.Notes, "\n")
	if !strings.Contains(notes, "row 3 (Ben Okafor, ben@example.com) has the phone of Ana Lopez (row 2)") ||
		!strings.Contains(notes, "row 4 (Ana Lopez) merged into Ana Lopez (row 2): the same phone") {
		t.Errorf("notes:\n%s\nwant what was kept apart and what was merged", notes)
	}
	// A stored customer is treated alike.
	b, err = importString(t, s, "customers", "name,email,phone\nCarla Diaz,carla@example.com,+1 212 555 0100\n")
	if err != nil {
		t.Fatal(err)
	}
	if b.NewCustomers != 1 || b.MergedCustomers != 0 || b.KeptApart != 1 {
		t.Errorf("against a stored customer: %d new, %d merged, %d kept apart; want 1, 0, 1", b.NewCustomers, b.MergedCustomers, b.KeptApart)
	}
}
