// Package tables is how the shop's values are kept in the database's tables: the
// columns read for each, scanning a row into a shop value, and the conversions at
// that boundary (times as Unix seconds in UTC, absent IDs as NULL, flags as 0/1).
// The store and the re-plan read through it, so that a column is named once.
package tables

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-app/rapport/data/shop"
)

// ErrNotFound is returned when a row asked for by ID does not exist.
var ErrNotFound = errors.New("not found")

// Queryer reads: a *sql.DB outside a transaction, a *sql.Tx inside one.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Scanner is a row to scan: *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// queryAll runs query and scans every row it returns.
func queryAll[T any](ctx context.Context, q Queryer, query string, args []any, scan func(Scanner) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// PurchaseCols are the columns ScanPurchase reads, in its order.
const PurchaseCols = `id, customer_id, at, items, amount_cents, channel, coalesce(sold_by, 0)`

// ScanPurchase reads a row of PurchaseCols.
func ScanPurchase(sc Scanner) (shop.Purchase, error) {
	var p shop.Purchase
	var at int64
	err := sc.Scan(&p.ID, &p.CustomerID, &at, &p.Items, &p.AmountCents, &p.Channel, &p.SoldBy)
	p.At = FromUnix(at)
	return p, err
}

// Texts hands out one string for each distinct text read from many rows. A
// re-plan reads the last months' sales and the active issues of the whole shop (a
// million rows at a million customers), whose channels and types are a handful of
// words and whose items and summaries repeat a shop's products and complaints:
// a string apiece was as many allocations, scattered over a heap the planner then
// reads them back from, one cache miss each. Texts keeps at most textsMax texts of
// up to textsLen bytes; any other is copied as it comes. The zero value is ready.
type Texts struct{ m map[string]string }

const (
	textsMax = 1 << 16
	textsLen = 128
)

// Of is the text of b (read in a row just scanned) as a string.
func (t *Texts) Of(b []byte) string {
	if s, ok := t.m[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(b) <= textsLen && len(t.m) < textsMax {
		if t.m == nil {
			t.m = map[string]string{}
		}
		t.m[s] = s
	}
	return s
}

// RowScanner reads the rows of a long read (a re-plan's sales and issues, a
// million at a million customers) straight into where they are kept, texts from
// Texts: what a row is scanned through is its own and used again for every row,
// where a value and its scratch declared per row were each moved to the heap, as
// their addresses go to Scan (a few hundred megabytes a re-plan). The zero value
// is ready.
type RowScanner struct {
	Texts Texts

	dest                                    []any
	at, opened                              int64
	replied, resolved, billing              sql.NullInt64
	items, typ, channel, reference, summary sql.RawBytes
}

func (s *RowScanner) scan(rows *sql.Rows, dest ...any) error {
	s.dest = append(s.dest[:0], dest...)
	return rows.Scan(s.dest...)
}

// Purchase scans a row of PurchaseCols into p.
func (s *RowScanner) Purchase(rows *sql.Rows, p *shop.Purchase) error {
	err := s.scan(rows, &p.ID, &p.CustomerID, &s.at, &s.items, &p.AmountCents, &s.channel, &p.SoldBy)
	p.At = FromUnix(s.at)
	p.Items, p.Channel = s.Texts.Of(s.items), shop.Channel(s.Texts.Of(s.channel))
	return err
}

// Issue scans a row of IssueCols into is.
func (s *RowScanner) Issue(rows *sql.Rows, is *shop.Issue) error {
	err := s.scan(rows, &is.ID, &is.CustomerID, &s.typ, &s.channel, &s.opened, &s.replied, &s.resolved, &is.Complicated, &is.Escalated, &is.Trivial,
		&is.HandledBy, &s.billing, &s.reference, &s.summary)
	is.OpenedAt = FromUnix(s.opened)
	is.RepliedAt, is.ResolvedAt, is.BillingDate = NullTime(s.replied), NullTime(s.resolved), NullTime(s.billing)
	is.Type, is.Channel = shop.IssueType(s.Texts.Of(s.typ)), shop.Channel(s.Texts.Of(s.channel))
	is.Reference, is.Summary = s.Texts.Of(s.reference), s.Texts.Of(s.summary)
	return err
}

// Purchases reads the sales that the clause where (WHERE…, ORDER BY…) picks.
func Purchases(ctx context.Context, q Queryer, where string, args ...any) ([]shop.Purchase, error) {
	return queryAll(ctx, q, `SELECT `+PurchaseCols+` FROM purchases `+where, args, ScanPurchase)
}

// IssueCols are the columns ScanIssue reads, in its order.
const IssueCols = `id, customer_id, type, channel, opened_at, replied_at, resolved_at, complicated, escalated, trivial, coalesce(handled_by, 0), billing_date, reference, summary`

// ScanIssue reads a row of IssueCols.
func ScanIssue(sc Scanner) (shop.Issue, error) {
	var is shop.Issue
	var opened int64
	var replied, resolved, billing sql.NullInt64
	err := sc.Scan(&is.ID, &is.CustomerID, &is.Type, &is.Channel, &opened, &replied, &resolved, &is.Complicated, &is.Escalated, &is.Trivial,
		&is.HandledBy, &billing, &is.Reference, &is.Summary)
	is.OpenedAt = FromUnix(opened)
	is.RepliedAt, is.ResolvedAt, is.BillingDate = NullTime(replied), NullTime(resolved), NullTime(billing)
	return is, err
}

// Issues reads the issues that the clause where picks.
func Issues(ctx context.Context, q Queryer, where string, args ...any) ([]shop.Issue, error) {
	return queryAll(ctx, q, `SELECT `+IssueCols+` FROM issues `+where, args, ScanIssue)
}

// PromiseCols are the columns ScanPromise reads, in its order.
const PromiseCols = `id, customer_id, coalesce(issue_id, 0), due, channel, coalesce(assignee_id, 0), note, created_at, escalated_at,
	coalesce(escalated_from, 0), coalesce(escalated_to, 0)`

// ScanPromise reads a row of PromiseCols.
func ScanPromise(sc Scanner) (shop.Promise, error) {
	var p shop.Promise
	var due, created int64
	var escalated sql.NullInt64
	if err := sc.Scan(&p.ID, &p.CustomerID, &p.IssueID, &due, &p.Channel, &p.AssigneeID, &p.Note, &created, &escalated,
		&p.EscalatedFrom, &p.EscalatedTo); err != nil {
		return p, err
	}
	p.Due, p.CreatedAt = FromUnix(due), FromUnix(created)
	if escalated.Valid {
		p.EscalatedAt = FromUnix(escalated.Int64)
	}
	return p, nil
}

// Promises reads the promises (table alias p) that the clause where picks.
func Promises(ctx context.Context, q Queryer, where string, args ...any) ([]shop.Promise, error) {
	return queryAll(ctx, q, `SELECT `+PromiseCols+` FROM promises p `+where, args, ScanPromise)
}

// ContactCols are the columns ScanContact reads, in its order.
const ContactCols = `id, customer_id, at, channel, direction, coalesce(staff_id, 0), coalesce(followup_id, 0), summary`

// ScanContact reads a row of ContactCols.
func ScanContact(sc Scanner) (shop.Contact, error) {
	var c shop.Contact
	var at int64
	err := sc.Scan(&c.ID, &c.CustomerID, &at, &c.Channel, &c.Direction, &c.StaffID, &c.FollowUpID, &c.Summary)
	c.At = FromUnix(at)
	return c, err
}

// Contacts reads the contact log entries that the clause where picks.
func Contacts(ctx context.Context, q Queryer, where string, args ...any) ([]shop.Contact, error) {
	return queryAll(ctx, q, `SELECT `+ContactCols+` FROM contacts `+where, args, ScanContact)
}

// SalesBetweenSQL is the query of SalesBetween.
const SalesBetweenSQL = `SELECT id, customer_id, at, amount_cents FROM purchases WHERE at >= ? AND at < ? ORDER BY at`

// SalesBetween lists the sales in [from, to) in time order, with what the
// small-ticket sample and the report need (not their items), from the covering
// index on purchases (at, amount_cents, customer_id): a year of a busy shop is a
// quarter of a million sales.
func SalesBetween(ctx context.Context, q Queryer, from, to time.Time) ([]shop.Purchase, error) {
	rows, err := q.QueryContext(ctx, SalesBetweenSQL, Unix(from), Unix(to))
	if err != nil {
		return nil, fmt.Errorf("read the sales from %s: %w", from.Format(time.DateOnly), err)
	}
	defer rows.Close()
	var out []shop.Purchase
	for rows.Next() {
		var p shop.Purchase
		var at int64
		if err := rows.Scan(&p.ID, &p.CustomerID, &at, &p.AmountCents); err != nil {
			return nil, err
		}
		p.At = FromUnix(at)
		out = append(out, p)
	}
	return out, rows.Err()
}
