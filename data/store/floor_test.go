package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/rapport-app/rapport/data/report"
	"github.com/rapport-app/rapport/data/shop"
)

// This file is the floor the re-plan benchmarks measure Rapport against: what
// SQLite itself, through the same driver, needs for the same rows.

// rawRows runs q and reads every column of every row as raw bytes, building
// nothing from them; cust, when not negative, is the column holding a customer ID,
// collected into ids. It returns the number of rows.
func rawRows(ctx context.Context, q0 queryer, q planQuery, cust int, ids *[]shop.ID) (int, error) {
	rows, err := q0.QueryContext(ctx, q.sql, q.args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", q.what, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	raw := make([]sql.RawBytes, len(cols))
	dest := make([]any, len(cols))
	for i := range raw {
		dest[i] = &raw[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, err
		}
		if cust >= 0 {
			id, _ := strconv.ParseInt(string(raw[cust]), 10, 64)
			*ids = append(*ids, id)
		}
		n++
	}
	return n, rows.Err()
}

// ReplanFloor does, in one transaction, what SQLite alone needs for a full re-plan
// of the shop: the re-plan's own SELECTs (yesterday's contacts, what can make a
// follow-up, the details of the customers it names, the stored pending follow-ups
// and their reasons), every column of every row read, and then every pending
// follow-up rewritten: deleted, and pending inserted again with its reasons with
// prepared statements. It returns the rows read and written.
func (s *Store) ReplanFloor(ctx context.Context, pending []shop.FollowUp) (int, error) {
	total := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		pc, err := s.loadPlanContext(ctx, tx)
		if err != nil {
			return err
		}
		var ids []shop.ID
		if n, err := rawRows(ctx, tx, pc.relationshipQuery(), 0, &ids); err != nil {
			return err
		} else {
			total += n
		}
		for i, q := range pc.planTriggers(planLoad{}) {
			col := 1 // customer_id of sales, issues and promises; overrides start with it
			if i == 3 {
				col = 0
			}
			n, err := rawRows(ctx, tx, q, col, &ids)
			if err != nil {
				return err
			}
			total += n
		}
		// The customers named, once each, as the re-plan reads them.
		seen := make(map[shop.ID]bool, len(ids))
		uniq := ids[:0]
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				uniq = append(uniq, id)
			}
		}
		for _, q := range pc.planDetails(planLoad{ids: uniq}) {
			n, err := rawRows(ctx, tx, q, -1, nil)
			if err != nil {
				return err
			}
			total += n
		}
		fq, rq := storedPlanQueries(planLoad{})
		for _, q := range []planQuery{fq, rq} {
			n, err := rawRows(ctx, tx, q, -1, nil)
			if err != nil {
				return err
			}
			total += n
		}

		if _, err := tx.ExecContext(ctx, `DELETE FROM followups WHERE status = 'pending'`); err != nil {
			return err
		}
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
		loc := pc.business.Location()
		for i := range pending {
			f := &pending[i]
			res, err := insF.ExecContext(ctx, f.CustomerID, unix(f.Due), dayOf(f.Due, loc), f.TimeZone, f.Channel, nullID(f.AssigneeID), f.Priority,
				b2i(f.Promised), b2i(f.Overdue))
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			for _, r := range f.Reasons {
				if _, err := insR.ExecContext(ctx, id, r.Key, r.Rule, r.Text, nullID(r.PurchaseID), nullID(r.IssueID), nullID(r.PromiseID), r.Reference,
					unix(r.NaturalDue)); err != nil {
					return err
				}
			}
			total += 1 + len(f.Reasons)
		}
		return nil
	})
	return total, err
}

// AgendaFloor reads, as SQLite alone, the rows Today and Agenda(from, to) read:
// the same SELECTs of the follow-ups and of their reasons, every column raw.
func (s *Store) AgendaFloor(ctx context.Context, from, to time.Time) error {
	end, err := s.endOfToday(ctx)
	if err != nil {
		return err
	}
	for _, q := range []struct {
		cond string
		args []any
	}{{todayCond, []any{unix(end)}}, {agendaCond, []any{unix(from), unix(to)}}} {
		if _, err := rawRows(ctx, s.db, planQuery{"follow-ups", agendaSQL(q.cond + byDue), q.args}, -1, nil); err != nil {
			return err
		}
		if _, err := rawRows(ctx, s.db, planQuery{"reasons", reasonsSQL(q.cond), q.args}, -1, nil); err != nil {
			return err
		}
	}
	return nil
}

// ReportFloor reads, one after the other, the rows the report of [from, to) reads
// (ReportInput's SELECTs, every column of every row), building nothing from them
// and computing nothing. It returns the rows read.
func (s *Store) ReportFloor(ctx context.Context, from, to time.Time) (int, error) {
	now := s.Now().UTC()
	salesTo := to.Add(report.LookAhead)
	if day := now.Add(24 * time.Hour); day.Before(salesTo) {
		salesTo = day
	}
	f, t := unix(from), unix(to)
	total := 0
	for _, q := range []planQuery{
		{"business", `SELECT * FROM business`, nil},
		{"rules", `SELECT key, value FROM settings`, nil},
		{"sales", reportSalesSQL, []any{f, unix(salesTo)}},
		{"promises", `SELECT ` + promiseCols + ` FROM promises p ` + reportPromisesWhere, []any{f, t}},
		{"staff", `SELECT * FROM staff`, nil},
		{"follow-ups", reportFollowUpsSQL, []any{f, f}},
		{"reasons", reportReasonsSQL, []any{f, f}},
		{"issues", `SELECT ` + issueCols + ` FROM issues ` + reportIssuesWhere, []any{f, t}},
		{"more issues", `SELECT ` + issueCols + ` FROM issues ` + reportMoreIssuesWhere, []any{f, f, f, t}},
		{"names", scoredNamesSQL, []any{f, t}},
		{"issue sales", reportIssueSalesSQL, []any{int64(report.LookBehind / time.Second), f, t}},
	} {
		n, err := rawRows(ctx, s.db, q, -1, nil)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
