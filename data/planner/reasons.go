package planner

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapport-app/rapport/data/shop"
)

// This file turns triggers into reasons (FOLLOWUP_RULES.md §1): which rule fires,
// on which customer-local day, on which channel, for whom, and with a purpose line
// that names the specific sale or issue (§5: "Is the issue with your account's email
// resolved?", never "Is your issue resolved?").

// purchaseReasons: a thank-you for every sale, two calls after a big-ticket one, and
// a next-day call for a sampled small-ticket one (seed 002).
func (cc *custCtx) purchaseReasons() {
	p := cc.p
	r := p.r
	shortcut := len(cc.cp.Overrides) == 0
	for i := range cc.cp.Purchases {
		pu := &cc.cp.Purchases[i]
		if shortcut && pu.At.Before(p.purchaseHorizon) {
			continue
		}
		at := pu.At.In(cc.loc)
		day := daysFromCivil(at.Date())
		sec := secondOfDay(at)
		assignee := p.staff.forPurchase(pu, cc.c.ID)
		item := quoted(pu.Items)
		bought := cc.dayLabel(day)

		if nd := day + r.ThankYouDays; !cc.quickLapse(nd, false) {
			text := "Thank you for your purchase on " + bought
			if item != "" {
				text = "Thank you for buying " + item + " on " + bought
			}
			cc.add(cand{
				r:        cc.purchaseReason(pu, "thanks", shop.RuleThankYou, text, nd, sec),
				natDay:   nd,
				trigger:  pu.At,
				ch:       cc.thankYouChannel(pu),
				anyDay:   true, // "immediately after": not held back for a send day
				assignee: assignee,
			})
		}

		what := item
		if what == "" {
			what = "your purchase"
		} else {
			what = "the " + what
		}
		call := func(suffix, rule string, days int, text string) {
			nd := day + days
			if cc.quickLapse(nd, false) {
				return
			}
			cc.add(cand{
				r:        cc.purchaseReason(pu, suffix, rule, text, nd, sec),
				natDay:   nd,
				trigger:  pu.At,
				ch:       cc.callChannel(),
				want:     cc.wantMinute(pu.At),
				assignee: assignee,
			})
		}
		if IsBigTicket(p.in.Business, pu) {
			call("big1", shop.RuleBigTicketWeek, r.BigTicketWeekDays, fmt.Sprintf("How is %s bought on %s working out? (%s call)", what, bought, spanLabel(r.BigTicketWeekDays)))
			call("big2", shop.RuleBigTicketQuarter, r.BigTicketSecondDays, fmt.Sprintf("Is %s bought on %s still serving you well? (%s call)", what, bought, spanLabel(r.BigTicketSecondDays)))
		} else if cc.cp.Sampled[pu.ID] {
			call("sample", shop.RuleSmallSample, 1, fmt.Sprintf("Quick check on %s bought on %s: is all well?", what, bought))
		}
	}
}

func (cc *custCtx) purchaseReason(pu *shop.Purchase, suffix, rule, text string, natDay, sec int) shop.Reason {
	return shop.Reason{
		Key:        keyOf("purchase", pu.ID, suffix),
		Rule:       rule,
		Text:       text,
		PurchaseID: pu.ID,
		NaturalDue: atSecond(natDay, sec, cc.loc).UTC(),
	}
}

// thankYouChannel: a thank-you is a note, never a call (§1): email when the sale
// came by email or web or the customer prefers email, a letter otherwise.
func (cc *custCtx) thankYouChannel(pu *shop.Purchase) shop.Channel {
	c := cc.c
	byEmail := pu.Channel == shop.ChannelEmail || pu.Channel == shop.ChannelWeb
	if c.PreferredChannel != "" {
		switch outbound(c.PreferredChannel) {
		case shop.ChannelEmail:
			byEmail = true
		case shop.ChannelLetter:
			byEmail = false
		}
	}
	switch {
	case byEmail && c.HasEmail:
		return shop.ChannelEmail
	case !c.HasStreet && c.HasEmail:
		return shop.ChannelEmail // no postal address to send a letter to
	}
	return shop.ChannelLetter
}

