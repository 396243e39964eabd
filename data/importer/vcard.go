package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"strings"
	"unicode/utf8"
)

// VCard is one contact read from a vCard file, with what Rapport keeps of it.
type VCard struct {
	Line       int // the line of its BEGIN:VCARD
	Name       string
	Emails     []string // preferred first
	Phones     []string // preferred first
	Address    string   // street lines
	City       string
	Region     string
	PostalCode string
	Country    string
	Org        string
	Note       string
}

// ParseVCards reads the contacts of a vCard file (versions 2.1, 3.0 and 4.0, as
// phones and address books export them): folded lines are unfolded, \n \, \; and \\
// unescaped, groups ("item1.EMAIL") and the tel: and mailto: schemes dropped, and
// quoted-printable values of 2.1 files decoded. A damaged card is an error naming
// the card and its line.
func ParseVCards(r io.Reader) ([]VCard, error) {
	body, err := io.ReadAll(io.LimitReader(r, maxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("import vcard: read the file: %w", err)
	}
	if len(body) > maxImportBytes {
		return nil, fmt.Errorf("import vcard: the file is larger than %d MB; split it", maxImportBytes>>20)
	}
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	text := strings.ReplaceAll(strings.ReplaceAll(string(body), "\r\n", "\n"), "\r", "\n")
	raw := strings.Split(text, "\n")

	var cards []VCard
	var cur *VCard
	var version string
	var prefEmail, prefPhone bool
	fail := func(line int, format string, args ...any) error {
		return &RowError{Kind: "vcard", Unit: "card", Row: len(cards) + 1, Err: fmt.Errorf("line %d: %s", line, fmt.Sprintf(format, args...))}
	}
	var buf []byte
	for i := 0; i < len(raw); i++ {
		lineNo := i + 1
		first := raw[i]
		// A photo, logo, sound or key is not kept: its lines are counted, not
		// joined, and one larger than maxPhotoBytes refuses the card.
		if binaryProperty(first) {
			size := len(first)
			for i+1 < len(raw) && folded(raw[i+1]) {
				i++
				size += len(raw[i]) - 1
			}
			if size > maxPhotoBytes {
				return nil, fail(lineNo, "its photo (or logo, sound or key) is %d MB; Rapport keeps none and reads at most %d MB of one: export the contacts without photos",
					size>>20, maxPhotoBytes>>20)
			}
			continue
		}
		// Unfold, in one pass: a line that starts with a space or tab continues the
		// one before; in a quoted-printable value (vCard 2.1) so does the line after
		// a soft line break (= at the end), and a space or tab it starts with is the
		// folding's, not the text's.
		qp := false
		if _, params, _, ok := splitContentLine(first); ok {
			qp = isQP(params)
		}
		buf = append(buf[:0], first...)
		for i+1 < len(raw) {
			next := raw[i+1]
			soft := qp && len(buf) > 0 && buf[len(buf)-1] == '='
			if !soft && !folded(next) {
				break
			}
			i++
			if soft {
				buf = buf[:len(buf)-1]
			}
			if folded(next) {
				next = next[1:]
			}
			buf = append(buf, next...)
		}
		line := string(buf)
		if strings.TrimSpace(line) == "" {
			continue
		}
		if !utf8.ValidString(line) {
			return nil, fail(lineNo, "is not UTF-8 text; export the contacts as UTF-8")
		}
		name, params, value, ok := splitContentLine(line)
		if !ok {
			if cur == nil {
				continue // text between cards
			}
			return nil, fail(lineNo, "%q is not a vCard property (NAME:value)", clip(line))
		}
		if isQP(params) {
			dec, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(value)))
			if err != nil || !utf8.Valid(dec) {
				return nil, fail(lineNo, "the quoted-printable value of %s cannot be decoded", name)
			}
			value = string(dec)
		}
		switch {
		case name == "BEGIN" && strings.EqualFold(value, "VCARD"):
			if cur != nil {
				return nil, fail(lineNo, "a card begins inside the card of line %d, which has no END:VCARD", cur.Line)
			}
			cur = &VCard{Line: lineNo}
			version, prefEmail, prefPhone = "", false, false
			continue
		case cur == nil:
			continue
		case name == "END" && strings.EqualFold(value, "VCARD"):
			if version == "" {
				return nil, fail(cur.Line, "the card has no VERSION")
			}
			finishCard(cur)
			cards = append(cards, *cur)
			cur = nil
			continue
		}
		switch name {
		case "VERSION":
			if value != "2.1" && value != "3.0" && value != "4.0" {
				return nil, fail(lineNo, "version %q is not 2.1, 3.0 or 4.0", clip(value))
			}
			version = value
		case "FN":
			cur.Name = unescapeText(value)
		case "N":
			if cur.Name == "" {
				parts := splitComponents(value)
				for len(parts) < 5 {
					parts = append(parts, "")
				}
				// N is family;given;additional;prefix;suffix.
				cur.Name = strings.Join(strings.Fields(strings.Join([]string{parts[3], parts[1], parts[2], parts[0], parts[4]}, " ")), " ")
			}
		case "EMAIL":
			v := strings.TrimSpace(strings.TrimPrefix(unescapeText(value), "mailto:"))
			if v != "" {
				cur.Emails, prefEmail = addPreferred(cur.Emails, v, isPref(params), prefEmail)
			}
		case "TEL":
			v := strings.TrimSpace(strings.TrimPrefix(unescapeText(value), "tel:"))
			if v != "" {
				cur.Phones, prefPhone = addPreferred(cur.Phones, v, isPref(params), prefPhone)
			}
		case "ADR":
			if cur.Address != "" || cur.City != "" {
				break // the first address is the one kept
			}
			p := splitComponents(value)
			for len(p) < 7 {
				p = append(p, "")
			}
			// ADR is PO box;extended;street;locality;region;postal code;country.
			cur.Address = strings.Join(nonEmpty(p[2], p[1], p[0]), "\n")
			cur.City, cur.Region, cur.PostalCode, cur.Country = p[3], p[4], p[5], countryCode(p[6])
		case "ORG":
			cur.Org = strings.Join(nonEmpty(splitComponents(value)...), ", ")
		case "NOTE":
			cur.Note = unescapeText(value)
		}
	}
	if cur != nil {
		return nil, fail(cur.Line, "the card has no END:VCARD; the file is cut short")
	}
	return cards, nil
}

