package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/report"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/tables"
)

// This file reads what a report is computed from (report.Input). It only reads:
// a report never re-plans, never writes, and never waits for the write lock.

// The report's reads (ReportInput); the benchmark's floor runs the same.
const (
	reportPromisesWhere = `WHERE due >= ? AND due < ? ORDER BY due, id`
	// The follow-ups due or completed since ?, and their reasons: a reason's text
	// only where the follow-up has a survey score (the report quotes what low
	// scores were about).
	reportFollowUpsSQL = `SELECT f.id, f.customer_id, f.due, f.time_zone, f.channel, coalesce(f.assignee_id, 0), f.priority, f.promised,
		f.overdue, f.status, f.notes, f.score, coalesce(f.completed_at, 0) FROM followups f WHERE f.due >= ? OR f.completed_at >= ? ORDER BY f.id`
	reportReasonsSQL = `SELECT r.followup_id, r.key, r.rule, CASE WHEN f.score > 0 THEN r.text ELSE '' END, coalesce(r.purchase_id, 0),
		coalesce(r.issue_id, 0), coalesce(r.promise_id, 0), r.natural_due FROM followup_reasons r JOIN followups f ON f.id = r.followup_id
		WHERE f.due >= ? OR f.completed_at >= ? ORDER BY r.rowid`
	// The issues opened in the period, and those the follow-ups since its start
	// are about that were opened before or after it.
	reportIssuesWhere     = `WHERE opened_at >= ? AND opened_at < ?`
	reportMoreIssuesWhere = `WHERE id IN (SELECT r.issue_id FROM followup_reasons r JOIN followups f ON f.id = r.followup_id
		WHERE r.issue_id IS NOT NULL AND (f.due >= ? OR f.completed_at >= ?)) AND NOT (opened_at >= ? AND opened_at < ?)`
	// The sales made to the customer of each issue opened in the period in the
	// look-behind (the first argument, in seconds) before it. The index issues_opened_customer
	// (migration 0016) gives each issue's customer without reading the issue.
	reportIssueSalesSQL = `SELECT p.id, p.customer_id, p.at, p.items, p.amount_cents
		FROM issues i JOIN purchases p ON p.customer_id = i.customer_id AND p.at >= i.opened_at - ? AND p.at <= i.opened_at
		WHERE i.opened_at >= ? AND i.opened_at < ?`
	scoredNamesSQL = `SELECT id, name FROM customers WHERE id IN (SELECT customer_id FROM followups
		WHERE score > 0 AND completed_at >= ? AND completed_at < ?)`
)

