package shop

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // logos
	_ "image/png"  // logos
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The longest text each field holds, in characters: far beyond any real value,
// and short enough that one value cannot swell the database, a letter or a
// screen (a 50 MB name once made a 157 MB database; 5,000 characters of items
// printed a black bar and a four-page letter).
const (
	MaxName     = 200     // a person's, a company's, the shop's or a staff member's name
	MaxLine     = 200     // a one-line field: salutation, city, region, title, reference
	MaxEmail    = 254     // an email address (RFC 5321)
	MaxPhone    = 40      // a phone number
	MaxPostal   = 20      // a postal code
	MaxCountry  = 60      // a country
	MaxZone     = 64      // an IANA zone name
	MaxWebsite  = 500     // a web address
	MaxAddress  = 500     // a postal address, lines included
	MaxItems    = 2000    // what a sale was
	MaxSummary  = 2000    // an issue's or a contact's summary, a note on a promise or an outcome
	MaxNotes    = 10000   // notes about a customer
	MaxTemplate = 10000   // the owner\'s text of a letter
	MaxTags     = 1000    // a customer's tags, together
	MaxLogoSize = 2 << 20 // a logo, in bytes
)

// Years outside these are mistakes (a year typed 20266, or 26 read as 0026).
const (
	MinYear = 1900
	MaxYear = 2200
)

// CheckText refuses text that is not UTF-8, that holds a NUL character, or that is
// longer than max characters; nil when v is acceptable.
func CheckText(field, v string, max int) *FieldError {
	switch {
	case !utf8.ValidString(v):
		return FieldErrorf(field, "is not valid text (UTF-8); type it again, or save the file as UTF-8")
	case strings.IndexByte(v, 0) >= 0:
		return FieldErrorf(field, "holds a NUL character, which text may not hold")
	case len(v) > max && utf8.RuneCountInString(v) > max:
		return FieldErrorf(field, "is %d characters long; at most %d are accepted", utf8.RuneCountInString(v), max)
	}
	return nil
}

func checkText(es *FieldErrors, field, v string, max int) {
	if e := CheckText(field, v, max); e != nil {
		*es = append(*es, e)
	}
}

// checkYear refuses a time outside the years MinYear to MaxYear.
func checkYear(es *FieldErrors, field string, t time.Time) {
	if t.IsZero() {
		return
	}
	if y := t.Year(); y < MinYear || y > MaxYear {
		*es = append(*es, FieldErrorf(field, "the year %d is not between %d and %d", y, MinYear, MaxYear))
	}
}

// checkYearPtr is checkYear for an optional time.
func checkYearPtr(es *FieldErrors, field string, t *time.Time) {
	if t != nil {
		checkYear(es, field, *t)
	}
}

func validInbound(ch Channel) bool {
	for _, c := range Channels {
		if c == ch {
			return true
		}
	}
	return false
}

// Validate lists every field of the sale that is not acceptable (FieldErrors).
func (p Purchase) Validate() error {
	var es FieldErrors
	if p.CustomerID == 0 {
		es = append(es, FieldErrorf("customer", "choose who bought"))
	}
	if p.At.IsZero() {
		es = append(es, FieldErrorf("when", "the date of the sale is missing"))
	}
	if p.AmountCents < 0 {
		es = append(es, FieldErrorf("amount", "%s must not be negative", FormatCents(p.AmountCents)))
	}
	if !validInbound(p.Channel) {
		es = append(es, FieldErrorf("channel", "%q is not phone, email, letter, visit or web", p.Channel))
	}
	checkYear(&es, "when", p.At)
	checkText(&es, "items", p.Items, MaxItems)
	checkText(&es, "order_ref", p.OrderRef, MaxLine)
	return es.orNil()
}

