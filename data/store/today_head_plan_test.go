package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// SQLite reads the head of a long day off followups_rank in the order of Today,
// without sorting the day: the index and rankSQL must keep the same order (a
// change to either that parted them would put a sort of the whole day back,
// which no result shows). For everyone and for one member of staff.
func TestTodayHeadReadsTheRankIndexWithoutASort(t *testing.T) {
	s := openTest(t)
	if s.IsPostgres() {
		t.Skip("PostgreSQL plans by its own statistics")
	}
	ctx := context.Background()
	q := agendaSQL(rankIndex, headCond+rankSQL+` LIMIT 40`)
	end := time.Now().Unix()
	for _, me := range []int64{0, 7} {
		rows, err := s.db.QueryContext(ctx, `EXPLAIN QUERY PLAN `+q, end, me, me)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notUsed int
			var detail string
			if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		all := strings.Join(plan, "\n")
		if !strings.Contains(all, "followups_rank") || strings.Contains(all, "TEMP B-TREE") {
			t.Errorf("staff %d: the head's plan is\n%s\nwant a scan of followups_rank and no sort", me, all)
		}
	}
}
