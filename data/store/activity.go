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

// Purchases lists a customer's sales, newest first.
func (s *Store) Purchases(ctx context.Context, customerID shop.ID) ([]shop.Purchase, error) {
	return tables.Purchases(ctx, s.db, `WHERE customer_id = ? ORDER BY at DESC, id DESC`, customerID)
}

// RecentPurchases lists the sales since a time, newest first, for the sales screen.
func (s *Store) RecentPurchases(ctx context.Context, since time.Time, limit int) ([]shop.Purchase, error) {
	return tables.Purchases(ctx, s.db, `WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?`, tables.Unix(since), limit)
}

// SavePurchase adds (ID 0) or updates a sale and re-plans the customer's follow-ups.
func (s *Store) SavePurchase(ctx context.Context, p *shop.Purchase) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *sql.Tx) error {
		var old shop.Purchase
		if p.ID != 0 {
			var err error
			if old, err = tables.ScanPurchase(tx.QueryRowContext(ctx, `SELECT `+tables.PurchaseCols+` FROM purchases WHERE id = ?`, p.ID)); err != nil {
				return fmt.Errorf("sale %d: %w", p.ID, ErrNotFound)
			}
		}
		if err := insertOrUpdatePurchase(ctx, tx, p); err != nil {
			return err
		}
		if old.CustomerID != 0 && old.CustomerID != p.CustomerID {
			if err := replan.Customer(ctx, tx, s.Now(), old.CustomerID); err != nil {
				return err
			}
		}
		return replan.Customer(ctx, tx, s.Now(), p.CustomerID)
	})
}

func insertOrUpdatePurchase(ctx context.Context, tx *sql.Tx, p *shop.Purchase) error {
	args := []any{p.CustomerID, tables.Unix(p.At), p.Items, p.AmountCents, p.Channel, tables.NullID(p.SoldBy)}
	if p.ID == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO purchases (customer_id, at, items, amount_cents, channel, sold_by) VALUES (?, ?, ?, ?, ?, ?)`, args...)
		if err != nil {
			return fmt.Errorf("add sale: %w", err)
		}
		p.ID, _ = res.LastInsertId()
		return nil
	}
	return execOne(ctx, tx, "sale", p.ID, `UPDATE purchases SET customer_id = ?, at = ?, items = ?, amount_cents = ?, channel = ?, sold_by = ? WHERE id = ?`, append(args, p.ID)...)
}

// DeletePurchase removes a sale and re-plans; follow-ups already done about it stay
// in the history.
func (s *Store) DeletePurchase(ctx context.Context, id shop.ID) error {
	return s.InTx(ctx, func(tx *sql.Tx) error {
		var cust shop.ID
		if err := tx.QueryRowContext(ctx, `SELECT customer_id FROM purchases WHERE id = ?`, id).Scan(&cust); err != nil {
			return fmt.Errorf("sale %d: %w", id, ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM purchases WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete sale %d: %w", id, err)
		}
		return replan.Customer(ctx, tx, s.Now(), cust)
	})
}

// Issues lists a customer's issues, newest first.
func (s *Store) Issues(ctx context.Context, customerID shop.ID) ([]shop.Issue, error) {
	return tables.Issues(ctx, s.db, `WHERE customer_id = ? ORDER BY opened_at DESC, id DESC`, customerID)
}

// IssueByReference finds the issue with a reference ("R-00042", compared without
// case); ErrNotFound for none.
func (s *Store) IssueByReference(ctx context.Context, ref string) (shop.Issue, error) {
	is, err := tables.Issues(ctx, s.db, `WHERE lower(reference) = lower(?) ORDER BY id LIMIT 1`, strings.TrimSpace(ref))
	if err != nil {
		return shop.Issue{}, err
	}
	if len(is) == 0 {
		return shop.Issue{}, fmt.Errorf("issue %s: %w", ref, ErrNotFound)
	}
	return is[0], nil
}

// OpenIssues lists every unresolved issue, oldest first.
func (s *Store) OpenIssues(ctx context.Context) ([]shop.Issue, error) {
	return tables.Issues(ctx, s.db, `WHERE resolved_at IS NULL ORDER BY opened_at, id`)
}

// IssueCounts counts issues by type since a time, for the "common problems" chart
// (FOLLOWUP_RULES.md §8).
func (s *Store) IssueCounts(ctx context.Context, since time.Time) (map[shop.IssueType]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT type, count(*) FROM issues WHERE opened_at >= ? GROUP BY type`, tables.Unix(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[shop.IssueType]int{}
	for rows.Next() {
		var t shop.IssueType
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, rows.Err()
}

// SaveIssue adds (ID 0) or updates an issue and re-plans. Clearing ResolvedAt
// reopens it: the customer's pending follow-ups are planned again around it.
func (s *Store) SaveIssue(ctx context.Context, is *shop.Issue) error {
	if err := is.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *sql.Tx) error {
		if err := insertOrUpdateIssue(ctx, tx, nil, is); err != nil {
			return err
		}
		return replan.Customer(ctx, tx, s.Now(), is.CustomerID)
	})
}

