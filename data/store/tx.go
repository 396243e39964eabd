package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/replan"
	"github.com/rapport-app/rapport/data/store/tables"
)

// Tx is one write transaction for work that adds many rows at once outside the
// screens' one-record services: a demo or benchmark shop, an import (ImportTx). Its
// writes re-plan nothing until ReplanAll; Write commits them whole or not at all.
type Tx struct {
	ctx context.Context
	tx  *sql.Tx
	s   *Store
	// saleStmt adds salesPerInsert sales at once (AddSales); closed with the
	// transaction.
	saleStmt *sql.Stmt
	// st holds the statements of the customers saved, prepared once.
	st *stmts
}

func (t *Tx) statements() *stmts {
	if t.st == nil {
		t.st = &stmts{}
	}
	return t.st
}

// Write runs fn in one write transaction: committed when fn returns nil, rolled
// back otherwise, so the work lands whole or not at all.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	return s.InTx(ctx, func(tx *sql.Tx) error { return fn(&Tx{ctx: ctx, tx: tx, s: s}) })
}

// Now is the store's clock.
func (t *Tx) Now() time.Time { return t.s.Now() }

// Business is the shop's profile.
func (t *Tx) Business() (shop.Business, error) { return tables.Business(t.ctx, t.tx) }

// ShopCountry is the shop's country code: phone numbers written without a country
// prefix are read as its numbers.
func (t *Tx) ShopCountry() string { return shopCountry(t.ctx, t.tx) }

// Staff lists everyone in the shop, seniors first.
func (t *Tx) Staff() ([]shop.Staff, error) { return tables.Staff(t.ctx, t.tx) }

// Customer reads one stored customer.
func (t *Tx) Customer(id shop.ID) (shop.Customer, error) { return getCustomer(t.ctx, t.tx, id) }

// CountCustomers is how many customers the shop has.
func (t *Tx) CountCustomers() (int, error) {
	var n int
	err := t.tx.QueryRowContext(t.ctx, `SELECT count(*) FROM customers`).Scan(&n)
	return n, err
}

// SetProfile stores the shop's profile and its letter settings as they are.
func (t *Tx) SetProfile(b shop.Business, ls shop.LetterSettings) error {
	if err := b.Validate(); err != nil {
		return err
	}
	if err := ls.Validate(); err != nil {
		return err
	}
	var logo any
	if len(b.Logo) > 0 {
		logo = b.Logo
	}
	before := shopCountry(t.ctx, t.tx)
	if t.st != nil {
		t.st.haveCountry = false
	}
	h := tables.HoursOrDefault(b.Hours)
	_, err := t.tx.ExecContext(t.ctx, `UPDATE business SET name = ?, address = ?, phone = ?, email = ?, website = ?, logo = ?, time_zone = ?, b2b = ?,
		big_ticket_cents = ?, country = ?, paper = ?, open_days = ?, opens = ?, closes = ? WHERE id = 1`,
		b.Name, b.Address, b.Phone, b.Email, b.Website, logo, b.TimeZone, tables.Flag(b.BusinessToBusiness), b.BigTicketCents, ls.Country, ls.Paper,
		h.DayMask(), h.From, h.Until)
	if err != nil {
		return fmt.Errorf("save the shop profile: %w", err)
	}
	if ls.Country != before {
		// Phone numbers of customers without a country are read as the shop's.
		return fillCustomerKeys(t.ctx, t.tx, true)
	}
	return nil
}

// AddStaff adds a staff member and sets st.ID.
func (t *Tx) AddStaff(st *shop.Staff) error {
	if err := st.Validate(); err != nil {
		return err
	}
	res, err := t.tx.ExecContext(t.ctx, `INSERT INTO staff (name, title, senior, active) VALUES (?, ?, ?, ?)`, st.Name, st.Title, tables.Flag(st.Senior), tables.Flag(st.Active))
	if err != nil {
		return fmt.Errorf("add staff %q: %w", st.Name, err)
	}
	st.ID, _ = res.LastInsertId()
	return nil
}

// AddCustomer stores a new customer as SaveCustomer would (the phone written the
// one way, the zone guessed from it), without re-planning, and sets c.ID. A
// customer that is not acceptable is refused with its FieldErrors.
func (t *Tx) AddCustomer(c *shop.Customer) error {
	c.ID = 0
	return t.s.saveCustomer(t.ctx, t.tx, t.statements(), c, false)
}

// UpdateCustomer stores changes to a stored customer as SaveCustomer would, without
// re-planning.
func (t *Tx) UpdateCustomer(c *shop.Customer) error {
	return t.s.saveCustomer(t.ctx, t.tx, t.statements(), c, false)
}

// AddPurchase stores one sale and sets p.ID.
func (t *Tx) AddPurchase(p *shop.Purchase) error {
	if err := p.Validate(); err != nil {
		return err
	}
	p.ID = 0
	return insertOrUpdatePurchase(t.ctx, t.tx, p)
}

