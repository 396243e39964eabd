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
	whole := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	fmt.Fprintf(&b, ".%02d", u%100)
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
