package store

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rapport-app/rapport/data/shop"
)

// The fuzz targets of every parser of what people type or import. `make fuzz` runs
// each for a few seconds; `go test` runs their seed corpus.

func FuzzParseCents(f *testing.F) {
	for _, s := range []string{"12.50", "$1,234.5", "1234", "-0.99", "12,50", "1,2345", ".5", "5.", "€ 3", "", "-", "1e3",
		"999999999999999999999", "0.001", " 7 ", "1,234,567.89", "--1", "$-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := shop.ParseCents(s)
		if err != nil {
			if !strings.Contains(err.Error(), "amount") {
				t.Fatalf("ParseCents(%q) error %q does not say what was wrong", s, err)
			}
			return
		}
		if c > 1e15*100 || c < -1e15*100 {
			t.Fatalf("ParseCents(%q) = %d, beyond the stated limit", s, c)
		}
		// What is printed reads back as the same amount.
		back, err := shop.ParseCents(shop.FormatCents(c))
		if err != nil || back != c {
			t.Fatalf("ParseCents(%q) = %d, printed %q, read back as %d, %v", s, c, shop.FormatCents(c), back, err)
		}
	})
}

func FuzzFormatCentsRoundTrip(f *testing.F) {
	for _, c := range []int64{0, 1, -1, 99, 100, 123456, -123456, 1e15, -1e15} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, c int64) {
		if c > 1e15 || c < -1e15 || c == math.MinInt64 {
			c %= 1e15
		}
		got, err := shop.ParseCents(shop.FormatCents(c))
		if err != nil || got != c {
			t.Fatalf("FormatCents(%d) = %q, read back as %d, %v", c, shop.FormatCents(c), got, err)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"09:30", "9:30", "0930", "24:00", "23:59", "00:00", "25:00", "12:60", "", "noon", "7", " 18:05 ", "-1:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := shop.ParseClock(s)
		if err != nil {
			if !strings.Contains(err.Error(), "time of day") {
				t.Fatalf("ParseClock(%q) error %q does not say a time of day was wanted", s, err)
			}
			return
		}
		if m < 0 || m > 24*60 {
			t.Fatalf("ParseClock(%q) = %d, outside the day", s, m)
		}
		if back, err := shop.ParseClock(shop.FormatClock(m)); err != nil || back != m {
			t.Fatalf("ParseClock(%q) = %d, printed %q, read back as %d, %v", s, m, shop.FormatClock(m), back, err)
		}
	})
}

func FuzzRuleFieldParse(f *testing.F) {
	for _, s := range []string{"3", "-2", "yes", "no", "09:00", "21:30", "on", "maybe", "", "1e9", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fld := range shop.RuleFields() {
			v, err := fld.Parse(s)
			if err != nil {
				if !strings.HasPrefix(err.Error(), fld.Label+":") {
					t.Fatalf("%s.Parse(%q) error %q does not start with the field's label", fld.Key, s, err)
				}
				continue
			}
			r := shop.DefaultRules()
			fld.Set(&r, v)
			back, err := fld.Parse(fld.Format(r))
			if err != nil || back != fld.Get(r) {
				t.Fatalf("%s: %q → %d, shown as %q, read back as %d, %v", fld.Key, s, v, fld.Format(r), back, err)
			}
			if err := r.Validate(); err != nil && strings.TrimSpace(err.Error()) == "" {
				t.Fatalf("%s = %d: Validate gave an empty message", fld.Key, v)
			}
		}
	})
}

func FuzzGuessTimeZone(f *testing.F) {
	for _, s := range [][2]string{{"+1 212 555 0110", "US"}, {"(323) 555-0126", "US"}, {"+49 30 5550 1234", "DE"},
		{"030 5550 1234", "de"}, {"+61 2 5550 1234", ""}, {"+1", "US"}, {"", "US"}, {"abc", "ZZ"}, {"+44 20 7946 0958", "GB"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, phone, country string) {
		z := shop.GuessTimeZone(phone, country)
		if z == "" {
			return
		}
		if _, err := time.LoadLocation(z); err != nil {
			t.Fatalf("GuessTimeZone(%q, %q) = %q, which is not a time zone: %v", phone, country, z, err)
		}
		if again := shop.GuessTimeZone(phone, country); again != z {
			t.Fatalf("GuessTimeZone(%q, %q) gave %q, then %q", phone, country, z, again)
		}
	})
}

// FuzzImportDate is the date cell of CSV imports, in a zone with daylight saving.
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
		r := csvRow{kind: "sales", num: 7, rec: []string{s}, col: map[string]int{"when": 0}}
		when, ok, err := r.when("when", loc)
		if err != nil {
			var re *RowError
			if !errors.As(err, &re) || re.Row != 7 || re.Column != "when" || !strings.Contains(err.Error(), "row 7") {
				t.Fatalf("when(%q) error %v does not name row 7 and column when", s, err)
			}
			return
		}
		if !ok {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("when(%q) read a non-blank cell as blank", s)
			}
			return
		}
		if when.Location() != time.UTC {
			t.Fatalf("when(%q) = %v, not in UTC", s, when)
		}
		// The instant, written out, reads back as itself.
		r.rec[0] = when.Format(time.RFC3339)
		back, ok, err := r.when("when", loc)
		if err != nil || !ok || !back.Equal(when) {
			t.Fatalf("when(%q) = %v; written as %q it reads back as %v, %v", s, when, r.rec[0], back, err)
		}
	})
}

// FuzzImportRows imports fuzzed CSV files into a real database: a file either
// lands whole (one row added or updated per non-blank row) or is refused with a
// message naming the row or column, and then nothing stored has changed.
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
	s, _, err := Open(filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	ctx := context.Background()
	if _, err := s.Import(ctx, "customers", strings.NewReader(customersCSV)); err != nil {
		f.Fatal(err)
	}
	counts := func(t *testing.T) [3]int {
		var n [3]int
		for i, tbl := range []string{"customers", "purchases", "issues"} {
			if err := s.db.QueryRow(`SELECT count(*) FROM ` + tbl).Scan(&n[i]); err != nil {
				t.Fatal(err)
			}
		}
		return n
	}
	f.Fuzz(func(t *testing.T, kind, body string) {
		switch kind {
		case "customers", "sales", "issues":
		default:
			kind = ImportKinds()[len(kind)%3]
		}
		before := counts(t)
		res, err := s.Import(ctx, kind, strings.NewReader(body))
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
		grown := 0
		for i := range after {
			grown += after[i] - before[i]
		}
		if grown != res.Added {
			t.Fatalf("import reported %d added but %d rows appeared", res.Added, grown)
		}
	})
}
