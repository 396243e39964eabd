package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/rapport-app/rapport/data/shop"
)

// FuzzDateTimeField types fuzzed text into the date and time of a date-time field
// in a window and reads it as the forms do: it never panics, an error names the
// field, and a value read is the day the date entry shows at the typed minute (a
// minute the clocks skip is an error).
func FuzzDateTimeField(f *testing.F) {
	for _, s := range [][2]string{{"23/11/2026", "14:30"}, {"11/23/2026", "9:05"}, {"2026-11-23", "0930"}, {"", ""},
		{"8/3/2026", "02:30"}, {"31/02/2026", "10:00"}, {"23/11/2026", "24:00"}, {"23/11/2026", ""}, {"x", "y"}, {"", "10:00"}} {
		f.Add(s[0], s[1])
	}
	test.NewTempApp(f)
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	fld := newDateTimeField()
	w := test.NewTempWindow(f, fld.box)
	_ = w
	f.Fuzz(func(t *testing.T, date, clock string) {
		fld.date.SetText(date)
		fld.clock.SetText(clock)
		for _, optional := range []bool{false, true} {
			got, err := fld.value("Sold", loc, optional)
			if err != nil {
				if !strings.HasPrefix(err.Error(), "Sold") {
					t.Fatalf("value(%q, %q) error %q does not name the field", date, clock, err)
				}
				continue
			}
			if got == nil {
				if !optional || strings.TrimSpace(date) != "" || strings.TrimSpace(clock) != "" {
					t.Fatalf("value(%q, %q, optional %v) = nil", date, clock, optional)
				}
				continue
			}
			l := got.In(loc)
			y, m, d := fld.date.Date.Date()
			if l.Year() != y || l.Month() != m || l.Day() != d {
				t.Fatalf("value(%q, %q) = %v; the entry shows %d-%02d-%02d", date, clock, l, y, m, d)
			}
			// A clock time skipped by daylight saving is refused (naming the field,
			// above), never moved by the jump.
			want, _ := shop.ParseClock(clock)
			if have := l.Hour()*60 + l.Minute(); have != want {
				t.Fatalf("value(%q, %q) = %v, at minute %d; want %d", date, clock, l, have, want)
			}
		}
	})
}
