package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// This file gives the demo shop a year of history, so that the Reports screen is
// worth looking at on the first start: the regulars who came and went over the
// year, their sales, the next-day calls the planner's random sample asked for
// (some reached, some not) and the buyers it did not draw, the issues they raised
// and the follow-ups done about them, with survey scores and promises kept,
// late and broken.
//
// None of it leaves work for today: every sale is at least three days old and its
// follow-ups are recorded as done (or tried and dropped long enough ago to have
// lapsed), every issue is old enough for all its follow-ups to have been made,
// and nobody in it contacted the shop yesterday, so today's calls are the demo's
// own.

var yearFirst = []string{"Ava", "Ben", "Clara", "David", "Elena", "Felix", "Greta", "Hugo", "Iris", "Jack", "Kira", "Leon", "Maria", "Nate",
	"Olga", "Paul", "Quinn", "Rita", "Simon", "Tara", "Uma", "Victor", "Wendy", "Xavier", "Yara", "Zach", "Abby", "Carlos", "Dana",
	"Eli", "Fiona", "George", "Holly", "Ivan", "Julia", "Kevin", "Laura", "Miles", "Nina", "Owen"}

var yearLast = []string{"Abbott", "Barnes", "Carver", "Dalton", "Ellis", "Foster", "Garcia", "Hayes", "Irving", "Jensen", "Keller", "Lopez",
	"Mason", "Nolan", "Ortega", "Porter", "Quimby", "Reyes", "Sutton", "Tucker", "Underwood", "Vance", "Walker", "Young", "Zimmer",
	"Archer", "Bishop", "Coleman", "Doyle", "Fletcher"}

var yearTowns = []struct{ city, region, postal, zone string }{
	{"Portland", "ME", "04101", "America/New_York"}, {"South Portland", "ME", "04106", "America/New_York"}, {"Falmouth", "ME", "04105", "America/New_York"},
	{"Brunswick", "ME", "04011", "America/New_York"}, {"Portsmouth", "NH", "03801", "America/New_York"}, {"Boston", "MA", "02110", "America/New_York"},
	{"Burlington", "VT", "05401", "America/New_York"}, {"Chicago", "IL", "60614", "America/Chicago"}, {"Denver", "CO", "80205", "America/Denver"},
	{"Seattle", "WA", "98103", "America/Los_Angeles"},
}

// yearIssues are what the year's customers got in touch about, by type, with the
// words that tie each to what they bought.
var yearIssues = []struct {
	typ     shop.IssueType
	summary string
}{
	{shop.IssueSupport, "Grinder makes a rattling noise"}, {shop.IssueSupport, "Espresso machine pressure drops mid-shot"},
	{shop.IssueSupport, "Pour-over dripper cracked after a week"}, {shop.IssueSupport, "How to descale the machine"},
	{shop.IssueComplaint, "Beans arrived stale"}, {shop.IssueComplaint, "Order delivered late"}, {shop.IssueComplaint, "Milk pitcher dented on arrival"},
	{shop.IssueSalesInquiry, "Which beans suit a moka pot?"}, {shop.IssueSalesInquiry, "Price of the barista course for a team"},
	{shop.IssueBilling, "Charged twice for the gift card"}, {shop.IssueBilling, "Invoice shows the wrong address"},
	{shop.IssueSuggestion, "Would like a decaf subscription"}, {shop.IssueMisc, "Lost loyalty card"},
}

// yearCustomers is how many customers the year brings: enough for the
// comparison of the next-day sample to say something after a year, as it would in
// a shop of this size.
const yearCustomers = 1500

// yearDays is how far back the history goes; yearQuiet is how many days before
// today it ends (no sale in it), and issueQuiet the same for issues: their last
// follow-up is due at most 43 days after they were opened.
const (
	yearDays   = 365
	yearQuiet  = 3
	issueQuiet = 45
)

