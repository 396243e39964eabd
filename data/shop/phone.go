package shop

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nyaruka/phonenumbers"
)

// parsePhone reads a phone number; country is the ISO code for numbers written
// without a country prefix (the US when blank). It returns nil for a blank or
// impossible number.
func parsePhone(phone, country string) *phonenumbers.PhoneNumber {
	if strings.TrimSpace(phone) == "" {
		return nil
	}
	num := readNANP(phone)
	if num == nil {
		var err error
		if num, err = phonenumbers.Parse(phone, phoneRegion(country)); err != nil {
			return nil
		}
	}
	if !phonenumbers.IsPossibleNumber(num) {
		return nil
	}
	return num
}

// readNANP reads a number of the North American plan written as exports and
// Rapport itself write them: +1, then ten digits grouped 3-3-4 by single spaces or
// hyphens or not at all, the area code starting with 2 to 9 ("+1 212 555 0142",
// "+1 212-555-0142", "+12125550142"). libphonenumber reads every such text as
// country 1 and those ten digits, in any region (the test compares them); its
// parser spends most of an import's time per row on finding that out, mostly in
// looking for an extension, which these texts cannot hold. nil for any other text,
// which libphonenumber reads.
func readNANP(phone string) *phonenumbers.PhoneNumber {
	if len(phone) < len("+12125550142") || phone[0] != '+' || phone[1] != '1' {
		return nil
	}
	var national uint64
	i := 2
	for _, digits := range [...]int{3, 3, 4} {
		if phone[i] == ' ' || phone[i] == '-' {
			i++
		}
		for range digits {
			if i == len(phone) || phone[i] < '0' || phone[i] > '9' {
				return nil
			}
			national = national*10 + uint64(phone[i]-'0')
			i++
		}
		if i == len(phone) && digits != 4 {
			return nil
		}
	}
	if i != len(phone) || national < 2_000_000_000 {
		return nil
	}
	code := int32(1)
	return &phonenumbers.PhoneNumber{CountryCode: &code, NationalNumber: &national}
}

// writeNANP writes the display and E.164 forms of a North American number of ten
// digits without an extension, as libphonenumber formats every one of them: with
// the pattern of the US, the plan's main country, whatever region the number is
// in ("+1 212-555-0142", "+12125550142"; the test compares them on every area
// code). Formatting took an import about as long as reading the number once
// readNANP had read it. false for any other number, which libphonenumber formats.
func writeNANP(num *phonenumbers.PhoneNumber) (display, e164 string, ok bool) {
	n := num.GetNationalNumber()
	if num.GetCountryCode() != 1 || num.GetExtension() != "" || n < 2_000_000_000 || n > 9_999_999_999 {
		return "", "", false
	}
	d := strconv.FormatUint(n, 10)
	return "+1 " + d[:3] + "-" + d[3:6] + "-" + d[6:], "+1" + d, true
}

// phoneRegion is the region a number without a country prefix is read in: the
// ISO code country, the US when blank.
func phoneRegion(country string) string {
	if region := strings.ToUpper(strings.TrimSpace(country)); region != "" {
		return region
	}
	return "US"
}

// phoneRead is a number read: the number, its international (display) and E.164
// forms; ok is false for a blank or impossible number.
type phoneRead struct {
	num           *phonenumbers.PhoneNumber
	display, e164 string
	ok            bool
}

// phoneMemo keeps the last number read, under the text it was read from and under
// its display form: an import reads each number several times in a row (to check
// the row, to find the customer, to store them and to guess their zone, the last
// from the form stored), and reading one takes longer than storing the customer.
var phoneMemo struct {
	sync.Mutex
	keys    [2]string // the text read and its display form
	country string
	read    phoneRead
}

