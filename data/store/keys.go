package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/rapport-app/rapport/data/shop"
)

// An import matches a customer by keys (migration 0011): the email and the name as
// shop.Normalise writes them (customerKeys), the phone as shop.PhoneKey reads it in
// the customer's country, else the shop's (phoneKeyOf).

func customerKeys(c *shop.Customer) (email, name string) {
	if c.Email != "" {
		email = shop.Normalise(c.Email)
	}
	return email, shop.Normalise(c.Name)
}

func phoneKeyOf(c *shop.Customer, shopCountry string) string {
	return shop.PhoneKey(c.Phone, cmp.Or(strings.TrimSpace(c.Country), shopCountry))
}

// migrationSteps are the steps of migrations written in Go, run in the migration's
// transaction after its SQL.
var migrationSteps = map[int]func(ctx context.Context, tx *sql.Tx) error{
	15: func(ctx context.Context, tx *sql.Tx) error { return fillCustomerKeys(ctx, tx, false) },
}

// fillCustomerKeys writes the keys of the customers stored that are not as
// customerKeys writes them; withoutCountry, only of the customers without a
// country of their own, whose phone keys follow the shop's country when it changes.
func fillCustomerKeys(ctx context.Context, tx *sql.Tx, withoutCountry bool) error {
	where := ""
	if withoutCountry {
		where = ` WHERE country = '' AND phone <> ''`
	}
	// Read before the rows: PostgreSQL runs one query at a time on a transaction.
	country := shopCountry(ctx, tx)
	rows, err := tx.QueryContext(ctx, `SELECT id, name, email, phone, country, email_key, phone_key, name_key FROM customers`+where)
	if err != nil {
		return err
	}
	type keys struct {
		id                 shop.ID
		email, phone, name string
	}
	var changed []keys
	for rows.Next() {
		var c shop.Customer
		var old keys
		if err := rows.Scan(&c.ID, &c.Name, &c.Email, &c.Phone, &c.Country, &old.email, &old.phone, &old.name); err != nil {
			rows.Close()
			return err
		}
		k := keys{id: c.ID, phone: phoneKeyOf(&c, country)}
		k.email, k.name = customerKeys(&c)
		if k.email != old.email || k.phone != old.phone || k.name != old.name {
			changed = append(changed, k)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(changed) == 0 {
		return nil
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE customers SET email_key = ?, phone_key = ?, name_key = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer upd.Close()
	for _, k := range changed {
		if _, err := upd.ExecContext(ctx, k.email, k.phone, k.name, k.id); err != nil {
			return fmt.Errorf("customer %d: %w", k.id, err)
		}
	}
	return nil
}
