package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/replan"
	"github.com/rapport-app/rapport/data/store/tables"
)

// shopCountry is the shop's country code (migration 0005), "" when unknown or
// unreadable: phone numbers then fall back to the US.
func shopCountry(ctx context.Context, q tables.Queryer) string {
	var c string
	q.QueryRowContext(ctx, `SELECT country FROM business WHERE id = 1`).Scan(&c) //nolint:errcheck // "" is the fallback
	return c
}

const customerCols = `id, name, salutation, kind, company, address, city, region, postal_code, country, phone, email, time_zone, preferred_channel, preferred_call_minute, evening_only, do_not_contact, notes, customer_since, tags, referred_by`

func scanCustomer(sc interface{ Scan(...any) error }) (shop.Customer, error) {
	var r customerRow
	err := sc.Scan(r.dest()...)
	return r.customer(), err
}

// customerRow is where the columns of customerCols are scanned. A long list scans
// every row into the same one, which then allocates nothing but the text read.
type customerRow struct {
	c        shop.Customer
	since    sql.NullInt64
	tags     string
	referrer sql.NullInt64
}

// dest is where the columns of customerCols go, in their order.
func (r *customerRow) dest() []any {
	c := &r.c
	return []any{&c.ID, &c.Name, &c.Salutation, &c.Kind, &c.Company, &c.Address, &c.City, &c.Region, &c.PostalCode, &c.Country,
		&c.Phone, &c.Email, &c.TimeZone, &c.PreferredChannel, &c.PreferredCallMinute, &c.EveningOnly, &c.DoNotContact, &c.Notes, &r.since, &r.tags, &r.referrer}
}

// customer is the customer of the row scanned last.
func (r *customerRow) customer() shop.Customer {
	c := r.c
	c.ReferredBy = r.referrer.Int64
	c.Tags = shop.NormaliseTags(r.tags)
	if r.since.Valid {
		c.CustomerSince = tables.FromUnix(r.since.Int64)
	}
	return c
}

// Customers lists every customer matching query (see SearchCustomers), by name. A
// shop of many customers is better read a page at a time: SearchCustomers, then
// CustomersPage for the rows shown.
func (s *Store) Customers(ctx context.Context, query string) ([]shop.Customer, error) {
	r, err := s.SearchCustomers(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.CustomersPage(ctx, r, 0, r.Len())
}

// CustomerSearch is what a search of the customers found: the IDs of the matching
// customers in name order. A list shows Len() rows and reads the customers of the
// rows it draws with Page, so a search of a big shop holds only IDs in memory.
type CustomerSearch struct {
	Query string
	IDs   []shop.ID
}

// Len is the number of customers found.
func (r CustomerSearch) Len() int { return len(r.IDs) }

// SearchCustomers finds the customers matching query, by name. A query matches a
// customer whose name or company starts with it or has a word that does ("tran"
// finds Emily Tran), whose email starts with it, or, when it is a phone number or
// part of one (three digits or more), whose phone holds the same digits whatever
// the spacing ("212-555" finds "+1 212 555 0142"). The empty query matches everyone.
//
// Searching is done in memory, over a compact list of every customer's name,
// company, email and phone digits that the store reads once, and again after a
// customer is added, changed or deleted (by anyone: a trigger counts the changes
// in customer_changes): SQLite would look at each row for a query
// that cannot use an index ("a word of the name"), which takes several times the
// 100 ms a keystroke may take in a shop of 100,000 customers.
func (s *Store) SearchCustomers(ctx context.Context, query string) (CustomerSearch, error) {
	res := CustomerSearch{Query: query}
	idx, err := s.customerIndex(ctx)
	if err != nil {
		return res, err
	}
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		res.IDs = make([]shop.ID, len(idx))
		for i, e := range idx {
			res.IDs[i] = e.id
		}
		return res, nil
	}
	word := " " + q
	digits := phoneDigits(q)
	for _, e := range idx {
		if strings.HasPrefix(e.name, q) || strings.Contains(e.name, word) ||
			strings.HasPrefix(e.company, q) || strings.Contains(e.company, word) ||
			strings.HasPrefix(e.email, q) || (digits != "" && strings.Contains(e.digits, digits)) {
			res.IDs = append(res.IDs, e.id)
		}
	}
	return res, nil
}

