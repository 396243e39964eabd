package replan

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"time"

	"github.com/rapport-app/rapport/data/store/tables"

	"github.com/rapport-app/rapport/data/shop"
)

// This file writes a re-plan back. A pending follow-up planned again as it is stored
// keeps its row untouched, so its ID (which agenda --json prints and done takes)
// stays the same from one re-plan to the next; one that changed keeps its row and
// ID too when it is still about the same thing (one of its reasons), and is updated
// in place. Only the rest is added or deleted.

// storedFollowUp is a stored pending follow-up, as much of it as savePlan compares:
// its columns, and a hash of its reasons in order.
type storedFollowUp struct {
	id      shop.ID
	row     followUpRow
	reasons uint64
	used    bool
}

// followUpRow is what the followups table holds of a pending follow-up.
type followUpRow struct {
	cust     shop.ID
	due      int64
	day      string
	zone     string
	channel  shop.Channel
	assignee shop.ID
	priority int
	promised bool
	overdue  bool
}

func rowOf(f *shop.FollowUp, shopLoc *time.Location) followUpRow {
	return followUpRow{cust: f.CustomerID, due: tables.Unix(f.Due), day: tables.DayOf(f.Due, shopLoc), zone: f.TimeZone, channel: f.Channel, assignee: f.AssigneeID,
		priority: f.Priority, promised: f.Promised, overdue: f.Overdue}
}

// reasonKey names one reason of one customer in savePlan's maps: the hash of the
// reason's key, so that matching allocates no strings.
type reasonKey struct {
	cust shop.ID
	key  uint64
}

// reasonHasher hashes reasons the same way whether they come from the table or
// from the planner. Its seed is new for every re-plan: the hashes are only ever
// compared within one.
type reasonHasher struct {
	seed maphash.Seed
	h    maphash.Hash
	buf  [8]byte
}

func newReasonHasher() *reasonHasher {
	rh := &reasonHasher{seed: maphash.MakeSeed()}
	rh.h.SetSeed(rh.seed)
	return rh
}

func (rh *reasonHasher) key(k []byte) uint64 { return maphash.Bytes(rh.seed, k) }

func (rh *reasonHasher) text(b []byte) {
	binary.LittleEndian.PutUint64(rh.buf[:], uint64(len(b)))
	rh.h.Write(rh.buf[:])
	rh.h.Write(b)
}

func (rh *reasonHasher) num(v int64) {
	binary.LittleEndian.PutUint64(rh.buf[:], uint64(v))
	rh.h.Write(rh.buf[:])
}

// add mixes one reason into the running hash of a follow-up's reasons.
func (rh *reasonHasher) add(key, rule, text, reference []byte, purchase, issue, promise, naturalDue int64) {
	rh.text(key)
	rh.text(rule)
	rh.text(text)
	rh.text(reference)
	rh.num(purchase)
	rh.num(issue)
	rh.num(promise)
	rh.num(naturalDue)
}

// sum ends a follow-up's reasons and starts the next one.
func (rh *reasonHasher) sum() uint64 {
	s := rh.h.Sum64()
	rh.h.Reset()
	return s
}

func (rh *reasonHasher) reasons(rs []shop.Reason) uint64 {
	for i := range rs {
		r := &rs[i]
		rh.add([]byte(r.Key), []byte(r.Rule), []byte(r.Text), []byte(r.Reference), r.PurchaseID, r.IssueID, r.PromiseID, tables.Unix(r.NaturalDue))
	}
	return rh.sum()
}

