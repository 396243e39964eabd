package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// SQLite reads the head of a long day off followups_rank in the order of Today,
// without sorting the day: the index and rankSQL must keep the same order up to
// the spend (a change to either that parted them would put a sort of the whole
// day back, which no result shows). Only the last three terms (due time,
// customer, follow-up) are sorted, within each run of one class and spend. For
// everyone and for one member of staff.
func TestTodayHeadReadsTheRankIndexWithoutASort(t *testing.T) {
	s := openTest(t)
	if s.IsPostgres() {
		t.Skip("PostgreSQL plans by its own statistics")
	}
	q := agendaSQL(rankIndex, headCond+rankSQL+` LIMIT 40`)
	end := time.Now().Unix()
	for _, me := range []int64{0, 7} {
		all := queryPlan(t, s, q, end, me, me)
		sorts := strings.Count(all, "TEMP B-TREE")
		if !strings.Contains(all, "SCAN f USING INDEX followups_rank") || sorts > 1 || sorts == 1 && !strings.Contains(all, "TEMP B-TREE FOR LAST 3 TERMS OF ORDER BY") {
			t.Errorf("staff %d: the head's plan is\n%s\nwant a scan of followups_rank and no sort but of the last three terms", me, all)
		}
	}
	// A short day is read by its range of due times, then sorted.
	short := agendaSQL(dueIndex, headCond+rankSQL+` LIMIT 40`)
	if all := queryPlan(t, s, short, end, 0, 0); !strings.Contains(all, "SEARCH f USING INDEX followups_due (due<?)") {
		t.Errorf("a short day's head's plan is\n%s\nwant a search of followups_due by the range of due times", all)
	}
}

// The reasons of a list by due time (Today's, the agenda's, each half of one)
// are read in the list's order as the index of due times gives it: no sort of
// the reasons, whose rows are many and wide.
func TestReasonsByDueAreReadWithoutASort(t *testing.T) {
	s := openTest(t)
	if s.IsPostgres() {
		t.Skip("PostgreSQL plans by its own statistics")
	}
	now := time.Now().Unix()
	for _, q := range []struct {
		cond string
		args []any
	}{
		{todayCond, []any{now}},
		{agendaCond, []any{now, now + 86400}},
		{todayCond + oddHalf, []any{now}},
		{agendaCond + evenHalf, []any{now, now + 86400}},
	} {
		if all := queryPlan(t, s, reasonsByDue(q.cond), q.args...); strings.Contains(all, "TEMP B-TREE") {
			t.Errorf("the reasons of %q are read by the plan\n%s\nwant no sort", q.cond, all)
		}
	}
}

// queryPlan is SQLite's EXPLAIN QUERY PLAN of q, one step a line.
func queryPlan(t *testing.T, s *Store, q string, args ...any) string {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(), `EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notUsed int
		var detail string
		if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}
