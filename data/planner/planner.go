package planner

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// This file is the planner's spine: Plan walks every customer, turns their
// purchases, issues, promises and relationship pick into reasons
// (planner_reasons.go), times each reason by the rules of FOLLOWUP_RULES.md §3
// (planner_time.go), merges a customer's reasons of one day into a single follow-up,
// and finally fits the calls into the owner's daily block (planner_capacity.go).

// Plan turns the input into the pending follow-ups, sorted by Due then CustomerID.
// Pure and deterministic: the same input always gives the same output, and nothing
// outside the input (clock, randomness, zone of the machine) is consulted.
func Plan(in PlanInput) []shop.FollowUp {
	p := newPlanner(in)
	var fus []*pfu
	for i := range in.Customers {
		fus = p.planCustomer(i, fus)
	}
	if limit := in.Rules.CallsPerDay(); limit > 0 {
		p.applyCapacity(fus, limit)
	}
	// The pointers are sorted, not the follow-ups (a sort moves its elements
	// about n·log n times, and a follow-up is twenty-odd words), with the order
	// they were made in as the last key: the same order as a stable sort by due
	// time and customer, without a stable sort's extra passes.
	live := fus[:0]
	for _, f := range fus {
		if !f.dead {
			live = append(live, f)
		}
	}
	slices.SortFunc(live, func(a, b *pfu) int {
		if c := a.fu.Due.Compare(b.fu.Due); c != 0 {
			return c
		}
		if c := cmp.Compare(a.fu.CustomerID, b.fu.CustomerID); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	out := make([]shop.FollowUp, len(live))
	for i, f := range live {
		out[i] = f.fu
	}
	return out
}

// planner holds what every customer's planning shares.
type planner struct {
	in        PlanInput
	r         shop.Rules
	now       time.Time
	shopLoc   *time.Location
	shopZone  string // zone name used for customers without a valid zone of their own
	shopToday int
	staff     staffIndex
	dayWin    callWindow
	eveWin    callWindow
	// purchaseHorizon: a purchase before it cannot make a live reason (LookbackDays),
	// so the ~99 % of old
	// purchases cost one comparison. Overrides can revive old reasons, so a customer
	// with overrides gets no shortcut.
	purchaseHorizon time.Time
	// labels are the days reasons have named (dayLabel), by the day and the
	// year it is named in: a re-plan names the same few hundred days in hundreds
	// of thousands of reasons.
	labels map[[2]int]string
	// cc is the state of the customer being planned, used again for the next one
	// with its list of reasons (group copies what it keeps): one of each per
	// customer was 140 MB of a million-customer re-plan's allocations.
	cc custCtx
}

func newPlanner(in PlanInput) *planner {
	r := in.Rules
	p := &planner{
		in:     in,
		r:      r,
		now:    in.Now.UTC(),
		staff:  newStaffIndex(in.Staff),
		dayWin: newCallWindow(r, false),
		eveWin: newCallWindow(r, true),
	}
	p.shopLoc, p.shopZone = time.UTC, "UTC"
	if loc := p.zone(in.Business.TimeZone); loc != nil {
		p.shopLoc, p.shopZone = loc, in.Business.TimeZone
	}
	p.shopToday = localDay(p.now, p.shopLoc)
	p.purchaseHorizon = p.now.AddDate(0, 0, -LookbackDays(r))
	return p
}

// zone is the customer's (or shop's) zone, nil for an empty or unknown name.
func (p *planner) zone(name string) *time.Location {
	loc, _ := shop.LoadZone(name)
	return loc
}

// staffIndex answers the "who" questions of FOLLOWUP_RULES.md §4.
type staffIndex struct {
	byID    map[shop.ID]shop.Staff
	active  []shop.ID // active staff, by ID
	seniors []shop.ID // active seniors, by ID
}

func newStaffIndex(staff []shop.Staff) staffIndex {
	s := staffIndex{byID: make(map[shop.ID]shop.Staff, len(staff))}
	for _, st := range staff {
		s.byID[st.ID] = st
		if st.Active {
			s.active = append(s.active, st.ID)
			if st.Senior {
				s.seniors = append(s.seniors, st.ID)
			}
		}
	}
	slices.Sort(s.active)
	slices.Sort(s.seniors)
	s.active = slices.Compact(s.active)
	s.seniors = slices.Compact(s.seniors)
	return s
}

func (s staffIndex) isActive(id shop.ID) bool { return id != 0 && s.byID[id].Active }

func (s staffIndex) isSenior(id shop.ID) bool { return s.isActive(id) && s.byID[id].Senior }

// spread picks one of list for a customer: the same person every time for the same
// customer, different customers spread evenly, and no randomness.
func spread(list []shop.ID, customer shop.ID) shop.ID {
	if len(list) == 0 {
		return 0
	}
	i := customer % int64(len(list))
	if i < 0 {
		i += int64(len(list))
	}
	return list[i]
}

// fallback is the §4 order after "the person who handled it": a senior, else anyone.
func (s staffIndex) fallback(customer shop.ID) shop.ID {
	if id := spread(s.seniors, customer); id != 0 {
		return id
	}
	return spread(s.active, customer)
}

// forIssue: the person who handled the issue most recently if still active; an
// escalated issue goes to a senior (its handler if they are one).
func (s staffIndex) forIssue(is *shop.Issue, customer shop.ID) shop.ID {
	if is.Escalated {
		if s.isSenior(is.HandledBy) {
			return is.HandledBy
		}
		return s.fallback(customer)
	}
	if s.isActive(is.HandledBy) {
		return is.HandledBy
	}
	return s.fallback(customer)
}

// forPurchase: whoever made the sale if still active, else a senior, else anyone.
func (s staffIndex) forPurchase(pu *shop.Purchase, customer shop.ID) shop.ID {
	if s.isActive(pu.SoldBy) {
		return pu.SoldBy
	}
	return s.fallback(customer)
}

// forRelationship: a senior other than the one who looked after the customer last, so
// that customers come to know more than one person in the shop (§4, seed 002).
func (s staffIndex) forRelationship(customer, recent shop.ID) shop.ID {
	others := func(list []shop.ID) []shop.ID {
		out := make([]shop.ID, 0, len(list))
		for _, id := range list {
			if id != recent {
				out = append(out, id)
			}
		}
		return out
	}
	for _, list := range [][]shop.ID{others(s.seniors), s.seniors, others(s.active), s.active} {
		if id := spread(list, customer); id != 0 {
			return id
		}
	}
	return 0
}

// custCtx is one customer's planning state.
type custCtx struct {
	p           *planner
	idx         int
	cp          *CustomerPlan
	c           *Customer
	loc         *time.Location
	zone        string
	today       int // customer-local civil day of Now
	win         *callWindow
	business    bool
	openProblem bool
	sendMinute  int // -1 until worked out
	cands       []cand
}

// cand is one reason on its way to a follow-up.
type cand struct {
	r         shop.Reason
	natDay    int       // customer-local civil day the rule wants
	trigger   time.Time // never planned before the event that caused it
	ch        shop.Channel
	want      int  // wanted local minute, for phone calls
	anyDay    bool // exempt from the email/letter weekday rule (thank-yous)
	promise   bool
	pinned    bool
	fixedAt   time.Time // the owner's time (promise or pin); zero otherwise
	notBefore time.Time
	openIssue bool // belongs to an open issue: never lapses
	assignee  shop.ID

	slot    time.Time
	day     int // customer-local civil day of slot
	overdue bool
	prio    int
}

// pfu is a follow-up while it is being planned.
type pfu struct {
	fu      shop.FollowUp
	cust    int // index into PlanInput.Customers
	spend   int64
	loc     *time.Location
	win     *callWindow
	custDay int // customer-local civil day of Due
	want    int // wanted minute of the call, kept when capacity moves it
	fixed   bool

	// Capacity bookkeeping (planner_capacity.go).
	shopDay     int
	dead        bool         // merged into another follow-up
	carried     bool         // bumped off a full day, waiting for a day with room
	lastCustDay int          // the customer day it was bumped from
	heapIdx     int          // position in its capacity queue, -1 when not queued
	home        *minuteQueue // the group queue it waits in; nil for the day's queue
	seq         int          // creation order, the final tie-break
}

func (p *planner) planCustomer(i int, fus []*pfu) []*pfu {
	cp := &p.in.Customers[i]
	c := &cp.Customer
	if c.DoNotContact {
		return fus // absolute: not even promises (model.go, Customer.DoNotContact)
	}
	cc := &p.cc
	*cc = custCtx{p: p, idx: i, cp: cp, c: c, sendMinute: -1, cands: cc.cands[:0]}
	cc.loc, cc.zone = p.shopLoc, p.shopZone
	if loc := p.zone(c.TimeZone); loc != nil {
		cc.loc, cc.zone = loc, c.TimeZone
	}
	cc.today = localDay(p.now, cc.loc)
	cc.win = &p.dayWin
	if c.EveningOnly {
		cc.win = &p.eveWin
	}
	cc.business = c.isBusiness(p.in.Business)
	for j := range cp.Issues {
		if is := &cp.Issues[j]; is.Open() && needsFollowUp(is) {
			cc.openProblem = true
			break
		}
	}

	cc.purchaseReasons()
	cc.issueReasons()
	cc.promiseReasons()
	cc.relationshipReason()
	if len(cc.cands) == 0 {
		return fus
	}
	return cc.group(fus)
}

// needsFollowUp: trivial issues may be left alone, except escalations and complaints,
// which always get a follow-up (000 "Little Things Part 8").
func needsFollowUp(is *shop.Issue) bool {
	return !is.Trivial || is.Escalated || is.Type == shop.IssueComplaint
}

// quickLapse lets the reason generators skip an old trigger before building its key
// and text; add applies the full rule (it knows the overrides).
func (cc *custCtx) quickLapse(natDay int, protected bool) bool {
	return !protected && len(cc.cp.Overrides) == 0 && cc.today-natDay > cc.p.r.LapseDays
}

// add applies Done, Overrides and the lapse rule to a reason, times it, and keeps it.
func (cc *custCtx) add(cd cand) {
	p := cc.p
	if cc.cp.Done[cd.r.Key] {
		return
	}
	if ov, ok := cc.cp.Overrides[cd.r.Key]; ok {
		if !ov.Pinned.IsZero() {
			cd.pinned, cd.fixedAt = true, ov.Pinned
		} else if !ov.NotBefore.IsZero() {
			cd.notBefore = ov.NotBefore
			// A retry of a promise (no answer) is planned from NotBefore like any
			// other reason, and stays a promise.
			if cd.promise && ov.NotBefore.After(cd.fixedAt) {
				cd.fixedAt = time.Time{}
			}
		}
		if cd.ch == shop.ChannelPhone && !cd.pinned {
			// Calls nobody answered, as many as the rules allow: write instead.
			cd.ch = retryChannel(p.r, cc.c, ov.Attempts)
		}
	}
	// Promises and pinned times are the owner's word; reasons of an open issue must
	// not be forgotten while it is open. Everything else lapses LapseDays after its
	// natural day, or after a retry date the outcome of an earlier attempt set.
	if !cd.promise && !cd.pinned && !cd.openIssue {
		eff := cd.natDay
		if !cd.notBefore.IsZero() {
			eff = max(eff, localDay(cd.notBefore, cc.loc))
		}
		if cc.today-eff > p.r.LapseDays {
			return
		}
	}

	if !cd.fixedAt.IsZero() {
		cd.slot = cd.fixedAt
		cd.overdue = cd.fixedAt.Before(p.now)
	} else {
		earliest := laterOf(laterOf(p.now, cd.trigger), cd.notBefore)
		earliest = laterOf(earliest, atMinute(cd.natDay, 0, cc.loc))
		if cd.ch == shop.ChannelPhone {
			// No window at all (settings Validate rejects) leaves earliest as is.
			cd.slot, _ = cc.win.next(cc.loc, earliest, cd.want)
		} else {
			cd.slot = sendSlot(earliest, cd.natDay, cc.sendMinuteOf(), cc.business, cd.anyDay, cc.loc)
		}
		cd.overdue = cc.missed(&cd)
	}
	switch {
	case cc.openProblem:
		cd.prio = shop.PriorityOpenProblem
	case cd.promise:
		cd.prio = shop.PriorityPromise
	case cd.overdue:
		cd.prio = shop.PriorityOverdue
	default:
		cd.prio = shop.PriorityRoutine
	}
	cd.slot = cd.slot.UTC()
	cd.day = localDay(cd.slot, cc.loc)
	cc.cands = append(cc.cands, cd)
}

// missed reports a reason that could have been done on an earlier day and was
// not: the first time the rules allowed for it, on or after its natural day (and
// a retry's date), fell on a day before today. A call moved off a Sunday, or a
// retry planned for today, is not overdue.
func (cc *custCtx) missed(cd *cand) bool {
	first := laterOf(laterOf(cd.trigger, cd.notBefore), atMinute(cd.natDay, 0, cc.loc))
	if localDay(first, cc.loc) >= cc.today {
		return false
	}
	var t time.Time
	if cd.ch == shop.ChannelPhone {
		t, _ = cc.win.next(cc.loc, first, cd.want)
	} else {
		t = sendSlot(first, cd.natDay, cc.sendMinuteOf(), cc.business, cd.anyDay, cc.loc)
	}
	return localDay(t, cc.loc) < cc.today
}

// importance orders a day's reasons for choosing the follow-up's channel and time:
// the owner's word first (promise, then pin), then calls, emails, letters.
func importance(cd *cand) int {
	switch {
	case cd.promise:
		return 0
	case cd.pinned:
		return 1
	}
	switch cd.ch {
	case shop.ChannelPhone:
		return 2
	case shop.ChannelEmail:
		return 3
	}
	return 4
}

func compareCands(a, b *cand) int {
	if c := cmp.Compare(a.day, b.day); c != 0 {
		return c
	}
	if c := cmp.Compare(importance(a), importance(b)); c != 0 {
		return c
	}
	if c := a.slot.Compare(b.slot); c != 0 {
		return c
	}
	if c := a.r.NaturalDue.Compare(b.r.NaturalDue); c != 0 {
		return c
	}
	return cmp.Compare(a.r.Key, b.r.Key)
}

// group merges the customer's reasons of one customer-local day into one follow-up
// ("don't bother anyone": never twice in one day). The most important reason leads:
// its channel, time and assignee are the follow-up's, and it comes first in Reasons.
func (cc *custCtx) group(fus []*pfu) []*pfu {
	slices.SortFunc(cc.cands, func(a, b cand) int { return compareCands(&a, &b) })
	for i := 0; i < len(cc.cands); {
		j := i + 1
		for j < len(cc.cands) && cc.cands[j].day == cc.cands[i].day {
			j++
		}
		run := cc.cands[i:j]
		lead := &run[0]
		f := &pfu{
			fu: shop.FollowUp{
				CustomerID: cc.c.ID,
				Due:        lead.slot,
				TimeZone:   cc.zone,
				Channel:    lead.ch,
				AssigneeID: lead.assignee,
				Priority:   shop.PriorityRoutine,
				Status:     shop.StatusPending,
				Reasons:    make([]shop.Reason, 0, len(run)),
			},
			cust:    cc.idx,
			spend:   cc.cp.LifetimeCents,
			loc:     cc.loc,
			win:     cc.win,
			custDay: lead.day,
			want:    lead.want,
			heapIdx: -1,
			seq:     len(fus),
		}
		for k := range run {
			cd := &run[k]
			f.fu.Reasons = append(f.fu.Reasons, cd.r)
			f.fu.Priority = min(f.fu.Priority, cd.prio)
			f.fu.Promised = f.fu.Promised || cd.promise
			f.fu.Overdue = f.fu.Overdue || cd.overdue
			f.fixed = f.fixed || cd.promise || cd.pinned
		}
		f.fixed = f.fixed || f.fu.Priority == shop.PriorityOpenProblem
		fus = append(fus, f)
		i = j
	}
	return fus
}

// sendMinuteOf is when this customer's emails and letters go out: a little before the
// time they usually reply (§3), else the shop's default send time.
func (cc *custCtx) sendMinuteOf() int {
	if cc.sendMinute >= 0 {
		return cc.sendMinute
	}
	r := cc.p.r
	cc.sendMinute = normMinute(r.DefaultSendMinute)
	if m, ok := cc.usualReplyMinute(); ok {
		cc.sendMinute = normMinute(m - r.BeforeReplyMinutes)
	}
	return cc.sendMinute
}

// usualReplyMinute is the average local time of day of the customer's inbound
// emails. It is a circular mean, so replies at 23:50 and 00:10 average to midnight
// rather than noon.
func (cc *custCtx) usualReplyMinute() (int, bool) {
	var sx, sy float64
	n := 0
	for _, ct := range cc.cp.Contacts {
		if ct.Direction != shop.Inbound || ct.Channel != shop.ChannelEmail || ct.At.IsZero() {
			continue
		}
		m := float64(secondOfDay(ct.At.In(cc.loc))) / 60
		a := 2 * math.Pi * m / minutesPerDay
		sx += math.Cos(a)
		sy += math.Sin(a)
		n++
	}
	if n == 0 || math.Hypot(sx, sy) < 1e-9*float64(n) {
		return 0, false // no replies, or replies spread evenly round the clock
	}
	a := math.Atan2(sy, sx)
	return normMinute(int(math.Round(a * minutesPerDay / (2 * math.Pi)))), true
}

// wantMinute is the local minute a call about trigger should come at: the
// customer's stated preference, else the time of day of the trigger (§3 "call at
// about the time of day the customer contacted you").
func (cc *custCtx) wantMinute(trigger time.Time) int {
	if cc.c.PreferredCallMinute >= 0 {
		return normMinute(cc.c.PreferredCallMinute)
	}
	if trigger.IsZero() {
		return normMinute(cc.p.r.DefaultCallMinute)
	}
	return secondOfDay(trigger.In(cc.loc)) / 60
}

// outbound maps how a customer reached the shop to how the shop answers (§2 "same
// medium"): a visit is answered by phone, a web order by email.
func outbound(ch shop.Channel) shop.Channel {
	switch ch {
	case shop.ChannelEmail, shop.ChannelWeb:
		return shop.ChannelEmail
	case shop.ChannelLetter:
		return shop.ChannelLetter
	}
	return shop.ChannelPhone
}

// reachable falls back from a channel the customer cannot be reached on: no email
// address → phone, else letter; no phone number → email, else letter; no postal
// address → email, else phone.
func (cc *custCtx) reachable(ch shop.Channel) shop.Channel {
	c := cc.c
	switch ch {
	case shop.ChannelEmail:
		if c.HasEmail {
			return shop.ChannelEmail
		}
		if c.HasPhone {
			return shop.ChannelPhone
		}
		return shop.ChannelLetter
	case shop.ChannelPhone:
		if c.HasPhone {
			return shop.ChannelPhone
		}
		if c.HasEmail {
			return shop.ChannelEmail
		}
		return shop.ChannelLetter
	}
	if !c.HasStreet {
		if c.HasEmail {
			return shop.ChannelEmail
		}
		if c.HasPhone {
			return shop.ChannelPhone
		}
	}
	return shop.ChannelLetter
}

// channelFor: the customer's stated preference, else the medium they used.
func (cc *custCtx) channelFor(used shop.Channel) shop.Channel {
	if cc.c.PreferredChannel != "" {
		return cc.reachable(outbound(cc.c.PreferredChannel))
	}
	return cc.reachable(outbound(used))
}

// keyOf builds a reason key such as "purchase:42:thanks".
func keyOf(kind string, id shop.ID, rule string) string {
	b := make([]byte, 0, len(kind)+len(rule)+22)
	b = append(b, kind...)
	b = append(b, ':')
	b = strconv.AppendInt(b, id, 10)
	if rule != "" {
		b = append(b, ':')
		b = append(b, rule...)
	}
	return string(b)
}