// callChannel is for the rules that say "call" (big-ticket, small sample,
// relationship): phone unless the customer prefers another medium.
func (cc *custCtx) callChannel() shop.Channel {
	if cc.c.PreferredChannel != "" {
		return cc.reachable(outbound(cc.c.PreferredChannel))
	}
	return cc.reachable(shop.ChannelPhone)
}

// issueReasons applies the issue timeframes of §1 ("Part 2: How long"), counted from
// when the issue was resolved, else replied to, else opened (left inactive).
func (cc *custCtx) issueReasons() {
	r := cc.p.r
	for i := range cc.cp.Issues {
		is := &cc.cp.Issues[i]
		if !needsFollowUp(is) {
			continue
		}
		anchor := is.OpenedAt
		if is.RepliedAt != nil {
			anchor = *is.RepliedAt
		}
		if is.ResolvedAt != nil {
			anchor = *is.ResolvedAt
		}
		replied := is.OpenedAt
		if is.RepliedAt != nil {
			replied = *is.RepliedAt
		}
		ib := &issueBase{cc: cc, is: is}
		// Purpose lines are written only for reasons that survive the lapse check:
		// most of a shop's issues are long settled.
		switch is.Type {
		case shop.IssueSalesInquiry:
			ib.add("first", shop.RuleSalesFirst, anchor, r.SalesFirstDays, func(subj, ref string) string {
				return "Your inquiry " + subj + ": any questions left before you decide?" + ref
			})
			ib.add("second", shop.RuleSalesSecond, anchor, r.SalesSecondDays, func(subj, ref string) string {
				return "Your inquiry " + subj + ", some weeks on: can we help you decide?" + ref
			})
		case shop.IssueSupport:
			ib.add("first", shop.RuleSupportFirst, anchor, r.SupportFirstDays, func(subj, ref string) string {
				return "Is the issue " + subj + " resolved?" + ref
			})
			if is.Complicated {
				ib.add("second", shop.RuleSupportSecond, anchor, r.SupportSecondDays, func(subj, ref string) string {
					return "Is everything still working since the issue " + subj + "?" + ref
				})
			}
		case shop.IssueBilling:
			first := ib.add("first", shop.RuleBillingFirst, anchor, r.BillingFirstDays, func(subj, ref string) string {
				return "Is the billing question " + subj + " settled?" + ref
			})
			if is.BillingDate != nil {
				// The billing date is read as a date in the customer's zone, the
				// way it is entered and imported.
				bd := localDay(*is.BillingDate, cc.loc)
				if nd := bd - r.BillingBeforePeriod; nd > first {
					ib.addOn("second", shop.RuleBillingBeforePeriod, nd, secondOfDay(is.OpenedAt.In(cc.loc)), func(subj, ref string) string {
						return "Before the billing period starting " + cc.dayLabel(bd) + ": is everything right after the billing question " + subj + "?" + ref
					})
				}
			}
		case shop.IssueComplaint:
			ib.add("first", shop.RuleComplaintUpdate, replied, r.ComplaintUpdateDays, func(subj, ref string) string {
				return "Complaint " + subj + ": an update on what we did" + ref
			})
			ib.add("second", shop.RuleComplaintProgress, is.OpenedAt, r.ComplaintProgressDays, func(subj, ref string) string {
				return "Complaint " + subj + " made on " + cc.dayLabel(localDay(is.OpenedAt, cc.loc)) + ": a progress report" + ref
			})
		case shop.IssueSuggestion:
			first := ib.add("first", shop.RuleSuggestionFirst, replied, r.SuggestionFirstDays, func(subj, ref string) string {
				return "Your suggestion " + subj + ": our answer and what happens next" + ref
			})
			ib.addOn("second", shop.RuleSuggestionProgress, first+r.SuggestionProgressDays, secondOfDay(replied.In(cc.loc)), func(subj, ref string) string {
				return "Your suggestion " + subj + ": a progress report" + ref
			})
		default: // miscellaneous, and any type this version does not know
			ib.add("first", shop.RuleMiscFirst, anchor, r.MiscFirstDays, func(subj, ref string) string {
				if is.Summary == "" {
					subj = "your contact " + subj
				}
				return "Following up on " + subj + ref
			})
		}
	}
}