// insertOrUpdateIssue stores is inside tx, its statements prepared through st (nil
// for none).
func insertOrUpdateIssue(ctx context.Context, tx *sql.Tx, st *stmts, is *shop.Issue) error {
	args := []any{is.CustomerID, is.Type, is.Channel, tables.Unix(is.OpenedAt), tables.NullUnix(is.RepliedAt), tables.NullUnix(is.ResolvedAt), tables.Flag(is.Complicated),
		tables.Flag(is.Escalated), tables.Flag(is.Trivial), tables.NullID(is.HandledBy), tables.NullUnix(is.BillingDate), is.Reference, is.Summary}
	if is.ID == 0 {
		res, err := st.exec(ctx, tx, `INSERT INTO issues (customer_id, type, channel, opened_at, replied_at, resolved_at, complicated, escalated, trivial,
			handled_by, billing_date, reference, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
		if err != nil {
			return fmt.Errorf("add issue: %w", err)
		}
		is.ID, _ = res.LastInsertId()
		if is.Reference == "" {
			// A reference the customer can quote on the phone and in letters.
			is.Reference = fmt.Sprintf("R-%05d", is.ID)
			_, err = st.exec(ctx, tx, `UPDATE issues SET reference = ? WHERE id = ?`, is.Reference, is.ID)
		}
		return err
	}
	return execOne(ctx, tx, "issue", is.ID, `UPDATE issues SET customer_id = ?, type = ?, channel = ?, opened_at = ?, replied_at = ?, resolved_at = ?,
		complicated = ?, escalated = ?, trivial = ?, handled_by = ?, billing_date = ?, reference = ?, summary = ? WHERE id = ?`, append(args, is.ID)...)
}

// DeleteIssue removes an issue and re-plans; completed follow-ups stay in history.
func (s *Store) DeleteIssue(ctx context.Context, id shop.ID) error {
	return s.InTx(ctx, func(tx *sql.Tx) error {
		var cust shop.ID
		if err := tx.QueryRowContext(ctx, `SELECT customer_id FROM issues WHERE id = ?`, id).Scan(&cust); err != nil {
			return fmt.Errorf("issue %d: %w", id, ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM issues WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete issue %d: %w", id, err)
		}
		return replan.Customer(ctx, tx, s.Now(), cust)
	})
}

// AddPromise records a follow-up the customer accepted and plans it.
func (s *Store) AddPromise(ctx context.Context, p *shop.Promise) error {
	if p.Channel == "" {
		p.Channel = shop.ChannelPhone
	}
	if err := p.Validate(); err != nil {
		return err
	}
	p.CreatedAt = s.Now().UTC()
	return s.InTx(ctx, func(tx *sql.Tx) error {
		if err := insertPromise(ctx, tx, p); err != nil {
			return err
		}
		return replan.Customer(ctx, tx, s.Now(), p.CustomerID)
	})
}

func insertPromise(ctx context.Context, tx *sql.Tx, p *shop.Promise) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO promises (customer_id, issue_id, due, channel, assignee_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		p.CustomerID, tables.NullID(p.IssueID), tables.Unix(p.Due), p.Channel, tables.NullID(p.AssigneeID), p.Note, tables.Unix(p.CreatedAt))
	if err != nil {
		return fmt.Errorf("add promise: %w", err)
	}
	p.ID, _ = res.LastInsertId()
	return nil
}

// Contacts lists a customer's contact log, newest first.
func (s *Store) Contacts(ctx context.Context, customerID shop.ID) ([]shop.Contact, error) {
	return tables.Contacts(ctx, s.db, `WHERE customer_id = ? ORDER BY at DESC, id DESC`, customerID)
}

// LogContact adds an entry to the contact log and re-plans: a new contact can
// change the time of day to call and who gets a relationship call.
func (s *Store) LogContact(ctx context.Context, c *shop.Contact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if c.At.IsZero() {
		c.At = s.Now().UTC()
	}
	return s.InTx(ctx, func(tx *sql.Tx) error {
		if err := insertContact(ctx, tx, c); err != nil {
			return err
		}
		return replan.Customer(ctx, tx, s.Now(), c.CustomerID)
	})
}

func insertContact(ctx context.Context, tx *sql.Tx, c *shop.Contact) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO contacts (customer_id, at, channel, direction, staff_id, followup_id, summary) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.CustomerID, tables.Unix(c.At), c.Channel, c.Direction, tables.NullID(c.StaffID), tables.NullID(c.FollowUpID), c.Summary)
	if err != nil {
		return fmt.Errorf("log contact: %w", err)
	}
	c.ID, _ = res.LastInsertId()
	return nil
}