// maxPhotoBytes is the largest photo (logo, sound, key) a card may carry, as
// written in the file: Rapport keeps none, and reads past them.
const maxPhotoBytes = 8 << 20

// folded reports whether a line continues the one before (it starts with a space
// or a tab).
func folded(line string) bool { return len(line) > 0 && (line[0] == ' ' || line[0] == '\t') }

// binaryProperty reports whether a content line is a PHOTO, LOGO, SOUND or KEY
// (with or without a group), which Rapport does not keep.
func binaryProperty(line string) bool {
	end := strings.IndexAny(line, ";:")
	if end < 0 {
		return false
	}
	name := strings.ToUpper(strings.TrimSpace(line[:end]))
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		name = name[dot+1:]
	}
	switch name {
	case "PHOTO", "LOGO", "SOUND", "KEY":
		return true
	}
	return false
}

func clip(s string) string {
	if len(s) > 40 {
		for i := 40; i > 0; i-- {
			if utf8.RuneStart(s[i]) {
				return s[:i] + "…"
			}
		}
	}
	return s
}

// splitContentLine splits "item1.TEL;TYPE=cell:+1 555" into TEL, its parameters and
// the value. A colon inside a quoted parameter value does not end the name.
func splitContentLine(line string) (name string, params []string, value string, ok bool) {
	quoted := false
	colon := -1
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			quoted = !quoted
		case ':':
			if !quoted {
				colon = i
			}
		}
		if colon >= 0 {
			break
		}
	}
	if colon <= 0 {
		return "", nil, "", false
	}
	head := strings.Split(line[:colon], ";")
	name = strings.ToUpper(strings.TrimSpace(head[0]))
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		name = name[dot+1:]
	}
	if name == "" {
		return "", nil, "", false
	}
	return name, head[1:], line[colon+1:], true
}

func isQP(params []string) bool {
	for _, p := range params {
		if u := strings.ToUpper(strings.TrimSpace(p)); u == "ENCODING=QUOTED-PRINTABLE" || u == "QUOTED-PRINTABLE" {
			return true
		}
	}
	return false
}

// isPref tells a preferred value: TYPE=pref (3.0), PREF=1 (4.0) or a bare PREF (2.1).
func isPref(params []string) bool {
	for _, p := range params {
		k, v, _ := strings.Cut(strings.ToUpper(strings.TrimSpace(p)), "=")
		switch k {
		case "PREF":
			if v == "" || v == "1" {
				return true
			}
		case "TYPE":
			for _, t := range strings.Split(strings.Trim(v, `"`), ",") {
				if t == "PREF" {
					return true
				}
			}
		}
	}
	return false
}

