package letters

import (
	"strings"

	"github.com/rapport-app/rapport/data/shop"
)

// The shop's country decides the paper, the currency sign and which customer
// addresses are foreign. An unknown country ("") is treated as the US, which
// is what Rapport printed before it knew the country.

// PaperFor is the paper a shop prints on: choice ("letter" or "a4", as
// shop.LetterSettings.Paper) when set, else US Letter in the US, Canada and
// when the country is unknown, A4 elsewhere.
func PaperFor(country, choice string) Paper {
	switch strings.ToLower(strings.TrimSpace(choice)) {
	case shop.PaperLetter:
		return USLetter
	case shop.PaperA4:
		return A4
	}
	switch normCountry(country) {
	case "US", "CA":
		return USLetter
	}
	return A4
}

// normCountry upper-cases a country code; "" stands for the US.
func normCountry(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	switch c {
	case "", "USA":
		return "US"
	case "UK":
		return "GB"
	}
	return c
}

// countryNames are the names postal services want on the last line of an
// address from abroad, in English.
var countryNames = map[string]string{
	"AR": "Argentina", "AT": "Austria", "AU": "Australia", "BE": "Belgium", "BG": "Bulgaria", "BR": "Brazil",
	"CA": "Canada", "CH": "Switzerland", "CL": "Chile", "CN": "China", "CO": "Colombia", "CY": "Cyprus",
	"CZ": "Czech Republic", "DE": "Germany", "DK": "Denmark", "EE": "Estonia", "EG": "Egypt", "ES": "Spain",
	"FI": "Finland", "FR": "France", "GB": "United Kingdom", "GR": "Greece", "HK": "Hong Kong", "HR": "Croatia",
	"HU": "Hungary", "ID": "Indonesia", "IE": "Ireland", "IL": "Israel", "IN": "India", "IS": "Iceland",
	"IT": "Italy", "JP": "Japan", "KR": "South Korea", "LT": "Lithuania", "LU": "Luxembourg", "LV": "Latvia",
	"MA": "Morocco", "MT": "Malta", "MX": "Mexico", "MY": "Malaysia", "NG": "Nigeria", "NL": "Netherlands",
	"NO": "Norway", "NZ": "New Zealand", "PE": "Peru", "PH": "Philippines", "PL": "Poland", "PT": "Portugal",
	"RO": "Romania", "RS": "Serbia", "RU": "Russia", "SA": "Saudi Arabia", "SE": "Sweden", "SG": "Singapore",
	"SI": "Slovenia", "SK": "Slovakia", "TH": "Thailand", "TR": "Turkey", "TW": "Taiwan", "UA": "Ukraine",
	"US": "United States", "VN": "Vietnam", "ZA": "South Africa", "AE": "United Arab Emirates",
}

// CountryName is the English name of an ISO country code ("PL" → "Poland");
// an unknown code or a name typed in full comes back as it is.
func CountryName(code string) string {
	if n, ok := countryNames[normCountry(code)]; ok && strings.TrimSpace(code) != "" {
		return n
	}
	return strings.TrimSpace(code)
}

// foreignLine is the last line of an address in another country than the
// shop's, in capitals as postal services ask; "" for the shop's own country.
func foreignLine(customerCountry, shopCountry string) string {
	if strings.TrimSpace(customerCountry) == "" || normCountry(customerCountry) == normCountry(shopCountry) ||
		strings.EqualFold(CountryName(customerCountry), CountryName(shopCountry)) {
		return ""
	}
	return strings.ToUpper(CountryName(customerCountry))
}
