package shop

import (
	"math"
	"strings"
	"testing"
	"time"
)

// The fuzz targets of every parser of what people type or import. `make fuzz` runs
// each for a few seconds; `go test` runs their seed corpus.

func FuzzParseCents(f *testing.F) {
	for _, s := range []string{"12.50", "$1,234.5", "1234", "-0.99", "12,50", "1,2345", ".5", "5.", "€ 3", "", "-", "1e3",
		"999999999999999999999", "0.001", " 7 ", "1,234,567.89", "--1", "$-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCents(s)
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
		back, err := ParseCents(FormatCents(c))
		if err != nil || back != c {
			t.Fatalf("ParseCents(%q) = %d, printed %q, read back as %d, %v", s, c, FormatCents(c), back, err)
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
		got, err := ParseCents(FormatCents(c))
		if err != nil || got != c {
			t.Fatalf("FormatCents(%d) = %q, read back as %d, %v", c, FormatCents(c), got, err)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"09:30", "9:30", "0930", "24:00", "23:59", "00:00", "25:00", "12:60", "", "noon", "7", " 18:05 ", "-1:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseClock(s)
		if err != nil {
			if !strings.Contains(err.Error(), "time of day") {
				t.Fatalf("ParseClock(%q) error %q does not say a time of day was wanted", s, err)
			}
			return
		}
		if m < 0 || m > 24*60 {
			t.Fatalf("ParseClock(%q) = %d, outside the day", s, m)
		}
		if back, err := ParseClock(FormatClock(m)); err != nil || back != m {
			t.Fatalf("ParseClock(%q) = %d, printed %q, read back as %d, %v", s, m, FormatClock(m), back, err)
		}
	})
}

func FuzzRuleFieldParse(f *testing.F) {
	for _, s := range []string{"3", "-2", "yes", "no", "09:00", "21:30", "on", "maybe", "", "1e9", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fld := range RuleFields() {
			v, err := fld.Parse(s)
			if err != nil {
				if !strings.HasPrefix(err.Error(), fld.Label+":") {
					t.Fatalf("%s.Parse(%q) error %q does not start with the field's label", fld.Key, s, err)
				}
				continue
			}
			r := DefaultRules()
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
		z := GuessTimeZone(phone, country)
		if z == "" {
			return
		}
		if _, err := time.LoadLocation(z); err != nil {
			t.Fatalf("GuessTimeZone(%q, %q) = %q, which is not a time zone: %v", phone, country, z, err)
		}
		if again := GuessTimeZone(phone, country); again != z {
			t.Fatalf("GuessTimeZone(%q, %q) gave %q, then %q", phone, country, z, again)
		}
	})
}
