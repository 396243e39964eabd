package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/replan"
	"github.com/rapport-app/rapport/data/store/tables"
)

// The conditions of the agenda and of today's list, and their order.
const (
	agendaCond = `f.status = 'pending' AND f.due >= ? AND f.due < ?`
	todayCond  = `f.status = 'pending' AND f.due < ?`
	byDue      = ` ORDER BY f.due, f.customer_id, f.id`
)

// Agenda lists the pending follow-ups due in [from, to), by due time.
func (s *Store) Agenda(ctx context.Context, from, to time.Time) ([]shop.AgendaItem, error) {
	return agendaOf(ctx, s, agendaRows, from, to)
}

// AgendaLines is Agenda as a printed list shows it: each follow-up with its
// customer's name (shop.Line).
func (s *Store) AgendaLines(ctx context.Context, from, to time.Time) ([]shop.Line, error) {
	return agendaOf(ctx, s, lineRows, from, to)
}

// agendaOf is Agenda in the shape of list.
func agendaOf[T any](ctx context.Context, s *Store, list listShape[T], from, to time.Time) ([]T, error) {
	n, err := s.countPending(ctx, agendaCond, tables.Unix(from), tables.Unix(to))
	if err != nil {
		return nil, err
	}
	return queryList(ctx, s, list, n, agendaCond, byDue, tables.Unix(from), tables.Unix(to))
}

// countPending counts the follow-ups cond keeps, from the index alone, so that a
// long list is read into a slice of the right size.
func (s *Store) countPending(ctx context.Context, cond string, args ...any) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM followups f WHERE `+cond, args...).Scan(&n)
	return n, err
}

// Today lists the pending follow-ups due before the end of the shop's day (overdue
// promises included), in the order of FOLLOWUP_RULES.md §6.
func (s *Store) Today(ctx context.Context) ([]shop.AgendaItem, error) {
	return todayOf(ctx, s, agendaRows, planner.RankItems)
}

// TodayLines is Today as a printed list shows it: each follow-up with its
// customer's name (shop.Line).
func (s *Store) TodayLines(ctx context.Context) ([]shop.Line, error) {
	return todayOf(ctx, s, lineRows, planner.RankLines)
}

// todayOf is Today in the shape of list, ranked by rank.
func todayOf[T any](ctx context.Context, s *Store, list listShape[T], rank func([]T)) ([]T, error) {
	end, err := s.endOfToday(ctx)
	if err != nil {
		return nil, err
	}
	n, err := s.countPending(ctx, todayCond, tables.Unix(end))
	if err != nil {
		return nil, err
	}
	items, err := queryList(ctx, s, list, n, todayCond, byDue, tables.Unix(end))
	if err != nil {
		return nil, err
	}
	rank(items)
	return items, nil
}

// TodayHead is the start of Today as the window draws it first: the first n
// follow-ups of me's part of today's list (remind.Mine: their own and nobody's;
// everyone's when me is 0) in the order of Today, whole, with the counts of that
// part and the length of everyone's list. SQLite sorts the day (rankSQL) and
// hands over only those n rows, so a long day's first screen does not wait for
// the whole list to be read.
func (s *Store) TodayHead(ctx context.Context, me shop.ID, n int) ([]shop.AgendaItem, planner.DayCounts, int, error) {
	var c planner.DayCounts
	end, err := s.endOfToday(ctx)
	if err != nil {
		return nil, c, 0, err
	}
	// A promise is broken once its time is before now (planner.BrokenPromise):
	// due times are whole seconds, so before the next whole second after now.
	now := s.Now()
	endArg, nowArg := tables.Unix(end), tables.Unix(now)
	if now.Nanosecond() != 0 {
		nowArg++
	}
	var all int
	err = s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(m), 0),
		coalesce(sum(CASE WHEN f.channel = 'phone' THEN m ELSE 0 END), 0),
		coalesce(sum(CASE WHEN f.channel = 'email' THEN m ELSE 0 END), 0),
		coalesce(sum(CASE WHEN f.channel = 'letter' THEN m ELSE 0 END), 0),
		coalesce(sum(CASE WHEN f.promised <> 0 THEN m ELSE 0 END), 0),
		coalesce(sum(CASE WHEN f.overdue <> 0 THEN m ELSE 0 END), 0),
		coalesce(sum(CASE WHEN f.promised <> 0 AND f.due < ? THEN m ELSE 0 END), 0)
		FROM (SELECT f.channel, f.promised, f.overdue, f.due, CASE WHEN `+mineCond+` THEN 1 ELSE 0 END AS m
			FROM followups f WHERE `+todayCond+`) f`, nowArg, me, me, endArg).Scan(
		&all, &c.FollowUps, &c.Calls, &c.Emails, &c.Letters, &c.Promises, &c.Overdue, &c.Broken)
	if err != nil {
		return nil, c, 0, err
	}
	// followups_rank holds every pending follow-up, today's and later ones, in
	// Today's order, and a scan of it stops at the n-th of today's. When me's part
	// of the day is n follow-ups or fewer, the scan would run to the index's end,
	// reading the due time of every later follow-up from the table; that part is
	// then read by its range of due times and sorted, as it is short.
	index := rankIndex
	if c.FollowUps <= n {
		index = dueIndex
	}
	items, err := readList(ctx, s, agendaRows, min(n, c.FollowUps), index, headCond, rankSQL+fmt.Sprintf(` LIMIT %d`, n), endArg, me, me)
	return items, c, all, err
}

