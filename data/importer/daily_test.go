package importer

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestAPhoneTheFormRefusesIsABadRow(t *testing.T) {
	s := openTest(t)
	_, err := importString(t, s, "customers", "Name,Email,Phone\nAda Lovelace,ada@example.com,555-01\n")
	var re *RowError
	if !errors.As(err, &re) || re.Row != 2 || re.Column != "Phone" || !strings.Contains(re.Error(), `"555-01" is not a phone number`) {
		t.Fatalf("import of the phone 555-01: %v; want row 2, column Phone refused as the form refuses it", err)
	}
	if n := count(t, s, "customers"); n != 0 {
		t.Errorf("%d customers stored after a refused import", n)
	}
	_, err = importString(t, s, "sales", "Customer,Customer phone,Date,Amount\nBo Diddley,555-01,2026-11-20 10:00,12.50\n")
	if !errors.As(err, &re) || re.Column != "Customer phone" {
		t.Errorf("a sale naming a new customer by the phone 555-01: %v; want the Customer phone column refused", err)
	}
}

func TestSkippingBadRowsImportsTheRestInOneGoAndSaysWhich(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	body := "Customer,Customer email,Date,Amount,Items\n" +
		"Ada Lovelace,ada@example.com,2026-11-20 10:00,12.50,Beans\n" +
		"Bo Diddley,bo@example.com,2026-11-20 11:00,twelve,Cups\n" + // bad amount: Bo must not be added either
		"Cy Young,cy@example.com,2026-11-20 12:00,8.00,Filters\n"
	f, err := ReadCSV(strings.NewReader(body), "sales")
	if err != nil {
		t.Fatal(err)
	}
	m := GuessMapping("sales", f.Header)
	m.GuessFormats(f)
	if _, err := Import(ctx, s, f, m); err == nil {
		t.Fatal("a file with a bad row imported without SkipBadRows")
	}
	m.SkipBadRows = true
	b, err := Import(ctx, s, f, m)
	if err != nil {
		t.Fatalf("import skipping the bad row: %v", err)
	}
	if b.Sales != 2 || b.NewCustomers != 2 || b.BadRows != 1 {
		t.Errorf("batch = %d sales, %d new customers, %d bad rows left out; want 2, 2, 1", b.Sales, b.NewCustomers, b.BadRows)
	}
	if len(b.Notes) == 0 || !strings.Contains(b.Notes[0], "row 3") || !strings.Contains(b.Notes[0], `"twelve"`) {
		t.Errorf("notes = %q; want the left-out row 3 named with its bad amount", b.Notes)
	}
	if n := count(t, s, "customers"); n != 2 {
		t.Errorf("%d customers stored; the bad row's customer must not be", n)
	}
	if _, err := s.CustomerByEmail(ctx, "bo@example.com"); err == nil {
		t.Error("the customer of the left-out row was stored")
	}
	if _, err := s.UndoImport(ctx, b.ID); err != nil {
		t.Errorf("the import with rows left out cannot be undone: %v", err)
	}
	if n := count(t, s, "purchases"); n != 0 {
		t.Errorf("%d sales left after undo", n)
	}
}
