package shop

import (
	"strings"
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
	region := strings.ToUpper(strings.TrimSpace(country))
	if region == "" {
		region = "US"
	}
	num, err := phonenumbers.Parse(phone, region)
	if err != nil || !phonenumbers.IsPossibleNumber(num) {
		return nil
	}
	return num
}

// GuessTimeZone finds the IANA zone of a phone number (FOLLOWUP_RULES.md §3: "look
// the zone up from where they live or their phone number"). country is the ISO
// code used for numbers written without a country prefix. It returns "" when the
// number does not pin down one zone.
func GuessTimeZone(phone, country string) string {
	num := parsePhone(phone, country)
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
	num := parsePhone(p, country)
	if num == nil {
		return p, FieldErrorf("phone", "%q is not a phone number; write it with its area code, e.g. +1 212 555 0142", p)
	}
	out := phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
	if ext := num.GetExtension(); ext != "" && !strings.Contains(out, ext) {
		out += " ext. " + ext
	}
	return out, nil
}

// PhoneE164 is the number in E.164 ("+12125550142"), the form two numbers are
// compared in; country reads a number written without its country prefix (the US
// when blank). "" for a number that cannot be read.
func PhoneE164(phone, country string) string {
	num := parsePhone(phone, country)
	if num == nil {
		return ""
	}
	return phonenumbers.Format(num, phonenumbers.E164)
}
