package planner

import (
	"fmt"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// This file holds the rules the call list and the dialogs ask about one call at
// a time: whether a time is in the customer's call hours, when to call now, what
// time to offer when a call is moved, what to talk about, and what comes of a
// call nobody answered. The screens and the command line say what these decide.

// OffHours is a call time outside the customer's call hours (FOLLOWUP_RULES.md
// §3): when they take calls, and the next good time.
type OffHours struct {
	Hours string    // CallHours: "Mon–Sat 17:00–20:00"
	Next  time.Time // the first allowed time at or after the one asked, near its time of day
}

// CheckCallTime reports a call to the customer at t outside their call hours;
// ok is true when t is fine. loc is the customer's zone.
func CheckCallTime(r shop.Rules, c shop.Customer, loc *time.Location, t time.Time) (off OffHours, ok bool) {
	if loc == nil {
		loc = time.UTC
	}
	if CallAllowed(r, c, loc, t) {
		return OffHours{}, true
	}
	lt := t.In(loc)
	return OffHours{Hours: CallHours(r, c), Next: NextCallSlot(r, c, loc, t, lt.Hour()*60+lt.Minute())}, false
}

// Sentence says it for a promise or a new time at t: "Tom Becker takes calls
// Mon–Sat 17:00–20:00 their time; 14:00 is outside them (the next good time is
// Mon 17:00)."
func (o OffHours) Sentence(c shop.Customer, t time.Time, loc *time.Location) string {
	lt, next := t.In(loc), o.Next.In(loc)
	at := next.Format("Mon 15:04")
	if sameCivilDay(lt, next) {
		at = next.Format("15:04")
	}
	return fmt.Sprintf("%s takes calls %s their time; %s is outside them (the next good time is %s).",
		c.Name, o.Hours, lt.Format("15:04"), at)
}

func sameCivilDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// ProposeTime is the time Reschedule… offers for a follow-up due at due: the
// customer's next day at the same time of day, moved into their call hours for a
// call. It is always a time the store accepts (Store.Reschedule).
func ProposeTime(r shop.Rules, c shop.Customer, loc *time.Location, ch shop.Channel, due, now time.Time) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	n, d := now.In(loc), due.In(loc)
	minute := d.Hour()*60 + d.Minute()
	day := localDay(n, loc) + 1
	if ch != shop.ChannelPhone {
		return atMinute(day, minute, loc)
	}
	return NextCallSlot(r, c, loc, atMinute(day, 0, loc), minute)
}

// AtPromisedTime reports a follow-up planned at the very time a promise gave:
// the owner's word, kept even outside the customer's call hours.
func AtPromisedTime(f shop.FollowUp) bool {
	return len(f.Reasons) > 0 && f.Reasons[0].Rule == shop.RulePromise && f.Due.Equal(f.Reasons[0].NaturalDue)
}

// CallAdvice is when to make a call, as the call list says it.
type CallAdvice struct {
	Now      bool      // call now: the customer may be called now
	At       time.Time // otherwise when: the next good time, or the promised time
	Promised bool      // the follow-up is at a time promised to the customer
}

// AdviseCall says when to make a phone follow-up at now (FOLLOWUP_RULES.md §3):
// now when the customer's call hours allow it, else at the next good time near
// the planned time of day. A call at a promised time is made at that time, even
// outside the hours (the customer accepted it); once that time has passed it is
// made now, or at the next good time.
func AdviseCall(r shop.Rules, c shop.Customer, loc *time.Location, f shop.FollowUp, now time.Time) CallAdvice {
	if loc == nil {
		loc = time.UTC
	}
	d := f.Due.In(loc)
	want := d.Hour()*60 + d.Minute()
	promised := AtPromisedTime(f)
	if promised && now.Before(f.Due) {
		return CallAdvice{At: f.Due, Promised: true}
	}
	if CallAllowed(r, c, loc, now) {
		return CallAdvice{Now: true, Promised: promised}
	}
	return CallAdvice{At: NextCallSlot(r, c, loc, now, want), Promised: promised}
}

// IsOpenProblem reports an issue that makes its customer's follow-ups "open
// problem" (FOLLOWUP_RULES.md §6): open, and one that is followed up.
func IsOpenProblem(is shop.Issue) bool { return is.Open() && needsFollowUp(&is) }

// TalkingPoint is one line of "What to talk about" on the call screen.
type TalkingPoint struct {
	Text    string
	Problem bool // the customer's open problem
}

// TalkingPoints is what to talk about in a follow-up: the customer's open
// problems first (a customer with an open case must not wait behind routine
// talk, §6), then the follow-up's reasons in their order, each naming its
// reference once. issues are the customer's issues; dayOf prints a date.
func TalkingPoints(f shop.FollowUp, issues []shop.Issue, loc *time.Location) []TalkingPoint {
	var first, rest []TalkingPoint
	told := map[shop.ID]bool{}
	for _, r := range f.Reasons {
		text := r.Text
		if r.Reference != "" && !strings.Contains(text, r.Reference) {
			text += refSuffix(r.Reference)
		}
		p := TalkingPoint{Text: text}
		for _, is := range issues {
			if r.IssueID != 0 && is.ID == r.IssueID && IsOpenProblem(is) {
				p.Problem, told[is.ID] = true, true
			}
		}
		if p.Problem {
			first = append(first, p)
		} else {
			rest = append(rest, p)
		}
	}
	var problems []TalkingPoint
	for _, is := range issues {
		if told[is.ID] || !IsOpenProblem(is) {
			continue
		}
		text := "Open problem: " + strings.ToLower(is.Type.Label())
		if s := quoted(is.Summary); s != "" {
			text += " " + s
		}
		text += refSuffix(is.Reference) + ", opened " + is.OpenedAt.In(loc).Format("2 Jan") + ": ask where it stands, and help"
		problems = append(problems, TalkingPoint{Text: text, Problem: true})
	}
	return append(append(problems, first...), rest...)
}

// RetryNote says what comes of a call nobody answered, from the follow-up that
// now carries it (Store.NextTry): "next try: Tue 10:30 their time", or, once the
// calls the rules allow are used up, "3 calls went unanswered: an email goes
// instead, Fri 09:00 their time".
func RetryNote(r shop.Rules, next shop.AgendaItem, now time.Time) string {
	loc := next.Location()
	when := next.Due.In(loc).Format("Mon 15:04")
	if sameCivilDay(next.Due.In(loc), now.In(loc)) {
		when = "today " + next.Due.In(loc).Format("15:04")
	}
	if next.Channel == shop.ChannelPhone {
		return "next try: " + when + " their time"
	}
	what := "an email goes"
	if next.Channel == shop.ChannelLetter {
		what = "a letter goes"
	}
	calls := fmt.Sprintf("%d calls went", r.NoAnswerTries)
	if r.NoAnswerTries == 1 {
		calls = "the call went"
	}
	return fmt.Sprintf("%s unanswered: %s instead, %s their time", calls, what, when)
}