// salesPerInsert is how many sales one INSERT statement adds: a statement per sale
// spends more time crossing into SQLite than writing.
const salesPerInsert = 200

func salesInsert(n int) string {
	return `INSERT INTO purchases (customer_id, at, items, amount_cents, channel, sold_by, order_ref) VALUES (?, ?, ?, ?, ?, ?, ?)` +
		strings.Repeat(`, (?, ?, ?, ?, ?, ?, ?)`, n-1)
}

// AddSales stores sales the importer has checked (shop.Purchase.Validate), many to a
// statement. Their IDs are not set.
func (t *Tx) AddSales(ps []shop.Purchase) error {
	args := make([]any, 0, 7*min(len(ps), salesPerInsert))
	for start := 0; start < len(ps); start += salesPerInsert {
		chunk := ps[start:min(start+salesPerInsert, len(ps))]
		args = args[:0]
		for i := range chunk {
			p := &chunk[i]
			args = append(args, p.CustomerID, tables.Unix(p.At), p.Items, p.AmountCents, p.Channel, tables.NullID(p.SoldBy), p.OrderRef)
		}
		var err error
		if len(chunk) == salesPerInsert {
			if t.saleStmt == nil {
				if t.saleStmt, err = t.tx.PrepareContext(t.ctx, salesInsert(salesPerInsert)); err != nil {
					return err
				}
			}
			_, err = t.saleStmt.ExecContext(t.ctx, args...)
		} else {
			_, err = t.tx.ExecContext(t.ctx, salesInsert(len(chunk)), args...)
		}
		if err != nil {
			return fmt.Errorf("add sales: %w", err)
		}
	}
	return nil
}

// AddIssue stores a new issue (with its reference, R-00042 when it has none) and
// sets is.ID.
func (t *Tx) AddIssue(is *shop.Issue) error {
	if err := is.Validate(); err != nil {
		return err
	}
	is.ID = 0
	return insertOrUpdateIssue(t.ctx, t.tx, t.statements(), is)
}

// AddContact adds an entry to the contact log and sets c.ID.
func (t *Tx) AddContact(c *shop.Contact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return insertContact(t.ctx, t.tx, c)
}

// AddPromise records a promise as it is (CreatedAt included) and sets p.ID.
func (t *Tx) AddPromise(p *shop.Promise) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return insertPromise(t.ctx, t.tx, p)
}

// Purchases lists the sales made before a time, oldest first.
func (t *Tx) Purchases(before time.Time) ([]shop.Purchase, error) {
	return tables.Purchases(t.ctx, t.tx, `WHERE at < ? ORDER BY at, id`, tables.Unix(before))
}

// RecordHistory stores a follow-up that was already made (its Status is not
// pending), with its reasons, as history the planner never changes; the reasons'
// keys keep them from being planned again. It sets f.ID.
func (t *Tx) RecordHistory(f *shop.FollowUp) error {
	if f.Status == shop.StatusPending || f.Status == "" {
		return fmt.Errorf("history: follow-up of customer %d has no outcome", f.CustomerID)
	}
	b, err := tables.Business(t.ctx, t.tx)
	if err != nil {
		return err
	}
	// The customer's spend and name go in with the row, as the re-plan's (replan/save.go).
	res, err := t.tx.ExecContext(t.ctx, `INSERT INTO followups (customer_id, due, day, time_zone, channel, assignee_id, priority, promised, overdue,
		promise_due, status, notes, score, completed_at, spend_cents, customer_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
		coalesce((SELECT lifetime_cents FROM customers WHERE id = ?1), 0), coalesce((SELECT name FROM customers WHERE id = ?1), ''))`,
		f.CustomerID, tables.Unix(f.Due), tables.DayOf(f.Due, b.Location()), f.TimeZone, f.Channel, tables.NullID(f.AssigneeID), f.Priority, tables.Flag(f.Promised),
		tables.Flag(f.Overdue), tables.PromiseDue(f.Priority, tables.Unix(f.Due)), f.Status, f.Notes, f.Score, tables.ZeroUnix(f.CompletedAt))
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	f.ID, _ = res.LastInsertId()
	for _, r := range f.Reasons {
		if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO followup_reasons (followup_id, key, rule, text, purchase_id, issue_id, promise_id, reference,
			natural_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, r.Key, r.Rule, r.Text, tables.NullID(r.PurchaseID), tables.NullID(r.IssueID), tables.NullID(r.PromiseID),
			r.Reference, tables.Unix(r.NaturalDue)); err != nil {
			return fmt.Errorf("history: %w", err)
		}
	}
	return nil
}

// ReplanAll plans every customer's follow-ups afresh inside the transaction and
// returns how many are pending.
func (t *Tx) ReplanAll() (int, error) { return replan.All(t.ctx, t.tx, t.s.Now()) }
