package tables

import (
	"context"

	"github.com/rapport-app/rapport/data/shop"
)

// The shop's own rows: its profile, its rules, its staff.

// Business reads the shop's profile.
func Business(ctx context.Context, q Queryer) (shop.Business, error) {
	var b shop.Business
	var b2b, days int
	err := q.QueryRowContext(ctx, `SELECT name, address, phone, email, website, logo, time_zone, b2b, big_ticket_cents,
		open_days, opens, closes FROM business WHERE id = 1`).
		Scan(&b.Name, &b.Address, &b.Phone, &b.Email, &b.Website, &b.Logo, &b.TimeZone, &b2b, &b.BigTicketCents, &days, &b.Hours.From, &b.Hours.Until)
	b.BusinessToBusiness = b2b != 0
	b.Hours.SetDayMask(days)
	if len(b.Logo) == 0 {
		b.Logo = nil
	}
	return b, err
}

// HoursOrDefault is the hours to store: hours never set are the default ones (as
// Business.OpenAt reads them).
func HoursOrDefault(h shop.OpeningHours) shop.OpeningHours {
	if h.IsZero() {
		return shop.DefaultOpeningHours()
	}
	return h
}

// Rules reads the planner's rules: the defaults with the owner's changes applied.
func Rules(ctx context.Context, q Queryer) (shop.Rules, error) {
	r := shop.DefaultRules()
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var v int
		if err := rows.Scan(&key, &v); err != nil {
			return r, err
		}
		if f, ok := shop.RuleFieldByKey(key); ok {
			f.Set(&r, v)
		}
	}
	return r, rows.Err()
}

// Staff reads everyone in the shop, seniors first.
func Staff(ctx context.Context, q Queryer) ([]shop.Staff, error) {
	return queryAll(ctx, q, `SELECT id, name, title, senior, active FROM staff ORDER BY senior DESC, name`, nil,
		func(sc Scanner) (shop.Staff, error) {
			var st shop.Staff
			err := sc.Scan(&st.ID, &st.Name, &st.Title, &st.Senior, &st.Active)
			return st, err
		})
}
