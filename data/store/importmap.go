package store

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-app/rapport/data/shop"
)

// CSVFile is a CSV file read whole: its header and data rows, ready to be mapped.
// Rows are numbered as a spreadsheet numbers them: the header is row 1, the first
// data row is row 2, whatever newlines quoted cells hold.
type CSVFile struct {
	Name      string // the file's name, for the import log; may be empty
	Delimiter rune   // ',', ';' or '\t', sniffed from the header line
	Header    []string
	Rows      [][]string
	// Unit is what a record is called in messages: "row" for CSV, "card" for vCard.
	Unit string
	// RowNums holds the number each record has in messages when it is not its
	// position (vCard cards); nil for CSV.
	RowNums []int
}

// unit is what a record is called: Unit, or "row".
func (f *CSVFile) unit() string {
	if f.Unit == "" {
		return "row"
	}
	return f.Unit
}

// rowNum is the number of the i-th data record in messages.
func (f *CSVFile) rowNum(i int) int {
	if f.RowNums != nil && i < len(f.RowNums) {
		return f.RowNums[i]
	}
	return i + 2
}

// maxImportBytes bounds what ReadCSV reads: far beyond any shop's till export.
const maxImportBytes = 256 << 20

// ReadCSV reads a CSV file exported by a till, a web shop or a spreadsheet: a UTF-8
// byte-order mark is dropped, the delimiter (comma, semicolon or tab) is sniffed from
// the header line, and quoted cells may hold delimiters, quotes and newlines. A file
// that is not UTF-8, has no header or cannot be parsed is refused with the row.
func ReadCSV(r io.Reader, kind string) (*CSVFile, error) {
	body, err := io.ReadAll(io.LimitReader(r, maxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("import %s: read the file: %w", kind, err)
	}
	if len(body) > maxImportBytes {
		return nil, fmt.Errorf("import %s: the file is larger than %d MB; split it", kind, maxImportBytes>>20)
	}
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	f := &CSVFile{Delimiter: sniffDelimiter(body), Unit: "row"}
	cr := csv.NewReader(bytes.NewReader(body))
	cr.Comma = f.Delimiter
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, &RowError{Kind: kind, Row: row, Err: fmt.Errorf("%w (check the quotes in this row)", err)}
		}
		for i, cell := range rec {
			if !utf8.ValidString(cell) {
				col := ""
				if row > 1 && i < len(f.Header) {
					col = f.Header[i]
				}
				return nil, &RowError{Kind: kind, Row: row, Column: col, Err: errors.New("is not UTF-8 text; save the file as \"CSV UTF-8\"")}
			}
		}
		if row == 1 {
			for i := range rec {
				rec[i] = strings.TrimSpace(rec[i])
			}
			f.Header = rec
			continue
		}
		// A cell past the last column is most often a value with the separator in
		// it and no quotes ("12,50" in a comma file): reading on would shift or cut
		// it, so the row is refused instead. Empty trailing cells are harmless.
		if len(rec) > len(f.Header) && !blank(rec[len(f.Header):]) {
			return nil, &RowError{Kind: kind, Row: row, Err: fmt.Errorf("has %d cells but the header names %d columns; put a value that holds %q in quotes",
				len(rec), len(f.Header), f.Delimiter)}
		}
		f.Rows = append(f.Rows, rec)
	}
	if len(f.Header) == 0 || blank(f.Header) {
		return nil, fmt.Errorf("import %s: the file is empty; it needs a header row naming its columns", kind)
	}
	return f, nil
}