// rankSQL is the order of Today (planner.RankItems, FOLLOWUP_RULES.md §6) in SQL:
// the priority class; among promises the earlier due time first (promise_due,
// which is 0 for the rest); the customer who spent more; the earlier due time;
// the customer; the follow-up (the order in which Today reads the rows it ranks).
// The index followups_rank (migrations 0020 and 0024) keeps each follow-up's
// customer's spend with it, in this order up to the spend, so that a day's head
// is read off the index; only the follow-ups of one class and spend, nearly
// always one customer's, are sorted by due time among themselves.
const rankSQL = ` ORDER BY f.priority, f.promise_due, f.spend_cents DESC, f.due, f.customer_id, f.id`

// mineCond is the one condition of remind.Mine in SQL (its arguments: the member
// of staff twice; 0 is everyone), and headCond Today's with it.
const (
	mineCond = `(CAST(? AS BIGINT) = 0 OR coalesce(f.assignee_id, 0) IN (0, ?))`
	headCond = todayCond + ` AND ` + mineCond
)

// rankIndex reads a day's head by followups_rank. Without statistics (the store
// keeps none) SQLite would take the range of due times by followups_due and sort
// the whole day, which is what the index is there to spare.
const rankIndex = ` INDEXED BY followups_rank`

// dueIndex reads a short day's head by its range of due times (followups_due).
const dueIndex = ` INDEXED BY followups_due`

// endOfToday is the end of the shop's day.
func (s *Store) endOfToday(ctx context.Context) (time.Time, error) {
	b, err := s.Business(ctx)
	if err != nil {
		return time.Time{}, err
	}
	loc := b.Location()
	n := s.Now().In(loc)
	return time.Date(n.Year(), n.Month(), n.Day()+1, 0, 0, 0, 0, loc), nil
}

// listShape is how a list of follow-ups is read: into whole items (agendaRows:
// shop.AgendaItem, each with its whole customer, for the window's lists, letters
// and exports) or into lines (lineRows: shop.Line, each with its customer's name,
// for the printed lists).
type listShape[T any] struct {
	// rows is the query of the follow-ups where says (with an index of followups
	// to read them by, as agendaSQL's), where a row's columns are scanned, and the
	// item of the row scanned last. Every row is scanned into the same places, then
	// copied out.
	rows func(index, where string) (q string, dest []any, item func() T)
	// followUp is an item's follow-up.
	followUp func(*T) *shop.FollowUp
}

