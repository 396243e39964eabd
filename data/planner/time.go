package planner

import (
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// This file holds the planner's clock and calendar rules (FOLLOWUP_RULES.md §3): the
// windows in which a customer may be phoned, the weekdays on which emails and letters
// go out, and the civil-day arithmetic that keeps both right across time zones and
// daylight-saving changes.

const minutesPerDay = 24 * 60

// daysFromCivil numbers a calendar date as days since 1970-01-01 (proleptic
// Gregorian). Plain integers make "n days after", "which weekday" and "more than n
// days ago" exact in every zone, where adding 24-hour durations is wrong twice a year.
// The algorithm is Howard Hinnant's days_from_civil.
func daysFromCivil(y int, m time.Month, d int) int {
	mm := int(m)
	if mm <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := mm - 3
	if mm <= 2 {
		mp = mm + 9
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int) (int, time.Month, int) {
	z += 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, time.Month(m), d
}

// weekdayOf is the day of the week of a civil day number (1970-01-01 was a Thursday).
func weekdayOf(day int) time.Weekday {
	return time.Weekday(((day % 7) + 7 + int(time.Thursday)) % 7)
}

// localDay is the civil day number of t's date in loc.
func localDay(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return daysFromCivil(y, m, d)
}

// dayString prints a civil day number as "2006-01-02".
func dayString(day int) string {
	y, m, d := civilFromDays(day)
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// atMinute is the instant of the given wall-clock minute on a civil day in loc.
// time.Date normalises the minute into hours before it looks up the zone offset, so
// 10:30 stays 10:30 local on the day a clock change happens.
func atMinute(day, minute int, loc *time.Location) time.Time {
	y, m, d := civilFromDays(day)
	return time.Date(y, m, d, 0, minute, 0, 0, loc)
}

// dayStartIn is the first instant of a civil day in loc. Where a clock change skips
// midnight (Havana in March), atMinute(day, 0, loc) comes back in the evening before,
// and a search for the day's first call from there would find one on the day
// before.
func dayStartIn(day int, loc *time.Location) time.Time {
	t := atMinute(day, 0, loc)
	for localDay(t, loc) < day {
		t = t.Add(15 * time.Minute)
	}
	return t
}

// atSecond is atMinute with second precision, used to keep a trigger's own clock
// time in a reason's natural due instant.
func atSecond(day, second int, loc *time.Location) time.Time {
	y, m, d := civilFromDays(day)
	return time.Date(y, m, d, 0, 0, second, 0, loc)
}

// secondOfDay is the local wall-clock time of t as seconds after midnight.
func secondOfDay(t time.Time) int {
	h, m, s := t.Clock()
	return h*3600 + m*60 + s
}

// normMinute folds any minute count into a minute of the day.
func normMinute(m int) int {
	m %= minutesPerDay
	if m < 0 {
		m += minutesPerDay
	}
	return m
}

// ceilMinute rounds t up to a whole minute, so planned times read cleanly and are
// never before the instant they were computed from.
func ceilMinute(t time.Time) time.Time {
	r := t.Truncate(time.Minute)
	if r.Before(t) {
		r = r.Add(time.Minute)
	}
	return r
}

// laterOf returns the later of two instants.
func laterOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// callPiece is one stretch of a day in which a customer may be phoned.
type callPiece struct {
	from int // first allowed minute
	// until is the minute at which the stretch closes: the start of a meal, or the
	// latest call time. untilIncl marks the latest call time, which is itself allowed.
	until     int
	untilIncl bool
	// lastStart is the latest minute a call is planned to start so that it is over
	// (Rules.MinutesPerCall) before the stretch closes; a stretch shorter than one
	// call still offers its first minute.
	lastStart int
}

// callWindow is the set of times of day a customer may be phoned: [CallEarliest,
// CallLatest] (evening-only customers [EveningStart, CallLatest]) minus the lunch and
// dinner breaks [start, end).
type callWindow struct {
	pieces  [3]callPiece
	n       int
	sundays bool
}

// newCallWindow works out the window for a day customer or an evening-only one. An
// evening window that the settings leave empty falls back to the day window: it is
// better to call at an allowed daytime than never.
func newCallWindow(r shop.Rules, evening bool) callWindow {
	w := callWindow{sundays: r.CallSundays}
	lo := r.CallEarliest
	if evening && r.EveningStart > lo {
		lo = r.EveningStart
	}
	type block struct{ start, end int }
	blocks := [2]block{{r.LunchStart, r.LunchEnd}, {r.DinnerStart, r.DinnerEnd}}
	if blocks[1].start < blocks[0].start {
		blocks[0], blocks[1] = blocks[1], blocks[0]
	}
	dur := max(r.MinutesPerCall, 0)
	from := lo
	add := func(from, until int, incl bool) {
		last := until - 1
		if incl {
			last = until
		}
		last = min(last, minutesPerDay-1)
		if last < from {
			return
		}
		ls := until - max(dur, 1)
		if incl {
			ls = until - dur
		}
		ls = min(max(ls, from), last)
		w.pieces[w.n] = callPiece{from: from, until: until, untilIncl: incl, lastStart: ls}
		w.n++
	}
	for _, b := range blocks {
		if b.end <= b.start || b.end <= from || b.start > r.CallLatest {
			continue
		}
		if b.start > from {
			add(from, b.start, false)
		}
		from = max(from, b.end)
	}
	if from <= r.CallLatest {
		add(from, r.CallLatest, true)
	}
	if w.n == 0 && evening {
		return newCallWindow(r, false)
	}
	return w
}

// allowed reports whether the local wall-clock time lt is inside the window.
func (w *callWindow) allowed(lt time.Time) bool {
	if !w.sundays && lt.Weekday() == time.Sunday {
		return false
	}
	ns := int64(secondOfDay(lt))*int64(time.Second) + int64(lt.Nanosecond())
	for _, p := range w.pieces[:w.n] {
		from := int64(p.from) * int64(time.Minute)
		until := int64(p.until) * int64(time.Minute)
		if ns >= from && (ns < until || p.untilIncl && ns == until) {
			return true
		}
	}
	return false
}

// nearest picks the planned call start nearest to want among minutes >= low; ties go
// to the later minute (a call a little late is kinder than one a little early).
func (w *callWindow) nearest(want, low int) (int, bool) {
	best, bestDist := -1, 0
	for _, p := range w.pieces[:w.n] {
		a, b := max(p.from, low), p.lastStart
		if a > b {
			continue
		}
		c := min(max(want, a), b)
		dist := c - want
		if dist < 0 {
			dist = -dist
		}
		if best < 0 || dist < bestDist || dist == bestDist && c > best {
			best, bestDist = c, dist
		}
	}
	return best, best >= 0
}

// firstFrom is the first planned call start at or after minute m.
func (w *callWindow) firstFrom(m int) (int, bool) {
	for _, p := range w.pieces[:w.n] {
		if m <= p.lastStart {
			return max(m, p.from), true
		}
	}
	return 0, false
}

// next is NextCallSlot for a prepared window; ok is false when the settings leave no
// time at all to call (Rules.Validate rejects such settings).
func (w *callWindow) next(loc *time.Location, after time.Time, want int) (time.Time, bool) {
	if w.n == 0 {
		return after, false
	}
	want = normMinute(want)
	la := after.In(loc)
	first := daysFromCivil(la.Date())
	low := secondOfDay(la) / 60
	if la.Second() != 0 || la.Nanosecond() != 0 {
		low++
	}
	// Two weeks is far more than a Sunday and a clock change can cost.
	for i := 0; i < 14; i++ {
		day := first + i
		if !w.sundays && weekdayOf(day) == time.Sunday {
			continue
		}
		lowToday := 0
		if i == 0 {
			lowToday = low
		}
		m, ok := w.nearest(want, lowToday)
		for ok {
			t := atMinute(day, m, loc)
			// A wall-clock time that does not exist (skipped by a clock change) comes
			// back shifted to another wall time; nudge forward a minute at a time to the
			// first time that exists, is allowed, and is not before after.
			if lt := t.In(loc); lt.Hour()*60+lt.Minute() == m && daysFromCivil(lt.Date()) == day &&
				!t.Before(after) && w.allowed(lt) {
				return t, true
			}
			m, ok = w.firstFrom(m + 1)
		}
	}
	return after, false
}

// NextCallSlot returns the first instant at or after `after` when a call to the
// customer is allowed, at or as near as possible to the wanted local minute of day.
//
// On the day of `after` it takes the allowed time nearest to wantMinute among those
// not before `after` ("today if still possible"); when that day has none left, or is a
// Sunday and Sunday calls are off, it takes the allowed time nearest to wantMinute on
// the next callable day. A wanted time inside a meal break moves to the nearest time
// at which a whole call (Rules.MinutesPerCall) fits before or after the break; ties go
// later. loc is the customer's zone (nil means UTC). If the rules allow no call at
// all, `after` comes back unchanged.
func NextCallSlot(r shop.Rules, c shop.Customer, loc *time.Location, after time.Time, wantMinute int) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	w := newCallWindow(r, c.EveningOnly)
	t, _ := w.next(loc, after, wantMinute)
	return t
}

// CallAllowed reports whether calling the customer at t is allowed by the windows:
// between CallEarliest and CallLatest (evening-only customers from EveningStart), not
// in a meal break, and not on a Sunday unless Sunday calls are on. loc is the
// customer's zone (nil means UTC).
func CallAllowed(r shop.Rules, c shop.Customer, loc *time.Location, t time.Time) bool {
	if loc == nil {
		loc = time.UTC
	}
	w := newCallWindow(r, c.EveningOnly)
	return w.allowed(t.In(loc))
}

// sendDays are the weekdays emails and letters go out (§3): business customers read
// them at work early in the week, consumers at the end of it.
func sendDay(business bool, wd time.Weekday) bool {
	if business {
		return wd == time.Tuesday || wd == time.Wednesday
	}
	return wd == time.Friday || wd == time.Saturday
}

// sendSlot is when an email or letter goes out: on the natural day or the first
// later send day (unless anyDay), at the send minute, but never before earliest; a
// send minute already past on earliest's own day means "as soon as possible today".
func sendSlot(earliest time.Time, natDay, sendMinute int, business, anyDay bool, loc *time.Location) time.Time {
	day := max(natDay, localDay(earliest, loc))
	if !anyDay {
		for i := 0; i < 7 && !sendDay(business, weekdayOf(day)); i++ {
			day++
		}
	}
	t := atMinute(day, sendMinute, loc)
	if t.Before(earliest) {
		t = ceilMinute(earliest)
	}
	return t
}

// CallHours describes when a customer may be phoned, in their own time:
// "Mon–Sat 10:00–12:00, 13:30–20:00".
func CallHours(r shop.Rules, c shop.Customer) string {
	w := newCallWindow(r, c.EveningOnly)
	days := "Mon–Sat"
	if w.sundays {
		days = "every day"
	}
	spans := make([]string, w.n)
	for i := 0; i < w.n; i++ {
		spans[i] = shop.FormatClock(w.pieces[i].from) + "–" + shop.FormatClock(w.pieces[i].until)
	}
	if len(spans) == 0 {
		return "never (the call windows in Settings leave no time)"
	}
	return days + " " + strings.Join(spans, ", ")
}
