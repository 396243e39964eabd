package shop

import (
	"strings"
	"time"
)

// OpeningHours are the days and the hours the shop is open, in the shop's own time
// zone. Reminders on the desktop are quiet outside them: nobody is there to act on
// one, and a call at 21:00 is not what the shop wants to be told to make.
type OpeningHours struct {
	Days  [7]bool // open on these days, indexed by time.Weekday (Sunday is 0)
	From  int     // the minute of the day it opens
	Until int     // the minute of the day it closes, after From
}

// DefaultOpeningHours are Monday to Saturday, 09:00 to 18:00.
func DefaultOpeningHours() OpeningHours {
	return OpeningHours{Days: [7]bool{false, true, true, true, true, true, true}, From: 9 * 60, Until: 18 * 60}
}

// IsZero reports hours never set (no open day and no times): a new or older shop,
// which gets DefaultOpeningHours when it is stored.
func (h OpeningHours) IsZero() bool { return h == OpeningHours{} }

// OpenAt reports whether the shop is open at t, in its own zone; hours never set
// are DefaultOpeningHours.
func (b Business) OpenAt(t time.Time) bool {
	h := b.Hours
	if h.IsZero() {
		h = DefaultOpeningHours()
	}
	return h.Open(t, b.Location())
}

// Open reports whether the shop is open at t, read in loc, the shop's zone.
func (h OpeningHours) Open(t time.Time, loc *time.Location) bool {
	lt := t.In(loc)
	m := lt.Hour()*60 + lt.Minute()
	return h.Days[lt.Weekday()] && m >= h.From && m < h.Until
}

// DayMask packs Days into bits (bit 0 is Sunday), as the database keeps them.
func (h OpeningHours) DayMask() int {
	m := 0
	for d, open := range h.Days {
		if open {
			m |= 1 << d
		}
	}
	return m
}

// SetDayMask unpacks DayMask.
func (h *OpeningHours) SetDayMask(m int) {
	for d := range h.Days {
		h.Days[d] = m&(1<<d) != 0
	}
}

// Validate names what is wrong with the hours (field "opening_hours").
func (h OpeningHours) Validate() error {
	switch {
	case h.DayMask() == 0:
		return FieldErrorf("opening_hours", "name at least one day the shop is open, e.g. Mon-Sat 09:00-18:00")
	case h.From < 0 || h.Until > 24*60:
		return FieldErrorf("opening_hours", "%s–%s is not a time of day", FormatClock(h.From), FormatClock(h.Until))
	case h.Until <= h.From:
		return FieldErrorf("opening_hours", "closing (%s) must be after opening (%s) on the same day", FormatClock(h.Until), FormatClock(h.From))
	}
	return nil
}

var dayNames = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// weekOrder is Monday first, the way opening hours are written.
var weekOrder = [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// String writes the hours the way ParseOpeningHours reads them: "Mon-Sat
// 09:00-18:00", "Mon-Fri,Sun 08:30-17:00", "daily 10:00-16:00".
func (h OpeningHours) String() string {
	if h.IsZero() {
		return ""
	}
	var runs []string
	for i := 0; i < 7; {
		if !h.Days[weekOrder[i]] {
			i++
			continue
		}
		j := i
		for j+1 < 7 && h.Days[weekOrder[j+1]] {
			j++
		}
		switch {
		case j == i:
			runs = append(runs, dayNames[weekOrder[i]])
		case j == i+1:
			runs = append(runs, dayNames[weekOrder[i]], dayNames[weekOrder[j]])
		default:
			runs = append(runs, dayNames[weekOrder[i]]+"-"+dayNames[weekOrder[j]])
		}
		i = j + 1
	}
	days := strings.Join(runs, ",")
	if h.DayMask() == 127 {
		days = "daily"
	}
	return days + " " + FormatClock(h.From) + "-" + FormatClock(h.Until)
}

// ParseOpeningHours reads hours as a person writes them: the days (Mon-Sat,
// "Mon,Wed,Fri", "daily"; every day when left out), then the times
// ("09:00-18:00", "9:00 to 17:30"). Day names may be written out and in any case.
func ParseOpeningHours(s string) (OpeningHours, error) {
	var h OpeningHours
	in := strings.Join(strings.Fields(strings.NewReplacer("–", "-", "—", "-").Replace(s)), " ")
	if in == "" {
		return h, FieldErrorf("opening_hours", "write the days and times the shop is open, e.g. Mon-Sat 09:00-18:00")
	}
	// The times are the last word, or the last three ("9:00 to 17:30", "9:00 - 17:30").
	words := strings.Fields(in)
	var times string
	switch n := len(words); {
	case n >= 3 && (strings.EqualFold(words[n-2], "to") || words[n-2] == "-"):
		times = words[n-3] + "-" + words[n-1]
		words = words[:n-3]
	default:
		times = words[n-1]
		words = words[:n-1]
	}
	from, until, ok := strings.Cut(times, "-")
	if !ok || !strings.ContainsAny(times, "0123456789") {
		return h, FieldErrorf("opening_hours", "%q has no opening and closing time such as 09:00-18:00", s)
	}
	var err error
	if h.From, err = ParseClock(from); err != nil {
		return h, FieldErrorf("opening_hours", "%v", err)
	}
	if h.Until, err = ParseClock(until); err != nil {
		return h, FieldErrorf("opening_hours", "%v", err)
	}
	days := strings.ToLower(strings.Join(words, " "))
	days = strings.ReplaceAll(strings.ReplaceAll(days, " to ", "-"), " ", "")
	switch days {
	case "", "daily", "everyday", "alldays", "mon-sun":
		h.SetDayMask(127)
	default:
		for _, part := range strings.Split(days, ",") {
			first, last, isRange := strings.Cut(part, "-")
			a, ok := parseDay(first)
			if !ok {
				return h, FieldErrorf("opening_hours", "%q is not a day of the week (Mon, Tue, … Sun)", first)
			}
			b := a
			if isRange {
				if b, ok = parseDay(last); !ok {
					return h, FieldErrorf("opening_hours", "%q is not a day of the week (Mon, Tue, … Sun)", last)
				}
			}
			// A range runs Monday-first and may wrap past Sunday (Sat-Mon).
			for i := weekIndex(a); ; i = (i + 1) % 7 {
				h.Days[weekOrder[i]] = true
				if i == weekIndex(b) {
					break
				}
			}
		}
	}
	return h, h.Validate()
}

func parseDay(s string) (time.Weekday, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if len(s) < 2 {
		return 0, false
	}
	for d, full := range []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"} {
		if strings.HasPrefix(full, s) && (len(s) >= 3 || s == full[:2]) {
			return time.Weekday(d), true
		}
	}
	return 0, false
}

// weekIndex is d's place in a Monday-first week.
func weekIndex(d time.Weekday) int { return (int(d) + 6) % 7 }
