// Package report turns the shop's own records into the figures of the Reports
// screen, the report command and the monthly PDF (FOLLOWUP_RULES.md §8, "Learn"):
// how the follow-ups went, which promises were kept, what customers scored, the
// common problems, and whether following up pays, measured on the random sample
// the planner calls the day after a small-ticket sale.
//
// It is pure: Compute works on the rows the store read (Input) and imports only
// package shop, so every figure is tested on a shop built so that the answer is
// known, and package letters can draw the figures without a database.
package report

import (
	"slices"
	"strconv"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// Input is what a report is computed from. The store reads it (store.ReportInput);
// tests build it by hand.
type Input struct {
	Business shop.Business
	Rules    shop.Rules
	Staff    []shop.Staff
	// From and To are the period, [From, To): shop-local midnights.
	From, To time.Time
	// Now is the clock: windows that have not ended yet are left out.
	Now time.Time
	// Sales holds every sale from From up to LookAhead after To (or Now, if
	// earlier): the period's sales, each day's buyers the sample was drawn from,
	// and what the buyers bought afterwards. Their items are not needed.
	Sales []shop.Purchase
	// IssueSales holds, with their items, the sales made to each issue's customer
	// in the LookBehind before it: they tell which product it was about.
	IssueSales []shop.Purchase
	// BigTicket holds the sales that are big-ticket (planner.IsBigTicket).
	BigTicket map[shop.ID]bool
	// Drawn holds the sales drawn for a next-day call: planner.SampleSmallTicket
	// over the period's sales, drawn afresh from the stored sales and rules.
	Drawn map[shop.ID]bool
	// Issues opened in the period, and those the follow-ups are about.
	Issues []shop.Issue
	// FollowUps due in the period or later, done or not, with their reasons (the
	// reasons' texts are not needed).
	FollowUps []shop.FollowUp
	// Promises due in the period.
	Promises []shop.Promise
	// Names of the customers whose follow-ups carry a survey score, for the notes
	// of the lowest scores.
	Names map[shop.ID]string
}

// How far around the period Input.Sales must reach.
const (
	// LookBehind: an issue is put down to a product its customer bought up to
	// this long before.
	LookBehind = 90 * 24 * time.Hour
	// LookAhead: the longest window in which a buyer may buy again.
	LookAhead = 90 * 24 * time.Hour
)

// Report is every figure of the Reports screen; it is also what `rapport report
// --json` prints.
type Report struct {
	Shop string `json:"shop"`
	// From and To are the first and the last day of the period, YYYY-MM-DD.
	From      string    `json:"from"`
	To        string    `json:"to"`
	FollowUps FollowUps `json:"follow_ups"`
	Promises  Promises  `json:"promises"`
	Feedback  Feedback  `json:"feedback"`
	Problems  Problems  `json:"common_problems"`
	DoesItPay DoesItPay `json:"does_following_up_pay"`
}

// Compute makes the report of in.
func Compute(in Input) Report {
	loc := in.Business.Location()
	c := newCalc(in, loc)
	r := Report{
		Shop: in.Business.Name,
		From: in.From.In(loc).Format(time.DateOnly),
		To:   in.To.In(loc).Add(-time.Second).Format(time.DateOnly),
	}
	// The parts only read the input and calc's indexes: whether following up pays,
	// the longest, is worked out beside the others.
	pays := make(chan DoesItPay, 1)
	go func() { pays <- c.doesItPay() }()
	r.FollowUps = c.followUps()
	r.Promises = c.promises()
	r.Feedback = c.feedback()
	r.Problems = c.problems()
	r.DoesItPay = <-pays
	return r
}

// calc is one computation: the input and the indexes every part shares.
type calc struct {
	in    Input
	loc   *time.Location
	today int // shop-local day of Now
	from  int // first day of the period
	to    int // first day after it
	staff map[shop.ID]string
	// done: per reason key, whether some follow-up carrying it was done or
	// skipped; pendingKey: whether one is still planned.
	settled, pendingKey map[string]bool
	// saleDay is the shop-local day of each of in.Sales, which are in time order.
	saleDay []int
}

func newCalc(in Input, loc *time.Location) *calc {
	c := &calc{in: in, loc: loc, today: day(in.Now, loc), from: day(in.From, loc), to: day(in.To, loc),
		staff: map[shop.ID]string{}, settled: map[string]bool{}, pendingKey: map[string]bool{}}
	for _, s := range in.Staff {
		c.staff[s.ID] = s.Name
	}
	if !slices.IsSortedFunc(in.Sales, bySaleTime) {
		c.in.Sales = slices.Clone(in.Sales)
		slices.SortFunc(c.in.Sales, bySaleTime)
	}
	c.saleDay = make([]int, len(c.in.Sales))
	for i := range c.in.Sales {
		c.saleDay[i] = day(c.in.Sales[i].At, loc)
	}
	for _, f := range in.FollowUps {
		for _, r := range f.Reasons {
			switch f.Status {
			case shop.StatusDone, shop.StatusSkipped:
				c.settled[r.Key] = true
			case shop.StatusPending:
				c.pendingKey[r.Key] = true
			}
		}
	}
	return c
}

func bySaleTime(a, b shop.Purchase) int { return a.At.Compare(b.At) }

// person is a staff member's name; "Nobody" for unassigned work.
func (c *calc) person(id shop.ID) string {
	if n, ok := c.staff[id]; ok {
		return n
	}
	if id == 0 {
		return "Nobody"
	}
	return "Staff member " + strconv.FormatInt(id, 10)
}

// day is the civil day number (days since 1970-01-01) of t's date in loc.
func day(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayDate is the date of a civil day number.
func dayDate(n int) time.Time { return time.Unix(int64(n)*86400, 0).UTC() }

// monthOf is "2006-01" of t in loc.
func monthOf(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01") }

// months lists the months of the period, "2006-01", in order.
func (c *calc) months() []string {
	var out []string
	last := dayDate(c.to - 1)
	for m := dayDate(c.from); ; m = m.AddDate(0, 1, 0) {
		m = time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC)
		out = append(out, m.Format("2006-01"))
		if m.Year() == last.Year() && m.Month() == last.Month() || m.After(last) {
			return out
		}
	}
}

// inPeriod reports whether t falls in [From, To).
func (c *calc) inPeriod(t time.Time) bool { return !t.Before(c.in.From) && t.Before(c.in.To) }

// DefaultPeriod is the period a report covers unless told otherwise: the twelve
// months up to and including today (now's day in loc). A year is what the
// comparison of the next-day sample needs to say anything in a small shop, and
// it shows the seasons.
func DefaultPeriod(now time.Time, loc *time.Location) (from, to time.Time) {
	n := now.In(loc)
	to = time.Date(n.Year(), n.Month(), n.Day()+1, 0, 0, 0, 0, loc)
	return to.AddDate(-1, 0, 0), to
}
