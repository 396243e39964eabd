// Package replan keeps the stored plan: inside a write transaction it loads the
// planner's input for the customers asked (or the whole shop) with one query per
// table, runs planner.Plan, and writes back only what changed (save.go). The store
// calls it after every write; nothing else writes the follow-ups it plans.
package replan

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/tables"
)

// planHorizonDays is how far ahead an incremental re-plan looks at other customers'
// booked calls. It covers the longest rule (big-ticket at three months) with room.
const planHorizonDays = 400

// planContext is what every re-plan loads first.
type planContext struct {
	now      time.Time
	business shop.Business
	rules    shop.Rules
	staff    []shop.Staff
	since    time.Time // triggers before this cannot make a pending follow-up
	today    string    // shop-local date
}

func loadPlanContext(ctx context.Context, tx *sql.Tx, now time.Time) (planContext, error) {
	pc := planContext{now: now.UTC()}
	var err error
	if pc.business, err = tables.Business(ctx, tx); err != nil {
		return pc, fmt.Errorf("load the shop profile: %w", err)
	}
	if pc.rules, err = tables.Rules(ctx, tx); err != nil {
		return pc, fmt.Errorf("load the rules: %w", err)
	}
	if pc.staff, err = tables.Staff(ctx, tx); err != nil {
		return pc, fmt.Errorf("load the staff: %w", err)
	}
	pc.since = pc.now.AddDate(0, 0, -planner.LookbackDays(pc.rules))
	pc.today = tables.DayOf(pc.now, pc.business.Location())
	return pc, nil
}

// yesterday returns the bounds of the shop-local day before now.
func (pc planContext) yesterday() (time.Time, time.Time) {
	loc := pc.business.Location()
	n := pc.now.In(loc)
	end := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
	return end.AddDate(0, 0, -1), end
}

// The planner's inputs are loaded with one query per table for all the customers
// involved, never a query per customer: every customer (ids nil), one, or a list
// (passed as one JSON array, which SQLite reads with json_each).
type planLoad struct {
	ids []shop.ID
}

// where is the condition on col that keeps the customers of l; its argument is ?1.
func (l planLoad) where(col string) string {
	switch len(l.ids) {
	case 0:
		if l.ids == nil {
			return "1 = 1"
		}
		return "1 = 0"
	case 1:
		return col + " = ?1"
	}
	return col + " IN (SELECT value FROM json_each(?1))"
}

// args are where's argument (none for every customer), then extra.
func (l planLoad) args(extra ...any) []any {
	var out []any
	switch len(l.ids) {
	case 0:
	case 1:
		out = append(out, l.ids[0])
	default:
		out = append(out, tables.JSONIDs(l.ids))
	}
	return append(out, extra...)
}

// planCustomerCols are what the planner reads of a customer (planner.Customer),
// and what they have spent in all: a re-plan reads tens of thousands of customers
// (a million in a big shop), so whether there is an email address, a phone number,
// a street or a whole postal address is worked out in the query, and no text but
// kind, zone and channel comes back. The postal address is shop.Customer's
// HasPostalAddress: a street and a town or postal code, white space not counting.
var planCustomerCols = `id, kind, email <> '', phone <> '', address <> '', NOT ` + blank("address") + ` AND NOT (` + blank("city") + ` AND ` + blank("postal_code") + `),
	time_zone, preferred_channel, preferred_call_minute, evening_only, do_not_contact, lifetime_cents`

// blank is SQL that is true when col holds nothing but white space (the
// characters strings.TrimSpace takes away), in SQLite and in PostgreSQL alike.
// Only a column that starts with something other than a printable ASCII
// character is trimmed to tell: trimming every row's made the query of a million
// customers a third slower.
func blank(col string) string {
	return `(CASE WHEN ` + col + ` = '' THEN TRUE WHEN substr(` + col + `, 1, 1) BETWEEN '!' AND '~' THEN FALSE
		ELSE trim(` + col + `, '` + whiteSpace + `') = '' END)`
}

