package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/replan"
)

// LetterSettings returns the shop's country and paper.
func (s *Store) LetterSettings(ctx context.Context) (shop.LetterSettings, error) {
	var ls shop.LetterSettings
	err := s.db.QueryRowContext(ctx, `SELECT country, paper FROM business WHERE id = 1`).Scan(&ls.Country, &ls.Paper)
	if err != nil {
		return ls, fmt.Errorf("read the letter settings: %w", err)
	}
	return ls, nil
}

// SaveLetterSettings stores the shop's country and paper; nothing changes
// when one is not acceptable.
func (s *Store) SaveLetterSettings(ctx context.Context, ls shop.LetterSettings) error {
	ls.Country = strings.ToUpper(strings.TrimSpace(ls.Country))
	if err := ls.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *sql.Tx) error {
		before := shopCountry(ctx, tx)
		if _, err := tx.ExecContext(ctx, `UPDATE business SET country = ?, paper = ? WHERE id = 1`, ls.Country, ls.Paper); err != nil {
			return fmt.Errorf("save the letter settings: %w", err)
		}
		if ls.Country != before {
			// Phone numbers of customers without a country are read as the shop's.
			return fillCustomerKeys(ctx, tx, true)
		}
		return nil
	})
}

// LetterTemplates returns the owner's own letter texts by kind key (as
// package letters names them); kinds without one are absent.
func (s *Store) LetterTemplates(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, body FROM letter_templates ORDER BY kind`)
	if err != nil {
		return nil, fmt.Errorf("read the letter templates: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, b string
		if err := rows.Scan(&k, &b); err != nil {
			return nil, err
		}
		out[k] = b
	}
	return out, rows.Err()
}

// SaveLetterTemplate stores the owner's text for the kind key after check
// accepts it (package letters validates the placeholders); a blank body goes
// back to the default text. When check fails nothing is stored and its error
// is returned as it is.
func (s *Store) SaveLetterTemplate(ctx context.Context, kind, body string, check func(string) error) error {
	if strings.TrimSpace(kind) == "" {
		return errors.New("letter template: no kind given")
	}
	if strings.TrimSpace(body) == "" {
		_, err := s.db.ExecContext(ctx, `DELETE FROM letter_templates WHERE kind = ?`, kind)
		return err
	}
	if e := shop.CheckText("template", body, shop.MaxTemplate); e != nil {
		return e
	}
	if check != nil {
		if err := check(body); err != nil {
			return err
		}
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO letter_templates (kind, body) VALUES (?, ?)
		ON CONFLICT (kind) DO UPDATE SET body = excluded.body`, kind, body)
	if err != nil {
		return fmt.Errorf("save the %s template: %w", kind, err)
	}
	return nil
}

// LogLettersSent records in the contact log that a letter went out to each of
// the customers, e.g. "letter sent: holiday card" after a batch is printed.
// It is one transaction: either every customer gets the entry or none does.
// staffID may be 0.
func (s *Store) LogLettersSent(ctx context.Context, customerIDs []shop.ID, what string, at time.Time, staffID shop.ID) error {
	if len(customerIDs) == 0 {
		return nil
	}
	if at.IsZero() {
		at = s.Now()
	}
	summary := "letter sent: " + strings.TrimSpace(what)
	return s.InTx(ctx, func(tx *sql.Tx) error {
		for _, id := range customerIDs {
			c := shop.Contact{CustomerID: id, At: at.UTC(), Channel: shop.ChannelLetter, Direction: shop.Outbound, StaffID: staffID, Summary: summary}
			if err := insertContact(ctx, tx, &c); err != nil {
				return fmt.Errorf("customer %d: %w", id, err)
			}
		}
		// A new contact can change when and how a customer is called next;
		// past a handful of customers one full re-plan is cheaper than many.
		if len(customerIDs) > 20 {
			_, err := replan.All(ctx, tx, s.Now())
			return err
		}
		for _, id := range customerIDs {
			if err := replan.Customer(ctx, tx, s.Now(), id); err != nil {
				return err
			}
		}
		return nil
	})
}
