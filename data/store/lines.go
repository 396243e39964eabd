package store

import (
	"context"
	"database/sql"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/tables"
)

// This file reads whole tables row by row, with the names a list or a file shows
// beside each row, for the exports: a shop of a million sales is never held in
// memory at once.

// EachCustomer calls fn with every customer, by name (case-insensitive), then ID;
// an error from fn stops the walk and is returned.
func (s *Store) EachCustomer(ctx context.Context, fn func(shop.Customer) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+customerCols+` FROM customers ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SaleLine is a sale with its customer's name, email and zone and the seller's
// name ("" for none).
type SaleLine struct {
	shop.Purchase
	Customer, Email, TimeZone, Seller string
}

// EachSale calls fn with every sale, oldest first.
func (s *Store) EachSale(ctx context.Context, fn func(SaleLine) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.customer_id, p.at, p.items, p.amount_cents, p.channel, coalesce(p.sold_by, 0),
		c.name, c.email, c.time_zone, coalesce(st.name, '')
		FROM purchases p JOIN customers c ON c.id = p.customer_id LEFT JOIN staff st ON st.id = p.sold_by ORDER BY p.at, p.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l SaleLine
		var at int64
		if err := rows.Scan(&l.ID, &l.CustomerID, &at, &l.Items, &l.AmountCents, &l.Channel, &l.SoldBy, &l.Customer, &l.Email, &l.TimeZone, &l.Seller); err != nil {
			return err
		}
		l.At = tables.FromUnix(at)
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// IssueLine is an issue with its customer's name, email and zone and the name of
// who handled it ("" for nobody).
type IssueLine struct {
	shop.Issue
	Customer, Email, TimeZone, Handler string
}

// EachIssue calls fn with every issue, oldest first.
func (s *Store) EachIssue(ctx context.Context, fn func(IssueLine) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.customer_id, i.type, i.channel, i.opened_at, i.replied_at, i.resolved_at, i.complicated,
		i.escalated, i.trivial, coalesce(i.handled_by, 0), i.billing_date, i.reference, i.summary, c.name, c.email, c.time_zone, coalesce(st.name, '')
		FROM issues i JOIN customers c ON c.id = i.customer_id LEFT JOIN staff st ON st.id = i.handled_by ORDER BY i.opened_at, i.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l IssueLine
		var opened int64
		var replied, resolved, billing sql.NullInt64
		if err := rows.Scan(&l.ID, &l.CustomerID, &l.Type, &l.Channel, &opened, &replied, &resolved, &l.Complicated, &l.Escalated, &l.Trivial,
			&l.HandledBy, &billing, &l.Reference, &l.Summary, &l.Customer, &l.Email, &l.TimeZone, &l.Handler); err != nil {
			return err
		}
		l.OpenedAt = tables.FromUnix(opened)
		l.RepliedAt, l.ResolvedAt, l.BillingDate = tables.NullTime(replied), tables.NullTime(resolved), tables.NullTime(billing)
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AllFollowUps lists every follow-up, planned or done, by due time.
func (s *Store) AllFollowUps(ctx context.Context) ([]shop.AgendaItem, error) {
	return s.queryAgenda(ctx, `1 = 1`, ` ORDER BY f.due, f.id`)
}