// whiteSpace is every character strings.TrimSpace trims: those unicode.IsSpace
// reports, Unicode's White_Space.
var whiteSpace = func() string {
	var b strings.Builder
	for _, r := range unicode.White_Space.R16 {
		for c := r.Lo; c <= r.Hi; c += r.Stride {
			b.WriteRune(rune(c))
		}
	}
	for _, r := range unicode.White_Space.R32 {
		for c := r.Lo; c <= r.Hi; c += r.Stride {
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}()

// planQuery is one of the SELECTs a re-plan reads the shop with. The floor that
// the re-plan benchmark measures runs the very same ones (planQueries).
type planQuery struct {
	what string // what it loads, for messages
	sql  string
	args []any
}

// planTriggers are the queries of what can make a follow-up: recent sales, active
// issues, unkept promises, outcomes recorded against a reason. Only the customers
// they name (and those asked for) have anything to plan.
func (pc planContext) planTriggers(l planLoad) []planQuery {
	since := tables.Unix(pc.since)
	// Issues active since the window opened: open, or opened, replied to, resolved or
	// billed since. For the whole shop the OR is spelled as a union of index ranges,
	// which SQLite would otherwise answer by scanning every issue ever logged.
	activeIssues := `WHERE ` + l.where("customer_id") + ` AND (resolved_at IS NULL OR opened_at >= ?2 OR replied_at >= ?2 OR resolved_at >= ?2 OR billing_date >= ?2)`
	if l.ids == nil {
		activeIssues = `WHERE id IN (SELECT id FROM issues WHERE resolved_at IS NULL UNION ALL SELECT id FROM issues WHERE opened_at >= ?1
			UNION ALL SELECT id FROM issues WHERE replied_at >= ?1 UNION ALL SELECT id FROM issues WHERE resolved_at >= ?1
			UNION ALL SELECT id FROM issues WHERE billing_date >= ?1)`
	}
	return []planQuery{
		{"sales", `SELECT ` + tables.PurchaseCols + ` FROM purchases WHERE ` + l.where("customer_id") + ` AND at >= ? ORDER BY at`, l.args(since)},
		// In no order: SQLite would sort a million-customer shop's active issues
		// (over 100,000) to order them by when they were opened, and the planner
		// needs each customer's in that order only (loadPlans sorts them so).
		{"issues", `SELECT ` + tables.IssueCols + ` FROM issues ` + activeIssues, l.args(since)},
		{"promises", `SELECT ` + tables.PromiseCols + ` FROM promises p WHERE ` + l.where("customer_id") + ` AND NOT EXISTS (SELECT 1 FROM followup_reasons r
			JOIN followups f ON f.id = r.followup_id WHERE r.promise_id = p.id AND f.status IN ('done', 'skipped')) ORDER BY due`, l.args()},
		{"overrides", `SELECT customer_id, key, not_before, pinned, attempts FROM overrides WHERE ` + l.where("customer_id"), l.args()},
	}
}

// planDetails are the queries of what the customers who have something to plan
// (c, an explicit list) are and have done. For a re-plan of the whole shop
// (whole), what they have done is read for every customer, and the rows of those
// without a plan are passed over: a list of half a million customers is a JSON
// text SQLite parses and then sorts into an index of its own for each query that
// names it, which took longer than the rows it kept out.
func (pc planContext) planDetails(c planLoad, whole bool) []planQuery {
	done := c
	if whole {
		done = planLoad{}
	}
	return []planQuery{
		{"customers", `SELECT ` + planCustomerCols + ` FROM customers WHERE ` + c.where("id") + ` ORDER BY id`, c.args()},
		{"contacts", `SELECT ` + tables.ContactCols + ` FROM contacts WHERE ` + done.where("customer_id") + ` AND at >= ? ORDER BY at DESC, id DESC`,
			done.args(tables.Unix(pc.now.AddDate(0, 0, -180)))},
		// Reasons already done or skipped are never planned again.
		{"completed follow-ups", `SELECT f.customer_id, r.key FROM followup_reasons r JOIN followups f ON f.id = r.followup_id
			WHERE ` + done.where("f.customer_id") + ` AND f.status IN ('done', 'skipped') AND (r.natural_due >= ? OR r.promise_id IS NOT NULL)`,
			done.args(tables.Unix(pc.since) - 30*86400)},
	}
}

// each runs q and calls scan for each row.
func each(ctx context.Context, tx *sql.Tx, q planQuery, scan func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, q.sql, q.args...)
	if err != nil {
		return fmt.Errorf("load %s: %w", q.what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("load %s: %w", q.what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load %s: %w", q.what, err)
	}
	return nil
}

// loadPlans loads the planner's input for the customers of l (every customer when
// l.ids is nil) and extra. A customer who has nothing that can make a follow-up is
// left out of a re-plan of every customer: their stored follow-ups, if any, go.
func loadPlans(ctx context.Context, tx *sql.Tx, pc planContext, l planLoad, extra ...shop.ID) ([]planner.CustomerPlan, planIndex, []shop.Purchase, error) {
	var purchases blocks[shop.Purchase]
	var issues blocks[shop.Issue]
	var promises []shop.Promise
	type override struct {
		cust shop.ID
		o    shop.Override
	}
	var overrides []override
	tq := pc.planTriggers(l)
	sc := &tables.RowScanner{}
	scans := []func(*sql.Rows) error{
		func(rows *sql.Rows) error { return sc.Purchase(rows, purchases.next()) },
		func(rows *sql.Rows) error { return sc.Issue(rows, issues.next()) },
		func(rows *sql.Rows) error {
			p, err := tables.ScanPromise(rows)
			promises = append(promises, p)
			return err
		},
		func(rows *sql.Rows) error {
			var ov override
			var nb, pin sql.NullInt64
			if err := rows.Scan(&ov.cust, &ov.o.Key, &nb, &pin, &ov.o.Attempts); err != nil {
				return err
			}
			if nb.Valid {
				ov.o.NotBefore = tables.FromUnix(nb.Int64)
			}
			if pin.Valid {
				ov.o.Pinned = tables.FromUnix(pin.Int64)
			}
			overrides = append(overrides, ov)
			return nil
		},
	}
	for i, q := range tq {
		if err := each(ctx, tx, q, scans[i]); err != nil {
			return nil, planIndex{}, nil, err
		}
	}

	ids := l.ids
	if ids == nil {
		ids = make([]shop.ID, 0, purchases.len()/2+len(extra))
		purchases.each(func(_ int, p *shop.Purchase) { ids = append(ids, p.CustomerID) })
		issues.each(func(_ int, is *shop.Issue) { ids = append(ids, is.CustomerID) })
		for _, p := range promises {
			ids = append(ids, p.CustomerID)
		}
		for _, ov := range overrides {
			ids = append(ids, ov.cust)
		}
	}
	ids = append(slices.Clone(ids), extra...)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	plans := make([]planner.CustomerPlan, 0, len(ids))
	if len(ids) == 0 {
		return plans, newPlanIndex(0, 0, 0), nil, nil
	}
	idx := newPlanIndex(len(ids), ids[0], ids[len(ids)-1])
	at := func(id shop.ID) *planner.CustomerPlan {
		if i, ok := idx.of(id); ok {
			return &plans[i]
		}
		return nil
	}
	dq := pc.planDetails(planLoad{ids: ids}, l.ids == nil)
	// Each customer is scanned into their plan: a customer of their own to scan
	// into, its address given to Scan, was moved to the heap for every row.
	var kind, zone, channel sql.RawBytes
	err := each(ctx, tx, dq[0], func(rows *sql.Rows) error {
		plans = append(plans, planner.CustomerPlan{})
		cp := &plans[len(plans)-1]
		c := &cp.Customer
		if err := rows.Scan(&c.ID, &kind, &c.HasEmail, &c.HasPhone, &c.HasStreet, &c.HasPostalAddress, &zone, &channel,
			&c.PreferredCallMinute, &c.EveningOnly, &c.DoNotContact, &cp.LifetimeCents); err != nil {
			return err
		}
		c.Kind, c.TimeZone, c.PreferredChannel = shop.CustomerKind(sc.Texts.Of(kind)), sc.Texts.Of(zone), shop.Channel(sc.Texts.Of(channel))
		idx.set(c.ID, len(plans)-1)
		return nil
	})
	if err != nil {
		return nil, planIndex{}, nil, err
	}
	sales := byCustomer(&purchases, func(p *shop.Purchase) shop.ID { return p.CustomerID }, &idx, len(plans),
		func(i int, part []shop.Purchase) { plans[i].Purchases = part })
	byCustomer(&issues, func(is *shop.Issue) shop.ID { return is.CustomerID }, &idx, len(plans),
		func(i int, part []shop.Issue) {
			slices.SortFunc(part, func(a, b shop.Issue) int {
				return cmp.Or(a.OpenedAt.Compare(b.OpenedAt), cmp.Compare(a.ID, b.ID))
			})
			plans[i].Issues = part
		})
	for _, p := range promises {
		if cp := at(p.CustomerID); cp != nil {
			cp.Promises = append(cp.Promises, p)
		}
	}
	for _, ov := range overrides {
		if cp := at(ov.cust); cp != nil {
			if cp.Overrides == nil {
				cp.Overrides = map[string]shop.Override{}
			}
			cp.Overrides[ov.o.Key] = ov.o
		}
	}
	err = each(ctx, tx, dq[1], func(rows *sql.Rows) error {
		c, err := tables.ScanContact(rows)
		if cp := at(c.CustomerID); cp != nil && len(cp.Contacts) < 20 {
			cp.Contacts = append(cp.Contacts, c)
		}
		return err
	})
	if err != nil {
		return nil, planIndex{}, nil, err
	}
	err = each(ctx, tx, dq[2], func(rows *sql.Rows) error {
		var cid shop.ID
		var key string
		if err := rows.Scan(&cid, &key); err != nil {
			return err
		}
		if cp := at(cid); cp != nil {
			if cp.Done == nil {
				cp.Done = map[string]bool{}
			}
			cp.Done[key] = true
		}
		return nil
	})
	if err != nil {
		return nil, planIndex{}, nil, err
	}
	return plans, idx, sales, nil
}

// byCustomer hands each plan (by its index in idx) its items, in their order, as
// parts of one new slice, and returns that slice: no slice per customer, and no
// item copied more than once.
func byCustomer[T any](items *blocks[T], custOf func(*T) shop.ID, idx *planIndex, plans int, set func(plan int, part []T)) []T {
	start := make([]int32, plans+1)
	planOf := make([]int32, items.len()) // each item's plan, -1 for none
	items.each(func(i int, it *T) {
		p, ok := idx.of(custOf(it))
		if !ok {
			planOf[i] = -1
			return
		}
		planOf[i] = int32(p)
		start[p+1]++
	})
	for p := 1; p <= plans; p++ {
		start[p] += start[p-1]
	}
	out := make([]T, start[plans])
	next := slices.Clone(start[:plans])
	items.each(func(i int, it *T) {
		if p := planOf[i]; p >= 0 {
			out[next[p]] = *it
			next[p]++
		}
	})
	for p := range plans {
		if lo, hi := start[p], start[p+1]; hi > lo {
			set(p, out[lo:hi:hi])
		}
	}
	return out
}

// relationshipQuery lists the customers who contacted the shop yesterday: they
// bought, opened an issue or got in touch (FOLLOWUP_RULES.md §1, relationship calls).
func (pc planContext) relationshipQuery() planQuery {
	from, to := pc.yesterday()
	return planQuery{"yesterday's contacts", `SELECT customer_id FROM purchases WHERE at >= ?1 AND at < ?2
		UNION SELECT customer_id FROM issues WHERE opened_at >= ?1 AND opened_at < ?2
		UNION SELECT customer_id FROM contacts WHERE direction = 'in' AND at >= ?1 AND at < ?2
		ORDER BY 1`, []any{tables.Unix(from), tables.Unix(to)}}
}

// relationshipCandidates are the customers who contacted the shop yesterday.
func relationshipCandidates(ctx context.Context, tx *sql.Tx, pc planContext) ([]shop.ID, error) {
	var ids []shop.ID
	err := each(ctx, tx, pc.relationshipQuery(), func(rows *sql.Rows) error {
		var id shop.ID
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	return ids, err
}

func markSampled(plans []planner.CustomerPlan, idx *planIndex, picked map[shop.ID]bool, purchases []shop.Purchase) {
	for _, p := range purchases {
		if !picked[p.ID] {
			continue
		}
		if i, ok := idx.of(p.CustomerID); ok {
			if plans[i].Sampled == nil {
				plans[i].Sampled = map[shop.ID]bool{}
			}
			plans[i].Sampled[p.ID] = true
		}
	}
}

func markRelationship(plans []planner.CustomerPlan, idx *planIndex, picks []shop.ID) {
	for _, id := range picks {
		if i, ok := idx.of(id); ok {
			plans[i].Relationship = true
		}
	}
}

// All re-plans every customer inside tx, as of now, and records the day the plan
// is for. It returns how many follow-ups are pending.
func All(ctx context.Context, tx *sql.Tx, now time.Time) (int, error) {
	pc, err := loadPlanContext(ctx, tx, now)
	if err != nil {
		return 0, err
	}
	cands, err := relationshipCandidates(ctx, tx, pc)
	if err != nil {
		return 0, err
	}
	related := planner.PickRelationship(pc.rules, pc.today, cands)
	plans, idx, all, err := loadPlans(ctx, tx, pc, planLoad{}, related...)
	if err != nil {
		return 0, err
	}
	markSampled(plans, &idx, planner.SampleSmallTicket(pc.rules, pc.business, all), all)
	markRelationship(plans, &idx, related)

	// The planner works in memory and the stored plan is read from the file: the
	// one runs beside the other (a second each at a million customers).
	var fus []shop.FollowUp
	planned := make(chan any, 1)
	go func() {
		defer func() { planned <- recover() }()
		fus = planner.Plan(planner.PlanInput{Now: pc.now, Business: pc.business, Rules: pc.rules, Staff: pc.staff, Customers: plans})
	}()
	sp, err := loadStoredPlan(ctx, tx, planLoad{})
	if p := <-planned; p != nil {
		panic(p) // the planner's, on the caller's goroutine
	}
	if err != nil {
		return 0, err
	}
	if err := sp.save(ctx, tx, pc.business.Location(), fus, &idx); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE plan_state SET day = ? WHERE id = 1`, pc.today); err != nil {
		return 0, fmt.Errorf("record the day of the plan: %w", err)
	}
	return len(fus), nil
}

// Day is the shop-local day the stored plan was made for.
func Day(ctx context.Context, q tables.Queryer) (string, error) {
	var day string
	err := q.QueryRowContext(ctx, `SELECT day FROM plan_state WHERE id = 1`).Scan(&day)
	return day, err
}

// fullReplanShare: a re-plan of this share of the shop's customers or more is done
// as a full re-plan, which costs about as much and restores the strict priority
// order across customers; fewer than fullReplanMin customers never are.
const (
	fullReplanShare = 4 // a quarter
	fullReplanMin   = 64
)

// Customer re-plans one customer inside tx (Customers).
func Customer(ctx context.Context, tx *sql.Tx, now time.Time, id shop.ID) error {
	return Customers(ctx, tx, now, []shop.ID{id})
}

// Customers re-plans the customers ids inside tx, fitting their calls around
// the calls already booked for everyone else, and keeps the stored plan current:
// when it was made for an earlier day, the whole shop is re-planned instead.
//
// The day's random picks are drawn among everyone (the small-ticket sample among a
// day's buyers, relationship calls among yesterday's contacts), so a new sale or
// contact can move another customer in or out of them: whoever that moves is
// re-planned too, and the picks stored for the days not drawn again are kept. A
// full re-plan (at the day's first start, or when the rules change) restores the
// strict priority order across customers.
func Customers(ctx context.Context, tx *sql.Tx, now time.Time, ids []shop.ID) error {
	pc, err := loadPlanContext(ctx, tx, now)
	if err != nil {
		return err
	}
	if day, err := Day(ctx, tx); err != nil {
		return err
	} else if day != pc.today {
		_, err := All(ctx, tx, now)
		return err
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil
	}
	if len(ids) >= fullReplanMin {
		var last shop.ID
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM customers`).Scan(&last); err != nil {
			return err
		}
		if int64(len(ids))*fullReplanShare >= last {
			_, err := All(ctx, tx, now)
			return err
		}
	}
	plans, _, all, err := loadPlans(ctx, tx, pc, planLoad{ids: ids})
	if err != nil {
		return err
	}
	if len(plans) == 0 {
		return fmt.Errorf("customer %d: %w", ids[0], tables.ErrNotFound)
	}
	stored, err := storedPicks(ctx, tx, pc)
	if err != nil {
		return err
	}
	drawn, err := drawPicks(ctx, tx, pc, plans, stored)
	if err != nil {
		return err
	}
	// Whoever the new draw moves in or out of the picks is re-planned too.
	if more := drawn.moved(stored, ids); len(more) > 0 {
		extra, _, sales, err := loadPlans(ctx, tx, pc, planLoad{ids: more})
		if err != nil {
			return err
		}
		plans = append(plans, extra...)
		all = append(all, sales...)
		ids = append(ids, more...)
		slices.Sort(ids)
	}
	idx := indexPlans(plans)
	markSampled(plans, &idx, drawn.sampled(stored), all)
	markRelationship(plans, &idx, drawn.relationship(stored))

	booked, err := bookedCalls(ctx, tx, pc, planLoad{ids: ids})
	if err != nil {
		return err
	}
	fus := planner.Plan(planner.PlanInput{Now: pc.now, Business: pc.business, Rules: pc.rules, Staff: pc.staff, Customers: plans, Booked: booked})
	return savePlan(ctx, tx, pc.business.Location(), fus, planLoad{ids: ids}, &idx)
}

// bookedCalls counts the pending calls per shop-local day, from today to the
// horizon, of the customers other than those of l.
func bookedCalls(ctx context.Context, tx *sql.Tx, pc planContext, l planLoad) (map[string]int, error) {
	booked := map[string]int{}
	// where's ?1 comes first, so that the days are ?2 and ?3 (a bare ? after it
	// would be numbered 1 again).
	// followups_day holds the pending phone calls only, and SQLite, which keeps
	// no statistics, would otherwise go through every pending follow-up.
	rows, err := tx.QueryContext(ctx, `SELECT day, count(*) FROM followups INDEXED BY followups_day WHERE NOT (`+l.where("customer_id")+`)
		AND status = 'pending' AND channel = 'phone' AND day >= ? AND day <= ? GROUP BY day`,
		l.args(pc.today, tables.DayOf(pc.now.AddDate(0, 0, planHorizonDays), pc.business.Location()))...)
	if err != nil {
		return nil, fmt.Errorf("load booked calls: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return nil, err
		}
		booked[d] = n
	}
	return booked, rows.Err()
}

// picks are the random picks as stored (the pending sample and relationship
// reasons) or as drawn again.
type picks struct {
	// samples maps each sampled purchase to its customer; days are the shop-local
	// days whose sample this holds (nil: every day it names).
	samples map[shop.ID]shop.ID
	days    map[string]bool
	// related are today's relationship picks; relDrawn says whether they were drawn.
	related    map[shop.ID]bool
	relDrawn   bool
	sampleDays map[shop.ID]string // stored: the shop-local day of each sampled purchase
}

// storedPicks reads the picks the stored plan holds: the sampled purchases of its
// pending small-ticket calls and the customers of today's pending relationship calls.
func storedPicks(ctx context.Context, tx *sql.Tx, pc planContext) (picks, error) {
	p := picks{samples: map[shop.ID]shop.ID{}, related: map[shop.ID]bool{}, sampleDays: map[shop.ID]string{}}
	rows, err := tx.QueryContext(ctx, `SELECT f.customer_id, r.rule, r.key, coalesce(r.purchase_id, 0), coalesce(pu.at, 0)
		FROM followup_reasons r JOIN followups f ON f.id = r.followup_id LEFT JOIN purchases pu ON pu.id = r.purchase_id
		WHERE r.rule IN ('small_sample', 'relationship') AND f.status = 'pending'`)
	if err != nil {
		return p, fmt.Errorf("load the stored picks: %w", err)
	}
	defer rows.Close()
	loc := pc.business.Location()
	today := "relationship:" + pc.today
	for rows.Next() {
		var cust, purchase shop.ID
		var rule, key string
		var at int64
		if err := rows.Scan(&cust, &rule, &key, &purchase, &at); err != nil {
			return p, err
		}
		switch {
		case rule == shop.RuleSmallSample && purchase != 0:
			p.samples[purchase] = cust
			p.sampleDays[purchase] = tables.DayOf(tables.FromUnix(at), loc)
		case rule == shop.RuleRelationship && key == today:
			p.related[cust] = true
		}
	}
	return p, rows.Err()
}

// drawPicks draws again the picks that the customers of plans take part in: the
// small-ticket sample of each day on which one of them bought small since the
// sample can still make a call (among all of that day's buyers), and today's
// relationship calls when one of them contacted the shop yesterday or holds one.
func drawPicks(ctx context.Context, tx *sql.Tx, pc planContext, plans []planner.CustomerPlan, stored picks) (picks, error) {
	d := picks{samples: map[shop.ID]shop.ID{}, days: map[string]bool{}, related: map[shop.ID]bool{}}
	loc := pc.business.Location()
	sampleFrom := pc.now.AddDate(0, 0, -(pc.rules.LapseDays + 2))
	var buyers []shop.Purchase
	for _, cp := range plans {
		for _, p := range cp.Purchases {
			day := tables.DayOf(p.At, loc)
			if planner.IsBigTicket(pc.business, &p) || p.At.Before(sampleFrom) || d.days[day] {
				continue
			}
			d.days[day] = true
			t := p.At.In(loc)
			start := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
			ps, err := tables.SalesBetween(ctx, tx, start, start.AddDate(0, 0, 1))
			if err != nil {
				return d, err
			}
			buyers = append(buyers, ps...)
		}
	}
	cust := make(map[shop.ID]shop.ID, len(buyers))
	for _, p := range buyers {
		cust[p.ID] = p.CustomerID
	}
	for id := range planner.SampleSmallTicket(pc.rules, pc.business, buyers) {
		d.samples[id] = cust[id]
	}
	// Relationship calls are picked among yesterday's contacts: only a customer who
	// was one of them (or was picked before) can be moved in or out.
	from, to := pc.yesterday()
	for _, cp := range plans {
		if contactedIn(cp, from, to) || stored.related[cp.Customer.ID] {
			d.relDrawn = true
			break
		}
	}
	if d.relDrawn {
		cands, err := relationshipCandidates(ctx, tx, pc)
		if err != nil {
			return d, err
		}
		for _, id := range planner.PickRelationship(pc.rules, pc.today, cands) {
			d.related[id] = true
		}
	}
	return d, nil
}

// moved lists the customers, other than those of ids (sorted), whom the draw d
// moves in or out of the picks stored.
func (d picks) moved(stored picks, ids []shop.ID) []shop.ID {
	seen := map[shop.ID]bool{}
	add := func(c shop.ID) {
		if _, in := slices.BinarySearch(ids, c); !in && c != 0 {
			seen[c] = true
		}
	}
	for pid, c := range d.samples {
		if _, ok := stored.samples[pid]; !ok {
			add(c)
		}
	}
	for pid, c := range stored.samples {
		if _, ok := d.samples[pid]; !ok && d.days[stored.sampleDays[pid]] {
			add(c)
		}
	}
	if d.relDrawn {
		for c := range d.related {
			if !stored.related[c] {
				add(c)
			}
		}
		for c := range stored.related {
			if !d.related[c] {
				add(c)
			}
		}
	}
	out := make([]shop.ID, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// sampled is the sample to plan with: the draw for the days drawn again, the stored
// picks for the others.
func (d picks) sampled(stored picks) map[shop.ID]bool {
	out := make(map[shop.ID]bool, len(d.samples))
	for pid := range d.samples {
		out[pid] = true
	}
	for pid := range stored.samples {
		if !d.days[stored.sampleDays[pid]] {
			out[pid] = true
		}
	}
	return out
}

// relationship is today's relationship picks to plan with: drawn again, or stored.
func (d picks) relationship(stored picks) []shop.ID {
	src := stored.related
	if d.relDrawn {
		src = d.related
	}
	out := make([]shop.ID, 0, len(src))
	for c := range src {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// contactedIn reports whether the customer bought, opened an issue or got in touch
// in [from, to).
func contactedIn(cp planner.CustomerPlan, from, to time.Time) bool {
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	for _, p := range cp.Purchases {
		if in(p.At) {
			return true
		}
	}
	for _, is := range cp.Issues {
		if in(is.OpenedAt) {
			return true
		}
	}
	for _, c := range cp.Contacts {
		if c.Direction == shop.Inbound && in(c.At) {
			return true
		}
	}
	return false
}
