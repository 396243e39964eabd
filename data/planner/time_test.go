package planner

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

func TestNextCallSlot(t *testing.T) {
	def := shop.DefaultRules()
	sundays := def
	sundays.CallSundays = true
	tie := def
	tie.LunchStart, tie.LunchEnd, tie.MinutesPerCall = 12*60, 13*60, 2
	day := shop.Customer{ID: 1, PreferredCallMinute: -1}
	evening := shop.Customer{ID: 1, PreferredCallMinute: -1, EveningOnly: true}
	cases := []struct {
		name  string
		r     shop.Rules
		c     shop.Customer
		zone  string
		after string
		plus  time.Duration // added to after, for seconds
		want  int           // wanted minute
		exp   string        // local result
	}{
		{"§3 never before 10:00: 08:30 wanted → 10:00", def, day, zLA, "2026-06-01 07:00", 0, 8*60 + 30, "Mon 2026-06-01 10:00"},
		{"§3 at the wanted time when it is allowed", def, day, zLA, "2026-06-01 07:00", 0, 15*60 + 20, "Mon 2026-06-01 15:20"},
		{"§3 lunch: 12:00 wanted → 11:55 (a call is over by noon)", def, day, zLA, "2026-06-01 07:00", 0, 12 * 60, "Mon 2026-06-01 11:55"},
		{"§3 lunch: 12:40 wanted → 11:55 (45 min) rather than 13:30 (50 min)", def, day, zLA, "2026-06-01 07:00", 0, 12*60 + 40, "Mon 2026-06-01 11:55"},
		{"§3 lunch: 12:45 wanted → 13:30 (45 min) rather than 11:55 (50 min)", def, day, zLA, "2026-06-01 07:00", 0, 12*60 + 45, "Mon 2026-06-01 13:30"},
		{"§3 nearest: an exact tie goes to the later time", tie, day, zLA, "2026-06-01 07:00", 0, 12*60 + 29, "Mon 2026-06-01 13:00"},
		{"§3 dinner: 18:30 wanted → 17:55", def, day, zLA, "2026-06-01 07:00", 0, 18*60 + 30, "Mon 2026-06-01 17:55"},
		{"§3 late night: 02:00 wanted → 10:00", def, day, zLA, "2026-06-01 07:00", 0, 2 * 60, "Mon 2026-06-01 10:00"},
		{"§3 today if still possible: 10:30 wanted at 12:10 → 13:30", def, day, zLA, "2026-06-01 12:10", 0, 10*60 + 30, "Mon 2026-06-01 13:30"},
		{"§3 today if still possible: 15:00 wanted at 14:00 → 15:00", def, day, zLA, "2026-06-01 14:00", 0, 15 * 60, "Mon 2026-06-01 15:00"},
		{"§3 after the last start of the day → tomorrow at the wanted time", def, day, zLA, "2026-06-01 19:55", 30 * time.Second, 10*60 + 30, "Tue 2026-06-02 10:30"},
		{"§3 seconds round up to the next whole minute", def, day, zLA, "2026-06-01 14:00", 30 * time.Second, 10 * 60, "Mon 2026-06-01 14:01"},
		{"§3 no Sunday calls: Saturday night → Monday", def, day, zLA, "2026-06-06 20:30", 0, 11 * 60, "Mon 2026-06-08 11:00"},
		{"§3 Sunday calls allowed when the owner says so", sundays, day, zLA, "2026-06-06 20:30", 0, 11 * 60, "Sun 2026-06-07 11:00"},
		{"§3 evening-only: 14:00 wanted → 17:00", def, evening, zLA, "2026-06-01 07:00", 0, 14 * 60, "Mon 2026-06-01 17:00"},
		{"§3 evening-only: 19:00 (dinner) wanted → 19:30", def, evening, zLA, "2026-06-01 07:00", 0, 19 * 60, "Mon 2026-06-01 19:30"},
		{"§3 evening-only: 18:20 wanted → 17:55", def, evening, zLA, "2026-06-01 07:00", 0, 18*60 + 20, "Mon 2026-06-01 17:55"},
		{"§3 DST Berlin: Saturday 28 Mar → Sunday 29 Mar 10:00 CEST", sundays, day, zBerlin, "2026-03-28 21:00", 0, 10 * 60, "Sun 2026-03-29 10:00"},
		{"§3 DST Berlin: Saturday 28 Mar → Monday 30 Mar 10:00 CEST without Sundays", def, day, zBerlin, "2026-03-28 21:00", 0, 10 * 60, "Mon 2026-03-30 10:00"},
		{"§3 DST New York: Saturday 31 Oct → Sunday 1 Nov 10:00 EST", sundays, day, zNY, "2026-10-31 21:00", 0, 10 * 60, "Sun 2026-11-01 10:00"},
		{"§3 DST at midnight (Havana): still 10:00 local", sundays, day, "America/Havana", "2026-03-07 21:00", 0, 10 * 60, "Sun 2026-03-08 10:00"},
		{"§3 half-hour zone (Kathmandu +05:45)", def, day, "Asia/Kathmandu", "2026-06-01 07:00", 0, 8*60 + 30, "Mon 2026-06-01 10:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			loc := mustZone(t, c.zone)
			after := lt(t, c.zone, c.after).Add(c.plus)
			got := NextCallSlot(c.r, c.c, loc, after, c.want)
			if s := fmtLocal(t, got, c.zone); s != c.exp {
				t.Errorf("NextCallSlot = %s, want %s", s, c.exp)
			}
			if got.Before(after) {
				t.Errorf("slot %s is before after %s", got, after)
			}
			if !CallAllowed(c.r, c.c, loc, got) {
				t.Errorf("slot %s is not allowed", fmtLocal(t, got, c.zone))
			}
		})
	}
}

