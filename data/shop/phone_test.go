package shop

import "testing"

// The memo of the last number read answers for the text read and for its display
// form, and only for the same country: reading numbers in any order gives each
// its own forms and zone.
func TestPhoneFormsOfNumbersReadInTurn(t *testing.T) {
	type want struct{ display, e164, zone string }
	cases := []struct {
		phone, country string
		want
	}{
		{"(212) 555-0142", "US", want{"+1 212-555-0142", "+12125550142", "America/New_York"}},
		{"+1 212-555-0142", "US", want{"+1 212-555-0142", "+12125550142", "America/New_York"}},
		{"030 1234567", "DE", want{"+49 30 1234567", "+49301234567", "Europe/Berlin"}},
		{"(808) 555-0100", "", want{"+1 808-555-0100", "+18085550100", "Pacific/Honolulu"}},
		{"+1 212-555-0142", "DE", want{"+1 212-555-0142", "+12125550142", "America/New_York"}},
		{"12", "US", want{"", "", ""}},
	}
	for round := range 2 {
		for _, c := range cases {
			display, e164, _ := phoneForms(c.phone, c.country)
			zone := GuessTimeZone(c.phone, c.country)
			if display != c.display || e164 != c.e164 || zone != c.zone {
				t.Errorf("round %d: %q in %q: %q, %q, zone %q; want %q, %q, %q", round, c.phone, c.country, display, e164, zone, c.display, c.e164, c.zone)
			}
			if c.display != "" {
				// The display form, read next, is the same number.
				if d, e, _ := phoneForms(c.display, c.country); d != c.display || e != c.e164 {
					t.Errorf("display form %q read again: %q, %q", c.display, d, e)
				}
			}
		}
	}
}