// readPhone reads a number, from the memo when it was the last one read.
func readPhone(phone, country string) phoneRead {
	country = phoneRegion(country)
	m := &phoneMemo
	m.Lock()
	if phone != "" && country == m.country && (phone == m.keys[0] || phone == m.keys[1]) {
		r := m.read
		m.Unlock()
		return r
	}
	m.Unlock()
	var r phoneRead
	if num := parsePhone(phone, country); num != nil {
		r.num, r.ok = num, true
		var written bool
		if r.display, r.e164, written = writeNANP(num); !written {
			r.display = phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
			if ext := num.GetExtension(); ext != "" && !strings.Contains(r.display, ext) {
				r.display += " ext. " + ext
			}
			r.e164 = phonenumbers.Format(num, phonenumbers.E164)
		}
	}
	m.Lock()
	m.keys, m.country, m.read = [2]string{phone, r.display}, country, r
	m.Unlock()
	return r
}

// phoneForms reads a number into its international (display) and E.164 forms; ok
// is false for a blank or impossible number.
func phoneForms(phone, country string) (display, e164 string, ok bool) {
	r := readPhone(phone, country)
	return r.display, r.e164, r.ok
}

// GuessTimeZone finds the IANA zone of a phone number (FOLLOWUP_RULES.md §3: "look
// the zone up from where they live or their phone number"). country is the ISO
// code used for numbers written without a country prefix. It returns "" when the
// number does not pin down one zone.
func GuessTimeZone(phone, country string) string {
	num := readPhone(phone, country).num
	if num == nil {
		return ""
	}
	zones, err := phonenumbers.GetTimezonesForNumber(num)
	if err != nil || len(zones) == 0 {
		return ""
	}
	// A country-wide answer (the US as a whole) is no answer; a number that pins one
	// zone, or an area code whose zones all agree on the offset now, is.
	now := time.Now()
	off := 0
	for i, z := range zones {
		loc, err := LoadZone(z)
		if err != nil {
			return ""
		}
		_, o := now.In(loc).Zone()
		if i == 0 {
			off = o
		} else if o != off {
			return ""
		}
	}
	return zones[0]
}

// NormalisePhone writes a phone number the one way Rapport stores it: the
// international format ("+1 212-555-0142"), with numbers written without a country
// prefix read as numbers of country (the US when blank). A number that cannot be a
// phone number is an error naming the Phone field; blank stays blank.
func NormalisePhone(phone, country string) (string, error) {
	p := strings.TrimSpace(phone)
	if p == "" {
		return "", nil
	}
	out, _, ok := phoneForms(p, country)
	if !ok {
		return p, FieldErrorf("phone", "%q is not a phone number; write it with its area code, e.g. +1 212 555 0142", p)
	}
	return out, nil
}

// PhoneE164 is the number in E.164 ("+12125550142"), the form two numbers are
// compared in; country reads a number written without its country prefix (the US
// when blank). "" for a number that cannot be read.
func PhoneE164(phone, country string) string {
	_, e164, _ := phoneForms(phone, country)
	return e164
}

// PhoneKey is how two phone numbers are compared to find the same customer: E.164
// when the number can be read (country reads one without a country prefix), else
// its digits when there are five or more; "" for none.
func PhoneKey(phone, country string) string {
	if strings.TrimSpace(phone) == "" {
		return ""
	}
	if e164 := PhoneE164(phone, country); e164 != "" {
		return e164
	}
	return digitsKey(phone)
}

// digitsKey is the key of a number that cannot be read: its digits, when there are
// five or more.
func digitsKey(phone string) string {
	var b strings.Builder
	for _, c := range phone {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	if b.Len() < 5 {
		return ""
	}
	return b.String()
}

// ReadPhone reads a phone number once for both of Rapport's ways of writing it:
// display as NormalisePhone writes it and key as PhoneKey does. ok is false when
// the number cannot be read (display is then the number as given, trimmed).
func ReadPhone(phone, country string) (display, key string, ok bool) {
	p := strings.TrimSpace(phone)
	if p == "" {
		return "", "", false
	}
	if display, key, ok = phoneForms(p, country); !ok {
		return p, digitsKey(p), false
	}
	return display, key, true
}
