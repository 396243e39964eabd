package replan

import (
	"context"
	"database/sql"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/floortest"
	"github.com/rapport-app/rapport/data/store/tables"
)

// This file is the floor the re-plan benchmark (BenchmarkReplan) measures Rapport
// against: what SQLite itself, through the same driver, needs for the same rows.

// rows reads q's rows as floortest.Rows does.
func rows(ctx context.Context, tx *sql.Tx, q planQuery, cust int, ids *[]shop.ID) (int, error) {
	return floortest.Rows(ctx, tx, floortest.Query{What: q.what, SQL: q.sql, Args: q.args}, cust, ids)
}

// inTx runs fn in one transaction on db, committed when fn returns nil.
func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// FloorReads does, inside tx, what SQLite alone needs to read what a full re-plan
// of the shop reads: the re-plan's own SELECTs (yesterday's contacts, what can make
// a follow-up, the details of the customers it names, the stored pending
// follow-ups and their reasons), every column of every row read. It returns the
// rows read.
func FloorReads(ctx context.Context, tx *sql.Tx, now time.Time) (int, error) {
	_, n, err := floorReads(ctx, tx, now)
	return n, err
}

func floorReads(ctx context.Context, tx *sql.Tx, now time.Time) (planContext, int, error) {
	total := 0
	pc, err := loadPlanContext(ctx, tx, now)
	if err != nil {
		return pc, 0, err
	}
	var ids []shop.ID
	if n, err := rows(ctx, tx, pc.relationshipQuery(), 0, &ids); err != nil {
		return pc, 0, err
	} else {
		total += n
	}
	for i, q := range pc.planTriggers(planLoad{}) {
		col := 1 // customer_id of sales, issues and promises; overrides start with it
		if i == 3 {
			col = 0
		}
		n, err := rows(ctx, tx, q, col, &ids)
		if err != nil {
			return pc, 0, err
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
	for _, q := range pc.planDetails(planLoad{ids: uniq}, true) {
		n, err := rows(ctx, tx, q, -1, nil)
		if err != nil {
			return pc, 0, err
		}
		total += n
	}
	fq, rq := storedPlanQueries(planLoad{})
	for _, q := range []planQuery{fq, rq} {
		n, err := rows(ctx, tx, q, -1, nil)
		if err != nil {
			return pc, 0, err
		}
		total += n
	}
	return pc, total, nil
}

// Floor does, in one transaction, what SQLite alone needs for a full re-plan
// of the shop: what FloorReads reads, and then every pending follow-up
// rewritten: deleted, and pending inserted again with its reasons with prepared
// statements. It returns the rows read and written.
func Floor(ctx context.Context, db *sql.DB, now time.Time, pending []shop.FollowUp) (int, error) {
	total := 0
	err := inTx(ctx, db, func(tx *sql.Tx) error {
		pc, n, err := floorReads(ctx, tx, now)
		if err != nil {
			return err
		}
		total += n

		if _, err := tx.ExecContext(ctx, `DELETE FROM followups WHERE status = 'pending'`); err != nil {
			return err
		}
		insF, err := tx.PrepareContext(ctx, `INSERT INTO followups (customer_id, due, day, time_zone, channel, assignee_id, priority, promised, overdue, promise_due,
			status, spend_cents, customer_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'pending',
			coalesce((SELECT lifetime_cents FROM customers WHERE id = ?1), 0), coalesce((SELECT name FROM customers WHERE id = ?1), ''))`)
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
			res, err := insF.ExecContext(ctx, f.CustomerID, tables.Unix(f.Due), tables.DayOf(f.Due, loc), f.TimeZone, f.Channel, tables.NullID(f.AssigneeID), f.Priority,
				tables.Flag(f.Promised), tables.Flag(f.Overdue), tables.PromiseDue(f.Priority, tables.Unix(f.Due)))
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			for _, r := range f.Reasons {
				if _, err := insR.ExecContext(ctx, id, r.Key, r.Rule, r.Text, tables.NullID(r.PurchaseID), tables.NullID(r.IssueID), tables.NullID(r.PromiseID), r.Reference,
					tables.Unix(r.NaturalDue)); err != nil {
					return err
				}
			}
			total += 1 + len(f.Reasons)
		}
		return nil
	})
	return total, err
}
