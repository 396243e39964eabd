package importer

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

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
		{"salutation", "Salutation", "e.g. Dear Ms. Rivera"},
		{"evening_only", "Evening only", "yes: call only in the evening"},
		{"do_not_contact", "Do not contact", "yes: never contacted"},
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
	"issues": {
		{"customer_email", "Customer email", "finds the customer"},
		{"customer_phone", "Customer phone", "finds the customer"},
		{"customer_name", "Customer name", "finds the customer, or names a new one"},
		{"type", "Type", "sales inquiry, support, billing, complaint, suggestion or misc"},
		{"opened", "Opened", "date, or date and time"},
		{"time_zone", "Time zone", "of the dates; else the customer's"},
		{"channel", "Channel", "phone, email, visit…; else phone"},
		{"summary", "Summary", "what it is about"},
		{"reference", "Reference", "the ticket number; else one is made"},
		{"replied", "Replied", "when the shop first answered"},
		{"resolved", "Resolved", "blank while it is open"},
		{"billing_date", "Billing date", "billing issues: the start of the billing period"},
		{"handled_by", "Handled by", "a staff member's name"},
		{"complicated", "Complicated", "yes or no"},
		{"escalated", "Escalated", "yes or no"},
		{"trivial", "Trivial", "yes or no"},
	},
}

// MappingKinds lists the kinds of file a mapped import reads.
func MappingKinds() []string { return []string{"customers", "sales", "issues"} }

// MappingFields lists the fields of a kind, in the order a form shows them.
func MappingFields(kind string) []MappingField { return mappingFields[kind] }

// Mapping says how the columns of a file become Rapport's fields.
type Mapping struct {
	Kind string // "customers", "sales" or "issues"
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
	// SkipBadRows imports the good rows of a file that has bad ones, in one
	// transaction, and leaves the bad rows out (Import says which); otherwise one
	// bad row stops the whole import.
	SkipBadRows bool
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
		"salutation":        {"salutation", "greeting", "anrede"},
		"evening_only":      {"eveningonly", "evenings"},
		"do_not_contact":    {"donotcontact", "optout", "nocontact", "unsubscribed"},
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
	"issues": {
		"customer_email": {"customeremail", "email", "emailaddress", "requesteremail", "mail"},
		"customer_phone": {"customerphone", "phone", "phonenumber", "telefon"},
		"customer_name":  {"customername", "customer", "name", "requester", "client", "kunde"},
		"type":           {"type", "issuetype", "category", "tickettype", "kind"},
		"opened":         {"opened", "openedat", "created", "createdat", "datecreated", "date", "when", "reported"},
		"time_zone":      {"timezone"},
		"channel":        {"channel", "source", "via"},
		"summary":        {"summary", "subject", "title", "description", "problem"},
		"reference":      {"reference", "ref", "ticket", "ticketnumber", "ticketid", "casenumber", "caseid"},
		"replied":        {"replied", "repliedat", "firstreply", "firstresponse", "respondedat"},
		"resolved":       {"resolved", "resolvedat", "closed", "closedat", "solvedat"},
		"billing_date":   {"billingdate", "billingperiod", "periodstart"},
		"handled_by":     {"handledby", "agent", "assignee", "staff", "owner"},
		"complicated":    {"complicated", "complex"},
		"escalated":      {"escalated"},
		"trivial":        {"trivial"},
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
		for _, key := range dateFields[m.Kind] {
			j, ok := idx[key]
			if !ok || j < 0 || j >= len(rec) {
				continue
			}
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
	if m.Kind == "issues" {
		if m.DayFirst {
			out = append(out, "Dates with slashes are read day first: 03/04/2026 is 3 April.")
		} else {
			out = append(out, "Dates with slashes are read month first: 03/04/2026 is March 4.")
		}
		if m.Columns["time_zone"] == "" {
			out = append(out, "Times are in each customer's own time zone.")
		}
		out = append(out, "An issue without a reference gets one (R-00042).")
	}
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
		return fmt.Errorf("import: %q is not something to import (customers, sales or issues)", m.Kind)
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
	case "issues":
		if !mapped("customer_email", "customer_phone", "customer_name") {
			return fmt.Errorf("import issues: map a column to Customer email, Customer phone or Customer name")
		}
		if !mapped("type") {
			return fmt.Errorf("import issues: map a column to Type")
		}
		if !mapped("opened") {
			return fmt.Errorf("import issues: map a column to Opened")
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
