package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/replan"
	"github.com/rapport-app/rapport/data/store/tables"
)

// This file is the promise ledger (FOLLOWUP_RULES.md §1 "Do what you say"): every
// promise made, with what became of it, judged by planner.PromiseOutcome from the
// follow-ups that carried it. A promise's outcome is the history of those
// follow-ups, which a re-plan never touches (it replaces pending rows only), so
// the ledger survives every re-plan, import and undo.

// notKept selects the promises no follow-up has kept or skipped yet: the ones
// the planner still plans and reminders still remind of.
const notKept = `NOT EXISTS (SELECT 1 FROM followup_reasons r JOIN followups f ON f.id = r.followup_id
	WHERE r.promise_id = p.id AND f.status IN ('done', 'skipped'))`

// Promises is the promise ledger: every promise made, broken ones first
// (planner.SortLedger).
func (s *Store) Promises(ctx context.Context) ([]shop.PromiseRecord, error) {
	return s.promiseLedger(ctx, s.db, `1 = 1`)
}

// PromisesToKeep lists the promises not kept yet (open and broken), as the ledger
// does: what the reminders watch.
func (s *Store) PromisesToKeep(ctx context.Context) ([]shop.PromiseRecord, error) {
	return s.promiseLedger(ctx, s.db, notKept)
}

// CustomerPromises is one customer's part of the ledger.
func (s *Store) CustomerPromises(ctx context.Context, customerID shop.ID) ([]shop.PromiseRecord, error) {
	return s.promiseLedger(ctx, s.db, `p.customer_id = ?`, customerID)
}

// promiseLedger loads the promises matching where (over promises p), their
// customers, the names of the people involved and the follow-ups that carried
// them, judges each at the store's clock, and sorts them as the ledger reads.
func (s *Store) promiseLedger(ctx context.Context, q tables.Queryer, where string, args ...any) ([]shop.PromiseRecord, error) {
	now := s.Now().UTC()
	promises, err := tables.Promises(ctx, q, `WHERE `+where+` ORDER BY p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("load promises: %w", err)
	}
	if len(promises) == 0 {
		return nil, nil
	}
	staff, err := tables.Staff(ctx, q)
	if err != nil {
		return nil, err
	}
	names := make(map[shop.ID]string, len(staff))
	for _, st := range staff {
		names[st.ID] = st.Name
	}
	ids := make([]any, 0, len(promises))
	custIDs := make([]any, 0, len(promises))
	seen := map[shop.ID]bool{}
	for _, p := range promises {
		ids = append(ids, p.ID)
		if !seen[p.CustomerID] {
			seen[p.CustomerID] = true
			custIDs = append(custIDs, p.CustomerID)
		}
	}
	customers := make(map[shop.ID]shop.Customer, len(custIDs))
	err = inChunks(custIDs, func(chunk []any) error {
		rows, err := q.QueryContext(ctx, `SELECT `+customerCols+` FROM customers WHERE id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, chunk...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCustomer(rows)
			if err != nil {
				return err
			}
			customers[c.ID] = c
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load the customers of promises: %w", err)
	}
	carried := map[shop.ID][]shop.FollowUp{}
	err = inChunks(ids, func(chunk []any) error {
		rows, err := q.QueryContext(ctx, `SELECT DISTINCT r.promise_id, f.id, f.customer_id, f.due, f.status, f.completed_at, coalesce(f.assignee_id, 0)
			FROM followup_reasons r JOIN followups f ON f.id = r.followup_id
			WHERE r.promise_id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, chunk...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var pid shop.ID
			var f shop.FollowUp
			var due int64
			var done sql.NullInt64
			if err := rows.Scan(&pid, &f.ID, &f.CustomerID, &due, &f.Status, &done, &f.AssigneeID); err != nil {
				return err
			}
			f.Due, f.Promised = tables.FromUnix(due), true
			if done.Valid {
				f.CompletedAt = tables.FromUnix(done.Int64)
			}
			carried[pid] = append(carried[pid], f)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load the follow-ups of promises: %w", err)
	}
	recs := make([]shop.PromiseRecord, len(promises))
	for i, p := range promises {
		o := planner.PromiseOutcome(p, carried[p.ID], now)
		recs[i] = shop.PromiseRecord{Promise: p, Customer: customers[p.CustomerID], Outcome: o,
			MadeByName: names[p.AssigneeID], AssigneeName: names[o.Assignee], EscalatedToName: names[p.EscalatedTo]}
	}
	planner.SortLedger(recs)
	return recs, nil
}

// inChunks calls fn with ids in chunks small enough for one statement's
// parameters (SQLite limits their number).
func inChunks(ids []any, fn func(chunk []any) error) error {
	for start := 0; start < len(ids); start += 500 {
		if err := fn(ids[start:min(start+500, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

// EscalateBrokenPromises hands every promise broken for more than an hour to a
// senior (planner.EscalationDue, planner.EscalateTo; FOLLOWUP_RULES.md §4) and
// re-plans its customer, so that the call is on the senior's list, in one
// transaction. Each promise is escalated once, whichever copy of Rapport gets
// there first. It returns the promises it escalated, as the ledger shows them
// now; when none is due it reads only, and takes no write lock.
func (s *Store) EscalateBrokenPromises(ctx context.Context) ([]shop.PromiseRecord, error) {
	now := s.Now().UTC()
	live, err := s.PromisesToKeep(ctx)
	if err != nil {
		return nil, err
	}
	var due []shop.PromiseRecord
	for _, r := range live {
		if planner.EscalationDue(r.Promise, r.Outcome, now) {
			due = append(due, r)
		}
	}
	if len(due) == 0 {
		return nil, nil
	}
	var escalated []any
	err = s.InTx(ctx, func(tx *sql.Tx) error {
		staff, err := tables.Staff(ctx, tx)
		if err != nil {
			return err
		}
		toReplan := map[shop.ID]bool{}
		for _, r := range due {
			to := planner.EscalateTo(staff, r.Outcome.Assignee, r.CustomerID)
			// Not if another copy of Rapport escalated it, or someone kept it, since
			// it was read.
			res, err := tx.ExecContext(ctx, `UPDATE promises AS p SET escalated_at = ?, escalated_from = ?, escalated_to = ?
				WHERE id = ? AND escalated_at IS NULL AND `+notKept, tables.Unix(now), tables.NullID(r.Outcome.Assignee), tables.NullID(to), r.ID)
			if err != nil {
				return fmt.Errorf("escalate promise %d: %w", r.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				escalated = append(escalated, r.ID)
				toReplan[r.CustomerID] = true
			}
		}
		for _, r := range due {
			if toReplan[r.CustomerID] {
				delete(toReplan, r.CustomerID)
				if err := replan.Customer(ctx, tx, s.Now(), r.CustomerID); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil || len(escalated) == 0 {
		return nil, err
	}
	return s.promiseLedger(ctx, s.db, `p.id IN (?`+strings.Repeat(",?", len(escalated)-1)+`)`, escalated...)
}
