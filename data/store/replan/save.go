package replan

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/tables"
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
	keys    [2]int32 // where the hashes of its reasons' keys are in storedPlan.keys
	used    bool
}

// storedPlan is the stored pending follow-ups of a re-plan's customers, in ID
// order, and the hashes of their reasons' keys, by which a planned follow-up finds
// the stored one it is: the first of its customer's to share a reason with it.
type storedPlan struct {
	fus  []storedFollowUp
	keys []uint64
	rh   *reasonHasher // what the hashes were made with
	// Each plan's customer's stored follow-ups (positions in fus, in ID order) are
	// byPlan[start[p]:start[p+1]]. Those of customers without a plan are in none:
	// every one of them goes.
	start, byPlan []int32
}

// group lists the stored follow-ups of each of the plans idx indexes. At a
// million customers a map from customer and reason to follow-up held hundreds of
// thousands of entries, looked up at random; these are two arrays, filled in two
// passes.
func (sp *storedPlan) group(idx *planIndex) {
	plans := idx.plans()
	sp.start = make([]int32, plans+1)
	planOf := make([]int32, len(sp.fus))
	for i := range sp.fus {
		p, ok := idx.of(sp.fus[i].row.cust)
		if !ok {
			planOf[i] = -1
			continue
		}
		planOf[i] = int32(p)
		sp.start[p+1]++
	}
	for p := 1; p <= plans; p++ {
		sp.start[p] += sp.start[p-1]
	}
	sp.byPlan = make([]int32, sp.start[plans])
	next := slices.Clone(sp.start[:plans])
	for i, p := range planOf {
		if p >= 0 {
			sp.byPlan[next[p]] = int32(i)
			next[p]++
		}
	}
}

// match is the stored follow-up (its position in fus) that f, of plan p, is: the
// first of the customer's stored follow-ups with f's first reason, if it is not
// taken yet, or else with its second, and so on; -1 for none.
func (sp *storedPlan) match(f *shop.FollowUp, p int, rh *reasonHasher) int {
	mine := sp.byPlan[sp.start[p]:sp.start[p+1]]
	if len(mine) == 0 {
		return -1
	}
	for _, r := range f.Reasons {
		if j := sp.firstWith(mine, rh.key([]byte(r.Key))); j >= 0 && !sp.fus[j].used {
			return j
		}
	}
	return -1
}