// searchEntry is one customer in the search index, lower-cased.
type searchEntry struct {
	id                           shop.ID
	name, company, email, digits string
}

// searchIndex is a store's customer search index.
type searchIndex struct {
	mu      sync.Mutex
	entries []searchEntry // by name (case-insensitive), then ID
	// changes is customer_changes.n when the index was read; nil before the first read.
	changes *int64
}

// customerIndex returns the search index, reading it first when it is not fresh.
// The slice returned is never changed afterwards: a new read makes a new one.
func (s *Store) customerIndex(ctx context.Context) ([]searchEntry, error) {
	ix := &s.search
	ix.mu.Lock()
	defer ix.mu.Unlock()
	// The count and the rows are read in one transaction, so that a change
	// committed in between is not missed: it moves the counter past what is kept.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	var changes int64
	if err := tx.QueryRowContext(ctx, `SELECT n FROM customer_changes WHERE id = 1`).Scan(&changes); err != nil {
		return nil, err
	}
	if ix.changes != nil && *ix.changes == changes {
		return ix.entries, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, name, company, email, phone FROM customers`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	entries := make([]searchEntry, 0, len(ix.entries))
	for rows.Next() {
		var e searchEntry
		var phone string
		if err := rows.Scan(&e.id, &e.name, &e.company, &e.email, &phone); err != nil {
			return nil, err
		}
		e.name, e.company, e.email = strings.ToLower(e.name), strings.ToLower(e.company), strings.ToLower(e.email)
		e.digits = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, phone)
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].name != entries[j].name {
			return entries[i].name < entries[j].name
		}
		return entries[i].id < entries[j].id
	})
	ix.entries, ix.changes = entries, &changes
	return entries, nil
}

// CustomersPage reads the customers of rows [offset, offset+limit) of a search, in order.
// A customer deleted since the search is left out.
func (s *Store) CustomersPage(ctx context.Context, r CustomerSearch, offset, limit int) ([]shop.Customer, error) {
	offset = min(max(offset, 0), len(r.IDs))
	end := min(offset+max(limit, 0), len(r.IDs))
	ids := r.IDs[offset:end]
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	byID := make(map[shop.ID]shop.Customer, len(ids))
	for start := 0; start < len(args); start += 500 {
		chunk := args[start:min(start+500, len(args))]
		rows, err := s.db.QueryContext(ctx, `SELECT `+customerCols+` FROM customers WHERE id IN (?`+strings.Repeat(",?", len(chunk)-1)+`)`, chunk...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			c, err := scanCustomer(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			byID[c.ID] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := make([]shop.Customer, 0, len(ids))
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// phoneDigits is the digits of a query that looks like (part of) a phone number:
// three digits or more and nothing but digits, spaces and phone punctuation.
func phoneDigits(q string) string {
	var b strings.Builder
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(" -().+/", r):
		default:
			return ""
		}
	}
	if b.Len() < 3 {
		return ""
	}
	return b.String()
}

// Customer returns one customer.
func (s *Store) Customer(ctx context.Context, id shop.ID) (shop.Customer, error) {
	return getCustomer(ctx, s.db, id)
}

func getCustomer(ctx context.Context, q tables.Queryer, id shop.ID) (shop.Customer, error) {
	c, err := scanCustomer(q.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("customer %d: %w", id, ErrNotFound)
	}
	return c, err
}

// CustomerByEmail finds the customer with an email address, compared without case
// (ErrNotFound for none).
func (s *Store) CustomerByEmail(ctx context.Context, email string) (shop.Customer, error) {
	c, err := scanCustomer(s.db.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE email_key = ? AND email_key <> ''
		ORDER BY id LIMIT 1`, shop.Normalise(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("no customer has the email %q: %w", email, ErrNotFound)
	}
	return c, err
}

// SaveCustomer adds (ID 0) or updates a customer and re-plans their follow-ups.
// A customer without a time zone gets the one of their phone number when it tells.
// The phone number is written the one way (NormalisePhone), so that search and the
// call list show it alike; one that cannot be a phone number is refused.
func (s *Store) SaveCustomer(ctx context.Context, c *shop.Customer) error {
	if err := c.ValidateTyped(shopCountry(ctx, s.db)); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *sql.Tx) error { return s.saveCustomer(ctx, tx, nil, c, true) })
}