// issueBase makes the reasons of one issue.
type issueBase struct {
	cc       *custCtx
	is       *shop.Issue
	subj     string
	ref      string
	haveSubj bool
}

// add makes the reason due `days` after base (at base's local time of day) and
// returns its natural day, which later rules of the same issue count from.
func (ib *issueBase) add(suffix, rule string, base time.Time, days int, text func(subj, ref string) string) int {
	lb := base.In(ib.cc.loc)
	nd := daysFromCivil(lb.Date()) + days
	ib.addOn(suffix, rule, nd, secondOfDay(lb), text)
	return nd
}

func (ib *issueBase) addOn(suffix, rule string, natDay, sec int, text func(subj, ref string) string) {
	cc, is := ib.cc, ib.is
	open := is.Open()
	if cc.quickLapse(natDay, open) {
		return
	}
	if !ib.haveSubj {
		ib.subj, ib.ref, ib.haveSubj = cc.issueSubject(is), refSuffix(is.Reference), true
	}
	cc.add(cand{
		r: shop.Reason{
			Key:        keyOf("issue", is.ID, suffix),
			Rule:       rule,
			Text:       text(ib.subj, ib.ref),
			IssueID:    is.ID,
			Reference:  is.Reference,
			NaturalDue: atSecond(natDay, sec, cc.loc).UTC(),
		},
		natDay:    natDay,
		trigger:   is.OpenedAt,
		ch:        cc.channelFor(is.Channel),
		want:      cc.wantMinute(is.OpenedAt),
		openIssue: open,
		assignee:  cc.p.staff.forIssue(is, cc.c.ID),
	})
}

// promiseReasons: a promise is due exactly when the owner said (§1 "Do what you
// say"); it never lapses and capacity never moves it.
func (cc *custCtx) promiseReasons() {
	for i := range cc.cp.Promises {
		pr := &cc.cp.Promises[i]
		ch := shop.ChannelPhone
		if pr.Channel != "" {
			ch = outbound(pr.Channel)
		}
		var is *shop.Issue
		if pr.IssueID != 0 {
			for j := range cc.cp.Issues {
				if cc.cp.Issues[j].ID == pr.IssueID {
					is = &cc.cp.Issues[j]
					break
				}
			}
		}
		text := "Promised follow-up"
		reason := shop.Reason{Key: keyOf("promise", pr.ID, ""), Rule: shop.RulePromise, PromiseID: pr.ID, IssueID: pr.IssueID, NaturalDue: pr.Due.UTC()}
		if is != nil {
			text += " on the issue " + cc.issueSubject(is) + refSuffix(is.Reference)
			reason.Reference = is.Reference
		}
		if note := oneLine(pr.Note); note != "" {
			text += ": " + note
		}
		reason.Text = text
		// The person who made the promise keeps it, unless they have left; a
		// promise escalated because it was broken is the senior's (PromiseGrace).
		assignee := pr.AssigneeID
		if cc.p.staff.isActive(pr.EscalatedTo) {
			assignee = pr.EscalatedTo
		}
		if st, known := cc.p.staff.byID[assignee]; assignee == 0 || known && !st.Active {
			if is != nil {
				assignee = cc.p.staff.forIssue(is, cc.c.ID)
			} else {
				assignee = cc.p.staff.fallback(cc.c.ID)
			}
		}
		cc.add(cand{
			r:         reason,
			natDay:    localDay(pr.Due, cc.loc),
			ch:        ch,
			want:      secondOfDay(pr.Due.In(cc.loc)) / 60,
			promise:   true,
			anyDay:    true, // a promise retried by email is not held for a send day
			fixedAt:   pr.Due,
			openIssue: is != nil && is.Open(),
			assignee:  assignee,
		})
	}
}

