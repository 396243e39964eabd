package planner

import (
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// This file holds the planner's rules that the store and the screens ask about
// outside a plan: each has its home here and nowhere else.

// LookbackDays is how far back a trigger can still make a pending follow-up: the
// longest rule, plus the days a missed follow-up stays before it lapses, plus two
// days for time zones. The store loads the triggers since then for a plan, and the
// planner passes older purchases over with one comparison.
func LookbackDays(r shop.Rules) int {
	longest := 1
	for _, d := range []int{r.ThankYouDays, r.BigTicketSecondDays, r.BigTicketWeekDays, r.SalesSecondDays, r.SupportSecondDays,
		r.BillingFirstDays, r.ComplaintProgressDays, r.ComplaintUpdateDays, r.SuggestionFirstDays + r.SuggestionProgressDays,
		r.MiscFirstDays, r.SalesFirstDays, r.SupportFirstDays} {
		longest = max(longest, d)
	}
	return longest + max(r.LapseDays, 0) + 2
}

// IsBigTicket: a sale at or above the owner's threshold; no threshold means no sale
// is big-ticket (and so every sale is small-ticket).
func IsBigTicket(b shop.Business, p *shop.Purchase) bool {
	return b.BigTicketCents > 0 && p.AmountCents >= b.BigTicketCents
}

// RetryAfterNoAnswer is the earliest a follow-up nobody answered is tried again:
// the start of the customer's next day (loc), at the next allowed time then; never
// twice in one day.
func RetryAfterNoAnswer(now time.Time, loc *time.Location) time.Time {
	n := now.In(loc)
	return time.Date(n.Year(), n.Month(), n.Day()+1, 0, 0, 0, 0, loc)
}

// SuggestPromise is when and how a follow-up the customer accepts "in days days"
// goes out (FOLLOWUP_RULES.md §8): an email or letter to a customer who prefers one,
// at the shop's send time of that day of theirs; otherwise a call at their preferred
// time (or the default call time) that day, moved to the next time the call windows
// allow. loc is the customer's zone.
func SuggestPromise(r shop.Rules, c shop.Customer, loc *time.Location, now time.Time, days int) (time.Time, shop.Channel) {
	n := now.In(loc)
	day := time.Date(n.Year(), n.Month(), n.Day()+days, 0, 0, 0, 0, loc)
	switch c.PreferredChannel {
	case shop.ChannelEmail, shop.ChannelLetter:
		// The clock time, not minutes since midnight: on the day the clocks change
		// the two differ by an hour.
		return time.Date(day.Year(), day.Month(), day.Day(), 0, r.DefaultSendMinute, 0, 0, loc), c.PreferredChannel
	}
	minute := c.PreferredCallMinute
	if minute < 0 {
		minute = r.DefaultCallMinute
	}
	return NextCallSlot(r, c, loc, day, minute), shop.ChannelPhone
}

// BrokenPromise reports a follow-up that carries a promise whose time has passed
// at now: the one thing that must not wait.
func BrokenPromise(f shop.FollowUp, now time.Time) bool {
	return f.Promised && f.Status == shop.StatusPending && f.Due.Before(now)
}

// RetryChannel is how a follow-up goes after attempts calls nobody answered
// (FOLLOWUP_RULES.md §5): by phone again until the rules' NoAnswerTries, then by
// email, else by letter (to a postal address); a customer with neither is
// still called.
func RetryChannel(r shop.Rules, c shop.Customer, attempts int) shop.Channel {
	pc := CustomerOf(c)
	return retryChannel(r, &pc, attempts)
}

// retryChannel is RetryChannel for what the planner reads of a customer.
func retryChannel(r shop.Rules, c *Customer, attempts int) shop.Channel {
	switch {
	case attempts < r.NoAnswerTries:
		return shop.ChannelPhone
	case c.HasEmail:
		return shop.ChannelEmail
	case c.HasPostalAddress:
		return shop.ChannelLetter
	}
	return shop.ChannelPhone
}

// OverdueOn reports whether a follow-up shows as overdue on a list or the
// calendar at now: it carries a reason that could have been done on an earlier
// day and was not (FollowUp.Overdue), and it is planned for the shop's today or
// earlier. One that a full day carried to a later day is not missed there yet.
func OverdueOn(f shop.FollowUp, now time.Time, shopLoc *time.Location) bool {
	return f.Overdue && f.Status == shop.StatusPending && localDay(f.Due, shopLoc) <= localDay(now, shopLoc)
}