// sniffDelimiter counts commas, semicolons and tabs outside quotes on the first line
// and picks the most frequent; a comma when there is none.
func sniffDelimiter(body []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(body) {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' || c == '\r' {
			break
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// MappingField is one of Rapport's fields an import can fill from a column.
type MappingField struct {
	Key   string // "email"
	Label string // "Email"
	Hint  string // shown beside the choice
}

var mappingFields = map[string][]MappingField{
	"customers": {
		{"name", "Name", "full name; or map first and last name"},
		{"first_name", "First name", "joined with the last name"},
		{"last_name", "Last name", ""},
		{"email", "Email", "finds duplicates"},
		{"phone", "Phone", "finds duplicates; gives the time zone"},
		{"address", "Address", "street, first line"},
		{"address2", "Address line 2", ""},
		{"city", "City", ""},
		{"region", "State or region", ""},
		{"postal_code", "Postal code", ""},
		{"country", "Country", "ISO code such as US"},
		{"company", "Company", ""},
		{"notes", "Notes", ""},
		{"tags", "Tags", "comma-separated"},
		{"time_zone", "Time zone", "IANA name such as America/Chicago"},
		{"kind", "Kind", "business or consumer"},
		{"preferred_channel", "Preferred channel", "phone, email or letter"},
	},
	"sales": {
		{"order", "Order", "rows with the same order are one sale (line items)"},
		{"customer_email", "Customer email", "finds the customer"},
		{"customer_phone", "Customer phone", "finds the customer"},
		{"customer_name", "Customer name", "finds the customer, or names a new one"},
		{"date", "Date", "date, or date and time"},
		{"time", "Time", "when the date column has no time"},
		{"time_zone", "Time zone", "of the date; else the customer's"},
		{"amount", "Amount", "what the customer paid"},
		{"items", "Items", "joined across an order's rows"},
		{"channel", "Channel", "visit, web, phone…; else visit (web for Shopify)"},
		{"sold_by", "Sold by", "a staff member's name"},
	},
}

// MappingKinds lists the kinds of file a mapped import reads.
func MappingKinds() []string { return []string{"customers", "sales"} }

// MappingFields lists the fields of a kind, in the order a form shows them.
func MappingFields(kind string) []MappingField { return mappingFields[kind] }

// Mapping says how the columns of a file become Rapport's fields.
type Mapping struct {
	Kind string // "customers" or "sales"
	// Source is what the file looks like: "square", "shopify", "vcard" or "generic".
	Source string
	// Columns maps a field key (MappingFields) to the file's column header; a field
	// not in the map (or mapped to "") is not imported.
	Columns map[string]string
	// DecimalComma reads amounts as 1.234,50 instead of 1,234.50. An amount that
	// does not fit the chosen style is an error, never a guess.
	DecimalComma bool
	// DayFirst reads dates written with slashes as day/month/year.
	DayFirst bool
	// Update lets a row that matches a stored customer overwrite fields already
	// filled in; otherwise a merge only fills blanks.
	Update bool
	// Progress, when not nil, hears now and then how many of the file's records
	// ImportMapped has been through (done of total), for a progress bar. It is
	// called on the importing goroutine.
	Progress func(done, total int)
}

// Sources a mapping can be guessed for.
const (
	SourceGeneric = "generic"
	SourceSquare  = "square"
	SourceShopify = "shopify"
	SourceVCard   = "vcard"
)

// synonyms lists, per field, the headers (lower case, letters and digits only) that
// name it in common exports, in English, German, French and Spanish, most wanted
// first: a Square transaction export has
// Gross Sales, Net Sales and Total Collected, and the amount paid is the last.
var synonyms = map[string]map[string][]string{
	"customers": {
		"name":              {"name", "fullname", "customername", "customer", "displayname", "contactname", "kundenname", "kunde", "nomcomplet", "nombrecompleto"},
		"first_name":        {"firstname", "givenname", "forename", "vorname", "prénom", "prenom", "nombre"},
		"last_name":         {"lastname", "surname", "familyname", "nachname", "nom", "apellido", "apellidos"},
		"email":             {"email", "emailaddress", "email1", "customeremail", "mail"},
		"phone":             {"phone", "phonenumber", "telephone", "tel", "mobile", "mobilephone", "cell", "defaultaddressphone", "telefon", "téléphone", "teléfono", "handy"},
		"address":           {"address", "address1", "streetaddress1", "streetaddress", "street", "addressline1", "defaultaddressaddress1", "straße", "strasse", "adresse", "dirección", "direccion"},
		"address2":          {"address2", "streetaddress2", "addressline2", "defaultaddressaddress2"},
		"city":              {"city", "town", "defaultaddresscity", "ort", "stadt", "ville", "ciudad"},
		"region":            {"region", "state", "provincecode", "province", "statecode", "county", "defaultaddressprovincecode"},
		"postal_code":       {"postalcode", "zip", "zipcode", "postcode", "defaultaddresszip", "plz", "postleitzahl", "codepostal"},
		"country":           {"countrycode", "country", "defaultaddresscountrycode", "land", "pays", "país"},
		"company":           {"company", "companyname", "organization", "organisation", "defaultaddresscompany", "firma", "société", "empresa"},
		"notes":             {"notes", "note", "memo", "comments", "notiz", "bemerkung", "notas"},
		"tags":              {"tags", "tag", "groups"},
		"time_zone":         {"timezone", "tz"},
		"kind":              {"kind", "customerkind", "customertype"},
		"preferred_channel": {"preferredchannel", "contactpreference"},
	},
	"sales": {
		"order":          {"ordernumber", "orderid", "order", "transactionid", "receiptnumber", "invoicenumber", "beleg", "belegnummer", "bonnummer", "rechnungsnummer"},
		"customer_email": {"customeremail", "email", "emailaddress", "buyeremail", "mail"},
		"customer_phone": {"customerphone", "phone", "billingphone", "phonenumber", "telefon", "téléphone", "teléfono"},
		"customer_name":  {"customername", "customer", "billingname", "name", "client", "buyer", "kunde", "kundenname", "cliente"},
		"date":           {"date", "when", "createdat", "orderdate", "saledate", "datetime", "timestamp", "paidat", "datum", "fecha"},
		"time":           {"time"},
		"time_zone":      {"timezone"},
		"amount":         {"totalcollected", "total", "amount", "netsales", "grosssales", "totalprice", "sum", "betrag", "summe", "gesamt", "montant", "importe"},
		"items":          {"lineitemname", "items", "item", "description", "product", "products", "itemname", "details", "artikel", "produkt", "beschreibung", "article", "articles", "produit", "artículo"},
		"channel":        {"channel"},
		"sold_by":        {"staffname", "soldby", "staff", "employee", "cashier", "salesperson"},
	},
}

func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// GuessMapping maps the headers of a file to fields: it recognises the customer and
// order exports of Shopify and the customer and transaction exports of Square, and
// otherwise matches common names ("E-mail", "Zip", "Total"). First and last name
// columns are joined into the name. Numbers and dates default to 1,234.50 and
// month/day/year; GuessFormats refines them from the rows.
func GuessMapping(kind string, headers []string) Mapping {
	return GuessMappingFrom(kind, headers, "")
}

// GuessMappingFrom is GuessMapping for a file the user says comes from source
// (square, shopify or generic); "" recognises the source from the headers.
func GuessMappingFrom(kind string, headers []string, source string) Mapping {
	m := Mapping{Kind: kind, Source: SourceGeneric, Columns: map[string]string{}}
	keys := map[string]string{} // normalised → header as written, first one wins
	for _, h := range headers {
		if k := headerKey(h); k != "" {
			if _, dup := keys[k]; !dup {
				keys[k] = h
			}
		}
	}
	has := func(k string) bool { _, ok := keys[k]; return ok }
	switch {
	case has("acceptsemailmarketing") || has("lineitemname") || (has("provincecode") && has("countrycode")):
		m.Source = SourceShopify
	case has("squarecustomerid") || has("totalcollected") || has("grosssales") || (has("emailaddress") && has("streetaddress1")):
		m.Source = SourceSquare
	}
	if source != "" {
		m.Source = source
	}
	used := map[string]bool{}
	pick := func(field, key string) {
		if h, ok := keys[key]; ok && !used[key] && m.Columns[field] == "" {
			m.Columns[field] = h
			used[key] = true
		}
	}
	if kind == "sales" && m.Source == SourceShopify {
		// A Shopify order export: "Name" is the order (#1001), one row per line item.
		pick("order", "name")
		pick("customer_name", "billingname")
		pick("customer_phone", "billingphone")
		pick("amount", "total")
	}
	for _, f := range mappingFields[kind] {
		for _, syn := range synonyms[kind][f.Key] {
			pick(f.Key, syn)
		}
	}
	return m
}

var (
	commaDecimal = regexp.MustCompile(`,\d{1,2}\s*\D*$`)
	dotDecimal   = regexp.MustCompile(`\.\d{1,2}\s*\D*$`)
	slashDate    = regexp.MustCompile(`^\s*(\d{1,2})/(\d{1,2})/\d{2,4}`)
)

// GuessFormats looks at the first rows of f to choose how amounts and dates are
// read: a decimal comma only when amounts end in ",50" and none in ".50"; day-first
// dates only when a slashed date starts with a day above 12 and none has a month
// above 12 in second place. Anything else keeps the defaults, and values that do not
// fit are reported as errors by row.
func (m *Mapping) GuessFormats(f *CSVFile) {
	idx := m.indexes(f.Header)
	var comma, dot, dayFirst, monthFirst int
	for i, rec := range f.Rows {
		if i >= 500 {
			break
		}
		if j := idx["amount"]; j >= 0 && j < len(rec) {
			v := rec[j]
			if commaDecimal.MatchString(v) {
				comma++
			}
			if dotDecimal.MatchString(v) {
				dot++
			}
		}
		if j := idx["date"]; j >= 0 && j < len(rec) {
			if sm := slashDate.FindStringSubmatch(rec[j]); sm != nil {
				if len(sm[1]) > 0 && atoiSmall(sm[1]) > 12 {
					dayFirst++
				}
				if atoiSmall(sm[2]) > 12 {
					monthFirst++
				}
			}
		}
	}
	m.DecimalComma = comma > 0 && dot == 0
	m.DayFirst = dayFirst > 0 && monthFirst == 0
}

func atoiSmall(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// Assumptions says in words how the mapping reads the file, for the preview.
func (m Mapping) Assumptions() []string {
	var out []string
	if m.Kind == "sales" {
		if m.DecimalComma {
			out = append(out, "Amounts are read with a decimal comma: 1.234,50 is 1234.50.")
		} else {
			out = append(out, "Amounts are read with a decimal point: 1,234.50 is 1234.50.")
		}
		if m.DayFirst {
			out = append(out, "Dates with slashes are read day first: 03/04/2026 is 3 April.")
		} else {
			out = append(out, "Dates with slashes are read month first: 03/04/2026 is March 4.")
		}
		if c := m.Columns["order"]; c != "" {
			out = append(out, fmt.Sprintf("Rows with the same %q are one sale; their items are joined.", c))
		}
		if m.Columns["time_zone"] == "" {
			out = append(out, "Times are in each customer's own time zone.")
		}
	}
	if m.Update {
		out = append(out, "A customer already stored (same email or phone) is updated with the file's values.")
	} else {
		out = append(out, "A customer already stored (same email or phone) only has blank fields filled in.")
	}
	return out
}

// Check names what the mapping lacks before anything is read.
func (m Mapping) Check(headers []string) error {
	fields, ok := mappingFields[m.Kind]
	if !ok {
		return fmt.Errorf("import: %q is not something to import with a mapping (customers or sales)", m.Kind)
	}
	known := map[string]bool{}
	for _, f := range fields {
		known[f.Key] = true
	}
	for field, col := range m.Columns {
		if col == "" {
			continue
		}
		if !known[field] {
			return fmt.Errorf("import %s: %q is not a field of %s", m.Kind, field, m.Kind)
		}
		found := false
		for _, h := range headers {
			found = found || h == col
		}
		if !found {
			return fmt.Errorf("import %s: field %q is mapped to column %q, which the file does not have", m.Kind, field, col)
		}
	}
	mapped := func(keys ...string) bool {
		for _, k := range keys {
			if m.Columns[k] != "" {
				return true
			}
		}
		return false
	}
	switch m.Kind {
	case "customers":
		if !mapped("name", "first_name", "last_name", "email") {
			return fmt.Errorf("import customers: map a column to Name (or First name and Last name, or Email)")
		}
	case "sales":
		if !mapped("customer_email", "customer_phone", "customer_name") {
			return fmt.Errorf("import sales: map a column to Customer email, Customer phone or Customer name")
		}
		if !mapped("date") {
			return fmt.Errorf("import sales: map a column to Date")
		}
		if !mapped("amount") {
			return fmt.Errorf("import sales: map a column to Amount")
		}
	}
	return nil
}

// indexes maps each field to the index of its column in headers, -1 when unmapped.
func (m Mapping) indexes(headers []string) map[string]int {
	idx := map[string]int{}
	for _, f := range mappingFields[m.Kind] {
		idx[f.Key] = -1
		if col := m.Columns[f.Key]; col != "" {
			for i, h := range headers {
				if h == col {
					idx[f.Key] = i
					break
				}
			}
		}
	}
	return idx
}

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
		if p.zoned {
			if t, err := time.Parse(p.last, v); err == nil {
				return t.UTC(), nil
			}
		} else if t, err := time.ParseInLocation(p.last, v, loc); err == nil {
			return t.UTC(), nil
		}
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, v); err == nil {
			p.last, p.zoned = l, true
			return t.UTC(), nil
		}
	}
	layouts := localLayouts
	if dayFirst {
		layouts = append(layouts[:len(layouts):len(layouts)], dayFirstLayouts...)
	} else {
		layouts = append(layouts[:len(layouts):len(layouts)], monthFirstLayouts...)
	}
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, v, loc); err == nil {
			p.last, p.zoned = l, false
			return t.UTC(), nil
		}
	}
	order := "month/day/year"
	if dayFirst {
		order = "day/month/year"
	}
	return time.Time{}, fmt.Errorf("%q is not a date (use 2026-11-23 14:30, or %s as the mapping says)", s, order)
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
