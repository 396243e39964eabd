package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
)

// planHorizonDays is how far ahead an incremental re-plan looks at other customers'
// booked calls. It covers the longest rule (big-ticket at three months) with room.
const planHorizonDays = 400

// Replan plans every customer's follow-ups afresh in one transaction and returns
// how many are pending. Completed follow-ups are history and stay as they are.
func (s *Store) Replan(ctx context.Context) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = s.replanAll(ctx, tx)
		return err
	})
	return n, err
}

// planContext is what every re-plan loads first.
type planContext struct {
	now      time.Time
	business shop.Business
	rules    shop.Rules
	staff    []shop.Staff
	since    time.Time // triggers before this cannot make a pending follow-up
	today    string    // shop-local date
}

func (s *Store) loadPlanContext(ctx context.Context, tx *sql.Tx) (planContext, error) {
	pc := planContext{now: s.Now().UTC()}
	var err error
	if pc.business, err = getBusiness(ctx, tx); err != nil {
		return pc, fmt.Errorf("load the shop profile: %w", err)
	}
	if pc.rules, err = getRules(ctx, tx); err != nil {
		return pc, fmt.Errorf("load the rules: %w", err)
	}
	if pc.staff, err = getStaff(ctx, tx); err != nil {
		return pc, fmt.Errorf("load the staff: %w", err)
	}
	pc.since = pc.now.AddDate(0, 0, -planner.LookbackDays(pc.rules))
	pc.today = dayOf(pc.now, pc.business.Location())
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
// involved, filtered by custFilter ("" for all, or "= ?" with its argument), never
// a query per customer.
type planLoad struct {
	custFilter string
	args       []any
}

func (l planLoad) where(col string) string {
	if l.custFilter == "" {
		return "1"
	}
	return col + " " + l.custFilter
}

func (s *Store) loadPlans(ctx context.Context, tx *sql.Tx, pc planContext, l planLoad) ([]planner.CustomerPlan, map[shop.ID]int, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM customers WHERE `+l.where("id"), l.args...).Scan(&n); err != nil {
		return nil, nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+customerCols+` FROM customers WHERE `+l.where("id")+` ORDER BY id`, l.args...)
	if err != nil {
		return nil, nil, err
	}
	plans := make([]planner.CustomerPlan, 0, n)
	idx := make(map[shop.ID]int, n)
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		idx[c.ID] = len(plans)
		plans = append(plans, planner.CustomerPlan{Customer: c})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	at := func(id shop.ID) *planner.CustomerPlan {
		if i, ok := idx[id]; ok {
			return &plans[i]
		}
		return nil
	}
	since := unix(pc.since)
	args := func(extra ...any) []any { return append(append([]any{}, l.args...), extra...) }

	purchases, err := queryPurchases(ctx, tx, `WHERE `+l.where("customer_id")+` AND at >= ? ORDER BY at`, args(since)...)
	if err != nil {
		return nil, nil, fmt.Errorf("load sales: %w", err)
	}
	for _, p := range purchases {
		if cp := at(p.CustomerID); cp != nil {
			cp.Purchases = append(cp.Purchases, p)
		}
	}
	// Issues active since the window opened: open, or opened, replied to, resolved or
	// billed since. For the whole shop the OR is spelled as a union of index ranges,
	// which SQLite would otherwise answer by scanning every issue ever logged.
	activeIssues := `WHERE customer_id = ? AND (resolved_at IS NULL OR opened_at >= ?2 OR replied_at >= ?2 OR resolved_at >= ?2 OR billing_date >= ?2)`
	if l.custFilter == "" {
		activeIssues = `WHERE id IN (SELECT id FROM issues WHERE resolved_at IS NULL UNION ALL SELECT id FROM issues WHERE opened_at >= ?1
			UNION ALL SELECT id FROM issues WHERE replied_at >= ?1 UNION ALL SELECT id FROM issues WHERE resolved_at >= ?1
			UNION ALL SELECT id FROM issues WHERE billing_date >= ?1)`
	}
	issues, err := queryIssues(ctx, tx, activeIssues+` ORDER BY opened_at, id`, args(since)...)
	if err != nil {
		return nil, nil, fmt.Errorf("load issues: %w", err)
	}
	for _, is := range issues {
		if cp := at(is.CustomerID); cp != nil {
			cp.Issues = append(cp.Issues, is)
		}
	}
	promises, err := queryPromises(ctx, tx, `WHERE `+l.where("customer_id")+` AND NOT EXISTS (SELECT 1 FROM followup_reasons r
		JOIN followups f ON f.id = r.followup_id WHERE r.promise_id = p.id AND f.status IN ('done', 'skipped')) ORDER BY due`, args()...)
	if err != nil {
		return nil, nil, fmt.Errorf("load promises: %w", err)
	}
	for _, p := range promises {
		if cp := at(p.CustomerID); cp != nil {
			cp.Promises = append(cp.Promises, p)
		}
	}
	contacts, err := queryContacts(ctx, tx, `WHERE `+l.where("customer_id")+` AND at >= ? ORDER BY at DESC, id DESC`, args(unix(pc.now.AddDate(0, 0, -180)))...)
	if err != nil {
		return nil, nil, fmt.Errorf("load contacts: %w", err)
	}
	for _, c := range contacts {
		if cp := at(c.CustomerID); cp != nil && len(cp.Contacts) < 20 {
			cp.Contacts = append(cp.Contacts, c)
		}
	}

	// Reasons already done or skipped are never planned again.
	rows, err = tx.QueryContext(ctx, `SELECT f.customer_id, r.key FROM followup_reasons r JOIN followups f ON f.id = r.followup_id
		WHERE `+l.where("f.customer_id")+` AND f.status IN ('done', 'skipped') AND (r.natural_due >= ? OR r.promise_id IS NOT NULL)`, args(since-30*86400)...)
	if err != nil {
		return nil, nil, fmt.Errorf("load completed follow-ups: %w", err)
	}
	for rows.Next() {
		var cid shop.ID
		var key string
		if err := rows.Scan(&cid, &key); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if cp := at(cid); cp != nil {
			if cp.Done == nil {
				cp.Done = map[string]bool{}
			}
			cp.Done[key] = true
		}
	}
	rows.Close()

	rows, err = tx.QueryContext(ctx, `SELECT customer_id, key, not_before, pinned, attempts FROM overrides WHERE `+l.where("customer_id"), args()...)
	if err != nil {
		return nil, nil, fmt.Errorf("load overrides: %w", err)
	}
	for rows.Next() {
		var cid shop.ID
		var o shop.Override
		var nb, pin sql.NullInt64
		if err := rows.Scan(&cid, &o.Key, &nb, &pin, &o.Attempts); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if nb.Valid {
			o.NotBefore = fromUnix(nb.Int64)
		}
		if pin.Valid {
			o.Pinned = fromUnix(pin.Int64)
		}
		if cp := at(cid); cp != nil {
			if cp.Overrides == nil {
				cp.Overrides = map[string]shop.Override{}
			}
			cp.Overrides[o.Key] = o
		}
	}
	rows.Close()

	rows, err = tx.QueryContext(ctx, `SELECT customer_id, sum(amount_cents) FROM purchases WHERE `+l.where("customer_id")+` GROUP BY customer_id`, args()...)
	if err != nil {
		return nil, nil, fmt.Errorf("load lifetime spend: %w", err)
	}
	for rows.Next() {
		var cid shop.ID
		var sum int64
		if err := rows.Scan(&cid, &sum); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if cp := at(cid); cp != nil {
			cp.LifetimeCents = sum
		}
	}
	rows.Close()
	return plans, idx, rows.Err()
}

// relationshipCandidates are the customers who contacted the shop yesterday: they
// bought, opened an issue or got in touch (FOLLOWUP_RULES.md §1, relationship calls).
func relationshipCandidates(ctx context.Context, tx *sql.Tx, pc planContext) ([]shop.ID, error) {
	from, to := pc.yesterday()
	rows, err := tx.QueryContext(ctx, `SELECT customer_id FROM purchases WHERE at >= ?1 AND at < ?2
		UNION SELECT customer_id FROM issues WHERE opened_at >= ?1 AND opened_at < ?2
		UNION SELECT customer_id FROM contacts WHERE direction = 'in' AND at >= ?1 AND at < ?2
		ORDER BY 1`, unix(from), unix(to))
	if err != nil {
		return nil, fmt.Errorf("load yesterday's contacts: %w", err)
	}
	defer rows.Close()
	var ids []shop.ID
	for rows.Next() {
		var id shop.ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func markSampled(plans []planner.CustomerPlan, idx map[shop.ID]int, picked map[shop.ID]bool, purchases []shop.Purchase) {
	for _, p := range purchases {
		if !picked[p.ID] {
			continue
		}
		if i, ok := idx[p.CustomerID]; ok {
			if plans[i].Sampled == nil {
				plans[i].Sampled = map[shop.ID]bool{}
			}
			plans[i].Sampled[p.ID] = true
		}
	}
}

func markRelationship(plans []planner.CustomerPlan, idx map[shop.ID]int, picks []shop.ID) {
	for _, id := range picks {
		if i, ok := idx[id]; ok {
			plans[i].Relationship = true
		}
	}
}

// replanAll re-plans every customer inside tx.
func (s *Store) replanAll(ctx context.Context, tx *sql.Tx) (int, error) {
	pc, err := s.loadPlanContext(ctx, tx)
	if err != nil {
		return 0, err
	}
	plans, idx, err := s.loadPlans(ctx, tx, pc, planLoad{})
	if err != nil {
		return 0, err
	}
	var all []shop.Purchase
	for _, cp := range plans {
		all = append(all, cp.Purchases...)
	}
	markSampled(plans, idx, planner.SampleSmallTicket(pc.rules, pc.business, all), all)
	cands, err := relationshipCandidates(ctx, tx, pc)
	if err != nil {
		return 0, err
	}
	markRelationship(plans, idx, planner.PickRelationship(pc.rules, pc.today, cands))

	fus := planner.Plan(planner.PlanInput{Now: pc.now, Business: pc.business, Rules: pc.rules, Staff: pc.staff, Customers: plans})
	if _, err := tx.ExecContext(ctx, `DELETE FROM followups WHERE status = 'pending'`); err != nil {
		return 0, fmt.Errorf("clear pending follow-ups: %w", err)
	}
	if err := insertFollowUps(ctx, tx, pc.business.Location(), fus); err != nil {
		return 0, err
	}
	return len(fus), nil
}

// replanCustomer re-plans one customer inside tx, fitting their calls around the
// calls already booked for everyone else. A full re-plan (at start-up, or when the
// rules change) restores the strict priority order across customers.
func (s *Store) replanCustomer(ctx context.Context, tx *sql.Tx, id shop.ID) error {
	pc, err := s.loadPlanContext(ctx, tx)
	if err != nil {
		return err
	}
	plans, idx, err := s.loadPlans(ctx, tx, pc, planLoad{custFilter: "= ?", args: []any{id}})
	if err != nil {
		return err
	}
	if len(plans) == 0 {
		return fmt.Errorf("customer %d: %w", id, ErrNotFound)
	}
	// The small-ticket sample is drawn among all of a day's buyers: load the other
	// small-ticket buyers of the days this customer bought on, for the days whose
	// next-day call has not lapsed yet.
	loc := pc.business.Location()
	sampleFrom := pc.now.AddDate(0, 0, -(pc.rules.LapseDays + 2))
	seen := map[string]bool{}
	var days []shop.Purchase
	for _, p := range plans[0].Purchases {
		if planner.IsBigTicket(pc.business, &p) || p.At.Before(sampleFrom) || seen[dayOf(p.At, loc)] {
			continue
		}
		seen[dayOf(p.At, loc)] = true
		t := p.At.In(loc)
		start := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
		ps, err := dayBuyers(ctx, tx, start, start.AddDate(0, 0, 1))
		if err != nil {
			return err
		}
		days = append(days, ps...)
	}
	markSampled(plans, idx, planner.SampleSmallTicket(pc.rules, pc.business, days), days)
	// Relationship calls are picked among yesterday's contacts: only a customer who
	// was one of them can be picked, so only then is the whole list needed.
	if from, to := pc.yesterday(); contactedIn(plans[0], from, to) {
		cands, err := relationshipCandidates(ctx, tx, pc)
		if err != nil {
			return err
		}
		markRelationship(plans, idx, planner.PickRelationship(pc.rules, pc.today, cands))
	}

	booked := map[string]int{}
	rows, err := tx.QueryContext(ctx, `SELECT day, count(*) FROM followups WHERE status = 'pending' AND channel = 'phone'
		AND day >= ? AND day <= ? AND customer_id <> ? GROUP BY day`, pc.today, dayOf(pc.now.AddDate(0, 0, planHorizonDays), loc), id)
	if err != nil {
		return fmt.Errorf("load booked calls: %w", err)
	}
	for rows.Next() {
		var d string
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			rows.Close()
			return err
		}
		booked[d] = n
	}
	rows.Close()

	fus := planner.Plan(planner.PlanInput{Now: pc.now, Business: pc.business, Rules: pc.rules, Staff: pc.staff, Customers: plans, Booked: booked})
	if _, err := tx.ExecContext(ctx, `DELETE FROM followups WHERE status = 'pending' AND customer_id = ?`, id); err != nil {
		return fmt.Errorf("clear pending follow-ups of customer %d: %w", id, err)
	}
	return insertFollowUps(ctx, tx, loc, fus)
}

func insertFollowUps(ctx context.Context, tx *sql.Tx, shopLoc *time.Location, fus []shop.FollowUp) error {
	insF, err := tx.PrepareContext(ctx, `INSERT INTO followups (customer_id, due, day, time_zone, channel, assignee_id, priority, promised, overdue, status)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`)
	if err != nil {
		return err
	}
	defer insF.Close()
	insR, err := tx.PrepareContext(ctx, `INSERT INTO followup_reasons (followup_id, key, rule, text, purchase_id, issue_id, promise_id, reference, natural_due)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insR.Close()
	for i := range fus {
		f := &fus[i]
		res, err := insF.ExecContext(ctx, f.CustomerID, unix(f.Due), dayOf(f.Due, shopLoc), f.TimeZone, f.Channel, nullID(f.AssigneeID), f.Priority, b2i(f.Promised), b2i(f.Overdue))
		if err != nil {
			return fmt.Errorf("save follow-up for customer %d: %w", f.CustomerID, err)
		}
		f.ID, _ = res.LastInsertId()
		f.Status = shop.StatusPending
		for _, r := range f.Reasons {
			if _, err := insR.ExecContext(ctx, f.ID, r.Key, r.Rule, r.Text, nullID(r.PurchaseID), nullID(r.IssueID), nullID(r.PromiseID), r.Reference, unix(r.NaturalDue)); err != nil {
				return fmt.Errorf("save follow-up reason %s: %w", r.Key, err)
			}
		}
	}
	return nil
}

// dayBuyers lists the sales in [from, to) with just what the sample needs (which of
// them are small-ticket is SampleSmallTicket's to say), from the covering index on
// purchases (at, amount_cents, customer_id).
func dayBuyers(ctx context.Context, tx *sql.Tx, from, to time.Time) ([]shop.Purchase, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, customer_id, at, amount_cents FROM purchases WHERE at >= ? AND at < ?`,
		unix(from), unix(to))
	if err != nil {
		return nil, fmt.Errorf("load the day's buyers: %w", err)
	}
	defer rows.Close()
	var out []shop.Purchase
	for rows.Next() {
		var p shop.Purchase
		var at int64
		if err := rows.Scan(&p.ID, &p.CustomerID, &at, &p.AmountCents); err != nil {
			return nil, err
		}
		p.At = fromUnix(at)
		out = append(out, p)
	}
	return out, rows.Err()
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
