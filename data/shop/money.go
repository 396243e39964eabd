package shop

import (
	"fmt"
	"strconv"
	"strings"
)

// FormatCents prints an amount of money in cents as "1,234.50" (no currency sign:
// the shop's currency is its own business).
func FormatCents(c int64) string {
	sign, u := "", uint64(c)
	if c < 0 {
		sign, u = "-", uint64(^c)+1 // also right for math.MinInt64, whose negation overflows
	}
	return fmt.Sprintf("%s%s.%02d", sign, grouped(u/100), u%100)
}

// FormatCount prints a count with its thousands grouped, as amounts are: "3,277".
func FormatCount(n int) string {
	if n < 0 {
		return "-" + grouped(uint64(-int64(n)))
	}
	return grouped(uint64(n))
}

// grouped prints n with a comma between each group of three digits.
func grouped(n uint64) string {
	whole := strconv.FormatUint(n, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ParseCents reads an amount such as "12.50", "$1,234.5" or "1234" as cents, exactly
// (no floating point on the way).
func ParseCents(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimLeft(t, "$€£¥ ")
	t = strings.TrimSpace(t)
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	whole, frac, hasDot := strings.Cut(t, ".")
	if strings.Contains(whole, ",") {
		// Commas only as thousands separators: "12,50" is a European decimal, and
		// reading it as 1,250 would be a costly mistake.
		groups := strings.Split(whole, ",")
		for i, g := range groups {
			if g == "" || len(g) > 3 || (i > 0 && len(g) != 3) {
				return 0, fmt.Errorf("%q is not an amount of money (write 12.50, not 12,50)", s)
			}
		}
		whole = strings.Join(groups, "")
	}
	if whole == "" && frac == "" || (hasDot && (len(frac) == 0 || len(frac) > 2)) {
		return 0, fmt.Errorf("%q is not an amount of money", s)
	}
	var cents int64
	for _, r := range whole {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%q is not an amount of money", s)
		}
		cents = cents*10 + int64(r-'0')
		if cents > 1e15 {
			return 0, fmt.Errorf("%q is too large an amount", s)
		}
	}
	cents *= 100
	if len(frac) == 1 {
		frac += "0"
	}
	for i, r := range frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%q is not an amount of money", s)
		}
		if i == 0 {
			cents += int64(r-'0') * 10
		} else {
			cents += int64(r - '0')
		}
	}
	if neg {
		cents = -cents
	}
	return cents, nil
}

// euro lists the countries that pay in euros.
var euro = map[string]bool{"AT": true, "BE": true, "HR": true, "CY": true, "EE": true, "FI": true, "FR": true,
	"DE": true, "GR": true, "IE": true, "IT": true, "LV": true, "LT": true, "LU": true, "MT": true, "NL": true,
	"PT": true, "SK": true, "SI": true, "ES": true, "MC": true, "SM": true, "VA": true, "AD": true, "ME": true, "XK": true}

// currencySigns are the signs printed before an amount, by country; countries
// not listed print the plain amount.
var currencySigns = map[string]string{
	"US": "$", "CA": "C$", "AU": "A$", "NZ": "NZ$", "GB": "£", "IE": "€", "CH": "CHF ", "JP": "¥",
	"IN": "₹", "SE": "SEK ", "NO": "NOK ", "DK": "DKK ", "PL": "zł ", "CZ": "Kč ", "MX": "MX$", "SG": "S$", "HK": "HK$",
}

// FormatMoney shows integer cents in the currency of the shop's country (ISO
// code; blank counts as the US): "$1,234.50" in the
// US, "£12.00" in Britain, "€5.00" in the euro area, "-C$5.00" in Canada.
func FormatMoney(country string, cents int64) string {
	c := strings.ToUpper(strings.TrimSpace(country))
	switch c {
	case "", "USA":
		c = "US"
	case "UK":
		c = "GB"
	}
	sign, ok := currencySigns[c]
	if !ok && euro[c] {
		sign = "€"
	}
	s, neg := strings.CutPrefix(FormatCents(cents), "-")
	if neg {
		return "-" + sign + s
	}
	return sign + s
}
