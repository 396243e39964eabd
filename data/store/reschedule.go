package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/tables"
)

// Reschedule moves a pending follow-up to when and pins it there, so that re-plans
// keep it (the owner's choice wins over the planner's). A call must fall inside the
// customer's call windows (FOLLOWUP_RULES.md §3); the error then names the customer's
// hours and the next good time. Emails and letters may go at any future time.
// Unlike Complete with StatusRescheduled, no contact is logged: nobody spoke.
func (s *Store) Reschedule(ctx context.Context, id shop.ID, when time.Time) error {
	it, err := s.FollowUp(ctx, id)
	if err != nil {
		return err
	}
	if it.Status != shop.StatusPending {
		return notPending(ctx, s.db, id)
	}
	if err := s.checkNewTime(ctx, it, when); err != nil {
		return err
	}
	when = when.Truncate(time.Minute)
	if len(it.Reasons) == 0 {
		return shop.FieldErrorf("new_time", "this follow-up has no reason left to pin; re-plan first")
	}
	return s.InTx(ctx, func(tx *sql.Tx) error {
		for _, r := range it.Reasons {
			if _, err := tx.ExecContext(ctx, `INSERT INTO overrides (customer_id, key, pinned) VALUES (?, ?, ?)
				ON CONFLICT (customer_id, key) DO UPDATE SET pinned = excluded.pinned, not_before = NULL`, it.CustomerID, r.Key, tables.Unix(when)); err != nil {
				return fmt.Errorf("reschedule %s: %w", r.Key, err)
			}
		}
		return s.replanAfterOutcome(ctx, tx, it)
	})
}

// checkNewTime refuses a new time for a follow-up that is past, or, for a call,
// outside the customer's call windows; the error names the field "New time", the
// customer's hours and the next good time.
func (s *Store) checkNewTime(ctx context.Context, it shop.AgendaItem, when time.Time) error {
	now := s.Now()
	loc := shop.ZoneOr(it.TimeZone, time.UTC)
	when = when.Truncate(time.Minute)
	if !when.After(now) {
		return shop.FieldErrorf("new_time", "%s is in the past; choose a time after %s", when.In(loc).Format("Mon 2 Jan 15:04"), now.In(loc).Format("Mon 2 Jan 15:04"))
	}
	if it.Channel != shop.ChannelPhone {
		return nil
	}
	r, err := s.Rules(ctx)
	if err != nil {
		return err
	}
	if off, ok := planner.CheckCallTime(r, it.Customer, loc, when); !ok {
		return shop.FieldErrorf("new_time", "%s is outside %s's call hours (%s their time); next good time: %s",
			when.In(loc).Format("Mon 15:04"), it.Customer.Name, off.Hours, off.Next.In(loc).Format("Mon 15:04"))
	}
	return nil
}
