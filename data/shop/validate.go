package shop

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // logos
	_ "image/png"  // logos
	"net/mail"
	"strings"
)

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
	return es.orNil()
}

// Validate lists every field of the customer that is not acceptable (FieldErrors),
// in the order the form shows them; nil when all are.
func (c Customer) Validate() error {
	var es FieldErrors
	if strings.TrimSpace(c.Name) == "" {
		es = append(es, FieldErrorf("name", "must not be empty"))
	}
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
	if strings.TrimSpace(st.Name) == "" {
		return FieldErrors{FieldErrorf("staff_name", "must not be empty")}
	}
	return nil
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