// followUpCols are the columns of a follow-up in a list, with its assignee's name
// (followUpScan reads them).
const followUpCols = `f.id, f.customer_id, f.due, f.time_zone, f.channel, coalesce(f.assignee_id, 0), f.priority, f.promised,
		f.overdue, f.status, f.notes, f.score, f.completed_at, coalesce(st.name, '')`

// followUpScan is where followUpCols are scanned into f and assignee, and what
// sets f's times once a row is scanned.
func followUpScan(f *shop.FollowUp, assignee *string) (dest []any, times func()) {
	var due int64
	var done sql.NullInt64
	dest = []any{&f.ID, &f.CustomerID, &due, &f.TimeZone, &f.Channel, &f.AssigneeID, &f.Priority, &f.Promised, &f.Overdue,
		&f.Status, &f.Notes, &f.Score, &done, assignee}
	return dest, func() {
		f.Due = tables.FromUnix(due)
		f.CompletedAt = time.Time{}
		if done.Valid {
			f.CompletedAt = tables.FromUnix(done.Int64)
		}
	}
}

// agendaSQL selects the follow-ups where says, each with its customer, assignee and
// the customer's lifetime spend (kept with the customer: migration 0018). A
// non-empty index names the index of followups to read them by (SQLite's INDEXED
// BY; PostgreSQL chooses by its statistics).
func agendaSQL(index, where string) string {
	cols := strings.ReplaceAll("c."+customerCols, ", ", ", c.")
	return `SELECT ` + followUpCols + `, c.lifetime_cents, ` + cols + `
		FROM followups f` + index + ` JOIN customers c ON c.id = f.customer_id LEFT JOIN staff st ON st.id = f.assignee_id WHERE ` + where
}

// agendaRows reads whole items (agendaSQL).
var agendaRows = listShape[shop.AgendaItem]{rows: itemColumns, followUp: func(it *shop.AgendaItem) *shop.FollowUp { return &it.FollowUp }}

// itemColumns is agendaRows' rows: agendaSQL, and where its columns go.
func itemColumns(index, where string) (string, []any, func() shop.AgendaItem) {
	var it shop.AgendaItem
	var cr customerRow
	dest, times := followUpScan(&it.FollowUp, &it.Assignee)
	dest = append(append(dest, &it.LifetimeCents), cr.dest()...)
	return agendaSQL(index, where), dest, func() shop.AgendaItem {
		times()
		it.Customer = cr.customer()
		return it
	}
}

// linesSQL selects the follow-ups where says, each with its customer's name,
// assignee and the customer's lifetime spend. The follow-up keeps the name
// (migration 0027) and the spend (migration 0020), so that no customer's row is
// read: the customers of a long list are most of the customers table.
func linesSQL(index, where string) string {
	return `SELECT ` + followUpCols + `, f.spend_cents, f.customer_name
		FROM followups f` + index + ` LEFT JOIN staff st ON st.id = f.assignee_id WHERE ` + where
}

// lineRows reads lines (linesSQL).
var lineRows = listShape[shop.Line]{rows: lineColumns, followUp: func(l *shop.Line) *shop.FollowUp { return &l.FollowUp }}

// lineColumns is lineRows' rows: linesSQL, and where its columns go.
func lineColumns(index, where string) (string, []any, func() shop.Line) {
	var l shop.Line
	dest, times := followUpScan(&l.FollowUp, &l.Assignee)
	dest = append(dest, &l.LifetimeCents, &l.CustomerName)
	return linesSQL(index, where), dest, func() shop.Line {
		times()
		return l
	}
}

// FollowUp returns one follow-up, pending or completed.
func (s *Store) FollowUp(ctx context.Context, id shop.ID) (shop.AgendaItem, error) {
	items, err := s.queryAgenda(ctx, `f.id = ?`, ``, id)
	if err != nil {
		return shop.AgendaItem{}, err
	}
	if len(items) == 0 {
		return shop.AgendaItem{}, fmt.Errorf("follow-up %d: %w", id, ErrNotFound)
	}
	return items[0], nil
}