// savePlan writes fus, the planned pending follow-ups of the customers scope
// names, over their stored pending follow-ups, changing only what differs, and
// sets each follow-up's ID. Completed follow-ups are history and are never touched.
func savePlan(ctx context.Context, tx *sql.Tx, shopLoc *time.Location, fus []shop.FollowUp, scope planLoad) error {
	rh := newReasonHasher()
	stored, byReason, err := loadStoredPlan(ctx, tx, scope, rh)
	if err != nil {
		return fmt.Errorf("load the stored follow-ups: %w", err)
	}
	w := &planWriter{ctx: ctx, tx: tx}
	defer w.close()
	type change struct {
		f       *shop.FollowUp
		at      int // index into stored, -1 for a new follow-up
		row     followUpRow
		reasons uint64
	}
	changes := make([]change, 0, 64)
	for i := range fus {
		f := &fus[i]
		f.Status = shop.StatusPending
		at := -1
		for _, r := range f.Reasons {
			if j, ok := byReason[reasonKey{f.CustomerID, rh.key([]byte(r.Key))}]; ok && !stored[j].used {
				at = j
				break
			}
		}
		row, sum := rowOf(f, shopLoc), rh.reasons(f.Reasons)
		if at >= 0 {
			st := &stored[at]
			st.used = true
			f.ID = st.id
			if st.row == row && st.reasons == sum {
				continue // planned as it is stored: its row is left alone
			}
		}
		changes = append(changes, change{f: f, at: at, row: row, reasons: sum})
	}
	// Deleted first: a new follow-up may then take the row ID of a deleted one only
	// after it is gone, never while both are listed.
	for i := range stored {
		if !stored[i].used {
			if err := w.exec(&w.del, `DELETE FROM followups WHERE id = ?`, stored[i].id); err != nil {
				return fmt.Errorf("remove follow-up %d: %w", stored[i].id, err)
			}
		}
	}
	for _, c := range changes {
		f := c.f
		if c.at < 0 {
			if err := w.insert(f, c.row); err != nil {
				return err
			}
			continue
		}
		st := &stored[c.at]
		if st.row != c.row {
			r := c.row
			if err := w.exec(&w.upd, `UPDATE followups SET due = ?, day = ?, time_zone = ?, channel = ?, assignee_id = ?, priority = ?, promised = ?, overdue = ?
				WHERE id = ?`, r.due, r.day, r.zone, r.channel, tables.NullID(r.assignee), r.priority, tables.Flag(r.promised), tables.Flag(r.overdue), f.ID); err != nil {
				return fmt.Errorf("save follow-up %d: %w", f.ID, err)
			}
		}
		if st.reasons != c.reasons {
			if err := w.exec(&w.delR, `DELETE FROM followup_reasons WHERE followup_id = ?`, f.ID); err != nil {
				return fmt.Errorf("save follow-up %d: %w", f.ID, err)
			}
			if err := w.insertReasons(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// storedPlanQueries read the stored pending follow-ups of scope and their reasons,
// both in follow-up ID order, the reasons of each in the order they were written
// (rowid), which is their order in the follow-up.
func storedPlanQueries(scope planLoad) (followUps, reasons planQuery) {
	return planQuery{"pending follow-ups", `SELECT id, customer_id, due, day, time_zone, channel, coalesce(assignee_id, 0), priority, promised, overdue
			FROM followups WHERE status = 'pending' AND ` + scope.where("customer_id") + ` ORDER BY id`, scope.args()},
		planQuery{"their reasons", `SELECT r.followup_id, r.key, r.rule, r.text, r.reference, coalesce(r.purchase_id, 0), coalesce(r.issue_id, 0),
			coalesce(r.promise_id, 0), r.natural_due FROM followup_reasons r JOIN followups f ON f.id = r.followup_id
			WHERE f.status = 'pending' AND ` + scope.where("f.customer_id") + ` ORDER BY r.followup_id, r.rowid`, scope.args()}
}

// loadStoredPlan reads the stored pending follow-ups of scope, with each reason of
// each indexed by its customer and key.
func loadStoredPlan(ctx context.Context, tx *sql.Tx, scope planLoad, rh *reasonHasher) ([]storedFollowUp, map[reasonKey]int, error) {
	fq, rq := storedPlanQueries(scope)
	rows, err := tx.QueryContext(ctx, fq.sql, fq.args...)
	if err != nil {
		return nil, nil, err
	}
	var stored []storedFollowUp
	for rows.Next() {
		var st storedFollowUp
		r := &st.row
		if err := rows.Scan(&st.id, &r.cust, &r.due, &r.day, &r.zone, &r.channel, &r.assignee, &r.priority, &r.promised, &r.overdue); err != nil {
			rows.Close()
			return nil, nil, err
		}
		stored = append(stored, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	byReason := make(map[reasonKey]int, len(stored)*2)
	if len(stored) == 0 {
		return stored, byReason, nil
	}
	// The raw bytes of the reasons are hashed, never kept.
	rows, err = tx.QueryContext(ctx, rq.sql, rq.args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var key, rule, text, ref sql.RawBytes
	var fid, purchase, issue, promise, nd int64
	cur, at, pos := shop.ID(-1), -1, -1
	finish := func() {
		if at >= 0 {
			stored[at].reasons = rh.sum()
		}
	}
	for rows.Next() {
		if err := rows.Scan(&fid, &key, &rule, &text, &ref, &purchase, &issue, &promise, &nd); err != nil {
			return nil, nil, err
		}
		if fid != cur {
			finish()
			cur = fid
			// stored is in ID order, as are the reasons.
			for pos+1 < len(stored) && stored[pos+1].id <= fid {
				pos++
			}
			at = -1
			if pos >= 0 && stored[pos].id == fid {
				at = pos
			}
		}
		if at < 0 {
			continue
		}
		rk := reasonKey{stored[at].row.cust, rh.key(key)}
		if _, dup := byReason[rk]; !dup {
			byReason[rk] = at
		}
		rh.add(key, rule, text, ref, purchase, issue, promise, nd)
	}
	finish()
	return stored, byReason, rows.Err()
}

// planWriter holds the statements of one write-back, each prepared the first time
// it is needed and closed at the end.
type planWriter struct {
	ctx                       context.Context
	tx                        *sql.Tx
	ins, insR, upd, delR, del *sql.Stmt
}

func (w *planWriter) stmt(p **sql.Stmt, query string) (*sql.Stmt, error) {
	if *p == nil {
		st, err := w.tx.PrepareContext(w.ctx, query)
		if err != nil {
			return nil, err
		}
		*p = st
	}
	return *p, nil
}

func (w *planWriter) exec(p **sql.Stmt, query string, args ...any) error {
	st, err := w.stmt(p, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(w.ctx, args...)
	return err
}

func (w *planWriter) insert(f *shop.FollowUp, r followUpRow) error {
	st, err := w.stmt(&w.ins, `INSERT INTO followups (customer_id, due, day, time_zone, channel, assignee_id, priority, promised, overdue, status)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`)
	if err != nil {
		return err
	}
	res, err := st.ExecContext(w.ctx, r.cust, r.due, r.day, r.zone, r.channel, tables.NullID(r.assignee), r.priority, tables.Flag(r.promised), tables.Flag(r.overdue))
	if err != nil {
		return fmt.Errorf("save follow-up for customer %d: %w", f.CustomerID, err)
	}
	f.ID, _ = res.LastInsertId()
	return w.insertReasons(f)
}

func (w *planWriter) insertReasons(f *shop.FollowUp) error {
	for _, r := range f.Reasons {
		err := w.exec(&w.insR, `INSERT INTO followup_reasons (followup_id, key, rule, text, purchase_id, issue_id, promise_id, reference, natural_due)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, r.Key, r.Rule, r.Text, tables.NullID(r.PurchaseID), tables.NullID(r.IssueID), tables.NullID(r.PromiseID), r.Reference, tables.Unix(r.NaturalDue))
		if err != nil {
			return fmt.Errorf("save follow-up reason %s: %w", r.Key, err)
		}
	}
	return nil
}

func (w *planWriter) close() {
	for _, st := range []*sql.Stmt{w.ins, w.insR, w.upd, w.delR, w.del} {
		if st != nil {
			st.Close()
		}
	}
}
