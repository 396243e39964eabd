package report

import (
	"fmt"
	"math"

	"github.com/rapport-app/rapport/data/shop"
)

// Windows are the days after a sale in which a buyer's next purchases are
// counted (the "bought again within 30/90 days").
var Windows = []int{30, 90}

// Arm is one group of buyers in one window.
type Arm struct {
	Label string `json:"label"`
	// Buyers counts the buyers whose window had ended by now; BoughtAgain those
	// of them who bought again within it.
	Buyers      int `json:"buyers"`
	BoughtAgain int `json:"bought_again"`
	// Share is the share who bought again (0–1) and SpendCents the spend per
	// buyer in the window, each with its 95 % interval; both are weighted in the
	// randomised comparison (see Comparison).
	Share      Estimate `json:"share_bought_again"`
	SpendCents Estimate `json:"spend_per_buyer_cents"`
}

// Window compares the two groups over one window.
type Window struct {
	Days   int `json:"days"`
	Called Arm `json:"called"`
	Others Arm `json:"others"`
	// ShareDiff is Called minus Others, in shares (0.10 is ten points), and
	// SpendDiffCents the same for the spend per buyer.
	ShareDiff      Estimate `json:"share_difference"`
	SpendDiffCents Estimate `json:"spend_difference_cents"`
	// Enough is false while the data are too few for the interval to mean
	// anything; MoreSales is then about how many more sales of this kind it needs.
	Enough    bool `json:"enough_data"`
	MoreSales int  `json:"more_sales_needed,omitempty"`
	// Verdict says it in one sentence.
	Verdict string `json:"verdict"`
}

// Comparison is buyers who got a call against buyers who did not.
type Comparison struct {
	Title string `json:"title"`
	// Randomised is true when chance alone decided who was called: then a
	// difference is the effect of the call. When false, called and not reached
	// customers may differ in other ways, and a difference shows an association
	// only.
	Randomised bool `json:"randomised"`
	// Called and Others are how the groups are made up, in words.
	Called string `json:"called"`
	Others string `json:"others"`
	// Units is how many buyers each group has in all (windows ended or not), and
	// Reached how many of the called were reached (a call done).
	CalledBuyers int      `json:"called_buyers"`
	OtherBuyers  int      `json:"other_buyers"`
	Reached      int      `json:"reached"`
	Windows      []Window `json:"windows"`
	// Note is set when there is nothing to compare, and says why.
	Note string `json:"note,omitempty"`
}

// DoesItPay holds the two comparisons.
type DoesItPay struct {
	Sample    Comparison `json:"random_sample"`
	BigTicket Comparison `json:"big_ticket"`
}

// unit is one buyer in a comparison: their first sale of the kind in the period.
type unit struct {
	cust    shop.ID
	sale    *shop.Purchase
	day     int
	treated bool
	weight  float64
}

// doesItPay measures what following up brings in. The planner calls a seeded
// random sample of each day's small-ticket buyers the next day
// (planner.SampleSmallTicket, drawn again here from the stored sales and rules,
// which give the same draw whatever was done since), so the buyers not drawn are
// a fair comparison group. Everyone drawn counts as called whether or not the call
// got through (intention to treat): leaving out the unreached would compare the
// easy-to-reach with everyone. Each buyer counts once, at their first small-ticket
// sale of the period.
//
// Days differ in how likely a buyer was to be drawn (the daily cap binds on busy
// days), so each buyer is weighted by the inverse of their chance: a day where
// only 2 % were called weighs its called buyers more and its others less.
//
// Big-ticket buyers are all meant to be called; those called are compared with
// those not reached, which is not randomised: a customer who picks up the phone
// may be a keener customer anyway.
func (c *calc) doesItPay() DoesItPay {
	return DoesItPay{Sample: c.sampleComparison(), BigTicket: c.bigTicketComparison()}
}