// firstWith is the first of the stored follow-ups mine with a reason whose key
// hashes to h, or -1.
func (sp *storedPlan) firstWith(mine []int32, h uint64) int {
	for _, j := range mine {
		k := sp.fus[j].keys
		if slices.Contains(sp.keys[k[0]:k[1]], h) {
			return int(j)
		}
	}
	return -1
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

// movesTo says whether the row r differs from fr only in what updateMoved writes:
// the follow-up keeps its class, its assignee and, if it is a promise, its time,
// and so its place in the index in Today's order (followups_rank).
func (fr followUpRow) movesTo(r followUpRow) bool {
	return fr.cust == r.cust && fr.priority == r.priority && fr.assignee == r.assignee &&
		tables.PromiseDue(fr.priority, fr.due) == tables.PromiseDue(r.priority, r.due)
}

func rowOf(f *shop.FollowUp, shopLoc *time.Location) followUpRow {
	return followUpRow{cust: f.CustomerID, due: tables.Unix(f.Due), day: tables.DayOf(f.Due, shopLoc), zone: f.TimeZone, channel: f.Channel, assignee: f.AssigneeID,
		priority: f.Priority, promised: f.Promised, overdue: f.Overdue}
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
func savePlan(ctx context.Context, tx *sql.Tx, shopLoc *time.Location, fus []shop.FollowUp, scope planLoad, idx *planIndex) error {
	sp, err := loadStoredPlan(ctx, tx, scope)
	if err != nil {
		return err
	}
	return sp.save(ctx, tx, shopLoc, fus, idx)
}

// save is savePlan once the stored plan is read: idx indexes the plans fus was
// planned from.
func (sp *storedPlan) save(ctx context.Context, tx *sql.Tx, shopLoc *time.Location, fus []shop.FollowUp, idx *planIndex) error {
	sp.group(idx)
	stored, rh := sp.fus, sp.rh
	w := &planWriter{ctx: ctx, tx: tx}
	defer w.close()
	type change struct {
		f       *shop.FollowUp
		at      int // index into stored, -1 for a new follow-up
		row     followUpRow
		reasons uint64
	}
	changes := make([]change, 0, len(fus)) // a new day changes most of them
	for i := range fus {
		f := &fus[i]
		f.Status = shop.StatusPending
		at := -1
		if p, ok := idx.of(f.CustomerID); ok {
			at = sp.match(f, p, rh)
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
	var gone []shop.ID
	for i := range stored {
		if !stored[i].used {
			gone = append(gone, stored[i].id)
		}
	}
	// The rest is written a batch of rows per statement: a re-plan of a day
	// changes thousands of follow-ups, and on PostgreSQL each statement is a
	// round trip to the server. A follow-up that only moves is written without
	// its place in Today's order (updateMoved): most of what a new day writes.
	var moved, updates []*change
	reasonsGone := slices.Clone(gone)
	var newReasons []*shop.FollowUp
	for i := range changes {
		c := &changes[i]
		if c.at < 0 {
			continue
		}
		st := &stored[c.at]
		switch {
		case st.row == c.row: // only its reasons changed
		case st.row.movesTo(c.row):
			moved = append(moved, c)
		default:
			updates = append(updates, c)
		}
		if st.reasons != c.reasons {
			reasonsGone = append(reasonsGone, c.f.ID)
			newReasons = append(newReasons, c.f)
		}
	}
	// The reasons of the follow-ups that go are deleted with those of the
	// follow-ups whose reasons changed, in one statement, before the follow-ups
	// themselves: deleted by the foreign key's cascade, row by row, they took twice
	// as long (a million-customer shop's new day deletes thousands).
	slices.Sort(reasonsGone)
	if err := w.deleteIDs(`DELETE FROM followup_reasons WHERE followup_id IN (SELECT value FROM json_each(?))`, reasonsGone); err != nil {
		return fmt.Errorf("save the reasons of %d follow-ups: %w", len(reasonsGone), err)
	}
	// Deleted before any is added: a new follow-up may then take the row ID of a
	// deleted one only after it is gone, never while both are listed.
	if err := w.deleteIDs(`DELETE FROM followups WHERE id IN (SELECT value FROM json_each(?))`, gone); err != nil {
		return fmt.Errorf("remove %d follow-ups: %w", len(gone), err)
	}
	err := w.batch(&updateMoved, len(moved), func(args []any, i int) []any {
		c, r := moved[i], &moved[i].row
		return append(args, c.f.ID, r.due, r.day, r.zone, r.channel, tables.Flag(r.promised), tables.Flag(r.overdue))
	})
	if err != nil {
		return fmt.Errorf("move %d follow-ups: %w", len(moved), err)
	}
	err = w.batch(&updateFollowUps, len(updates), func(args []any, i int) []any {
		c, r := updates[i], &updates[i].row
		return append(args, c.f.ID, r.due, r.day, r.zone, r.channel, tables.NullID(r.assignee), r.priority, tables.Flag(r.promised), tables.Flag(r.overdue),
			tables.PromiseDue(r.priority, r.due))
	})
	if err != nil {
		return fmt.Errorf("save %d follow-ups: %w", len(updates), err)
	}
	// New follow-ups are few a day, and each needs its ID back for its reasons.
	for i := range changes {
		if c := &changes[i]; c.at < 0 {
			if err := w.insert(c.f, c.row); err != nil {
				return err
			}
			newReasons = append(newReasons, c.f)
		}
	}
	type reasonOf struct {
		id shop.ID
		r  *shop.Reason
	}
	var reasons []reasonOf
	for _, f := range newReasons {
		for i := range f.Reasons {
			reasons = append(reasons, reasonOf{f.ID, &f.Reasons[i]})
		}
	}
	err = w.batch(&insertReasons, len(reasons), func(args []any, i int) []any {
		id, r := reasons[i].id, reasons[i].r
		return append(args, id, r.Key, r.Rule, r.Text, tables.NullID(r.PurchaseID), tables.NullID(r.IssueID), tables.NullID(r.PromiseID), r.Reference, tables.Unix(r.NaturalDue))
	})
	if err != nil {
		return fmt.Errorf("save the reasons of %d follow-ups: %w", len(newReasons), err)
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

// loadStoredPlan reads the stored pending follow-ups of scope, each with a hash of
// its reasons and the hashes of their keys.
func loadStoredPlan(ctx context.Context, tx *sql.Tx, scope planLoad) (*storedPlan, error) {
	sp, err := readStoredPlan(ctx, tx, scope)
	if err != nil {
		return nil, fmt.Errorf("load the stored follow-ups: %w", err)
	}
	return sp, nil
}

func readStoredPlan(ctx context.Context, tx *sql.Tx, scope planLoad) (*storedPlan, error) {
	fq, rq := storedPlanQueries(scope)
	rows, err := tx.QueryContext(ctx, fq.sql, fq.args...)
	if err != nil {
		return nil, err
	}
	rh := newReasonHasher()
	sp := &storedPlan{rh: rh}
	// Read in blocks and copied once into a slice of the right length: a million
	// customers' stored plan grown by appending was copied a dozen times over, each
	// copy into memory new to the process. The day, zone and channel of most
	// follow-ups are those of many others, and are one string each.
	var read blocks[storedFollowUp]
	var texts tables.Texts
	var day, zone, channel sql.RawBytes
	for rows.Next() {
		var st storedFollowUp
		r := &st.row
		if err := rows.Scan(&st.id, &r.cust, &r.due, &day, &zone, &channel, &r.assignee, &r.priority, &r.promised, &r.overdue); err != nil {
			rows.Close()
			return nil, err
		}
		r.day, r.zone, r.channel = texts.Of(day), texts.Of(zone), shop.Channel(texts.Of(channel))
		read.add(st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sp.fus = make([]storedFollowUp, 0, read.len())
	read.each(func(_ int, st *storedFollowUp) { sp.fus = append(sp.fus, *st) })
	if len(sp.fus) == 0 {
		return sp, nil
	}
	// The raw bytes of the reasons are hashed, never kept.
	rows, err = tx.QueryContext(ctx, rq.sql, rq.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := sp.fus
	sp.keys = make([]uint64, 0, len(stored)*5/4)
	var key, rule, text, ref sql.RawBytes
	var fid, purchase, issue, promise, nd int64
	cur, at, pos := shop.ID(-1), -1, -1
	finish := func() {
		if at >= 0 {
			stored[at].reasons = rh.sum()
			stored[at].keys[1] = int32(len(sp.keys))
		}
	}
	for rows.Next() {
		if err := rows.Scan(&fid, &key, &rule, &text, &ref, &purchase, &issue, &promise, &nd); err != nil {
			return nil, err
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
				stored[at].keys[0] = int32(len(sp.keys))
			}
		}
		if at < 0 {
			continue
		}
		sp.keys = append(sp.keys, rh.key(key))
		rh.add(key, rule, text, ref, purchase, issue, promise, nd)
	}
	finish()
	return sp, rows.Err()
}

// planWriter holds the statements of one write-back, each prepared the first time
// it is needed and closed at the end.
type planWriter struct {
	ctx     context.Context
	tx      *sql.Tx
	ins     *sql.Stmt
	batches map[batchKey]*sql.Stmt
}

// batchKey names a statement of a batch: its kind and its number of rows.
type batchKey struct {
	rs   *rowsStatement
	rows int
}

func (w *planWriter) insert(f *shop.FollowUp, r followUpRow) error {
	if w.ins == nil {
		// The customer's spend and name go in with the row: on SQLite, migrations
		// 0020's and 0027's triggers would otherwise write the row again to put them
		// there (PostgreSQL's set them before the row is written).
		st, err := w.tx.PrepareContext(w.ctx, `INSERT INTO followups (customer_id, due, day, time_zone, channel, assignee_id, priority, promised, overdue, promise_due,
			status, spend_cents, customer_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'pending',
			coalesce((SELECT lifetime_cents FROM customers WHERE id = ?1), 0), coalesce((SELECT name FROM customers WHERE id = ?1), ''))`)
		if err != nil {
			return err
		}
		w.ins = st
	}
	res, err := w.ins.ExecContext(w.ctx, r.cust, r.due, r.day, r.zone, r.channel, tables.NullID(r.assignee), r.priority, tables.Flag(r.promised), tables.Flag(r.overdue),
		tables.PromiseDue(r.priority, r.due))
	if err != nil {
		return fmt.Errorf("save follow-up for customer %d: %w", f.CustomerID, err)
	}
	f.ID, _ = res.LastInsertId()
	return nil
}

// deleteIDsAtOnce is how many rows one statement of deleteIDs deletes at most.
// A re-plan's statement journals are kept in memory (engine.InPlanTx), and a
// statement journals every page it changes: a re-plan that drops most of a big
// shop's follow-ups (new rules) would otherwise hold a copy of most of their
// pages at once.
const deleteIDsAtOnce = 8192

// deleteIDs runs query, which deletes the rows whose IDs json_each(?) lists, for
// all of ids, deleteIDsAtOnce at a time.
func (w *planWriter) deleteIDs(query string, ids []shop.ID) error {
	for len(ids) > 0 {
		n := min(len(ids), deleteIDsAtOnce)
		if _, err := w.tx.ExecContext(w.ctx, query, tables.JSONIDs(ids[:n])); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// batchRows is how many rows one statement of a batch writes at most. What is
// left under it goes in statements of powers of two rows, so that a handful of
// texts, each prepared once, serve every size of batch.
const batchRows = 256

// rowsStatement is a statement that writes rows given as one VALUES list: head,
// the list (its first row firstRow, the others row), then tail; width is the
// number of values in a row.
type rowsStatement struct {
	head, firstRow, row, tail string
	width                     int
}

// The VALUES list of an UPDATE is typed by its first row's casts (PostgreSQL
// would take untyped values as text); its columns are column1, column2… on both
// engines.
var (
	updateFollowUps = rowsStatement{
		head: `UPDATE followups SET due = v.column2, day = v.column3, time_zone = v.column4, channel = v.column5,
			assignee_id = v.column6, priority = v.column7, promised = v.column8, overdue = v.column9, promise_due = v.column10 FROM (VALUES `,
		firstRow: `(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),
			CAST(? AS BIGINT), CAST(? AS BIGINT))`,
		row:   `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tail:  `) AS v WHERE followups.id = v.column1`,
		width: 10,
	}
	// updateMoved writes a follow-up that keeps its place in the index in Today's
	// order (followUpRow.movesTo). SQLite keeps up the indexes that name a column
	// the statement sets, whatever the values: this one names none of
	// followups_rank's, which a new day would otherwise rewrite for every
	// follow-up it moves (migration 0024).
	updateMoved = rowsStatement{
		head: `UPDATE followups SET due = v.column2, day = v.column3, time_zone = v.column4, channel = v.column5,
			promised = v.column6, overdue = v.column7 FROM (VALUES `,
		firstRow: `(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT))`,
		row:      `(?, ?, ?, ?, ?, ?, ?)`,
		tail:     `) AS v WHERE followups.id = v.column1`,
		width:    7,
	}
	insertReasons = rowsStatement{
		head:     `INSERT INTO followup_reasons (followup_id, key, rule, text, purchase_id, issue_id, promise_id, reference, natural_due) VALUES `,
		firstRow: `(?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		row:      `(?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		width:    9,
	}
)

// text is the statement for n rows.
func (rs rowsStatement) text(n int) string {
	var b strings.Builder
	b.Grow(len(rs.head) + len(rs.firstRow) + n*(len(rs.row)+2) + len(rs.tail))
	b.WriteString(rs.head)
	b.WriteString(rs.firstRow)
	for range n - 1 {
		b.WriteString(", ")
		b.WriteString(rs.row)
	}
	b.WriteString(rs.tail)
	return b.String()
}

// batch writes rows rows, rs.width values each, a batch of rows per statement:
// row appends the values of row i to args. The values are boxed a batch at a
// time, into the same slice: a new day writes a hundred thousand rows at a
// million customers, whose values all at once were a large live slice for the
// garbage collector to scan.
func (w *planWriter) batch(rs *rowsStatement, rows int, row func(args []any, i int) []any) error {
	var args []any
	for done := 0; done < rows; {
		n := batchRows
		if left := rows - done; left < batchRows {
			n = 1
			for n*2 <= left {
				n *= 2
			}
		}
		st, err := w.prepared(rs, n)
		if err != nil {
			return err
		}
		args = args[:0]
		for i := done; i < done+n; i++ {
			args = row(args, i)
		}
		if len(args) != n*rs.width {
			return fmt.Errorf("%d values for %d rows of %d", len(args), n, rs.width)
		}
		if _, err := st.ExecContext(w.ctx, args...); err != nil {
			return err
		}
		done += n
	}
	return nil
}

// prepared is rs's statement for n rows, prepared the first time it is needed.
func (w *planWriter) prepared(rs *rowsStatement, n int) (*sql.Stmt, error) {
	key := batchKey{rs, n}
	if st, ok := w.batches[key]; ok {
		return st, nil
	}
	st, err := w.tx.PrepareContext(w.ctx, rs.text(n))
	if err != nil {
		return nil, err
	}
	if w.batches == nil {
		w.batches = map[batchKey]*sql.Stmt{}
	}
	w.batches[key] = st
	return st, nil
}

func (w *planWriter) close() {
	if w.ins != nil {
		w.ins.Close()
	}
	for _, st := range w.batches {
		st.Close()
	}
}