// History lists a customer's follow-ups, completed and pending, newest first.
func (s *Store) History(ctx context.Context, customerID shop.ID) ([]shop.AgendaItem, error) {
	return s.queryAgenda(ctx, `f.customer_id = ?`, ` ORDER BY f.due DESC, f.id DESC`, customerID)
}

// queryAgenda loads the follow-ups cond selects, in the order order says (an
// ORDER BY, and a LIMIT if any), with their customers, assignees and reasons in
// two queries, whatever the number of rows.
func (s *Store) queryAgenda(ctx context.Context, cond, order string, args ...any) ([]shop.AgendaItem, error) {
	return s.queryAgendaN(ctx, 0, cond, order, args...)
}

// queryAgendaN is queryAgenda for about n rows.
func (s *Store) queryAgendaN(ctx context.Context, n int, cond, order string, args ...any) ([]shop.AgendaItem, error) {
	return queryList(ctx, s, agendaRows, n, cond, order, args...)
}

// queryList is queryAgendaN in the shape of list.
func queryList[T any](ctx context.Context, s *Store, list listShape[T], n int, cond, order string, args ...any) ([]T, error) {
	if n < splitRows || order != byDue {
		return readList(ctx, s, list, n, "", cond, order, args...)
	}
	// A long list is read in two halves side by side, on connections of their own
	// (both engines let readers work side by side): the customers of even and of
	// odd IDs, each half with its reasons, merged in the order of byDue: the day of
	// the million-customer shop (88,000 follow-ups) on two cores at once.
	type half struct {
		items []T
		err   error
	}
	odd := make(chan half, 1) // the goroutine never waits, whatever returns first
	go func() {
		items, err := readList(ctx, s, list, n/2+spare(n), "", cond+oddHalf, order, args...)
		odd <- half{items, err}
	}()
	// The even half is read into room for the whole list, and the odd half merged
	// into it: no third list of the day's items, which at a million customers
	// take 37-45 MB (73,000-88,000 follow-ups; an item is 512 bytes, a line 224).
	even, err := readList(ctx, s, list, n+spare(n), "", cond+evenHalf, order, args...)
	o := <-odd
	if err != nil {
		return nil, err
	}
	if o.err != nil {
		return nil, o.err
	}
	return mergeByDue(even, o.items, list.followUp), nil
}

// spare is the room to make beyond a half's share of a list of about n rows (n/2
// for the odd half, n for the even one, which the odd is merged into): the
// customers of one parity may have a few more of the list than the other's, and
// a half with more than its room is copied into twice the room.
func spare(n int) int { return n/32 + 16 }

// The conditions that split a list into its halves.
const (
	oddHalf  = ` AND f.customer_id % 2 = 1`
	evenHalf = ` AND f.customer_id % 2 = 0`
)

// splitRows is the length of a list from which it is read in two halves. With the
// file read through a memory map (engine's dsn), the halves took 0.63-0.75 of
// the time of one read for lists of 2,000 to 7,300 follow-ups of the
// 100,000-customer shop, and 0.78-0.83 for lists of 850. On the
// 10,000-customer shop's day of 700 they saved 4-9 % of 6 ms. Below a thousand
// rows the list is read in a few milliseconds either way, and a second
// connection and goroutine are not worth their cost on a machine busy with
// other work, where the halves take turns on one core. On PostgreSQL
// (the same shop copied in) the halves took 0.84-0.96 of the time for lists of
// 900, and 1.08 for one of 330.
const splitRows = 1_000

