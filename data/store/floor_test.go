package store

import (
	"context"
	"errors"
	"time"

	"github.com/rapport-app/rapport/data/report"
	"github.com/rapport-app/rapport/data/store/floortest"
	"github.com/rapport-app/rapport/data/store/tables"
)

// This file is the floor the reading benchmarks measure Rapport against: what
// SQLite itself, through the same driver, needs for the same rows (floortest). The
// re-plan's floor is in package replan.

// AgendaFloor reads, as SQLite alone, the rows Today and Agenda(from, to) read:
// the same SELECTs of the follow-ups and of their reasons, every column raw, and
// of a list of splitRows or more in the same two halves side by side.
func (s *Store) AgendaFloor(ctx context.Context, from, to time.Time) error {
	end, err := s.endOfToday(ctx)
	if err != nil {
		return err
	}
	for _, q := range []struct {
		cond string
		args []any
	}{{todayCond, []any{tables.Unix(end)}}, {agendaCond, []any{tables.Unix(from), tables.Unix(to)}}} {
		n, err := s.countPending(ctx, q.cond, q.args...)
		if err != nil {
			return err
		}
		read := func(cond string) error {
			if _, err := floortest.Rows(ctx, s.db, floortest.Query{What: "follow-ups", SQL: agendaSQL("", cond+byDue), Args: q.args}, -1, nil); err != nil {
				return err
			}
			_, err := floortest.Rows(ctx, s.db, floortest.Query{What: "reasons", SQL: reasonsByDue(cond), Args: q.args}, -1, nil)
			return err
		}
		if n < splitRows {
			err = read(q.cond)
		} else {
			odd := make(chan error, 1)
			go func() { odd <- read(q.cond + oddHalf) }()
			err = errors.Join(read(q.cond+evenHalf), <-odd)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ReportFloor reads, one after the other, the rows the report of [from, to) reads
// (ReportInput's SELECTs, every column of every row), building nothing from them
// and computing nothing. It returns the rows read.
func (s *Store) ReportFloor(ctx context.Context, from, to time.Time) (int, error) {
	now := s.Now().UTC()
	salesTo := to.Add(report.LookAhead)
	if day := now.Add(24 * time.Hour); day.Before(salesTo) {
		salesTo = day
	}
	f, t := tables.Unix(from), tables.Unix(to)
	total := 0
	for _, q := range []floortest.Query{
		{What: "business", SQL: `SELECT * FROM business`},
		{What: "rules", SQL: `SELECT key, value FROM settings`},
		{What: "sales", SQL: tables.SalesBetweenSQL, Args: []any{f, tables.Unix(salesTo)}},
		{What: "promises", SQL: `SELECT ` + tables.PromiseCols + ` FROM promises p ` + reportPromisesWhere, Args: []any{f, t}},
		{What: "staff", SQL: `SELECT * FROM staff`},
		{What: "follow-ups", SQL: reportFollowUpsSQL, Args: []any{f, f}},
		{What: "reasons", SQL: reportReasonsSQL, Args: []any{f, f}},
		{What: "issues", SQL: `SELECT ` + tables.IssueCols + ` FROM issues ` + reportIssuesWhere, Args: []any{f, t}},
		{What: "more issues", SQL: `SELECT ` + tables.IssueCols + ` FROM issues ` + reportMoreIssuesWhere, Args: []any{f, f, f, t}},
		{What: "names", SQL: scoredNamesSQL, Args: []any{f, t}},
		{What: "issue sales", SQL: reportIssueSalesSQL, Args: []any{int64(report.LookBehind / time.Second), f, t}},
	} {
		n, err := floortest.Rows(ctx, s.db, q, -1, nil)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