func TestNextCallSlotDSTInstants(t *testing.T) {
	// §3 DST: the same 10:00 local call is a different UTC instant either side of the
	// change; checked against hand-computed UTC.
	r := shop.DefaultRules()
	r.CallSundays = true
	c := shop.Customer{PreferredCallMinute: -1}
	cases := []struct{ name, zone, after, want string }{
		{"Berlin Saturday 28 Mar (CET, UTC+1)", zBerlin, "2026-03-28 08:00", "2026-03-28T09:00:00Z"},
		{"Berlin Sunday 29 Mar (CEST, UTC+2)", zBerlin, "2026-03-29 08:00", "2026-03-29T08:00:00Z"},
		{"New York Saturday 31 Oct (EDT, UTC-4)", zNY, "2026-10-31 08:00", "2026-10-31T14:00:00Z"},
		{"New York Sunday 1 Nov (EST, UTC-5)", zNY, "2026-11-01 08:00", "2026-11-01T15:00:00Z"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := NextCallSlot(r, c, mustZone(t, tc.zone), lt(t, tc.zone, tc.after), 10*60)
			if s := got.UTC().Format(time.RFC3339); s != tc.want {
				t.Errorf("got %s, want %s", s, tc.want)
			}
		})
	}
}

func TestNextCallSlotNonexistentTime(t *testing.T) {
	// §3: a wanted wall-clock time that does not exist (02:30 on the US spring-forward
	// night) must still give an allowed call on that day, not a shifted bad time.
	r := shop.DefaultRules()
	r.CallSundays = true
	r.CallEarliest = 60 // an owner who allows calls from 01:00, so 02:30 is in the window
	loc := mustZone(t, zLA)
	c := shop.Customer{PreferredCallMinute: -1}
	after := lt(t, zLA, "2026-03-08 00:30")
	got := NextCallSlot(r, c, loc, after, 2*60+30)
	lg := got.In(loc)
	if !CallAllowed(r, c, loc, got) || got.Before(after) || lg.Day() != 8 || lg.Hour() != 3 || lg.Minute() != 0 {
		t.Errorf("got %s, want 03:00 PDT on 8 Mar, the first time that exists after 02:30", lg)
	}
}

func TestCallAllowed(t *testing.T) {
	def := shop.DefaultRules()
	sundays := def
	sundays.CallSundays = true
	day := shop.Customer{PreferredCallMinute: -1}
	evening := shop.Customer{PreferredCallMinute: -1, EveningOnly: true}
	cases := []struct {
		name string
		r    shop.Rules
		c    shop.Customer
		at   string
		plus time.Duration
		want bool
	}{
		{"§3 09:59 is too early", def, day, "2026-06-01 09:59", 0, false},
		{"§3 10:00 is allowed", def, day, "2026-06-01 10:00", 0, true},
		{"§3 11:59 is allowed", def, day, "2026-06-01 11:59", 0, true},
		{"§3 12:00 is lunch", def, day, "2026-06-01 12:00", 0, false},
		{"§3 13:29:59 is still lunch", def, day, "2026-06-01 13:29", 59 * time.Second, false},
		{"§3 13:30 is after lunch", def, day, "2026-06-01 13:30", 0, true},
		{"§3 18:00 is dinner", def, day, "2026-06-01 18:00", 0, false},
		{"§3 19:30 is after dinner", def, day, "2026-06-01 19:30", 0, true},
		{"§3 20:00 is the last allowed time", def, day, "2026-06-01 20:00", 0, true},
		{"§3 20:00:01 is too late", def, day, "2026-06-01 20:00", time.Second, false},
		{"§3 Sunday is off", def, day, "2026-06-07 11:00", 0, false},
		{"§3 Sunday allowed by the owner", sundays, day, "2026-06-07 11:00", 0, true},
		{"§3 evening-only: 16:00 is daytime", def, evening, "2026-06-01 16:00", 0, false},
		{"§3 evening-only: 17:00 is evening", def, evening, "2026-06-01 17:00", 0, true},
		{"§3 evening-only: 18:30 is dinner", def, evening, "2026-06-01 18:30", 0, false},
	}
	loc := mustZone(t, zTokyo)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			at := lt(t, zTokyo, c.at).Add(c.plus)
			if got := CallAllowed(c.r, c.c, loc, at); got != c.want {
				t.Errorf("CallAllowed(%s) = %v, want %v", at.In(loc), got, c.want)
			}
			// The answer depends on the customer's zone, not the instant's.
			if got := CallAllowed(c.r, c.c, loc, at.UTC()); got != c.want {
				t.Errorf("CallAllowed(UTC %s) = %v, want %v", at.UTC(), got, c.want)
			}
		})
	}
}