// mergeByDue merges b into a, both in the order of byDue (due time, then
// customer), in a's array when it has room for both. The lists have no customer in
// common, so no two of their items tie. It merges from the ends, the latest item
// first, so that no item of a is overwritten before it has its place.
func mergeByDue[T any](a, b []T, followUp func(*T) *shop.FollowUp) []T {
	out := slices.Grow(a, len(b))[:len(a)+len(b)]
	i, j := len(a)-1, len(b)-1
	for k := len(out) - 1; j >= 0; k-- {
		if i >= 0 && dueAfter(followUp(&out[i]), followUp(&b[j])) {
			out[k], i = out[i], i-1
		} else {
			out[k], j = b[j], j-1
		}
	}
	return out
}

// dueAfter reports whether x comes after y in the order of byDue.
func dueAfter(x, y *shop.FollowUp) bool {
	c := x.Due.Compare(y.Due)
	return c > 0 || c == 0 && x.CustomerID > y.CustomerID
}

// readList reads the follow-ups cond selects in order, in the shape of list, then
// their reasons.
func readList[T any](ctx context.Context, s *Store, list listShape[T], n int, index, cond, order string, args ...any) ([]T, error) {
	q, dest, item := list.rows(index, cond+order)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := make([]T, 0, n)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		items = append(items, item())
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(items) == 0 {
		return items, nil
	}
	// A few rows' reasons are read by their IDs, a long list's by its condition.
	// A list by due time (the agenda's, Today's, each half of one) has its reasons
	// read in its own order, which the index of due times gives without a sort, so
	// that they come in the order of the items (reasonsByDue): SQLite builds no
	// table of the list's IDs, and no map of the list is needed to find each
	// reason's item. Another long list's (every follow-up, for an export) are read
	// by follow-up, as sorting every reason into another order would cost more.
	var rq string
	rargs := args
	switch {
	case len(items) <= reasonsByID:
		ids := make([]any, len(items))
		for i := range items {
			ids[i] = list.followUp(&items[i]).ID
		}
		rq, rargs = reasonsOf(`?`+strings.Repeat(`, ?`, len(items)-1)), ids
	case order == byDue:
		rq = reasonsByDue(cond)
	default:
		rq = reasonsOf(`SELECT f.id FROM followups f WHERE ` + cond)
	}
	return items, addReasons(ctx, s, items, list.followUp, rq, rargs...)
}

// addReasons appends to each item the reasons of its follow-up that q reads
// (reasonsOf or reasonsByDue), in the order q reads them. Reasons of
// follow-ups not in items are left out: another program may have planned a
// follow-up since the list was read, or the order's LIMIT left it out.
func addReasons[T any](ctx context.Context, s *Store, items []T, followUp func(*T) *shop.FollowUp, q string, args ...any) error {
	rr, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rr.Close()
	at := listFinder(items, followUp)
	// Every reason is scanned into the same places, then copied into its item.
	var fid shop.ID
	var r shop.Reason
	var nd int64
	dest := []any{&fid, &r.Key, &r.Rule, &r.Text, &r.PurchaseID, &r.IssueID, &r.PromiseID, &r.Reference, &nd}
	for rr.Next() {
		if err := rr.Scan(dest...); err != nil {
			return err
		}
		i, ok := at(fid)
		if !ok {
			continue
		}
		r.NaturalDue = tables.FromUnix(nd)
		f := followUp(&items[i])
		f.Reasons = append(f.Reasons, r)
	}
	return rr.Err()
}

// reasonsOf reads the reasons of the follow-ups whose IDs ids lists (a SELECT,
// or a list of placeholders), each follow-up's in the order they were written.
func reasonsOf(ids string) string {
	return `SELECT followup_id, key, rule, text, coalesce(purchase_id, 0), coalesce(issue_id, 0), coalesce(promise_id, 0),
		reference, natural_due FROM followup_reasons WHERE followup_id IN (` + ids + `) ORDER BY followup_id, rowid`
}

