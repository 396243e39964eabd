package shop

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseOpeningHours(t *testing.T) {
	cases := []struct {
		in, want string // want is String() of the result, or the error's text
	}{
		{"Mon-Sat 09:00-18:00", "Mon-Sat 09:00-18:00"},
		{"mon - fri 8:30 - 17:00", "Mon-Fri 08:30-17:00"},
		{"Monday to Friday 08:30 to 17:00", "Mon-Fri 08:30-17:00"},
		{"Mon,Wed,Fri 10:00–16:00", "Mon,Wed,Fri 10:00-16:00"},
		{"Tue, Wed 10:00-16:00", "Tue,Wed 10:00-16:00"},
		{"Sat-Mon 10:00-14:00", "Mon,Sat,Sun 10:00-14:00"}, // wraps past Sunday
		{"daily 07:00-22:00", "daily 07:00-22:00"},
		{"09:00-18:00", "daily 09:00-18:00"},
		{"Mon-Sun 00:00-24:00", "daily 00:00-24:00"},
		{"Thurs 12:00-13:00", "Thu 12:00-13:00"},
		{"", "write the days and times"},
		{"Mon-Sat", "has no opening and closing time"},
		{"Mon-Sat 18:00-09:00", "closing (09:00) must be after opening (18:00)"},
		{"Mon-Sat 9-18", `"9" is not a time of day`},
		{"Funday 09:00-18:00", `"funday" is not a day of the week`},
		{"Mon-Xyz 09:00-18:00", `"xyz" is not a day of the week`},
	}
	for _, c := range cases {
		h, err := ParseOpeningHours(c.in)
		got := h.String()
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "opening_hours" {
				t.Errorf("ParseOpeningHours(%q): %v is not a FieldError of opening_hours", c.in, err)
			}
			got = err.Error()
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("ParseOpeningHours(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOpeningHoursOpen(t *testing.T) {
	ny, err := LoadZone("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	h := DefaultOpeningHours()
	for _, c := range []struct {
		at   string // New York wall clock; 2026-11-23 is a Monday
		open bool
	}{
		{"2026-11-23 08:59", false},
		{"2026-11-23 09:00", true},
		{"2026-11-23 17:59", true},
		{"2026-11-23 18:00", false},
		{"2026-11-28 12:00", true},  // Saturday
		{"2026-11-29 12:00", false}, // Sunday
	} {
		at, _ := time.ParseInLocation("2006-01-02 15:04", c.at, ny)
		// The instant is read in the shop's zone, whatever zone it comes in.
		if got := h.Open(at.UTC(), ny); got != c.open {
			t.Errorf("open at %s New York = %v, want %v", c.at, got, c.open)
		}
	}
	if h.String() != "Mon-Sat 09:00-18:00" || h.DayMask() != 0b1111110 {
		t.Errorf("default hours %q, mask %b", h, h.DayMask())
	}
	var back OpeningHours
	back.SetDayMask(h.DayMask())
	back.From, back.Until = h.From, h.Until
	if back != h {
		t.Errorf("day mask round trip: %+v, want %+v", back, h)
	}
}

func FuzzParseOpeningHours(f *testing.F) {
	for _, s := range []string{"Mon-Sat 09:00-18:00", "daily 0:00-24:00", "Sat-Mon 10:00 to 14:00", "mo,we 1000-1200", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseOpeningHours(s)
		if err != nil {
			return
		}
		if err := h.Validate(); err != nil {
			t.Fatalf("%q parsed to hours that do not validate: %v", s, err)
		}
		again, err := ParseOpeningHours(h.String())
		if err != nil || again != h {
			t.Fatalf("%q → %q → %+v, %v; want %+v", s, h.String(), again, err, h)
		}
	})
}
