package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/replan"
	"github.com/rapport-app/rapport/data/store/tables"
)

// Business returns the shop's profile.
func (s *Store) Business(ctx context.Context) (shop.Business, error) {
	return tables.Business(ctx, s.db)
}

// SaveBusiness stores the shop's profile and re-plans every follow-up, since the
// shop's zone and big-ticket threshold change what is due.
func (s *Store) SaveBusiness(ctx context.Context, b shop.Business) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *sql.Tx) error {
		var logo any
		if len(b.Logo) > 0 {
			logo = b.Logo
		}
		h := tables.HoursOrDefault(b.Hours)
		_, err := tx.ExecContext(ctx, `UPDATE business SET name = ?, address = ?, phone = ?, email = ?, website = ?, logo = ?, time_zone = ?, b2b = ?, big_ticket_cents = ?,
			open_days = ?, opens = ?, closes = ? WHERE id = 1`,
			strings.TrimSpace(b.Name), b.Address, b.Phone, b.Email, b.Website, logo, b.TimeZone, tables.Flag(b.BusinessToBusiness), b.BigTicketCents,
			h.DayMask(), h.From, h.Until)
		if err != nil {
			return fmt.Errorf("save the shop profile: %w", err)
		}
		_, err = replan.All(ctx, tx, s.Now())
		return err
	})
}

// SaveShop stores the shop's profile and its letter settings together, in one
// transaction, and re-plans every follow-up; nothing is stored when either is not
// acceptable (their FieldErrors together).
func (s *Store) SaveShop(ctx context.Context, b shop.Business, ls shop.LetterSettings) error {
	b.Name = strings.TrimSpace(b.Name)
	ls.Country = strings.ToUpper(strings.TrimSpace(ls.Country))
	var es shop.FieldErrors
	for _, err := range []error{b.Validate(), ls.Validate()} {
		var fes shop.FieldErrors
		var fe *shop.FieldError
		switch {
		case errors.As(err, &fes):
			es = append(es, fes...)
		case errors.As(err, &fe):
			es = append(es, fe)
		}
	}
	if len(es) > 0 {
		return es
	}
	return s.Write(ctx, func(tx *Tx) error {
		if err := tx.SetProfile(b, ls); err != nil {
			return err
		}
		_, err := tx.ReplanAll()
		return err
	})
}

// Rules returns the planner's rules: the defaults with the owner's changes applied.
func (s *Store) Rules(ctx context.Context) (shop.Rules, error) { return tables.Rules(ctx, s.db) }

// SaveRules stores the rules that differ from the defaults and re-plans everything.
func (s *Store) SaveRules(ctx context.Context, r shop.Rules) error {
	if err := r.Validate(); err != nil {
		return err
	}
	def := shop.DefaultRules()
	return s.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM settings`); err != nil {
			return err
		}
		for _, f := range shop.RuleFields() {
			if f.Get(r) == f.Get(def) {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, f.Key, f.Get(r)); err != nil {
				return fmt.Errorf("save rule %s: %w", f.Label, err)
			}
		}
		_, err := replan.All(ctx, tx, s.Now())
		return err
	})
}

// Staff lists everyone in the shop, seniors first.
func (s *Store) Staff(ctx context.Context) ([]shop.Staff, error) { return tables.Staff(ctx, s.db) }

// SaveStaff adds (ID 0) or updates a staff member and re-plans, since assignees
// follow who is active and senior.
func (s *Store) SaveStaff(ctx context.Context, st *shop.Staff) error {
	st.Name = strings.TrimSpace(st.Name)
	if err := st.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *sql.Tx) error {
		if st.ID == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO staff (name, title, senior, active) VALUES (?, ?, ?, ?)`, st.Name, st.Title, tables.Flag(st.Senior), tables.Flag(st.Active))
			if err != nil {
				return fmt.Errorf("add staff %q: %w", st.Name, err)
			}
			st.ID, _ = res.LastInsertId()
		} else if err := execOne(ctx, tx, "staff member", st.ID, `UPDATE staff SET name = ?, title = ?, senior = ?, active = ? WHERE id = ?`, st.Name, st.Title, tables.Flag(st.Senior), tables.Flag(st.Active), st.ID); err != nil {
			return err
		}
		_, err := replan.All(ctx, tx, s.Now())
		return err
	})
}

// execOne runs an UPDATE or DELETE that must touch exactly one row.
func execOne(ctx context.Context, tx *sql.Tx, what string, id shop.ID, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s %d: %w", what, id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s %d: %w", what, id, ErrNotFound)
	}
	return nil
}
