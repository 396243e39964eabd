package importer

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/rapport-app/rapport/data/shop"
)

// spaces turns the no-break spaces of French and Swiss amounts into plain ones.
var spaces = strings.NewReplacer("\u00a0", " ", "\u202f", " ")

// currencyCodes are the codes an amount may carry before or after it.
var currencyCodes = []string{"USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "JPY", "PLN", "MXN", "KR", "ZŁ"}

// trimCurrency drops currency signs ($, €) and codes (USD, kr) around an amount.
func trimCurrency(t string) string {
	for {
		before := t
		t = strings.TrimSpace(strings.TrimFunc(t, func(r rune) bool { return unicode.Is(unicode.Sc, r) || r == ' ' }))
		for _, c := range currencyCodes {
			if len(t) < len(c) {
				continue
			}
			if strings.EqualFold(t[:len(c)], c) {
				t = t[len(c):]
				break
			}
			if strings.EqualFold(t[len(t)-len(c):], c) {
				t = t[:len(t)-len(c)]
				break
			}
		}
		if t == before {
			return t
		}
	}
}

// ParseAmount reads an amount of money as cents, the way the mapping says: with a
// decimal point (1,234.50) or with a decimal comma (1.234,50 or 1 234,50). Currency
// signs and codes before or after are dropped; (12.50) is negative. An amount that
// does not fit the chosen style is an error, never a silent guess.
func ParseAmount(s string, decimalComma bool) (int64, error) {
	t := strings.TrimSpace(spaces.Replace(s))
	neg := false
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		neg, t = true, strings.TrimSpace(t[1:len(t)-1])
	}
	t = trimCurrency(t)
	if strings.HasPrefix(t, "-") {
		neg, t = !neg, strings.TrimSpace(t[1:])
		t = strings.TrimLeftFunc(t, func(r rune) bool { return unicode.Is(unicode.Sc, r) || r == ' ' })
	}
	if t == "" {
		return 0, fmt.Errorf("%q is not an amount of money", s)
	}
	if decimalComma {
		// 1 234,50 (French) is 1.234,50; then swap the two marks and read it as 1,234.50.
		t = strings.ReplaceAll(t, " ", ".")
		t = strings.Map(func(r rune) rune {
			switch r {
			case '.':
				return ','
			case ',':
				return '.'
			}
			return r
		}, t)
	}
	if strings.ContainsAny(t, " +-") {
		return 0, fmt.Errorf("%q is not an amount of money", s)
	}
	c, err := shop.ParseCents(t)
	if err != nil {
		if decimalComma {
			return 0, fmt.Errorf("%q is not an amount with a decimal comma such as 1.234,50 (the mapping says decimal comma)", s)
		}
		return 0, fmt.Errorf("%q is not an amount with a decimal point such as 1,234.50; if the file writes 1.234,50, choose decimal comma", s)
	}
	if neg {
		c = -c
	}
	return c, nil
}

var (
	zonedLayouts = []string{time.RFC3339, "2006-01-02 15:04:05 -0700", "2006-01-02 15:04 -0700", "2006-01-02T15:04:05-0700"}
	localLayouts = []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02",
		"02.01.2006 15:04:05", "02.01.2006 15:04", "02.01.2006", "2.1.2006 15:04", "2.1.2006"}
	monthFirstLayouts = []string{"1/2/2006 15:04:05", "1/2/2006 15:04", "1/2/2006 3:04:05 PM", "1/2/2006 3:04 PM", "1/2/2006", "1/2/06 15:04", "1/2/06"}
	dayFirstLayouts   = []string{"2/1/2006 15:04:05", "2/1/2006 15:04", "2/1/2006 3:04 PM", "2/1/2006", "2/1/06 15:04", "2/1/06"}
)

// ParseWhen reads a date, or a date and time, as exports write them. A time with an
// offset is taken as it is; otherwise it is local time in loc. Dates with slashes
// are month first unless dayFirst.
func ParseWhen(s string, loc *time.Location, dayFirst bool) (time.Time, error) {
	var p whenParser
	return p.parse(s, loc, dayFirst)
}