// Validate lists every field of the issue that is not acceptable (FieldErrors).
func (is Issue) Validate() error {
	var es FieldErrors
	if is.CustomerID == 0 {
		es = append(es, FieldErrorf("customer", "choose whose issue it is"))
	}
	if _, err := ParseIssueType(string(is.Type)); err != nil {
		es = append(es, FieldErrorf("type", "%v", err))
	}
	if !validInbound(is.Channel) {
		es = append(es, FieldErrorf("channel", "%q is not phone, email, letter, visit or web", is.Channel))
	}
	if is.OpenedAt.IsZero() {
		es = append(es, FieldErrorf("opened", "the date the issue was opened is missing"))
	}
	if is.RepliedAt != nil && is.RepliedAt.Before(is.OpenedAt) {
		es = append(es, FieldErrorf("replied", "must not be before the issue was opened"))
	}
	if is.ResolvedAt != nil && is.ResolvedAt.Before(is.OpenedAt) {
		es = append(es, FieldErrorf("resolved", "must not be before the issue was opened"))
	}
	checkYear(&es, "opened", is.OpenedAt)
	checkYearPtr(&es, "replied", is.RepliedAt)
	checkYearPtr(&es, "resolved", is.ResolvedAt)
	checkYearPtr(&es, "billing_date", is.BillingDate)
	checkText(&es, "summary", is.Summary, MaxSummary)
	checkText(&es, "reference", is.Reference, MaxLine)
	return es.orNil()
}

// Validate lists every field of the promise that is not acceptable (FieldErrors).
func (p Promise) Validate() error {
	var es FieldErrors
	if p.CustomerID == 0 {
		es = append(es, FieldErrorf("customer", "choose whom the promise was made to"))
	}
	if p.Due.IsZero() {
		es = append(es, FieldErrorf("due", "the promised date is missing"))
	}
	switch p.Channel {
	case ChannelPhone, ChannelEmail, ChannelLetter:
	default:
		es = append(es, FieldErrorf("channel", "%q is not phone, email or letter", p.Channel))
	}
	checkYear(&es, "due", p.Due)
	checkText(&es, "note", p.Note, MaxSummary)
	return es.orNil()
}

// Validate lists every field of the contact that is not acceptable (FieldErrors).
func (c Contact) Validate() error {
	var es FieldErrors
	if c.CustomerID == 0 {
		es = append(es, FieldErrorf("customer", "choose who was in touch"))
	}
	if !validInbound(c.Channel) {
		es = append(es, FieldErrorf("channel", "%q is not phone, email, letter, visit or web", c.Channel))
	}
	if c.Direction != Inbound && c.Direction != Outbound {
		es = append(es, FieldErrorf("direction", "%q is not in or out", c.Direction))
	}
	checkYear(&es, "when", c.At)
	checkText(&es, "summary", c.Summary, MaxSummary)
	return es.orNil()
}

// ValidateTyped checks what a form adds to Validate: the phone number must be
// one that can be read (an import keeps one as written); the customer's country,
// else shopCountry, reads it without its country prefix. A bad phone is refused
// with every other problem of the customer at once, the phone's before the
// email's as the forms show them; nil when the phone reads (the rest is checked
// as the customer is stored).
func (c Customer) ValidateTyped(shopCountry string) error {
	country := strings.TrimSpace(c.Country)
	if country == "" {
		country = shopCountry
	}
	var bad *FieldError
	if _, err := NormalisePhone(c.Phone, country); !errors.As(err, &bad) {
		return nil
	}
	if c.Kind == "" {
		c.Kind = KindConsumer // as a customer of no kind is stored: not a problem to name here
	}
	var es FieldErrors
	errors.As(c.Validate(), &es)
	if !slices.ContainsFunc(es, func(e *FieldError) bool { return e.Field == "phone" }) {
		at := slices.IndexFunc(es, func(e *FieldError) bool { return e.Field == "email" })
		if at < 0 {
			at = len(es)
		}
		es = slices.Insert(es, at, bad)
	}
	return es
}

