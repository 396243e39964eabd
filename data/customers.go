package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"
)

// Validate names the first field of the customer that is not acceptable.
func (c Customer) Validate() error {
	if strings.TrimSpace(c.Name) == "" {
		return errors.New("Name: must not be empty")
	}
	if c.Kind != KindConsumer && c.Kind != KindBusiness {
		return fmt.Errorf("Kind: %q is not business or consumer", c.Kind)
	}
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email {
			return fmt.Errorf("Email: %q is not an email address", c.Email)
		}
	}
	if c.TimeZone != "" {
		if _, err := time.LoadLocation(c.TimeZone); err != nil {
			return fmt.Errorf("Time zone: %q is not a time zone name such as America/Chicago", c.TimeZone)
		}
	}
	switch c.PreferredChannel {
	case "", ChannelPhone, ChannelEmail, ChannelLetter:
	default:
		return fmt.Errorf("Preferred channel: %q is not phone, email or letter", c.PreferredChannel)
	}
	if c.PreferredCallMinute < -1 || c.PreferredCallMinute >= 24*60 {
		return fmt.Errorf("Preferred call time: %s is not a time of day", FormatClock(c.PreferredCallMinute))
	}
	return nil
}

// parsePhone reads a phone number; country is the ISO code for numbers written
// without a country prefix (the US when blank). It returns nil for a blank or
// impossible number.
func parsePhone(phone, country string) *phonenumbers.PhoneNumber {
	if strings.TrimSpace(phone) == "" {
		return nil
	}
	region := strings.ToUpper(strings.TrimSpace(country))
	if region == "" {
		region = "US"
	}
	num, err := phonenumbers.Parse(phone, region)
	if err != nil || !phonenumbers.IsPossibleNumber(num) {
		return nil
	}
	return num
}

// GuessTimeZone finds the IANA zone of a phone number (FOLLOWUP_RULES.md §3: "look
// the zone up from where they live or their phone number"). country is the ISO
// code used for numbers written without a country prefix. It returns "" when the
// number does not pin down one zone.
func GuessTimeZone(phone, country string) string {
	num := parsePhone(phone, country)
	if num == nil {
		return ""
	}
	zones, err := phonenumbers.GetTimezonesForNumber(num)
	if err != nil || len(zones) == 0 {
		return ""
	}
	for _, z := range zones {
		if _, err := time.LoadLocation(z); err != nil {
			return ""
		}
	}
	// A country-wide answer (the US as a whole) is no answer; a number that pins one
	// zone, or an area code whose zones all agree on the offset now, is.
	first, _ := time.LoadLocation(zones[0])
	_, off := time.Now().In(first).Zone()
	for _, z := range zones[1:] {
		loc, _ := time.LoadLocation(z)
		if _, o := time.Now().In(loc).Zone(); o != off {
			return ""
		}
	}
	return zones[0]
}

const customerCols = `id, name, salutation, kind, company, address, city, region, postal_code, country, phone, email, time_zone, preferred_channel, preferred_call_minute, evening_only, do_not_contact, notes, customer_since, tags`

func scanCustomer(sc interface{ Scan(...any) error }) (Customer, error) {
	var c Customer
	var since sql.NullInt64
	var tags string
	err := sc.Scan(&c.ID, &c.Name, &c.Salutation, &c.Kind, &c.Company, &c.Address, &c.City, &c.Region, &c.PostalCode, &c.Country,
		&c.Phone, &c.Email, &c.TimeZone, &c.PreferredChannel, &c.PreferredCallMinute, &c.EveningOnly, &c.DoNotContact, &c.Notes, &since, &tags)
	c.Tags = NormaliseTags(tags)
	if since.Valid {
		c.CustomerSince = fromUnix(since.Int64)
	}
	return c, err
}