// reasonsByDue reads the reasons of the follow-ups cond selects (with the
// arguments of the list's query) in the order in which the list's query
// (agendaSQL or linesSQL, with cond+byDue) reads them, each follow-up's in the
// order they were written.
func reasonsByDue(cond string) string {
	return `SELECT r.followup_id, r.key, r.rule, r.text, coalesce(r.purchase_id, 0), coalesce(r.issue_id, 0), coalesce(r.promise_id, 0),
		r.reference, r.natural_due FROM followups f JOIN followup_reasons r ON r.followup_id = f.id WHERE ` + cond + byDue + `, r.rowid`
}

// listFinder returns where in items the follow-up of ID id is. It looks first at
// the item of the last reason found and at the one after it, where the next
// reason of a list read in its own order is (reasonsByDue). Otherwise (reasons
// read by follow-up, a follow-up without reasons between two with some, or a list
// changed between the two queries) it looks in a map of the list, made the first
// time it is needed.
func listFinder[T any](items []T, followUp func(*T) *shop.FollowUp) func(id shop.ID) (int, bool) {
	cur := 0
	var pos map[shop.ID]int
	return func(id shop.ID) (int, bool) {
		for i := cur; i < min(cur+2, len(items)); i++ {
			if followUp(&items[i]).ID == id {
				cur = i
				return i, true
			}
		}
		if pos == nil {
			pos = make(map[shop.ID]int, len(items))
			for i := range items {
				pos[followUp(&items[i]).ID] = i
			}
		}
		i, ok := pos[id]
		if ok {
			cur = i
		}
		return i, ok
	}
}

// reasonsByID is the most follow-ups whose reasons readList reads by their IDs:
// a customer's history, one follow-up, the head of Today (TodayHead), whose
// condition alone would read the reasons of the whole day.
const reasonsByID = 500

// ErrNotPending is returned when an outcome is recorded for a follow-up that was
// completed or re-planned meanwhile.
var ErrNotPending = errors.New("is no longer pending; refresh the list")

// RecordedError is ErrNotPending for a follow-up whose outcome someone recorded
// already (on this computer or another): it says what, who and when.
type RecordedError struct {
	ID     shop.ID
	Status shop.Status
	By     string // the staff member it was recorded for, "" when not known
	At     time.Time
}

func (e *RecordedError) Error() string {
	by := ""
	if e.By != "" {
		by = " by " + e.By
	}
	return fmt.Sprintf("follow-up %d was already recorded as %s%s at %s; nothing was changed, refresh the list",
		e.ID, strings.ToLower(e.Status.Label()), by, e.At.Local().Format("2 Jan 15:04"))
}

func (e *RecordedError) Unwrap() error { return ErrNotPending }

// notPending is the error for follow-up id that is not pending: a *RecordedError
// when its outcome was recorded, else ErrNotPending (re-planned away).
func notPending(ctx context.Context, q tables.Queryer, id shop.ID) error {
	var status string
	var at sql.NullInt64
	var by string
	err := q.QueryRowContext(ctx, `SELECT f.status, f.completed_at, coalesce(s.name, '') FROM followups f
		LEFT JOIN staff s ON s.id = f.completed_by WHERE f.id = ? AND f.status <> 'pending'`, id).Scan(&status, &at, &by)
	if err != nil || !at.Valid {
		return fmt.Errorf("follow-up %d %w", id, ErrNotPending)
	}
	return &RecordedError{ID: id, Status: shop.Status(status), By: by, At: tables.FromUnix(at.Int64)}
}