// Validate lists every field of the customer that is not acceptable (FieldErrors),
// in the order the form shows them; nil when all are.
func (c Customer) Validate() error {
	var es FieldErrors
	if strings.TrimSpace(c.Name) == "" {
		es = append(es, FieldErrorf("name", "must not be empty"))
	}
	for _, f := range []struct {
		field, v string
		max      int
	}{
		{"name", c.Name, MaxName}, {"salutation", c.Salutation, MaxLine}, {"company", c.Company, MaxName},
		{"address", c.Address, MaxAddress}, {"city", c.City, MaxLine}, {"region", c.Region, MaxLine},
		{"postal_code", c.PostalCode, MaxPostal}, {"country", c.Country, MaxCountry}, {"phone", c.Phone, MaxPhone},
		{"email", c.Email, MaxEmail}, {"time_zone", c.TimeZone, MaxZone}, {"notes", c.Notes, MaxNotes},
		{"tags", strings.Join(c.Tags, ", "), MaxTags},
	} {
		checkText(&es, f.field, f.v, f.max)
	}
	checkYear(&es, "customer_since", c.CustomerSince)
	if c.Kind != KindConsumer && c.Kind != KindBusiness {
		es = append(es, FieldErrorf("kind", "%q is not business or consumer", c.Kind))
	}
	if c.Email != "" && !IsEmailAddress(c.Email) {
		es = append(es, FieldErrorf("email", "%q is not an email address", c.Email))
	}
	if c.TimeZone != "" {
		if _, err := LoadZone(c.TimeZone); err != nil {
			es = append(es, FieldErrorf("time_zone", "%q is not a time zone name such as America/Chicago", c.TimeZone))
		}
	}
	switch c.PreferredChannel {
	case "", ChannelPhone, ChannelEmail, ChannelLetter:
	default:
		es = append(es, FieldErrorf("preferred_channel", "%q is not phone, email or letter", c.PreferredChannel))
	}
	if c.PreferredCallMinute < -1 || c.PreferredCallMinute >= 24*60 {
		es = append(es, FieldErrorf("preferred_call_minute", "%s is not a time of day", FormatClock(c.PreferredCallMinute)))
	}
	if c.ReferredBy != 0 && c.ReferredBy == c.ID {
		es = append(es, FieldErrorf("referred_by", "a customer cannot refer themselves"))
	}
	return es.orNil()
}

// IsEmailAddress reports whether s is one plain email address (bob@example.com,
// without a display name or angle brackets).
func IsEmailAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// Validate lists every field of the profile that is not acceptable (FieldErrors).
func (b Business) Validate() error {
	var es FieldErrors
	if strings.TrimSpace(b.Name) == "" {
		es = append(es, FieldErrorf("shop_name", "must not be empty"))
	}
	checkText(&es, "shop_name", b.Name, MaxName)
	checkText(&es, "address", b.Address, MaxAddress)
	checkText(&es, "phone", b.Phone, MaxPhone)
	checkText(&es, "email", b.Email, MaxEmail)
	checkText(&es, "website", b.Website, MaxWebsite)
	if len(b.Logo) > MaxLogoSize {
		es = append(es, FieldErrorf("logo", "is %d KB; at most %d KB are accepted", (len(b.Logo)+1023)/1024, MaxLogoSize/1024))
	}
	if b.Email != "" {
		if _, err := mail.ParseAddress(b.Email); err != nil {
			es = append(es, FieldErrorf("email", "%q is not an email address", b.Email))
		}
	}
	if _, err := LoadZone(b.TimeZone); err != nil {
		es = append(es, FieldErrorf("time_zone", "%q is not a time zone name such as Europe/London", b.TimeZone))
	}
	if b.BigTicketCents < 0 {
		es = append(es, FieldErrorf("big_ticket", "must not be negative"))
	}
	if err := CheckLogo(b.Logo); err != nil {
		es = append(es, FieldErrorf("logo", "%v", err))
	}
	if !b.Hours.IsZero() {
		if err := b.Hours.Validate(); err != nil {
			es = append(es, err.(*FieldError))
		}
	}
	return es.orNil()
}

// Validate lists every field of the staff member that is not acceptable.
func (st Staff) Validate() error {
	var es FieldErrors
	if strings.TrimSpace(st.Name) == "" {
		es = append(es, FieldErrorf("staff_name", "must not be empty"))
	}
	checkText(&es, "staff_name", st.Name, MaxName)
	checkText(&es, "title", st.Title, MaxLine)
	return es.orNil()
}

// MaxLogoBytes is the largest logo a letterhead takes.
const MaxLogoBytes = 8 << 20

// CheckLogo accepts no logo, or a PNG or JPEG image of at most MaxLogoBytes.
func CheckLogo(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if len(b) > MaxLogoBytes {
		return fmt.Errorf("the image is %d MB; a logo may be %d MB at most", len(b)>>20, MaxLogoBytes>>20)
	}
	if _, format, err := image.DecodeConfig(bytes.NewReader(b)); err != nil || (format != "png" && format != "jpeg") {
		return errors.New("it is not a PNG or JPEG image")
	}
	return nil
}
