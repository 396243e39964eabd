package shop

import (
	"strings"
)

// LetterSettings are the shop's choices for printed letters and cards.
type LetterSettings struct {
	// Country is the shop's ISO 3166 alpha-2 code ("US", "GB"); empty for
	// unknown. It decides the paper, the currency sign and which customer
	// addresses are foreign.
	Country string
	// Paper is "letter", "a4", or "" for "from the country".
	Paper string
}

// Paper choices of LetterSettings.Paper.
const (
	PaperFromCountry = ""
	PaperLetter      = "letter"
	PaperA4          = "a4"
)

// Validate names the first field that is not acceptable.
func (ls LetterSettings) Validate() error {
	c := strings.TrimSpace(ls.Country)
	if c != "" && (len(c) != 2 || strings.ToUpper(c) < "AA" || strings.ToUpper(c) > "ZZ" ||
		strings.IndexFunc(strings.ToUpper(c), func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0) {
		return FieldErrorf("country", "%q is not a two-letter country code such as US, GB or DE", ls.Country)
	}
	switch ls.Paper {
	case PaperFromCountry, PaperLetter, PaperA4:
		return nil
	}
	return FieldErrorf("paper", "%q is not letter, a4 or blank (from the country)", ls.Paper)
}
