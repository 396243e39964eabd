package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

func validInbound(ch Channel) bool {
	for _, c := range Channels {
		if c == ch {
			return true
		}
	}
	return false
}

// Validate lists every field of the sale that is not acceptable (FieldErrors).
func (p Purchase) Validate() error {
	var es FieldErrors
	if p.CustomerID == 0 {
		es = append(es, fieldErr("customer", "choose who bought"))
	}
	if p.At.IsZero() {
		es = append(es, fieldErr("when", "the date of the sale is missing"))
	}
	if p.AmountCents < 0 {
		es = append(es, fieldErr("amount", "%s must not be negative", FormatCents(p.AmountCents)))
	}
	if !validInbound(p.Channel) {
		es = append(es, fieldErr("channel", "%q is not phone, email, letter, visit or web", p.Channel))
	}
	return es.orNil()
}

// Validate lists every field of the issue that is not acceptable (FieldErrors).
func (is Issue) Validate() error {
	var es FieldErrors
	if is.CustomerID == 0 {
		es = append(es, fieldErr("customer", "choose whose issue it is"))
	}
	if _, err := ParseIssueType(string(is.Type)); err != nil {
		es = append(es, fieldErr("type", "%v", err))
	}
	if !validInbound(is.Channel) {
		es = append(es, fieldErr("channel", "%q is not phone, email, letter, visit or web", is.Channel))
	}
	if is.OpenedAt.IsZero() {
		es = append(es, fieldErr("opened", "the date the issue was opened is missing"))
	}
	if is.RepliedAt != nil && is.RepliedAt.Before(is.OpenedAt) {
		es = append(es, fieldErr("replied", "must not be before the issue was opened"))
	}
	if is.ResolvedAt != nil && is.ResolvedAt.Before(is.OpenedAt) {
		es = append(es, fieldErr("resolved", "must not be before the issue was opened"))
	}
	return es.orNil()
}

// FormatCents prints an amount of money in cents as "1,234.50" (no currency sign:
// the shop's currency is its own business).
func FormatCents(c int64) string {
	sign, u := "", uint64(c)
	if c < 0 {
		sign, u = "-", uint64(^c)+1 // also right for math.MinInt64, whose negation overflows
	}
	whole := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	fmt.Fprintf(&b, ".%02d", u%100)
	return b.String()
}

// ParseCents reads an amount such as "12.50", "$1,234.5" or "1234" as cents, exactly
// (no floating point on the way).
func ParseCents(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimLeft(t, "$€£¥ ")
	t = strings.TrimSpace(t)
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	whole, frac, hasDot := strings.Cut(t, ".")
	if strings.Contains(whole, ",") {
		// Commas only as thousands separators: "12,50" is a European decimal, and
		// reading it as 1,250 would be a costly mistake.
		groups := strings.Split(whole, ",")
		for i, g := range groups {
			if g == "" || len(g) > 3 || (i > 0 && len(g) != 3) {
				return 0, fmt.Errorf("%q is not an amount of money (write 12.50, not 12,50)", s)
			}
		}
		whole = strings.Join(groups, "")
	}
	if whole == "" && frac == "" || (hasDot && (len(frac) == 0 || len(frac) > 2)) {
		return 0, fmt.Errorf("%q is not an amount of money", s)
	}
	var cents int64
	for _, r := range whole {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%q is not an amount of money", s)
		}
		cents = cents*10 + int64(r-'0')
		if cents > 1e15 {
			return 0, fmt.Errorf("%q is too large an amount", s)
		}
	}
	cents *= 100
	if len(frac) == 1 {
		frac += "0"
	}
	for i, r := range frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%q is not an amount of money", s)
		}
		if i == 0 {
			cents += int64(r-'0') * 10
		} else {
			cents += int64(r - '0')
		}
	}
	if neg {
		cents = -cents
	}
	return cents, nil
}

const purchaseCols = `id, customer_id, at, items, amount_cents, channel, coalesce(sold_by, 0)`

func scanPurchase(sc interface{ Scan(...any) error }) (Purchase, error) {
	var p Purchase
	var at int64
	err := sc.Scan(&p.ID, &p.CustomerID, &at, &p.Items, &p.AmountCents, &p.Channel, &p.SoldBy)
	p.At = fromUnix(at)
	return p, err
}