// whenParser remembers the layout that read the last value: a file writes all its
// dates one way, and trying that layout first halves the time of a large import.
type whenParser struct {
	last  string
	zoned bool
}

func (p *whenParser) parse(s string, loc *time.Location, dayFirst bool) (time.Time, error) {
	v := strings.Join(strings.Fields(s), " ")
	if p.last != "" {
		if t, ok, err := readWhen(p.last, p.zoned, s, v, loc); ok {
			return t, err
		}
	}
	for _, l := range zonedLayouts {
		if t, ok, err := readWhen(l, true, s, v, loc); ok {
			p.last, p.zoned = l, true
			return t, err
		}
	}
	layouts := localLayouts
	if dayFirst {
		layouts = append(layouts[:len(layouts):len(layouts)], dayFirstLayouts...)
	} else {
		layouts = append(layouts[:len(layouts):len(layouts)], monthFirstLayouts...)
	}
	for _, l := range layouts {
		if t, ok, err := readWhen(l, false, s, v, loc); ok {
			p.last, p.zoned = l, false
			return t, err
		}
	}
	order := "month/day/year"
	if dayFirst {
		order = "day/month/year"
	}
	return time.Time{}, fmt.Errorf("%q is not a date (use 2026-11-23 14:30, or %s as the mapping says)", s, order)
}

// readWhen reads v with layout, with its offset (zoned) or in loc; ok is false
// when the layout does not fit. A year outside shop.MinYear to shop.MaxYear is an
// error, and so is a local time the clocks skip (a daylight-saving jump); a date
// without a time is the start of that day.
func readWhen(layout string, zoned bool, s, v string, loc *time.Location) (t time.Time, ok bool, err error) {
	w, perr := time.Parse(layout, v)
	if perr != nil {
		return time.Time{}, false, nil
	}
	if y := w.Year(); y < shop.MinYear || y > shop.MaxYear {
		return time.Time{}, true, fmt.Errorf("%q: the year %d is not between %d and %d", s, y, shop.MinYear, shop.MaxYear)
	}
	switch {
	case zoned:
		return w.UTC(), true, nil
	case !strings.Contains(layout, "15") && !strings.Contains(layout, "3:04"):
		return time.Date(w.Year(), w.Month(), w.Day(), 0, 0, 0, 0, loc).UTC(), true, nil
	}
	t, err = shop.AtWallClock(w, loc)
	if err != nil {
		return time.Time{}, true, fmt.Errorf("%q: %w", s, err)
	}
	return t.UTC(), true, nil
}

// tillZones maps the zone names Square and Rails-style exports write to IANA zones.
var tillZones = map[string]string{
	"eastern time (us & canada)":  "America/New_York",
	"central time (us & canada)":  "America/Chicago",
	"mountain time (us & canada)": "America/Denver",
	"pacific time (us & canada)":  "America/Los_Angeles",
	"arizona":                     "America/Phoenix",
	"alaska":                      "America/Anchorage",
	"hawaii":                      "Pacific/Honolulu",
	"london":                      "Europe/London",
	"dublin":                      "Europe/Dublin",
	"berlin":                      "Europe/Berlin",
	"paris":                       "Europe/Paris",
	"madrid":                      "Europe/Madrid",
	"amsterdam":                   "Europe/Amsterdam",
	"sydney":                      "Australia/Sydney",
	"melbourne":                   "Australia/Melbourne",
	"tokyo":                       "Asia/Tokyo",
	"utc":                         "UTC",
}

// ParseZone reads an IANA zone name or a till's name for one ("Eastern Time (US &
// Canada)").
func ParseZone(s string) (*time.Location, error) {
	v := strings.TrimSpace(s)
	if z, ok := tillZones[strings.ToLower(v)]; ok {
		v = z
	}
	if loc, err := shop.LoadZone(v); err == nil {
		return loc, nil
	}
	return nil, fmt.Errorf("%q is not a time zone name such as America/Chicago", s)
}