func (c *calc) sampleComparison() Comparison {
	cmp := Comparison{Title: "Next-day calls to a random sample of small-ticket buyers", Randomised: true,
		Called: fmt.Sprintf("drawn for a next-day call (%d %% of each day's small-ticket buyers, at most %d a day), reached or not",
			c.in.Rules.SmallSamplePercent, c.in.Rules.SmallSampleMaxDay),
		Others: "small-ticket buyers not drawn"}
	if c.in.Rules.SmallSamplePercent <= 0 || c.in.Rules.SmallSampleMaxDay <= 0 {
		cmp.Note = "The shop calls no random sample (Settings: small-ticket buyers called next day), so there is nothing to compare."
		return cmp
	}
	drawn := c.in.Drawn
	// Buyers per day, as the draw counts them: one per customer and day. The
	// sales are in time order, so a customer's sales of one day come together.
	perDay := map[int]int{}
	lastDay := map[shop.ID]int{}
	first := map[shop.ID]*unit{}
	var units []*unit
	for i := range c.in.Sales {
		p := &c.in.Sales[i]
		if p.CustomerID == 0 || !c.inPeriod(p.At) || c.in.BigTicket[p.ID] {
			continue
		}
		d := c.saleDay[i]
		if last, ok := lastDay[p.CustomerID]; !ok || last != d {
			perDay[d]++
			lastDay[p.CustomerID] = d
		}
		u := first[p.CustomerID]
		if u == nil {
			u = &unit{cust: p.CustomerID, sale: p, day: d, treated: drawn[p.ID]}
			first[p.CustomerID] = u
			units = append(units, u)
		} else if u.day == d && !u.treated && drawn[p.ID] {
			// The buyer's first day; on it, the sale that was drawn, if any.
			u.sale, u.treated = p, true
		}
	}
	r := c.in.Rules
	for _, u := range units {
		n := float64(perDay[u.day])
		// The chance to be drawn on the day: the percent of the day's buyers,
		// capped (planner.SampleSmallTicket; its draw settles a fraction of a
		// buyer by chance, so the expected share is exact).
		pi := min(n*float64(r.SmallSamplePercent)/100, float64(r.SmallSampleMaxDay)) / n
		pi = min(pi, 1)
		if u.treated {
			u.weight = 1 / pi
		} else if pi < 1 {
			u.weight = 1 / (1 - pi)
		}
	}
	reached := c.reached(shop.RuleSmallSample)
	c.compare(&cmp, units, reached, "Called (random sample)", "Not drawn")
	return cmp
}

func (c *calc) bigTicketComparison() Comparison {
	cmp := Comparison{Title: "Big-ticket buyers: called vs not reached", Randomised: false,
		Called: "big-ticket buyers whose first call was done", Others: "big-ticket buyers not reached (no answer, skipped or not called)"}
	if c.in.Business.BigTicketCents <= 0 {
		cmp.Note = "No big-ticket threshold is set (Settings), so no sale is big-ticket."
		return cmp
	}
	reached := c.reached(shop.RuleBigTicketWeek)
	seen := map[shop.ID]bool{}
	var units []*unit
	for i := range c.in.Sales {
		p := &c.in.Sales[i]
		if p.CustomerID == 0 || !c.inPeriod(p.At) || !c.in.BigTicket[p.ID] || seen[p.CustomerID] {
			continue
		}
		seen[p.CustomerID] = true
		units = append(units, &unit{cust: p.CustomerID, sale: p, day: c.saleDay[i], treated: reached[p.ID], weight: 1})
	}
	c.compare(&cmp, units, reached, "Called", "Not reached")
	return cmp
}

// reached lists the sales whose follow-up by rule was done.
func (c *calc) reached(rule string) map[shop.ID]bool {
	out := map[shop.ID]bool{}
	for _, f := range c.in.FollowUps {
		if f.Status != shop.StatusDone {
			continue
		}
		for _, r := range f.Reasons {
			if r.Rule == rule && r.PurchaseID != 0 {
				out[r.PurchaseID] = true
			}
		}
	}
	return out
}