// Customers lists customers whose name, company, email or phone contains query
// (all of them for ""), by name.
func (s *Store) Customers(ctx context.Context, query string) ([]Customer, error) {
	like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.TrimSpace(query)) + "%"
	rows, err := s.db.QueryContext(ctx, `SELECT `+customerCols+` FROM customers
		WHERE name LIKE ?1 ESCAPE '\' OR company LIKE ?1 ESCAPE '\' OR email LIKE ?1 ESCAPE '\' OR phone LIKE ?1 ESCAPE '\'
		ORDER BY name COLLATE NOCASE, id`, like)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Customer
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Customer returns one customer.
func (s *Store) Customer(ctx context.Context, id ID) (Customer, error) {
	return getCustomer(ctx, s.db, id)
}

func getCustomer(ctx context.Context, q queryer, id ID) (Customer, error) {
	c, err := scanCustomer(q.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("customer %d: %w", id, ErrNotFound)
	}
	return c, err
}

// SaveCustomer adds (ID 0) or updates a customer and re-plans their follow-ups.
// A customer without a time zone gets the one of their phone number when it tells.
func (s *Store) SaveCustomer(ctx context.Context, c *Customer) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.saveCustomer(ctx, tx, c, true) })
}

func (s *Store) saveCustomer(ctx context.Context, tx *sql.Tx, c *Customer, replan bool) error {
	c.Name = strings.TrimSpace(c.Name)
	c.Email = strings.TrimSpace(c.Email)
	c.Tags = NormaliseTags(strings.Join(c.Tags, ","))
	if c.Kind == "" {
		c.Kind = KindConsumer
	}
	if c.TimeZone == "" {
		c.TimeZone = GuessTimeZone(c.Phone, c.Country)
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if c.CustomerSince.IsZero() && c.ID == 0 {
		c.CustomerSince = s.Now().UTC()
	}
	args := []any{c.Name, c.Salutation, c.Kind, c.Company, c.Address, c.City, c.Region, c.PostalCode, c.Country, c.Phone, c.Email,
		c.TimeZone, c.PreferredChannel, c.PreferredCallMinute, b2i(c.EveningOnly), b2i(c.DoNotContact), c.Notes, zeroUnix(c.CustomerSince),
		strings.Join(c.Tags, ", ")}
	if c.ID == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO customers (name, salutation, kind, company, address, city, region, postal_code, country, phone, email,
			time_zone, preferred_channel, preferred_call_minute, evening_only, do_not_contact, notes, customer_since, tags)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
		if err != nil {
			return fmt.Errorf("add customer %q: %w", c.Name, err)
		}
		c.ID, _ = res.LastInsertId()
	} else {
		err := execOne(ctx, tx, "customer", c.ID, `UPDATE customers SET name = ?, salutation = ?, kind = ?, company = ?, address = ?, city = ?, region = ?,
			postal_code = ?, country = ?, phone = ?, email = ?, time_zone = ?, preferred_channel = ?, preferred_call_minute = ?,
			evening_only = ?, do_not_contact = ?, notes = ?, customer_since = ?, tags = ? WHERE id = ?`, append(args, c.ID)...)
		if err != nil {
			return err
		}
	}
	if !replan {
		return nil
	}
	return s.replanCustomer(ctx, tx, c.ID)
}

// DeleteCustomer removes a customer with everything recorded about them.
func (s *Store) DeleteCustomer(ctx context.Context, id ID) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return execOne(ctx, tx, "customer", id, `DELETE FROM customers WHERE id = ?`, id)
	})
}

// CustomerBrief is what to know before a relationship call (FOLLOWUP_RULES.md §1):
// how long they have been a customer, what they bought, their support history and
// how many people in the shop have looked after them.
type CustomerBrief struct {
	Customer      Customer
	Since         time.Time
	Purchases     []Purchase // newest first
	Issues        []Issue    // newest first
	LifetimeCents int64
	OpenIssues    int
	People        []string // staff who sold to, helped or followed up with them
	Contacts      []Contact
}

// Brief gathers a customer's brief.
func (s *Store) Brief(ctx context.Context, id ID) (CustomerBrief, error) {
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
