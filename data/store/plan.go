package store

import (
	"context"
	"database/sql"

	"github.com/rapport-app/rapport/data/store/replan"
	"github.com/rapport-app/rapport/data/store/tables"
)

// Replan plans every customer's follow-ups afresh in one transaction and returns
// how many are pending. Completed follow-ups are history and stay as they are.
func (s *Store) Replan(ctx context.Context) (int, error) {
	var n int
	err := s.InPlanTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = replan.All(ctx, tx, s.Now())
		return err
	})
	return n, err
}

// PlanState is the day the stored plan was made for, beside the day it is now
// (both shop-local, "2006-01-02").
type PlanState struct {
	Day   string // "" before the first plan
	Today string
}

// Current reports whether the stored plan was made today.
func (p PlanState) Current() bool { return p.Day == p.Today }

// PlanState reads the day of the stored plan. It reads without a transaction of
// its own, so it answers while another process writes.
func (s *Store) PlanState(ctx context.Context) (PlanState, error) {
	b, err := tables.Business(ctx, s.db)
	if err != nil {
		return PlanState{}, err
	}
	day, err := replan.Day(ctx, s.db)
	return PlanState{Day: day, Today: tables.DayOf(s.Now(), b.Location())}, err
}

// RefreshPlan re-plans the whole shop when the stored plan was made on an earlier
// day (the day's first command or window start does it, once) and reports whether
// it did. When the plan is current it only reads the day of it: viewing the plan
// never needs the write lock.
func (s *Store) RefreshPlan(ctx context.Context) (bool, error) {
	s.refreshing.Lock()
	defer s.refreshing.Unlock()
	if ps, err := s.PlanState(ctx); err != nil || ps.Current() {
		return false, err
	}
	done := false
	err := s.InPlanTx(ctx, func(tx *sql.Tx) error {
		// Another process may have planned the day meanwhile; the write lock is
		// held now, so the day read here is the last word.
		b, err := tables.Business(ctx, tx)
		if err != nil {
			return err
		}
		if day, err := replan.Day(ctx, tx); err != nil || day == tables.DayOf(s.Now(), b.Location()) {
			return err
		}
		done = true
		_, err = replan.All(ctx, tx, s.Now())
		return err
	})
	return done && err == nil, err
}
