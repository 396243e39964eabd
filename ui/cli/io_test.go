package cli

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
)

func TestImportExportUndoFromTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	now := "--now=2026-11-23T09:00:00-05:00"
	customers := writeFile(t, dir, "customers_export.csv", "\ufeffFirst Name;Last Name;Email Address;Phone Number;Street Address 1;City;State;Postal Code;Square Customer ID\n"+
		"Emily;Tran;emily@example.com;+1 323 555 0126;2400 Sunset Blvd;Los Angeles;CA;90026;SQ1\n"+
		"Jürgen;Weiß;jw@example.de;+49 30 5550 1234;Oranienstraße 25;Berlin;;10999;SQ2\n")
	sales := writeFile(t, dir, "transactions.csv", "Date,Time,Time Zone,Gross Sales,Net Sales,Total Collected,Transaction ID,Description,Customer Name\n"+
		"11/16/2026,11:30:00,Pacific Time (US & Canada),\"$1,299.00\",\"$1,299.00\",\"$1,299.00\",t1,Espresso machine,Emily Tran\n")
	vcf := writeFile(t, dir, "contacts.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL;type=pref:ann@example.com\r\nEND:VCARD\r\n")

	out, errs, code := rapport(t, "--db", db, now, "import", "customers", customers, "--from", "square")
	if code != 0 || !strings.Contains(out, "Imported "+customers+" as import #1 (square file): 2 new customers, 0 merged.") ||
		!strings.Contains(out, "rapport undo-import 1") {
		t.Fatalf("import customers: exit %d\n%s%s", code, out, errs)
	}
	out, errs, code = rapport(t, "--db", db, now, "import", "sales", sales)
	if code != 0 || !strings.Contains(out, "as import #2 (square file): 0 new customers, 0 merged, 1 sales.") ||
		!strings.Contains(out, "decimal point") {
		t.Fatalf("import sales: exit %d\n%s%s", code, out, errs)
	}
	if out, errs, code = rapport(t, "--db", db, now, "import", "vcard", vcf); code != 0 || !strings.Contains(out, "1 new customers") {
		t.Fatalf("import vcard: exit %d\n%s%s", code, out, errs)
	}
	out, _, code = rapport(t, "--db", db, now, "imports")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 4 || !strings.HasPrefix(lines[1], "3 ") || !strings.Contains(lines[1], "contacts.vcf") || !strings.Contains(lines[3], "in place") {
		t.Fatalf("imports: exit %d\n%s", code, out)
	}

	csvOut := filepath.Join(dir, "out", "customers.csv")
	os.Mkdir(filepath.Dir(csvOut), 0o755)
	if out, errs, code = rapport(t, "--db", db, now, "export", "customers", csvOut); code != 0 || out != "Exported 3 customers to "+csvOut+".\n" {
		t.Fatalf("export: exit %d\n%s%s", code, out, errs)
	}
	st, _ := os.Stat(csvOut)
	body, _ := os.ReadFile(csvOut)
	if st.Mode().Perm() != 0o600 || !strings.Contains(string(body), "Jürgen Weiß,jw@example.de,'+49 30 55501234,Oranienstraße 25,Berlin") {
		t.Errorf("customers.csv (mode %v):\n%s", st.Mode().Perm(), body)
	}

	icsOut := filepath.Join(dir, "out", "followups.ics")
	out, errs, code = rapport(t, "--db", db, now, "export-ics", icsOut, "--from", "2026-11-23", "--to", "2027-03-01")
	if code != 0 || !strings.HasPrefix(out, "Exported ") {
		t.Fatalf("export-ics: exit %d\n%s%s", code, out, errs)
	}
	f, _ := os.Open(icsOut)
	cal, err := ics.ParseCalendar(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ev := range cal.Events() {
		if s := ev.GetProperty(ics.ComponentPropertySummary).Value; strings.HasPrefix(s, "Call Emily Tran — ") && strings.Contains(s, `"Espresso machine" bought on 16 Nov`) {
			found = true
			if tz := ev.GetProperty(ics.ComponentPropertyDtStart).ICalParameters["TZID"]; len(tz) != 1 || tz[0] != "America/Los_Angeles" {
				t.Errorf("Emily's call has TZID %v", tz)
			}
		}
	}
	if !found {
		var all []string
		for _, ev := range cal.Events() {
			all = append(all, ev.GetProperty(ics.ComponentPropertySummary).Value)
		}
		t.Errorf("no call to Emily about the espresso machine in the calendar: %q", all)
	}

	// Undoing the customers import while Emily has a sale from the later import is
	// refused; undoing the sales first, then the customers, works.
	_, errs, code = rapport(t, "--db", db, now, "undo-import", "1")
	if code != 1 || !strings.Contains(errs, "Emily Tran, added by it, has since had sales") {
		t.Errorf("undo-import 1: exit %d, %s", code, errs)
	}
	if out, errs, code = rapport(t, "--db", db, now, "undo-import", "2"); code != 0 || !strings.Contains(out, "Undid import #2") {
		t.Fatalf("undo-import 2: exit %d\n%s%s", code, out, errs)
	}
	if out, errs, code = rapport(t, "--db", db, now, "undo-import", "1"); code != 0 {
		t.Fatalf("undo-import 1 after 2: exit %d\n%s%s", code, out, errs)
	}
	if out, _, _ = rapport(t, "--db", db, now, "export", "customers", csvOut); out != "Exported 1 customers to "+csvOut+".\n" {
		t.Errorf("after undoing two imports: %s", out)
	}
}

func TestMappedImportListsEveryBadRow(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	sales := writeFile(t, dir, "s.csv", "Email;Date;Total\nann@example.com;2026-11-20;12,50\nann@example.com;someday;3,00\nann@example.com;2026-11-21;3.00\n")
	_, errs, code := rapport(t, "--db", db, "import", "sales", sales)
	want := sales + ": 2 bad rows, nothing was imported:\n" +
		`  import sales: row 2, column "Total": "12,50" is not an amount with a decimal point such as 1,234.50; if the file writes 1.234,50, choose decimal comma` + "\n" +
		`  import sales: row 3, column "Date": "someday" is not a date (use 2026-11-23 14:30, or month/day/year as the mapping says)` + "\n"
	if code != 1 || !strings.Contains(errs, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, errs, want)
	}
	// The file was read and checked before the database was opened: a refused
	// import makes no database either.
	if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused import made the database (%v)", err)
	}
	if _, errs, code := rapport(t, "--db", db, "imports"); code != 1 || !strings.Contains(errs, "there is no shop at "+db) {
		t.Errorf("imports on the file a refused import did not make: exit %d, %s", code, errs)
	}
	for _, args := range [][]string{{"undo-import", "x"}, {"export", "letters"}, {"import", "sales", sales, "--from", "clover"}} {
		if _, errs, code := rapport(t, append([]string{"--db", db}, args...)...); code != 2 || !strings.Contains(errs, "Usage:") {
			t.Errorf("%v: exit %d, %s", args, code, errs)
		}
	}
	var buf bytes.Buffer
	if code := Main([]string{"--db", db, "undo-import", "9"}, &buf, &buf, nil); code != 1 || !strings.Contains(buf.String(), "import #9: not found") {
		t.Errorf("undo-import 9: exit %d, %s", code, buf.String())
	}
}