// addPreferred adds v to list, at the front if it is the first preferred one.
func addPreferred(list []string, v string, pref, havePref bool) ([]string, bool) {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return list, havePref
		}
	}
	if pref && !havePref {
		return append([]string{v}, list...), true
	}
	return append(list, v), havePref
}

// splitComponents splits a structured value at unescaped semicolons and unescapes
// each part.
func splitComponents(v string) []string {
	var parts []string
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch {
		case v[i] == '\\' && i+1 < len(v):
			b.WriteByte('\\')
			b.WriteByte(v[i+1])
			i++
		case v[i] == ';':
			parts = append(parts, strings.TrimSpace(unescapeText(b.String())))
			b.Reset()
		default:
			b.WriteByte(v[i])
		}
	}
	return append(parts, strings.TrimSpace(unescapeText(b.String())))
}

// unescapeText undoes vCard text escapes: \n or \N is a newline; \\, \, \; and \:
// are the character itself.
func unescapeText(v string) string {
	if !strings.Contains(v, `\`) {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			i++
			switch v[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(v[i])
			}
			continue
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

var countryNames = map[string]string{
	"united states": "US", "united states of america": "US", "usa": "US", "u.s.a.": "US", "canada": "CA", "mexico": "MX",
	"united kingdom": "GB", "uk": "GB", "great britain": "GB", "england": "GB", "ireland": "IE", "germany": "DE", "deutschland": "DE",
	"austria": "AT", "österreich": "AT", "switzerland": "CH", "schweiz": "CH", "france": "FR", "spain": "ES", "españa": "ES",
	"italy": "IT", "italia": "IT", "netherlands": "NL", "nederland": "NL", "belgium": "BE", "sweden": "SE", "sverige": "SE",
	"norway": "NO", "norge": "NO", "denmark": "DK", "danmark": "DK", "finland": "FI", "poland": "PL", "portugal": "PT",
	"australia": "AU", "new zealand": "NZ", "japan": "JP",
}

// countryCode turns a country name into its ISO code where it knows it; a code or an
// unknown name is kept as written.
func countryCode(s string) string {
	if c, ok := countryNames[strings.ToLower(strings.TrimSpace(s))]; ok {
		return c
	}
	if len(s) == 2 {
		return strings.ToUpper(s)
	}
	return s
}

// finishCard names a card without FN or N by its company or email, and keeps the
// phones and emails beyond the first in the note, so nothing is dropped.
func finishCard(c *VCard) {
	if c.Name == "" {
		c.Name = c.Org
	}
	var extra []string
	if len(c.Emails) > 1 {
		extra = append(extra, "Other emails: "+strings.Join(c.Emails[1:], ", "))
	}
	if len(c.Phones) > 1 {
		extra = append(extra, "Other phones: "+strings.Join(c.Phones[1:], ", "))
	}
	if len(extra) > 0 {
		c.Note = strings.Join(nonEmpty(append([]string{c.Note}, extra...)...), "\n")
	}
}

// vcardHeader is the header of the file ReadVCards makes: the names VCardMapping maps.
var vcardHeader = []string{"Name", "Email", "Phone", "Address", "City", "Region", "Postal code", "Country", "Company", "Notes"}

// ReadVCards reads a vCard file into rows for the mapped import (one per card,
// numbered by card), to be imported with VCardMapping: the same preview, duplicate
// merge, log and undo as a CSV file of customers.
func ReadVCards(r io.Reader) (*CSVFile, error) {
	cards, err := ParseVCards(r)
	if err != nil {
		return nil, err
	}
	if len(cards) == 0 {
		return nil, errors.New("import vcard: the file holds no contacts (BEGIN:VCARD … END:VCARD)")
	}
	f := &CSVFile{Delimiter: ',', Header: vcardHeader, Unit: "card"}
	for i, c := range cards {
		first := func(l []string) string {
			if len(l) == 0 {
				return ""
			}
			return l[0]
		}
		f.Rows = append(f.Rows, []string{c.Name, first(c.Emails), first(c.Phones), c.Address, c.City, c.Region, c.PostalCode, c.Country, c.Org, c.Note})
		f.RowNums = append(f.RowNums, i+1)
	}
	return f, nil
}

// VCardMapping is the mapping of the rows ReadVCards makes.
func VCardMapping() Mapping {
	return Mapping{Kind: "customers", Source: SourceVCard, Columns: map[string]string{"name": "Name", "email": "Email", "phone": "Phone",
		"address": "Address", "city": "City", "region": "Region", "postal_code": "Postal code", "country": "Country", "company": "Company", "notes": "Notes"}}
}

// nonEmpty keeps the parts that are not blank.
func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}