// ReportInput reads the rows of the report of the period [from, to) (shop-local
// midnights): the sales around it, its issues, follow-ups and promises, and draws
// the small-ticket sample of its days afresh from the stored sales and rules, as
// the planner drew it (planner.SampleSmallTicket is deterministic), so that the
// comparison rests on who was drawn, not only on what was done.
func (s *Store) ReportInput(ctx context.Context, from, to time.Time) (report.Input, error) {
	if !to.After(from) {
		return report.Input{}, fmt.Errorf("report: the period ends (%s) before it starts (%s)", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	in := report.Input{From: from, To: to, Now: s.Now().UTC()}
	var err error
	if in.Business, err = s.Business(ctx); err != nil {
		return in, fmt.Errorf("report: the shop: %w", err)
	}
	if in.Rules, err = s.Rules(ctx); err != nil {
		return in, fmt.Errorf("report: the rules: %w", err)
	}
	// The reads are independent: they run in three rows side by side, each on a
	// connection of its own, the longest reads apart. A year of a busy shop takes
	// over a second in one row; the sales its issues are about (a seek for each)
	// take as long as the rest together.
	errs := make([]error, 3)
	var wg sync.WaitGroup
	wg.Go(func() {
		errs[0] = s.readAll(
			func() (err error) {
				in.Sales, err = tables.SalesBetween(ctx, s.db, from, minTime(to.Add(report.LookAhead), in.Now.Add(24*time.Hour)))
				if err == nil {
					// While the issues are still being read.
					in.BigTicket, in.Drawn = drawSample(in.Sales, in.Rules, in.Business, to)
				}
				return wrap("the sales", err)
			},
			func() (err error) {
				in.Promises, err = tables.Promises(ctx, s.db, reportPromisesWhere, tables.Unix(from), tables.Unix(to))
				return wrap("the promises", err)
			},
			func() (err error) { in.Staff, err = s.Staff(ctx); return wrap("the staff", err) },
		)
	})
	wg.Go(func() {
		errs[1] = s.readAll(
			func() (err error) {
				in.FollowUps, err = s.reportFollowUps(ctx, from)
				return wrap("the follow-ups", err)
			},
			func() (err error) {
				in.Issues, err = s.reportIssues(ctx, from, to)
				return wrap("the issues", err)
			},
			func() (err error) {
				in.Names, err = s.scoredNames(ctx, from, to)
				return wrap("the customers' names", err)
			},
		)
	})
	wg.Go(func() {
		var err error
		in.IssueSales, err = s.reportIssueSales(ctx, from, to)
		errs[2] = wrap("the sales the issues are about", err)
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return in, err
	}
	return in, nil
}

// drawSample marks the big-ticket sales among sales (in time order) and draws the
// small-ticket sample of the period's days, which end at to, again. It is given
// only what it reads: the other reads of the report fill the rest of its input
// at the same time.
func drawSample(sales []shop.Purchase, r shop.Rules, b shop.Business, to time.Time) (big, drawn map[shop.ID]bool) {
	big = map[shop.ID]bool{}
	for i := range sales {
		if planner.IsBigTicket(b, &sales[i]) {
			big[sales[i].ID] = true
		}
	}
	days := sales[:sort.Search(len(sales), func(i int) bool { return !sales[i].At.Before(to) })]
	return big, planner.SampleSmallTicket(r, b, days)
}

// Report is the report of the period [from, to): ReportInput, computed.
func (s *Store) Report(ctx context.Context, from, to time.Time) (report.Report, error) {
	in, err := s.ReportInput(ctx, from, to)
	if err != nil {
		return report.Report{}, err
	}
	return report.Compute(in), nil
}

// readAll runs reads one after the other until one fails.
func (s *Store) readAll(reads ...func() error) error {
	for _, r := range reads {
		if err := r(); err != nil {
			return err
		}
	}
	return nil
}

// wrap names what a report failed to read.
func wrap(what string, err error) error {
	if err != nil {
		return fmt.Errorf("report: %s: %w", what, err)
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// reportFollowUps reads the follow-ups due or completed since from, with their
// reasons; a reason's text only where the follow-up has a survey score (the
// report quotes what low scores were about).
func (s *Store) reportFollowUps(ctx context.Context, from time.Time) ([]shop.FollowUp, error) {
	rows, err := s.db.QueryContext(ctx, reportFollowUpsSQL, tables.Unix(from), tables.Unix(from))
	if err != nil {
		return nil, err
	}
	var out []shop.FollowUp
	pos := map[shop.ID]int{}
	for rows.Next() {
		var f shop.FollowUp
		var due, done int64
		if err := rows.Scan(&f.ID, &f.CustomerID, &due, &f.TimeZone, &f.Channel, &f.AssigneeID, &f.Priority, &f.Promised, &f.Overdue,
			&f.Status, &f.Notes, &f.Score, &done); err != nil {
			rows.Close()
			return nil, err
		}
		f.Due = tables.FromUnix(due)
		if done != 0 {
			f.CompletedAt = tables.FromUnix(done)
		}
		pos[f.ID] = len(out)
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rr, err := s.db.QueryContext(ctx, reportReasonsSQL, tables.Unix(from), tables.Unix(from))
	if err != nil {
		return nil, err
	}
	defer rr.Close()
	for rr.Next() {
		var fid shop.ID
		var r shop.Reason
		var nd int64
		if err := rr.Scan(&fid, &r.Key, &r.Rule, &r.Text, &r.PurchaseID, &r.IssueID, &r.PromiseID, &nd); err != nil {
			return nil, err
		}
		r.NaturalDue = tables.FromUnix(nd)
		if i, ok := pos[fid]; ok {
			out[i].Reasons = append(out[i].Reasons, r)
		}
	}
	return out, rr.Err()
}

// reportIssues reads the issues opened in [from, to) and the issues the
// follow-ups due or completed since from are about, each once.
func (s *Store) reportIssues(ctx context.Context, from, to time.Time) ([]shop.Issue, error) {
	issues, err := tables.Issues(ctx, s.db, reportIssuesWhere, tables.Unix(from), tables.Unix(to))
	if err != nil {
		return nil, err
	}
	more, err := tables.Issues(ctx, s.db, reportMoreIssuesWhere, tables.Unix(from), tables.Unix(from), tables.Unix(from), tables.Unix(to))
	return append(issues, more...), err
}

// reportIssueSales reads the sales made to the customer of each issue opened in
// [from, to) in the report.LookBehind before it, each once, with their items:
// they tell which product the issue was about.
func (s *Store) reportIssueSales(ctx context.Context, from, to time.Time) ([]shop.Purchase, error) {
	rows, err := s.db.QueryContext(ctx, reportIssueSalesSQL, int64(report.LookBehind/time.Second), tables.Unix(from), tables.Unix(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var sales []shop.Purchase
	seen := map[shop.ID]bool{}
	// Many sales name the same items: keep one copy of each name.
	names := map[string]string{}
	for rows.Next() {
		var p shop.Purchase
		var at int64
		var items []byte
		if err := rows.Scan(&p.ID, &p.CustomerID, &at, &items, &p.AmountCents); err != nil {
			return nil, err
		}
		if seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		p.At = tables.FromUnix(at)
		name, ok := names[string(items)]
		if !ok {
			name = string(items)
			names[name] = name
		}
		p.Items = name
		sales = append(sales, p)
	}
	return sales, rows.Err()
}

// scoredNames are the names of the customers whose follow-ups completed in [from,
// to) carry a survey score.
func (s *Store) scoredNames(ctx context.Context, from, to time.Time) (map[shop.ID]string, error) {
	rows, err := s.db.QueryContext(ctx, scoredNamesSQL, tables.Unix(from), tables.Unix(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[shop.ID]string{}
	for rows.Next() {
		var id shop.ID
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}