func TestCallWindowFallbacks(t *testing.T) {
	// An evening window the settings leave empty falls back to the day window; settings
	// with no window at all leave the time unchanged rather than loop.
	r := shop.DefaultRules()
	r.EveningStart = 21 * 60 // after the latest call time
	c := shop.Customer{EveningOnly: true, PreferredCallMinute: -1}
	loc := mustZone(t, zLA)
	after := lt(t, zLA, "2026-06-01 07:00")
	if got := fmtLocal(t, NextCallSlot(r, c, loc, after, 11*60), zLA); got != "Mon 2026-06-01 11:00" {
		t.Errorf("empty evening window: %s, want the day window's 11:00", got)
	}
	bad := shop.DefaultRules()
	bad.CallEarliest, bad.CallLatest = 20*60, 10*60
	if got := NextCallSlot(bad, c, loc, after, 11*60); !got.Equal(after) {
		t.Errorf("no window: %s, want after unchanged", got)
	}
	if CallAllowed(bad, shop.Customer{}, loc, lt(t, zLA, "2026-06-01 11:00")) {
		t.Error("no window: a call is allowed")
	}
}

func TestCivilDays(t *testing.T) {
	// The civil-day arithmetic the planner's day counting rests on, checked against
	// the time package over 1900-2100.
	start := time.Date(1900, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; i < 200*366; i += 3 {
		d := start.AddDate(0, 0, i)
		n := daysFromCivil(d.Date())
		if want := int((d.Unix() - 12*3600) / 86400); n != want { // exact: d is at noon UTC
			t.Fatalf("daysFromCivil(%s) = %d, want %d", d.Format(time.DateOnly), n, want)
		}
		y, m, dd := civilFromDays(n)
		if y != d.Year() || m != d.Month() || dd != d.Day() {
			t.Fatalf("civilFromDays(%d) = %d-%d-%d, want %s", n, y, m, dd, d.Format(time.DateOnly))
		}
		if weekdayOf(n) != d.Weekday() {
			t.Fatalf("weekdayOf(%s) = %s, want %s", d.Format(time.DateOnly), weekdayOf(n), d.Weekday())
		}
	}
	if s := dayString(daysFromCivil(2026, time.November, 1)); s != "2026-11-01" {
		t.Errorf("dayString = %s", s)
	}
}

// TestCallsWaitAcrossAMidnightClockChange: Havana skips midnight on 8 March 2026.
// With calls allowed late in the evening, a call carried to that day once looked
// for its slot from 23:00 the evening before, found one there, and was sent back to
// 8 March for ever: the planner never returned.
func TestCallsWaitAcrossAMidnightClockChange(t *testing.T) {
	havana, _ := time.LoadLocation("America/Havana")
	now := time.Date(2026, 3, 6, 9, 0, 0, 0, havana)
	r := shop.DefaultRules()
	r.CallLatest, r.DinnerStart, r.DinnerEnd = 23*60+45, 0, 0
	r.BlockMinutes, r.MinutesPerCall = 5, 5 // one call a day
	var cps []CustomerPlan
	for i := 1; i <= 6; i++ {
		c := shop.Customer{ID: shop.ID(i), Name: "Havana", Phone: "555", TimeZone: "America/Havana", PreferredCallMinute: 23*60 + 30}
		cps = append(cps, CustomerPlan{Customer: CustomerOf(c), LifetimeCents: int64(i), Purchases: []shop.Purchase{{ID: shop.ID(i), CustomerID: shop.ID(i),
			At: now.AddDate(0, 0, -7), Items: "Machine", AmountCents: 90_000, Channel: shop.ChannelVisit}}})
	}
	in := PlanInput{Now: now, Business: shop.Business{TimeZone: "America/Havana", BigTicketCents: 50_000}, Rules: r, Customers: cps}
	days := map[string]bool{}
	for _, f := range Plan(in) {
		if f.Channel != shop.ChannelPhone {
			continue
		}
		day := f.Due.In(havana).Format(time.DateOnly)
		if !strings.HasPrefix(day, "2026-03") {
			continue // the second big-ticket calls, in June
		}
		if days[day] {
			t.Errorf("two calls on %s with room for one", day)
		}
		days[day] = true
		if f.Due.In(havana).Weekday() == time.Sunday {
			t.Errorf("a call on Sunday %s", day)
		}
	}
	if !days["2026-03-09"] || len(days) != 6 {
		t.Errorf("calls in March on %v; want six days, 9 March among them", slices.Sorted(maps.Keys(days)))
	}
}