// relationshipReason: today's courtesy call (seeds 001, 002), by a senior who is not
// the person who looked after the customer last.
func (cc *custCtx) relationshipReason() {
	if !cc.cp.Relationship {
		return
	}
	p := cc.p
	var lastIn, lastStaffAt time.Time
	var recent shop.ID
	for _, ct := range cc.cp.Contacts {
		if ct.Direction == shop.Inbound && ct.At.After(lastIn) {
			lastIn = ct.At
		}
		if ct.StaffID != 0 && ct.At.After(lastStaffAt) {
			lastStaffAt, recent = ct.At, ct.StaffID
		}
	}
	if recent == 0 {
		var last time.Time
		for _, is := range cc.cp.Issues {
			if is.HandledBy != 0 && !is.OpenedAt.Before(last) {
				last, recent = is.OpenedAt, is.HandledBy
			}
		}
	}
	want := cc.wantMinute(lastIn)
	cc.add(cand{
		r: shop.Reason{
			Key:        "relationship:" + dayString(p.shopToday),
			Rule:       shop.RuleRelationship,
			Text:       "Courtesy call to keep in touch, with no sales intent: how are things going?",
			NaturalDue: atMinute(cc.today, want, cc.loc).UTC(),
		},
		natDay:   cc.today,
		ch:       cc.callChannel(),
		want:     want,
		assignee: p.staff.forRelationship(cc.c.ID, recent),
	})
}

// issueSubject names an issue for a purpose line: its summary in quotes, or the day
// it was raised when there is no summary.
func (cc *custCtx) issueSubject(is *shop.Issue) string {
	if s := quoted(is.Summary); s != "" {
		return s
	}
	return "of " + cc.dayLabel(localDay(is.OpenedAt, cc.loc))
}

// dayLabel prints a customer-local day as "12 Nov", with the year when it is not
// this year.
func (cc *custCtx) dayLabel(day int) string {
	ty, _, _ := civilFromDays(cc.today)
	key := [2]int{day, ty}
	if s, ok := cc.p.labels[key]; ok {
		return s
	}
	y, m, d := civilFromDays(day)
	s := fmt.Sprintf("%d %s", d, m.String()[:3])
	if y != ty {
		s = fmt.Sprintf("%d %s %d", d, m.String()[:3], y)
	}
	if cc.p.labels == nil {
		cc.p.labels = map[[2]int]string{}
	}
	cc.p.labels[key] = s
	return s
}

// quoted puts a free-text name in quotes on one line, cut to a length a call list
// can show; "" for an empty name.
func quoted(s string) string {
	s = oneLine(s)
	if s == "" {
		return ""
	}
	const maxRunes = 60
	if utf8.RuneCountInString(s) > maxRunes {
		rs := []rune(s)
		s = strings.TrimRight(string(rs[:maxRunes-1]), " ") + "…"
	}
	return `"` + s + `"`
}

// oneLine is s with its runs of white space made single spaces and none at either
// end. Most texts (a sale's items, an issue's summary) are so already and are
// returned as they are, without the copy a re-plan would otherwise make of each.
func oneLine(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c != ' ' && asciiSpace(c) || c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// asciiSpace reports whether c is one of the ASCII white space characters
// strings.Fields splits at.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func refSuffix(ref string) string {
	if ref = strings.TrimSpace(ref); ref == "" {
		return ""
	}
	return " (ref " + ref + ")"
}

// spanLabel names a rule's delay the way people say it: "1-week", "3-month", "10-day".
func spanLabel(days int) string {
	switch {
	case days >= 28:
		return fmt.Sprintf("%d-month", int(math.Round(float64(days)/30.44)))
	case days > 0 && days%7 == 0:
		return fmt.Sprintf("%d-week", days/7)
	}
	return fmt.Sprintf("%d-day", days)
}
