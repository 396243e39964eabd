package ui

import (
	"math"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-app/rapport/data/shop"
)

// Layouts of dates and times as the screens show them.
const (
	layoutLongDate  = "Monday, January 2, 2006"
	layoutDate      = "Jan 2, 2006"
	layoutDayDate   = "Mon Jan 2"
	layoutWeekClock = "Mon 15:04"
	layoutClock     = "15:04"
)

// plural writes "1 call", "5 calls", "1,200 calls".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return shop.FormatCount(n) + " " + many
}

// sentence starts an error message with a capital letter, as a dialog shows it.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// zoneClock is a time of day in a zone with the zone's abbreviation: "10:30 EST".
func zoneClock(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("15:04 MST")
}

// sameDay reports whether a and b fall on the same calendar day in loc.
func sameDay(a, b time.Time, loc *time.Location) bool {
	ay, am, ad := a.In(loc).Date()
	by, bm, bd := b.In(loc).Date()
	return ay == by && am == bm && ad == bd
}

// calendarDays counts the days from a to b on the calendar of loc: 1 from late
// yesterday to early today, however few hours apart.
func calendarDays(a, b time.Time, loc *time.Location) int {
	ay, am, ad := a.In(loc).Date()
	by, bm, bd := b.In(loc).Date()
	// Noon UTC on both dates: no daylight-saving change can make a day 23 hours.
	da := time.Date(ay, am, ad, 12, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 12, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// zoneOf loads an IANA zone, falling back when it is empty or unknown. Zones are
// kept once loaded: time.LoadLocation reads a file each time, and a call list of
// thousands formats each row in its customer's zone.
func zoneOf(name string, fallback *time.Location) *time.Location {
	if name == "" {
		return fallback
	}
	if loc, ok := zones.Load(name); ok {
		if loc == nil {
			return fallback
		}
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		zones.Store(name, nil)
		return fallback
	}
	zones.Store(name, loc)
	return loc
}

// zones holds the zones zoneOf loaded, by name; nil for a name that is none.
var zones sync.Map

// channelLabel is a channel as a person reads it.
func channelLabel(ch shop.Channel) string {
	switch ch {
	case shop.ChannelPhone:
		return "Phone"
	case shop.ChannelEmail:
		return "Email"
	case shop.ChannelLetter:
		return "Letter"
	case shop.ChannelVisit:
		return "Visit"
	case shop.ChannelWeb:
		return "Web"
	}
	return string(ch)
}

// channelNoun is what a follow-up on the channel is: "call", "email", "letter".
func channelNoun(ch shop.Channel) string {
	if ch == shop.ChannelPhone {
		return "call"
	}
	return strings.ToLower(channelLabel(ch))
}

// channelLabels lists the labels of channels, for a Select.
func channelLabels(chs []shop.Channel) []string {
	out := make([]string, len(chs))
	for i, ch := range chs {
		out[i] = channelLabel(ch)
	}
	return out
}

// channelFromLabel reads a channel back from its label; field names the form field
// in the error.
func channelFromLabel(field, label string) (shop.Channel, error) {
	if strings.TrimSpace(label) == "" {
		return "", fieldError(field, "choose one")
	}
	ch, err := shop.ParseChannel(label)
	if err != nil {
		return "", fieldError(field, "%v", err)
	}
	return ch, nil
}

// parseMoney reads an amount typed into the field with the given label.
func parseMoney(field, text string) (int64, error) {
	if strings.TrimSpace(text) == "" {
		return 0, fieldError(field, "enter an amount such as 12.50")
	}
	c, err := shop.ParseCents(text)
	if err != nil {
		return 0, fieldError(field, "%v", err)
	}
	return c, nil
}

// parseClockField reads "HH:MM" typed into the field with the given label; blank
// gives -1 when blank is allowed.
func parseClockField(field, text string, blankOK bool) (int, error) {
	if strings.TrimSpace(text) == "" {
		if blankOK {
			return -1, nil
		}
		return 0, fieldError(field, "enter a time of day such as 14:30")
	}
	m, err := shop.ParseClock(text)
	if err != nil {
		return 0, fieldError(field, "%v", err)
	}
	if m >= 24*60 {
		return 0, fieldError(field, "%q is not a time of day (HH:MM)", text)
	}
	return m, nil
}

// commonZones are offered in the time zone pickers; any other IANA name can be typed.
var commonZones = []string{
	"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
	"America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver", "America/Halifax",
	"America/Mexico_City", "America/Sao_Paulo", "Europe/London", "Europe/Dublin", "Europe/Lisbon",
	"Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam", "Europe/Stockholm",
	"Europe/Warsaw", "Europe/Athens", "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore",
	"Asia/Hong_Kong", "Asia/Tokyo", "Australia/Sydney", "Australia/Perth", "Pacific/Auckland", "UTC",
}

// sum prints an amount in cents (a mean may have fractions) in the shop's
// currency: "$1,234.50", "£12.00".
func (u *UI) sum(cents float64) string { return u.money(int64(math.Round(cents))) }

// money is an amount in cents as the screens show it: in the shop's currency,
// "$1,234.50". A field to type an amount into shows it plain (shop.FormatCents).
func (u *UI) money(cents int64) string { return shop.FormatMoney(u.country, cents) }