// year adds the year's customers and history and returns the customers it added.
func year(tx *store.Tx, now time.Time, staff []shop.Staff) (map[shop.ID]bool, error) {
	b, err := tx.Business()
	if err != nil {
		return nil, err
	}
	r := shop.DefaultRules()
	loc := b.Location()
	n := now.In(loc)
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
	rng := rand.New(rand.NewPCG(uint64(now.Unix()/86400), 11))
	// The demo's own customers' sales share the days with these: the sample of a
	// day is drawn among all of its buyers.
	theirs, err := tx.Purchases(today)
	if err != nil {
		return nil, err
	}
	byDay := map[string][]shop.Purchase{}
	for _, p := range theirs {
		byDay[p.At.In(loc).Format(time.DateOnly)] = append(byDay[p.At.In(loc).Format(time.DateOnly)], p)
	}

	added := map[shop.ID]bool{}
	// next[d] lists the customers who buy on day d (days before today).
	next := map[int][]int{}
	custs := make([]shop.Customer, yearCustomers)
	for i := range custs {
		first, last := yearFirst[i%len(yearFirst)], yearLast[(i/len(yearFirst)+i)%len(yearLast)]
		town := yearTowns[rng.IntN(len(yearTowns))]
		if rng.IntN(3) > 0 {
			town = yearTowns[rng.IntN(4)] // most live near the shop
		}
		daysAgo := yearQuiet + 1 + rng.IntN(yearDays-yearQuiet)
		c := shop.Customer{Name: first + " " + last, Kind: shop.KindConsumer, Address: fmt.Sprintf("%d %s St", 2+rng.IntN(400), yearLast[rng.IntN(len(yearLast))]),
			City: town.city, Region: town.region, PostalCode: town.postal, Country: "US", Phone: fmt.Sprintf("+1 207 555 %04d", 2000+i),
			Email: fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(first), strings.ToLower(last), i), TimeZone: town.zone,
			PreferredCallMinute: -1, CustomerSince: today.AddDate(0, 0, -daysAgo).UTC()}
		if err := tx.AddCustomer(&c); err != nil {
			return nil, fmt.Errorf("demo: year customer %s: %w", c.Name, err)
		}
		custs[i] = c
		added[c.ID] = true
		next[daysAgo] = append(next[daysAgo], i)
	}
	record := func(f shop.FollowUp) error {
		if f.AssigneeID == 0 {
			f.AssigneeID = staff[0].ID
		}
		if f.CompletedAt.IsZero() {
			f.CompletedAt = f.Due.Add(25 * time.Minute)
		}
		if f.TimeZone == "" {
			f.TimeZone = "America/New_York"
		}
		f.Priority = shop.PriorityRoutine
		return tx.RecordHistory(&f)
	}
	reason := func(key, rule, text string, pid, iid, prid shop.ID, due time.Time) []shop.Reason {
		return []shop.Reason{{Key: key, Rule: rule, Text: text, PurchaseID: pid, IssueID: iid, PromiseID: prid, NaturalDue: due}}
	}
	var issueOf []shop.Purchase // sales that lead to an issue
	// Day by day, oldest first: a day's sales are complete before its sample is
	// drawn, and what a buyer does next depends on whether they were called.
	for ago := yearDays; ago > yearQuiet; ago-- {
		d := today.AddDate(0, 0, -ago)
		var mine []shop.Purchase
		for _, i := range next[ago] {
			c := custs[i]
			item := demoSmall[rng.IntN(len(demoSmall))]
			if ago > 130 && rng.IntN(30) == 0 {
				big := demoBig[rng.IntN(len(demoBig))]
				item = struct {
					items string
					cents int64
				}{big.items, big.cents}
			}
			cl := c.Location(loc)
			dl := d.In(cl)
			p := shop.Purchase{CustomerID: c.ID, At: time.Date(dl.Year(), dl.Month(), dl.Day(), 9+rng.IntN(9), 5*rng.IntN(12), 0, 0, cl).UTC(),
				Items: item.items, AmountCents: item.cents, Channel: []shop.Channel{shop.ChannelVisit, shop.ChannelVisit, shop.ChannelWeb, shop.ChannelPhone}[rng.IntN(4)],
				SoldBy: staff[rng.IntN(len(staff))].ID}
			if err := tx.AddPurchase(&p); err != nil {
				return nil, err
			}
			mine = append(mine, p)
		}
		pool := append(byDay[d.Format(time.DateOnly)], mine...)
		drawn := planner.SampleSmallTicket(r, b, pool)
		for _, p := range mine {
			seller := p.SoldBy
			if err := record(shop.FollowUp{CustomerID: p.CustomerID, Due: p.At.Add(3 * time.Hour), Channel: shop.ChannelLetter, AssigneeID: seller,
				Status: shop.StatusDone, Notes: "Thank-you letter posted.",
				Reasons: reason(fmt.Sprintf("purchase:%d:thanks", p.ID), shop.RuleThankYou, fmt.Sprintf("Thank you for buying %q", p.Items), p.ID, 0, 0, p.At)}); err != nil {
				return nil, err
			}
			reached := false
			if planner.IsBigTicket(b, &p) {
				for k, days := range []int{r.BigTicketWeekDays, r.BigTicketSecondDays} {
					due := p.At.AddDate(0, 0, days)
					key, rule := "big1", shop.RuleBigTicketWeek
					if k == 1 {
						key, rule = "big2", shop.RuleBigTicketQuarter
					}
					f := shop.FollowUp{CustomerID: p.CustomerID, Due: due, Channel: shop.ChannelPhone, AssigneeID: seller, Status: shop.StatusDone,
						Score: 4 + rng.IntN(2), Notes: "Happy with it.",
						Reasons: reason(fmt.Sprintf("purchase:%d:%s", p.ID, key), rule, fmt.Sprintf("How is %q working out?", p.Items), p.ID, 0, 0, due)}
					if k == 0 && rng.IntN(4) == 0 {
						f.Status, f.Score, f.Notes = shop.StatusNoAnswer, 0, ""
					}
					if k == 0 {
						reached = f.Status == shop.StatusDone
					}
					if err := record(f); err != nil {
						return nil, err
					}
				}
			} else if drawn[p.ID] {
				due := p.At.AddDate(0, 0, 1)
				f := shop.FollowUp{CustomerID: p.CustomerID, Due: due, Channel: shop.ChannelPhone, AssigneeID: staff[2+rng.IntN(2)].ID,
					Reasons: reason(fmt.Sprintf("purchase:%d:sample", p.ID), shop.RuleSmallSample, fmt.Sprintf("Quick check on %q: is all well?", p.Items), p.ID, 0, 0, due)}
				// A quarter do not answer; the call is dropped after that (it has
				// lapsed long ago), except for the last fortnight's, all made.
				if ago > r.LapseDays+3 && rng.IntN(4) == 0 {
					f.Status = shop.StatusNoAnswer
				} else {
					reached = true
					f.Status = shop.StatusDone
					f.Score, f.Notes = sampleScore(rng)
				}
				if err := record(f); err != nil {
					return nil, err
				}
			}
			// What the buyer does next: a reached buyer comes back more often.
			again := 0.24
			if reached {
				again = 0.38
			}
			var gap int
			switch {
			case rng.Float64() < again:
				gap = 2 + rng.IntN(88)
			case rng.IntN(2) == 0:
				gap = 91 + rng.IntN(200)
			}
			i := indexOf(custs, p.CustomerID)
			if gap > 0 && ago-gap > yearQuiet {
				next[ago-gap] = append(next[ago-gap], i)
			}
			if ago > issueQuiet+2 && rng.IntN(9) == 0 {
				issueOf = append(issueOf, p)
			}
		}
	}
	if err := yearIssuesFor(tx, rng, today, staff, issueOf, record, reason); err != nil {
		return nil, err
	}
	return added, nil
}