func queryPurchases(ctx context.Context, q queryer, where string, args ...any) ([]Purchase, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+purchaseCols+` FROM purchases `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Purchase
	for rows.Next() {
		p, err := scanPurchase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Purchases lists a customer's sales, newest first.
func (s *Store) Purchases(ctx context.Context, customerID ID) ([]Purchase, error) {
	return queryPurchases(ctx, s.db, `WHERE customer_id = ? ORDER BY at DESC, id DESC`, customerID)
}

// RecentPurchases lists the sales since a time, newest first, for the sales screen.
func (s *Store) RecentPurchases(ctx context.Context, since time.Time, limit int) ([]Purchase, error) {
	return queryPurchases(ctx, s.db, `WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?`, unix(since), limit)
}

// SavePurchase adds (ID 0) or updates a sale and re-plans the customer's follow-ups.
func (s *Store) SavePurchase(ctx context.Context, p *Purchase) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var old Purchase
		if p.ID != 0 {
			var err error
			if old, err = scanPurchase(tx.QueryRowContext(ctx, `SELECT `+purchaseCols+` FROM purchases WHERE id = ?`, p.ID)); err != nil {
				return fmt.Errorf("sale %d: %w", p.ID, ErrNotFound)
			}
		}
		if err := insertOrUpdatePurchase(ctx, tx, p); err != nil {
			return err
		}
		if old.CustomerID != 0 && old.CustomerID != p.CustomerID {
			if err := s.replanCustomer(ctx, tx, old.CustomerID); err != nil {
				return err
			}
		}
		return s.replanCustomer(ctx, tx, p.CustomerID)
	})
}

func insertOrUpdatePurchase(ctx context.Context, tx *sql.Tx, p *Purchase) error {
	args := []any{p.CustomerID, unix(p.At), p.Items, p.AmountCents, p.Channel, nullID(p.SoldBy)}
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
func (s *Store) DeletePurchase(ctx context.Context, id ID) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var cust ID
		if err := tx.QueryRowContext(ctx, `SELECT customer_id FROM purchases WHERE id = ?`, id).Scan(&cust); err != nil {
			return fmt.Errorf("sale %d: %w", id, ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM purchases WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete sale %d: %w", id, err)
		}
		return s.replanCustomer(ctx, tx, cust)
	})
}

const issueCols = `id, customer_id, type, channel, opened_at, replied_at, resolved_at, complicated, escalated, trivial, coalesce(handled_by, 0), billing_date, reference, summary`

func scanIssue(sc interface{ Scan(...any) error }) (Issue, error) {
	var is Issue
	var opened int64
	var replied, resolved, billing sql.NullInt64
	err := sc.Scan(&is.ID, &is.CustomerID, &is.Type, &is.Channel, &opened, &replied, &resolved, &is.Complicated, &is.Escalated, &is.Trivial,
		&is.HandledBy, &billing, &is.Reference, &is.Summary)
	is.OpenedAt = fromUnix(opened)
	is.RepliedAt, is.ResolvedAt, is.BillingDate = nullTime(replied), nullTime(resolved), nullTime(billing)
	return is, err
}

func queryIssues(ctx context.Context, q queryer, where string, args ...any) ([]Issue, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+issueCols+` FROM issues `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Issue
	for rows.Next() {
		is, err := scanIssue(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, is)
	}
	return out, rows.Err()
}

// Issues lists a customer's issues, newest first.
func (s *Store) Issues(ctx context.Context, customerID ID) ([]Issue, error) {
	return queryIssues(ctx, s.db, `WHERE customer_id = ? ORDER BY opened_at DESC, id DESC`, customerID)
}

// OpenIssues lists every unresolved issue, oldest first.
func (s *Store) OpenIssues(ctx context.Context) ([]Issue, error) {
	return queryIssues(ctx, s.db, `WHERE resolved_at IS NULL ORDER BY opened_at, id`)
}