// compare fills the windows of cmp from its units.
func (c *calc) compare(cmp *Comparison, units []*unit, reached map[shop.ID]bool, calledLabel, othersLabel string) {
	// Each buyer's sales in time order, for what they bought afterwards: first
	// holds the index into in.Sales of a buyer's first sale, next that of the sale
	// after each (-1 for none): a list per buyer without a slice per buyer.
	first := make(map[shop.ID]int32, len(units))
	for _, u := range units {
		first[u.cust] = -1
		if u.treated {
			cmp.CalledBuyers++
			if reached[u.sale.ID] {
				cmp.Reached++
			}
		} else {
			cmp.OtherBuyers++
		}
	}
	next := make([]int32, len(c.in.Sales))
	last := make(map[shop.ID]int32, len(units))
	for i := range c.in.Sales {
		cust := c.in.Sales[i].CustomerID
		f, ok := first[cust]
		if !ok {
			continue
		}
		next[i] = -1
		if f < 0 {
			first[cust] = int32(i)
		} else {
			next[last[cust]] = int32(i)
		}
		last[cust] = int32(i)
	}
	if cmp.CalledBuyers+cmp.OtherBuyers == 0 {
		cmp.Note = "No such sales in this period."
	}
	for _, w := range Windows {
		ts, tc, ss, sc := newWeighted(len(units)), newWeighted(len(units)), newWeighted(len(units)), newWeighted(len(units))
		win := Window{Days: w, Called: Arm{Label: calledLabel}, Others: Arm{Label: othersLabel}}
		for _, u := range units {
			// The window is the w days after the day of the sale, and must have
			// ended before today.
			if u.day+w >= c.today || u.weight == 0 {
				continue
			}
			var bought bool
			var spend int64
			for i := first[u.cust]; i >= 0; i = next[i] {
				if d := c.saleDay[i]; d > u.day && d <= u.day+w {
					bought = true
					spend += c.in.Sales[i].AmountCents
				}
			}
			arm, share, sp := &win.Others, tc, sc
			if u.treated {
				arm, share, sp = &win.Called, ts, ss
			}
			arm.Buyers++
			y := 0.0
			if bought {
				arm.BoughtAgain++
				y = 1
			}
			share.add(u.weight, y)
			sp.add(u.weight, float64(spend))
		}
		pt, set := ts.mean()
		pc, sec := tc.mean()
		mt, semt := ss.mean()
		mc, semc := sc.mean()
		win.Called.Share = interval(pt, set)
		win.Others.Share = interval(pc, sec)
		win.Called.SpendCents = interval(mt, semt)
		win.Others.SpendCents = interval(mc, semc)
		win.ShareDiff = diff(pt, set, pc, sec)
		win.SpendDiffCents = diff(mt, semt, mc, semc)
		win.Enough, win.MoreSales = enough(&win, cmp.CalledBuyers, cmp.OtherBuyers, c.in.Rules)
		win.Verdict = verdict(cmp, &win)
		cmp.Windows = append(cmp.Windows, win)
	}
}

func interval(m, se float64) Estimate {
	return Estimate{Value: m, Low: m - z95*se, High: m + z95*se}
}

// enough decides whether a window has the data for its interval to mean
// something, and if not about how many more sales of the kind it needs.
func enough(w *Window, called, others int, r shop.Rules) (bool, int) {
	t, o := w.Called, w.Others
	ok := t.Buyers > 0 && o.Buyers > 0 &&
		min(t.BoughtAgain, t.Buyers-t.BoughtAgain, o.BoughtAgain, o.Buyers-o.BoughtAgain) >= minEvents &&
		(w.ShareDiff.High-w.ShareDiff.Low)/2 <= maxHalfWidth
	if ok {
		return true, 0
	}
	// The mix of called and others so far, else the sample's share.
	frac := float64(r.SmallSamplePercent) / 100
	if called+others > 0 && called > 0 && others > 0 {
		frac = float64(called) / float64(called+others)
	}
	// The shares so far, pooled when a group has none yet.
	pooled := 0.2
	if n := t.Buyers + o.Buyers; n > 0 && t.BoughtAgain+o.BoughtAgain > 0 {
		pooled = float64(t.BoughtAgain+o.BoughtAgain) / float64(n)
	}
	pt, po := pooled, pooled
	if t.Buyers >= minEvents {
		pt = t.Share.Value
	}
	if o.Buyers >= minEvents {
		po = o.Share.Value
	}
	need := unitsNeeded(frac, pt, po) - (t.Buyers + o.Buyers)
	return false, roundUp(max(need, 10))
}

// verdict says what a window shows, in one sentence an owner reads.
func verdict(cmp *Comparison, w *Window) string {
	if !w.Enough {
		return fmt.Sprintf("Too few sales to tell yet: about %s more are needed before the %d-day comparison means something.", thousands(w.MoreSales), w.Days)
	}
	d := w.ShareDiff
	pts := func(v float64) string { return fmt.Sprintf("%.0f", math.Abs(v*100)) }
	var s string
	switch {
	case d.Low > 0:
		s = fmt.Sprintf("%.0f %% of the called bought again within %d days against %.0f %% of the others: %s points more (95 %% interval %+.0f to %+.0f).",
			w.Called.Share.Value*100, w.Days, w.Others.Share.Value*100, pts(d.Value), d.Low*100, d.High*100)
	case d.High < 0:
		s = fmt.Sprintf("%.0f %% of the called bought again within %d days against %.0f %% of the others: %s points fewer (95 %% interval %+.0f to %+.0f).",
			w.Called.Share.Value*100, w.Days, w.Others.Share.Value*100, pts(d.Value), d.Low*100, d.High*100)
	default:
		s = fmt.Sprintf("%.0f %% of the called bought again within %d days against %.0f %% of the others; the difference (95 %% interval %+.0f to %+.0f points) may be chance.",
			w.Called.Share.Value*100, w.Days, w.Others.Share.Value*100, d.Low*100, d.High*100)
	}
	if !cmp.Randomised {
		s += " Not randomised: the customers reached may differ from the others in other ways."
	}
	return s
}

// thousands prints n with comma separators.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