// Complete records the outcome of a pending follow-up, logs the contact and
// re-plans the customer, all in one transaction. A follow-up whose outcome was
// recorded meanwhile is refused with a *RecordedError.
func (s *Store) Complete(ctx context.Context, id shop.ID, o shop.Outcome) error {
	now := s.Now().UTC()
	if err := o.Validate(now); err != nil {
		return err
	}
	fu, err := s.FollowUp(ctx, id)
	if err != nil {
		return err
	}
	if fu.Status != shop.StatusPending {
		return notPending(ctx, s.db, id)
	}
	if o.Status == shop.StatusRescheduled {
		// "Call me tomorrow at eight" still has to be a time we may call.
		if err := s.checkNewTime(ctx, fu, o.RescheduleTo); err != nil {
			return err
		}
	}
	staff := o.StaffID
	if staff == 0 {
		staff = fu.AssigneeID
	}
	return s.InTx(ctx, func(tx *sql.Tx) error {
		err := execOne(ctx, tx, "follow-up", id, `UPDATE followups SET status = ?, notes = ?, score = ?, completed_at = ?, completed_by = ? WHERE id = ? AND status = 'pending'`,
			o.Status, o.Notes, o.Score, tables.Unix(now), tables.NullID(staff), id)
		if errors.Is(err, ErrNotFound) {
			return notPending(ctx, tx, id)
		}
		if err != nil {
			return err
		}
		if o.Status != shop.StatusSkipped {
			summary := o.Notes
			if summary == "" {
				summary = o.Status.Label() + ": " + fu.Summary()
			}
			c := shop.Contact{CustomerID: fu.CustomerID, At: now, Channel: fu.Channel, Direction: shop.Outbound, StaffID: staff, FollowUpID: id, Summary: summary}
			if err := insertContact(ctx, tx, &c); err != nil {
				return err
			}
		}
		loc := shop.ZoneOr(fu.TimeZone, time.UTC)
		for _, r := range fu.Reasons {
			switch o.Status {
			case shop.StatusNoAnswer:
				next := planner.RetryAfterNoAnswer(now, loc)
				_, err = tx.ExecContext(ctx, `INSERT INTO overrides (customer_id, key, not_before, attempts) VALUES (?, ?, ?, 1)
					ON CONFLICT (customer_id, key) DO UPDATE SET not_before = excluded.not_before, pinned = NULL, attempts = overrides.attempts + 1`,
					fu.CustomerID, r.Key, tables.Unix(next))
			case shop.StatusRescheduled:
				_, err = tx.ExecContext(ctx, `INSERT INTO overrides (customer_id, key, pinned) VALUES (?, ?, ?)
					ON CONFLICT (customer_id, key) DO UPDATE SET pinned = excluded.pinned, not_before = NULL`, fu.CustomerID, r.Key, tables.Unix(o.RescheduleTo))
			case shop.StatusDone:
				if o.ResolveIssues && r.IssueID != 0 {
					_, err = tx.ExecContext(ctx, `UPDATE issues SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL`, tables.Unix(now), r.IssueID)
				}
			}
			if err != nil {
				return fmt.Errorf("record outcome of %s: %w", r.Key, err)
			}
		}
		return s.replanAfterOutcome(ctx, tx, fu)
	})
}

// replanAfterOutcome re-plans the customer of fu after an outcome or a move. A
// call of the shop's today (or before) held a place in the owner's daily block:
// the place is free now, and the whole shop is planned again so that the next
// call waiting takes it, as a full re-plan would (rapport today and the window
// list the same day).
func (s *Store) replanAfterOutcome(ctx context.Context, tx *sql.Tx, fu shop.AgendaItem) error {
	if fu.Channel == shop.ChannelPhone {
		b, err := tables.Business(ctx, tx)
		if err != nil {
			return err
		}
		loc := b.Location()
		if tables.DayOf(fu.Due, loc) <= tables.DayOf(s.Now(), loc) {
			_, err := replan.All(ctx, tx, s.Now())
			return err
		}
	}
	return replan.Customer(ctx, tx, s.Now(), fu.CustomerID)
}