// sampleScore is how a reached next-day call went.
func sampleScore(rng *rand.Rand) (int, string) {
	switch k := rng.IntN(20); {
	case k == 0:
		return 1, []string{"Grinder too loud for a flat; thinking of returning it.", "Beans tasted burnt; wants a lighter roast."}[rng.IntN(2)]
	case k < 3:
		return 2, []string{"Filters tear easily.", "Waited 20 minutes at the counter.", "Gift card not accepted online."}[rng.IntN(3)]
	case k < 6:
		return 3, "Fine; nothing special."
	case k < 13:
		return 4, "Enjoying it; no problems."
	}
	return 5, "Loves it; will be back for more."
}

func indexOf(cs []shop.Customer, id shop.ID) int {
	for i := range cs {
		if cs[i].ID == id {
			return i
		}
	}
	return -1
}

// yearIssuesFor raises an issue a few days after each sale in sales, resolves it
// and records its follow-ups, and a promise for some.
func yearIssuesFor(tx *store.Tx, rng *rand.Rand, today time.Time, staff []shop.Staff, sales []shop.Purchase,
	record func(shop.FollowUp) error, reason func(key, rule, text string, pid, iid, prid shop.ID, due time.Time) []shop.Reason) error {
	r := shop.DefaultRules()
	for _, p := range sales {
		kind := yearIssues[rng.IntN(len(yearIssues))]
		opened := p.At.AddDate(0, 0, 1+rng.IntN(10)).Add(time.Duration(rng.IntN(5)) * time.Hour)
		if !opened.Before(today.AddDate(0, 0, -issueQuiet)) {
			continue
		}
		replied := opened.Add(time.Duration(2+rng.IntN(30)) * time.Hour)
		hours := 4 + rng.IntN(72)
		if kind.typ == shop.IssueComplaint || kind.typ == shop.IssueSupport {
			hours = 12 + rng.IntN(24*9)
		}
		resolved := opened.Add(time.Duration(hours) * time.Hour)
		who := staff[rng.IntN(len(staff))].ID
		is := shop.Issue{CustomerID: p.CustomerID, Type: kind.typ, Channel: []shop.Channel{shop.ChannelPhone, shop.ChannelEmail, shop.ChannelVisit}[rng.IntN(3)],
			OpenedAt: opened, RepliedAt: &replied, ResolvedAt: &resolved, HandledBy: who, Summary: kind.summary, Complicated: rng.IntN(4) == 0}
		if err := tx.AddIssue(&is); err != nil {
			return fmt.Errorf("demo: year issue: %w", err)
		}
		first := resolved.AddDate(0, 0, 7)
		score, notes := sampleScore(rng)
		if kind.typ == shop.IssueComplaint && score > 3 {
			score, notes = 3, "Accepted the apology; will give us another try."
		}
		text := fmt.Sprintf("Following up on %s (%s)", strings.ToLower(kind.summary[:1])+kind.summary[1:], is.Reference)
		// Every reason the planner could give this issue was seen to.
		for k, due := range []time.Time{first, resolved.AddDate(0, 0, r.SupportSecondDays+r.SuggestionFirstDays)} {
			f := shop.FollowUp{CustomerID: p.CustomerID, Due: due, Channel: shop.ChannelPhone, AssigneeID: who, Status: shop.StatusDone, Score: score, Notes: notes,
				Reasons: reason(fmt.Sprintf("issue:%d:%s", is.ID, []string{"first", "second"}[k]), "", text, 0, is.ID, 0, due)}
			f.Reasons[0].Rule = []string{shop.RuleSupportFirst, shop.RuleSupportSecond}[k]
			if k == 1 {
				f.Score, f.Notes = 0, "All still well."
			}
			if err := record(f); err != nil {
				return err
			}
		}
		// One in four issues got a promise ("I'll call you back in three days").
		if rng.IntN(4) != 0 {
			continue
		}
		pr := shop.Promise{CustomerID: p.CustomerID, IssueID: is.ID, Due: opened.AddDate(0, 0, 3), Channel: shop.ChannelPhone, AssigneeID: who,
			Note: "Promised to call back with an answer", CreatedAt: opened}
		if err := tx.AddPromise(&pr); err != nil {
			return fmt.Errorf("demo: year promise: %w", err)
		}
		f := shop.FollowUp{CustomerID: p.CustomerID, Due: pr.Due, Channel: shop.ChannelPhone, AssigneeID: who, Promised: true, Status: shop.StatusDone,
			Notes: "Called back as promised.", Reasons: reason(fmt.Sprintf("promise:%d", pr.ID), shop.RulePromise, pr.Note, 0, is.ID, pr.ID, pr.Due)}
		switch k := rng.IntN(10); {
		case k == 0: // broken: the day passed and it was given up
			f.Status, f.Notes = shop.StatusSkipped, "Forgot; the customer called us instead."
		case k < 3: // kept a day late
			f.CompletedAt = pr.Due.AddDate(0, 0, 1)
			f.Notes = "Called back a day late."
		}
		if err := record(f); err != nil {
			return err
		}
	}
	return nil
}