// saveCustomer stores c inside tx, its statements prepared through st (nil for
// none).
func (s *Store) saveCustomer(ctx context.Context, tx *sql.Tx, st *stmts, c *shop.Customer, andReplan bool) error {
	c.Name = strings.TrimSpace(c.Name)
	c.Email = strings.TrimSpace(c.Email)
	c.Tags = shop.NormaliseTags(strings.Join(c.Tags, ","))
	if c.Kind == "" {
		c.Kind = shop.KindConsumer
	}
	// A number written without its country prefix is one of the customer's country,
	// else of the shop's. Imports store what they can read the one way too, and keep
	// as typed what they cannot (SaveCustomer refuses that for a form).
	country := st.shopCountry(ctx, tx)
	region := cmp.Or(strings.TrimSpace(c.Country), country)
	phone, phoneKey, ok := shop.ReadPhone(c.Phone, region)
	if ok || phone == "" {
		c.Phone = phone
	}
	if c.TimeZone == "" {
		c.TimeZone = shop.GuessTimeZone(c.Phone, region)
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if c.ReferredBy != 0 {
		var n int
		if err := st.scanRow(ctx, tx, `SELECT count(*) FROM customers WHERE id = ?`, []any{c.ReferredBy}, &n); err != nil {
			return err
		}
		if n == 0 {
			return shop.FieldErrorf("referred_by", "customer %d does not exist (deleted?); choose another or leave it blank", c.ReferredBy)
		}
	}
	if c.CustomerSince.IsZero() && c.ID == 0 {
		c.CustomerSince = s.Now().UTC()
	}
	emailKey, nameKey := customerKeys(c)
	args := []any{c.Name, c.Salutation, c.Kind, c.Company, c.Address, c.City, c.Region, c.PostalCode, c.Country, c.Phone, c.Email,
		c.TimeZone, c.PreferredChannel, c.PreferredCallMinute, tables.Flag(c.EveningOnly), tables.Flag(c.DoNotContact), c.Notes, tables.ZeroUnix(c.CustomerSince),
		strings.Join(c.Tags, ", "), tables.NullID(c.ReferredBy), emailKey, phoneKey, nameKey}
	if c.ID == 0 {
		res, err := st.exec(ctx, tx, `INSERT INTO customers (name, salutation, kind, company, address, city, region, postal_code, country, phone, email,
			time_zone, preferred_channel, preferred_call_minute, evening_only, do_not_contact, notes, customer_since, tags, referred_by,
			email_key, phone_key, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
		if err != nil {
			return fmt.Errorf("add customer %q: %w", c.Name, err)
		}
		c.ID, _ = res.LastInsertId()
	} else {
		err := st.execOne(ctx, tx, "customer", c.ID, `UPDATE customers SET name = ?, salutation = ?, kind = ?, company = ?, address = ?, city = ?, region = ?,
			postal_code = ?, country = ?, phone = ?, email = ?, time_zone = ?, preferred_channel = ?, preferred_call_minute = ?,
			evening_only = ?, do_not_contact = ?, notes = ?, customer_since = ?, tags = ?, referred_by = ?, email_key = ?, phone_key = ?, name_key = ?
			WHERE id = ?`, append(args, c.ID)...)
		if err != nil {
			return err
		}
	}
	if !andReplan {
		return nil
	}
	return replan.Customer(ctx, tx, s.Now(), c.ID)
}

// DeleteCustomer removes a customer with everything recorded about them.
func (s *Store) DeleteCustomer(ctx context.Context, id shop.ID) error {
	return s.InTx(ctx, func(tx *sql.Tx) error {
		return execOne(ctx, tx, "customer", id, `DELETE FROM customers WHERE id = ?`, id)
	})
}

// CustomerBrief is what to know before a relationship call (FOLLOWUP_RULES.md §1):
// how long they have been a customer, what they bought, their support history and
// how many people in the shop have looked after them.
type CustomerBrief struct {
	Customer      shop.Customer
	Since         time.Time
	Purchases     []shop.Purchase // newest first
	Issues        []shop.Issue    // newest first
	LifetimeCents int64
	OpenIssues    int
	People        []string // staff who sold to, helped or followed up with them
	Contacts      []shop.Contact
	// Past are the follow-ups already made (done, no answer, rescheduled, skipped),
	// newest first, with their notes and survey scores.
	Past []shop.AgendaItem
	// Scores counts the surveys answered and ScoreSum adds them up.
	Scores, ScoreSum int
	// ReferredBy is who sent them to the shop (the zero Customer for nobody);
	// Referrals are the customers they sent, by name.
	ReferredBy shop.Customer
	Referrals  []shop.Customer
	// Promises are the promises made to them, as the ledger shows them: broken
	// ones first, and whether one was escalated to a senior.
	Promises []shop.PromiseRecord
}

// Brief gathers a customer's brief.
func (s *Store) Brief(ctx context.Context, id shop.ID) (CustomerBrief, error) {
	var br CustomerBrief
	c, err := s.Customer(ctx, id)
	if err != nil {
		return br, err
	}
	br.Customer = c
	if br.Purchases, err = s.Purchases(ctx, id); err != nil {
		return br, err
	}
	if br.Issues, err = s.Issues(ctx, id); err != nil {
		return br, err
	}
	if br.Contacts, err = s.Contacts(ctx, id); err != nil {
		return br, err
	}
	hist, err := s.History(ctx, id)
	if err != nil {
		return br, err
	}
	if br.Promises, err = s.CustomerPromises(ctx, id); err != nil {
		return br, err
	}
	for _, it := range hist {
		if it.Status == shop.StatusPending {
			continue
		}
		br.Past = append(br.Past, it)
		if it.Score > 0 {
			br.Scores++
			br.ScoreSum += it.Score
		}
	}
	if c.ReferredBy != 0 {
		if br.ReferredBy, err = s.Customer(ctx, c.ReferredBy); err != nil && !errors.Is(err, ErrNotFound) {
			return br, err
		}
	}
	refs, err := s.db.QueryContext(ctx, `SELECT `+customerCols+` FROM customers WHERE referred_by = ? ORDER BY name COLLATE NOCASE, id`, id)
	if err != nil {
		return br, err
	}
	for refs.Next() {
		r, err := scanCustomer(refs)
		if err != nil {
			refs.Close()
			return br, err
		}
		br.Referrals = append(br.Referrals, r)
	}
	refs.Close()
	if err := refs.Err(); err != nil {
		return br, err
	}
	br.Since = c.CustomerSince
	for _, p := range br.Purchases {
		br.LifetimeCents += p.AmountCents
		if br.Since.IsZero() || p.At.Before(br.Since) {
			br.Since = p.At
		}
	}
	for _, is := range br.Issues {
		if is.Open() {
			br.OpenIssues++
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT st.name FROM staff st WHERE st.id IN (
			SELECT sold_by FROM purchases WHERE customer_id = ?1
			UNION SELECT handled_by FROM issues WHERE customer_id = ?1
			UNION SELECT staff_id FROM contacts WHERE customer_id = ?1
			UNION SELECT assignee_id FROM followups WHERE customer_id = ?1 AND status <> 'pending')
		ORDER BY st.name`, id)
	if err != nil {
		return br, err
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return br, err
		}
		br.People = append(br.People, n)
	}
	return br, rows.Err()
}
