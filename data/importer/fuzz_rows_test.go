package importer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rapport-app/rapport/data/store"
)

// FuzzImportDate is the date cell of imports, in a zone with daylight saving: a
// date either reads as an instant that, written out, reads back as itself, or is
// refused with a message naming the row and column.
func FuzzImportDate(f *testing.F) {
	for _, s := range []string{"2026-11-23 14:30", "2026-11-23T14:30", "2026-11-23 14:30:15", "2026-11-23",
		"2026-11-23T14:30:00-05:00", "2026-03-08 02:30", "2026-02-30", "23/11/2026", "", "2026-11-23 25:00", "0000-01-01"} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		file := &CSVFile{Header: []string{"Date"}, Rows: [][]string{{s}}}
		m := Mapping{Kind: "sales", Columns: map[string]string{"date": "Date"}}
		r, _ := newRun(nil, file, m, 0, &store.ImportBatch{})
		rec := record{row: 7, vals: make([]string, len(r.fields))}
		rec.vals[r.fieldIdx["date"]] = strings.TrimSpace(s)
		when, ok, re := r.date(rec, "date", loc)
		if re != nil {
			if re.Row != 7 || re.Column != "Date" || !strings.Contains(re.Error(), "row 7") {
				t.Fatalf("date(%q) error %v does not name row 7 and column Date", s, re)
			}
			return
		}
		if !ok {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("date(%q) read a non-blank cell as blank", s)
			}
			return
		}
		if when.Location() != time.UTC {
			t.Fatalf("date(%q) = %v, not in UTC", s, when)
		}
		// The instant, written out, reads back as itself.
		rec.vals[r.fieldIdx["date"]] = when.Format(time.RFC3339)
		back, ok, re := r.date(rec, "date", loc)
		if re != nil || !ok || !back.Equal(when) {
			t.Fatalf("date(%q) = %v; written out it reads back as %v, %v", s, when, back, re)
		}
	})
}

// FuzzImportRows imports fuzzed files into a real database through the whole
// pipeline (read, guess the mapping, import): a file either lands whole or is
// refused with a message naming the import or a row, and then nothing stored has
// changed.
func FuzzImportRows(f *testing.F) {
	for _, s := range [][2]string{
		{"customers", customersCSV},
		{"customers", "name,email\nAna Ruiz,ana@example.com\nAna Ruiz,ana@example.com\n"},
		{"customers", "name,email\nBad,not-an-email\n"},
		{"customers", "name,kind\nX,alien\n"},
		{"sales", "customer,when,amount,items\nemily@example.com,2026-11-16 08:30,\"1,299.00\",Espresso machine\n"},
		{"sales", "customer,when,amount\nemily@example.com,2026-11-16 08:30,12,50\n"},
		{"sales", "customer,when,amount\nnobody@example.com,2026-11-16,5\n"},
		{"issues", "customer,type,opened,summary\nBell & Hart,complaint,2026-11-20 10:00,Grinder broke\n"},
		{"issues", "customer,type,opened\nBell & Hart,complaint,yesterday\n"},
		{"issues", "customer,\"type\nopened\n\"x"},
	} {
		f.Add(s[0], s[1])
	}
	s := openTest(f)
	if _, err := importString(f, s, "customers", customersCSV); err != nil {
		f.Fatal(err)
	}
	counts := func(t *testing.T) [4]int {
		return [4]int{count(t, s, "customers"), count(t, s, "purchases"), count(t, s, "issues"), count(t, s, "import_batches")}
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, kind, body string) {
		switch kind {
		case "customers", "sales", "issues":
		default:
			kind = MappingKinds()[len(kind)%3]
		}
		before := counts(t)
		file, err := ReadCSV(strings.NewReader(body), kind)
		var b store.ImportBatch
		if err == nil {
			m := GuessMapping(kind, file.Header)
			m.GuessFormats(file)
			b, err = Import(ctx, s, file, m)
		}
		after := counts(t)
		if err != nil {
			if after != before {
				t.Fatalf("a refused import changed the tables: %v → %v (%v)", before, after, err)
			}
			var re *RowError
			msg := err.Error()
			if !errors.As(err, &re) && !strings.Contains(msg, "import "+kind) {
				t.Fatalf("import error %q names neither a row nor the import", msg)
			}
			if !utf8.ValidString(msg) && utf8.ValidString(body) {
				t.Fatalf("error %q is not valid text", msg)
			}
			return
		}
		if after[3] != before[3]+1 {
			t.Fatalf("an import that landed was not logged: %v → %v", before, after)
		}
		if grown := after[0] - before[0]; grown != b.NewCustomers {
			t.Fatalf("import reported %d new customers but %d appeared", b.NewCustomers, grown)
		}
		if after[1]-before[1] != b.Sales || after[2]-before[2] != b.Issues {
			t.Fatalf("import reported %d sales and %d issues; the tables grew by %d and %d", b.Sales, b.Issues, after[1]-before[1], after[2]-before[2])
		}
	})
}
