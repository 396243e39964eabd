package importer

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/rapport-app/rapport/data/shop"
)

// FuzzCSVImport sends arbitrary bytes through the CSV reader, the mapping guess and
// the row checks the preview makes: nothing may panic and every error must name a
// row inside the file. (The database part of the preview is left to the unit tests:
// under the fuzzer's coverage instrumentation SQLite runs a few statements a second.)
func FuzzCSVImport(f *testing.F) {
	f.Add([]byte(shopifyCustomers), false)
	f.Add([]byte(shopifyOrders), true)
	f.Add([]byte("Kunde;Datum;Betrag\nA;23/11/2026;12,50\nB;01/12/2026;\"1.234,00\"\n"), true)
	f.Add([]byte("\ufeffname,email\n\"multi\nline\",x@example.com\n,\n"), false)
	f.Add([]byte("Date,Time,Time Zone,Total Collected,Customer Name\n11/20/2026,14:31,Eastern Time (US & Canada),($5.00),A\n"), true)
	f.Fuzz(func(t *testing.T, body []byte, sales bool) {
		kind := "customers"
		if sales {
			kind = "sales"
		}
		file, err := ReadCSV(strings.NewReader(string(body)), kind)
		if err != nil {
			var re *RowError
			if errors.As(err, &re) && re.Row < 1 {
				t.Fatalf("error names row %d: %v", re.Row, err)
			}
			return
		}
		m := GuessMapping(kind, file.Header)
		m.GuessFormats(file)
		errs, err := m.CheckRows(file)
		if err != nil {
			return // a mapping that lacks a required field
		}
		for _, re := range errs {
			if re.Row < 2 || re.Row > len(file.Rows)+1 || re.Column == "" {
				t.Fatalf("error names row %d, column %q of a file with %d rows: %v", re.Row, re.Column, len(file.Rows), re)
			}
		}
	})
}

// TestPreviewOfFuzzSeedsStoresNothing runs the fuzz seeds through the whole preview
// against a real database, which the fuzzer itself cannot do quickly.
func TestPreviewOfFuzzSeedsStoresNothing(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustCustomer(t, s, shop.Customer{Name: "Stored One", Email: "one@example.com"})
	for i, body := range []string{shopifyCustomers, shopifyOrders, "Kunde;Datum;Betrag\nA;23/11/2026;12,50\n", "\ufeffname,email\n\"multi\nline\",x@example.com\n,\n"} {
		for _, kind := range MappingKinds() {
			file, err := ReadCSV(strings.NewReader(body), kind)
			if err != nil {
				t.Fatal(err)
			}
			m := GuessMapping(kind, file.Header)
			m.GuessFormats(file)
			pv, err := PreviewImport(ctx, s, file, m, 5)
			if err != nil {
				continue
			}
			checked, _ := m.CheckRows(file)
			if len(checked) > pv.ErrorCount {
				t.Errorf("seed %d as %s: the row check finds %d errors, the preview only %d", i, kind, len(checked), pv.ErrorCount)
			}
			if n := count(t, s, "customers") + count(t, s, "purchases") + count(t, s, "import_batches"); n != 1 {
				t.Fatalf("seed %d as %s: a preview stored rows (%d)", i, kind, n)
			}
		}
	}
}

// FuzzVCard sends arbitrary bytes through the vCard reader: no panic, and every
// error names a card.
func FuzzVCard(f *testing.F) {
	f.Add([]byte(vcardFile))
	f.Add([]byte("BEGIN:VCARD\nVERSION:2.1\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\n=C3=\nEND:VCARD\n"))
	f.Add([]byte("BEGIN:VCARD\r\nVERSION:4.0\r\nN:a\\;b;c\\\r\n d;;;\r\nEND:VCARD"))
	f.Fuzz(func(t *testing.T, body []byte) {
		cards, err := ParseVCards(strings.NewReader(string(body)))
		if err != nil {
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatalf("error names no card: %v", err)
			}
			if re.Row < 1 || re.Unit != "card" {
				t.Fatalf("error names card %d: %v", re.Row, err)
			}
			return
		}
		for _, c := range cards {
			if c.Line < 1 {
				t.Fatalf("card at line %d", c.Line)
			}
		}
	})
}