// NextTry is the pending follow-up that carries the reason key of a customer:
// after a call nobody answered, when and how it is tried again (a call, or an
// email or letter once the calls the rules allow are used up). ErrNotFound when
// nothing pending carries it.
func (s *Store) NextTry(ctx context.Context, customerID shop.ID, key string) (shop.AgendaItem, error) {
	items, err := s.queryAgenda(ctx, `f.status = 'pending' AND f.customer_id = ? AND f.id IN (SELECT followup_id FROM followup_reasons WHERE key = ?)`,
		` ORDER BY f.due LIMIT 1`, customerID, key)
	if err != nil {
		return shop.AgendaItem{}, err
	}
	if len(items) == 0 {
		return shop.AgendaItem{}, fmt.Errorf("no follow-up of customer %d carries %s: %w", customerID, key, ErrNotFound)
	}
	return items[0], nil
}

// dueDaysSQL counts the pending follow-ups of the days [?3, ?4) whose due times
// are in [?1, ?2).
const dueDaysSQL = `SELECT day, count(*) FROM followups WHERE status = 'pending' AND due >= ? AND due < ? AND day >= ? AND day < ? GROUP BY day`

// DueDays lists the customer-independent shop-local days in [from, to) that have
// pending follow-ups, with their counts, for the calendar.
func (s *Store) DueDays(ctx context.Context, from, to string) (map[string]int, error) {
	b, err := tables.Business(ctx, s.db)
	if err != nil {
		return nil, err
	}
	first, err := time.ParseInLocation(time.DateOnly, from, b.Location())
	if err != nil {
		return nil, fmt.Errorf("the calendar's first day %q: %w", from, err)
	}
	end, err := time.ParseInLocation(time.DateOnly, to, b.Location())
	if err != nil {
		return nil, fmt.Errorf("the calendar's last day %q: %w", to, err)
	}
	// A follow-up's day is the shop-local date of its due time, so the days are a
	// range of due times, read off followups_due; the range is widened by two days
	// each way (a day that starts at a clock change, a plan made before the shop's
	// zone changed) and the days themselves decide.
	rows, err := s.db.QueryContext(ctx, dueDaysSQL, tables.Unix(first.AddDate(0, 0, -2)), tables.Unix(end.AddDate(0, 0, 2)), from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var d string
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return nil, err
		}
		out[d] = n
	}
	return out, rows.Err()
}

// SaveIssueWithPromise saves an issue as SaveIssue does and, when the customer
// accepted a follow-up in days days (FOLLOWUP_RULES.md §8: "customer accepted a
// follow-up in N days"), records that promise about the issue in the same
// transaction: a call on that day of theirs at their preferred time (or the
// default call time), moved to the next time the call windows allow; an email or
// letter to a customer who prefers one. days 0 is SaveIssue.
func (s *Store) SaveIssueWithPromise(ctx context.Context, is *shop.Issue, days int) error {
	if days < 0 || days > 365 {
		return shop.FieldErrorf("accepted_in", "%d is not a number of days from 1 to 365", days)
	}
	if err := is.Validate(); err != nil {
		return err
	}
	var r shop.Rules
	var c shop.Customer
	var b shop.Business
	if days > 0 {
		var err error
		if r, err = s.Rules(ctx); err != nil {
			return err
		}
		if b, err = s.Business(ctx); err != nil {
			return err
		}
		if c, err = s.Customer(ctx, is.CustomerID); err != nil {
			return err
		}
	}
	return s.InTx(ctx, func(tx *sql.Tx) error {
		if err := insertOrUpdateIssue(ctx, tx, nil, is); err != nil {
			return err
		}
		if days > 0 {
			due, ch := planner.SuggestPromise(r, c, c.Location(b.Location()), s.Now(), days)
			note := "Accepted a follow-up in " + fmt.Sprint(days) + " days when " + is.Reference + " was logged"
			p := shop.Promise{CustomerID: is.CustomerID, IssueID: is.ID, Due: due, Channel: ch, AssigneeID: is.HandledBy, Note: note, CreatedAt: s.Now().UTC()}
			if err := insertPromise(ctx, tx, &p); err != nil {
				return err
			}
		}
		return replan.Customer(ctx, tx, s.Now(), is.CustomerID)
	})
}
