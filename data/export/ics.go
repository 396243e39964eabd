package export

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	ics "github.com/arran4/golang-ical"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// icsLocal is how iCalendar writes a local time beside its TZID.
const icsLocal = "20060102T150405"

// followUpMinutes is how long a follow-up takes in the calendar.
const followUpMinutes = 15

// ICS writes the pending follow-ups due in [from, to) as an iCalendar file that
// any calendar app can subscribe to or import: one event per follow-up, starting at
// the due time in the customer's own zone (DTSTART;TZID=America/Los_Angeles), with a
// VTIMEZONE for each zone used, built from the zone's transitions around the period
// so that clients that do not know IANA names still place the events right.
//
// Pending follow-ups are re-planned often and get new IDs each time, so an event's
// UID is made of what stays: the customer and the reasons' trigger keys (the sale,
// issue or promise and the rule), with the shop's name. Importing the file again
// then updates the events instead of doubling them.
func ICS(ctx context.Context, st *store.Store, w io.Writer, from, to time.Time) (int, error) {
	b, err := st.Business(ctx)
	if err != nil {
		return 0, err
	}
	items, err := st.Agenda(ctx, from, to)
	if err != nil {
		return 0, err
	}
	cal := ics.NewCalendarFor("Rapport")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(b.Name + " follow-ups")
	cal.SetXWRCalName(b.Name + " follow-ups")
	cal.SetXWRTimezone(b.Location().String())
	shopName := slug(b.Name)
	now := st.Now().UTC()

	var zones []string
	for _, it := range items {
		if z := shop.ZoneOr(it.TimeZone, time.UTC).String(); !slices.Contains(zones, z) {
			zones = append(zones, z)
		}
	}
	slices.Sort(zones)
	for _, z := range zones {
		if z != "UTC" {
			cal.AddVTimezone(vtimezone(z, from.AddDate(-1, 0, 0), to.AddDate(1, 0, 0)))
		}
	}
	for _, it := range items {
		loc := shop.ZoneOr(it.TimeZone, time.UTC)
		ev := cal.AddEvent(eventUID(it, shopName))
		ev.SetDtStampTime(now)
		start, end := it.Due.In(loc), it.Due.Add(followUpMinutes*time.Minute).In(loc)
		// A time the clocks show twice (the hour they go back) is given in UTC: a
		// calendar reads a local time there as its first occurrence.
		if loc == time.UTC || shop.AmbiguousWallClock(start, loc) || shop.AmbiguousWallClock(end, loc) {
			start, end = start.UTC(), end.UTC()
			ev.SetStartAt(start)
			ev.SetEndAt(end)
		} else {
			ev.SetProperty(ics.ComponentPropertyDtStart, start.Format(icsLocal), ics.WithTZID(loc.String()))
			ev.SetProperty(ics.ComponentPropertyDtEnd, end.Format(icsLocal), ics.WithTZID(loc.String()))
		}
		ev.SetSummary(EventSummary(it))
		ev.SetDescription(CallScript(it))
		if it.Customer.Phone != "" && it.Channel == shop.ChannelPhone {
			ev.SetLocation(it.Customer.Phone)
		}
		ev.AddCategory(string(it.Channel))
	}
	if err := cal.SerializeTo(w); err != nil {
		return 0, fmt.Errorf("export calendar: %w", err)
	}
	return len(items), nil
}

// EventSummary is a follow-up in one line: "Call Emily Tran — How is the espresso
// machine bought on 16 Nov working out? (1-week call)".
func EventSummary(it shop.AgendaItem) string {
	verb := "Call"
	switch it.Channel {
	case shop.ChannelEmail:
		verb = "Email"
	case shop.ChannelLetter:
		verb = "Write to"
	}
	s := verb + " " + it.Customer.Name
	if len(it.Reasons) > 0 {
		s += " — " + it.Reasons[0].Text
	}
	if len(it.Reasons) > 1 {
		s += fmt.Sprintf(" (+%d more)", len(it.Reasons)-1)
	}
	return s
}

// CallScript is what to have in front of you for a follow-up: each point to raise,
// how to reach the customer, and who makes the contact.
func CallScript(it shop.AgendaItem) string {
	var b strings.Builder
	for _, r := range it.Reasons {
		b.WriteString("• " + r.Text)
		if r.Reference != "" {
			b.WriteString(" [" + r.Reference + "]")
		}
		b.WriteString("\n")
	}
	c := it.Customer
	switch it.Channel {
	case shop.ChannelPhone:
		fmt.Fprintf(&b, "Phone: %s\n", dashIfEmpty(c.Phone))
	case shop.ChannelEmail:
		fmt.Fprintf(&b, "Email: %s\n", dashIfEmpty(c.Email))
	case shop.ChannelLetter:
		fmt.Fprintf(&b, "Address: %s\n", dashIfEmpty(strings.Join(nonEmpty(strings.ReplaceAll(c.Address, "\n", ", "), c.City, c.Region, c.PostalCode, c.Country), ", ")))
	}
	fmt.Fprintf(&b, "Their time: %s (%s)\n", it.Local().Format("Mon 2 Jan 15:04"), it.TimeZone)
	if it.Assignee != "" {
		fmt.Fprintf(&b, "Assigned to: %s\n", it.Assignee)
	}
	if it.LifetimeCents > 0 {
		fmt.Fprintf(&b, "Lifetime spend: %s\n", shop.FormatCents(it.LifetimeCents))
	}
	if it.Promised {
		b.WriteString("A promise to the customer: do not miss it.\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func dashIfEmpty(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		out = "shop"
	}
	return out
}

func eventUID(it shop.AgendaItem, shopName string) string {
	keys := make([]string, 0, len(it.Reasons))
	for _, r := range it.Reasons {
		keys = append(keys, r.Key)
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		keys = []string{fmt.Sprintf("followup:%d", it.ID)}
	}
	return fmt.Sprintf("c%d-%s@%s.rapport", it.CustomerID, slug(strings.Join(keys, "-")), shopName)
}

// vtimezone describes zone's offsets from a little before from to to, one STANDARD
// or DAYLIGHT part per transition, as RFC 5545 allows without recurrence rules.
func vtimezone(zone string, from, to time.Time) *ics.VTimezone {
	loc := shop.ZoneOr(zone, time.UTC)
	tz := ics.NewTimezone(zone)
	name, off := from.In(loc).Zone()
	part := func(at time.Time, fromOff, toOff int, abbr string, dst bool) {
		var c *ics.ComponentBase
		if dst {
			d := &ics.Daylight{}
			tz.Components = append(tz.Components, d)
			c = &d.ComponentBase
		} else {
			st := tz.AddStandard()
			c = &st.ComponentBase
		}
		c.SetProperty(ics.ComponentProperty(ics.PropertyDtstart), at.In(time.FixedZone("", fromOff)).Format(icsLocal))
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), icsOffset(fromOff))
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), icsOffset(toOff))
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzname), abbr)
	}
	// The offset in force at the start, as a part starting then.
	part(from, off, off, name, from.In(loc).IsDST())
	for t := from; t.Before(to); {
		next := t.Add(24 * time.Hour)
		if _, o := next.In(loc).Zone(); o != off {
			// Find the second the offset changes.
			lo, hi := t, next
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2)
				if _, mo := mid.In(loc).Zone(); mo == off {
					lo = mid
				} else {
					hi = mid
				}
			}
			n, o := hi.In(loc).Zone()
			part(hi, off, o, n, hi.In(loc).IsDST())
			off = o
		}
		t = next
	}
	return tz
}

func icsOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
}
