package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// CallHours describes when a customer may be phoned, in their own time:
// "Mon–Sat 10:00–12:00, 13:30–20:00".
func CallHours(r Rules, c Customer) string {
	w := newCallWindow(r, c.EveningOnly)
	days := "Mon–Sat"
	if w.sundays {
		days = "every day"
	}
	spans := make([]string, w.n)
	for i := 0; i < w.n; i++ {
		spans[i] = FormatClock(w.pieces[i].from) + "–" + FormatClock(w.pieces[i].until)
	}
	if len(spans) == 0 {
		return "never (the call windows in Settings leave no time)"
	}
	return days + " " + strings.Join(spans, ", ")
}

// Reschedule moves a pending follow-up to when and pins it there, so that re-plans
// keep it (the owner's choice wins over the planner's). A call must fall inside the
// customer's call windows (FOLLOWUP_RULES.md §3); the error then names the customer's
// hours and the next good time. Emails and letters may go at any future time.
// Unlike Complete with StatusRescheduled, no contact is logged: nobody spoke.
func (s *Store) Reschedule(ctx context.Context, id ID, when time.Time) error {
	it, err := s.FollowUp(ctx, id)
	if err != nil {
		return err
	}
	if it.Status != StatusPending {
		return fmt.Errorf("follow-up %d %w", id, ErrNotPending)
	}
	if err := s.checkNewTime(ctx, it, when); err != nil {
		return err
	}
	when = when.Truncate(time.Minute)
	if len(it.Reasons) == 0 {
		return fieldErr("new_time", "this follow-up has no reason left to pin; re-plan first")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range it.Reasons {
			if _, err := tx.ExecContext(ctx, `INSERT INTO overrides (customer_id, key, pinned) VALUES (?, ?, ?)
				ON CONFLICT (customer_id, key) DO UPDATE SET pinned = excluded.pinned, not_before = NULL`, it.CustomerID, r.Key, unix(when)); err != nil {
				return fmt.Errorf("reschedule %s: %w", r.Key, err)
			}
		}
		return s.replanCustomer(ctx, tx, it.CustomerID)
	})
}

// checkNewTime refuses a new time for a follow-up that is past, or, for a call,
// outside the customer's call windows; the error names the field "New time", the
// customer's hours and the next good time.
func (s *Store) checkNewTime(ctx context.Context, it AgendaItem, when time.Time) error {
	now := s.Now()
	loc := ZoneOr(it.TimeZone, time.UTC)
	when = when.Truncate(time.Minute)
	if !when.After(now) {
		return fieldErr("new_time", "%s is in the past; choose a time after %s", when.In(loc).Format("Mon 2 Jan 15:04"), now.In(loc).Format("Mon 2 Jan 15:04"))
	}
	if it.Channel != ChannelPhone {
		return nil
	}
	r, err := s.Rules(ctx)
	if err != nil {
		return err
	}
	if !CallAllowed(r, it.Customer, loc, when) {
		lt := when.In(loc)
		next := NextCallSlot(r, it.Customer, loc, when, lt.Hour()*60+lt.Minute())
		return fieldErr("new_time", "%s is outside %s's call hours (%s their time); next good time: %s",
			lt.Format("Mon 15:04"), it.Customer.Name, CallHours(r, it.Customer), next.In(loc).Format("Mon 15:04"))
	}
	return nil
}