// IssueCounts counts issues by type since a time, for the "common problems" chart
// (FOLLOWUP_RULES.md §8).
func (s *Store) IssueCounts(ctx context.Context, since time.Time) (map[IssueType]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT type, count(*) FROM issues WHERE opened_at >= ? GROUP BY type`, unix(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[IssueType]int{}
	for rows.Next() {
		var t IssueType
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
func (s *Store) SaveIssue(ctx context.Context, is *Issue) error {
	if err := is.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := insertOrUpdateIssue(ctx, tx, is); err != nil {
			return err
		}
		return s.replanCustomer(ctx, tx, is.CustomerID)
	})
}

func insertOrUpdateIssue(ctx context.Context, tx *sql.Tx, is *Issue) error {
	args := []any{is.CustomerID, is.Type, is.Channel, unix(is.OpenedAt), nullUnix(is.RepliedAt), nullUnix(is.ResolvedAt), b2i(is.Complicated),
		b2i(is.Escalated), b2i(is.Trivial), nullID(is.HandledBy), nullUnix(is.BillingDate), is.Reference, is.Summary}
	if is.ID == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO issues (customer_id, type, channel, opened_at, replied_at, resolved_at, complicated, escalated, trivial,
			handled_by, billing_date, reference, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
		if err != nil {
			return fmt.Errorf("add issue: %w", err)
		}
		is.ID, _ = res.LastInsertId()
		if is.Reference == "" {
			// A reference the customer can quote on the phone and in letters.
			is.Reference = fmt.Sprintf("R-%05d", is.ID)
			_, err = tx.ExecContext(ctx, `UPDATE issues SET reference = ? WHERE id = ?`, is.Reference, is.ID)
		}
		return err
	}
	return execOne(ctx, tx, "issue", is.ID, `UPDATE issues SET customer_id = ?, type = ?, channel = ?, opened_at = ?, replied_at = ?, resolved_at = ?,
		complicated = ?, escalated = ?, trivial = ?, handled_by = ?, billing_date = ?, reference = ?, summary = ? WHERE id = ?`, append(args, is.ID)...)
}

// DeleteIssue removes an issue and re-plans; completed follow-ups stay in history.
func (s *Store) DeleteIssue(ctx context.Context, id ID) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var cust ID
		if err := tx.QueryRowContext(ctx, `SELECT customer_id FROM issues WHERE id = ?`, id).Scan(&cust); err != nil {
			return fmt.Errorf("issue %d: %w", id, ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM issues WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete issue %d: %w", id, err)
		}
		return s.replanCustomer(ctx, tx, cust)
	})
}

const promiseCols = `id, customer_id, coalesce(issue_id, 0), due, channel, coalesce(assignee_id, 0), note, created_at`

func queryPromises(ctx context.Context, q queryer, where string, args ...any) ([]Promise, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+promiseCols+` FROM promises p `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Promise
	for rows.Next() {
		var p Promise
		var due, created int64
		if err := rows.Scan(&p.ID, &p.CustomerID, &p.IssueID, &due, &p.Channel, &p.AssigneeID, &p.Note, &created); err != nil {
			return nil, err
		}
		p.Due, p.CreatedAt = fromUnix(due), fromUnix(created)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Validate lists every field of the promise that is not acceptable (FieldErrors).
func (p Promise) Validate() error {
	var es FieldErrors
	if p.CustomerID == 0 {
		es = append(es, fieldErr("customer", "choose whom the promise was made to"))
	}
	if p.Due.IsZero() {
		es = append(es, fieldErr("due", "the promised date is missing"))
	}
	switch p.Channel {
	case ChannelPhone, ChannelEmail, ChannelLetter:
	default:
		es = append(es, fieldErr("channel", "%q is not phone, email or letter", p.Channel))
	}
	return es.orNil()
}

// AddPromise records a follow-up the customer accepted and plans it.
func (s *Store) AddPromise(ctx context.Context, p *Promise) error {
	if p.Channel == "" {
		p.Channel = ChannelPhone
	}
	if err := p.Validate(); err != nil {
		return err
	}
	p.CreatedAt = s.Now().UTC()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO promises (customer_id, issue_id, due, channel, assignee_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			p.CustomerID, nullID(p.IssueID), unix(p.Due), p.Channel, nullID(p.AssigneeID), p.Note, unix(p.CreatedAt))
		if err != nil {
			return fmt.Errorf("add promise: %w", err)
		}
		p.ID, _ = res.LastInsertId()
		return s.replanCustomer(ctx, tx, p.CustomerID)
	})
}

const contactCols = `id, customer_id, at, channel, direction, coalesce(staff_id, 0), coalesce(followup_id, 0), summary`

func queryContacts(ctx context.Context, q queryer, where string, args ...any) ([]Contact, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+contactCols+` FROM contacts `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		var c Contact
		var at int64
		if err := rows.Scan(&c.ID, &c.CustomerID, &at, &c.Channel, &c.Direction, &c.StaffID, &c.FollowUpID, &c.Summary); err != nil {
			return nil, err
		}
		c.At = fromUnix(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Contacts lists a customer's contact log, newest first.
func (s *Store) Contacts(ctx context.Context, customerID ID) ([]Contact, error) {
	return queryContacts(ctx, s.db, `WHERE customer_id = ? ORDER BY at DESC, id DESC`, customerID)
}

// Validate lists every field of the contact that is not acceptable (FieldErrors).
func (c Contact) Validate() error {
	var es FieldErrors
	if c.CustomerID == 0 {
		es = append(es, fieldErr("customer", "choose who was in touch"))
	}
	if !validInbound(c.Channel) {
		es = append(es, fieldErr("channel", "%q is not phone, email, letter, visit or web", c.Channel))
	}
	if c.Direction != Inbound && c.Direction != Outbound {
		es = append(es, fieldErr("direction", "%q is not in or out", c.Direction))
	}
	return es.orNil()
}

// LogContact adds an entry to the contact log and re-plans: a new contact can
// change the time of day to call and who gets a relationship call.
func (s *Store) LogContact(ctx context.Context, c *Contact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if c.At.IsZero() {
		c.At = s.Now().UTC()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := insertContact(ctx, tx, c); err != nil {
			return err
		}
		return s.replanCustomer(ctx, tx, c.CustomerID)
	})
}

func insertContact(ctx context.Context, tx *sql.Tx, c *Contact) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO contacts (customer_id, at, channel, direction, staff_id, followup_id, summary) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.CustomerID, unix(c.At), c.Channel, c.Direction, nullID(c.StaffID), nullID(c.FollowUpID), c.Summary)
	if err != nil {
		return fmt.Errorf("log contact: %w", err)
	}
	c.ID, _ = res.LastInsertId()
	return nil
}
