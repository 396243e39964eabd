package store

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store/tables"
)

// The calendar counts a month's pending follow-ups by their shop-local day, the
// first and last minutes of the month in, the minutes either side of it out, and
// reads only the month's range of due times to do it.
func TestDueDaysCountsTheMonthByShopDay(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	b, _ := s.Business(ctx)
	b.TimeZone = "America/New_York"
	if err := s.SaveBusiness(ctx, b); err != nil {
		t.Fatal(err)
	}
	c := mustCustomer(t, s, shop.Customer{Name: "Ann Example", Phone: "+1 212 555 0101", TimeZone: "America/New_York"})
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		at     string // New York time
		status string
	}{
		{"2026-10-31 23:59", "pending"},
		{"2026-11-01 00:00", "pending"},
		{"2026-11-01 01:30", "pending"}, // the hour the clocks go back, the first time
		{"2026-11-01 09:00", "done"},
		{"2026-11-17 10:00", "pending"},
		{"2026-11-17 16:00", "pending"},
		{"2026-11-30 23:59", "pending"},
		{"2026-12-01 00:00", "pending"},
	} {
		due, err := time.ParseInLocation("2006-01-02 15:04", f.at, ny)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO followups (customer_id, due, day, time_zone, channel, priority, status) VALUES (?, ?, ?, ?, 'phone', 3, ?)`,
			c.ID, tables.Unix(due), tables.DayOf(due, ny), "America/New_York", f.status); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.DueDays(ctx, "2026-11-01", "2026-12-01")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"2026-11-01": 2, "2026-11-17": 2, "2026-11-30": 1}; !maps.Equal(got, want) {
		t.Errorf("DueDays of November = %v, want %v", got, want)
	}
	if _, err := s.DueDays(ctx, "November", "2026-12-01"); err == nil || !strings.Contains(err.Error(), `"November"`) {
		t.Errorf("DueDays of a day that is not one: %v, want an error naming it", err)
	}
	if !s.IsPostgres() {
		plan := queryPlan(t, s, dueDaysSQL, 0, 1, "", "")
		if !strings.Contains(plan, "followups_due (due>? AND due<?)") {
			t.Errorf("DueDays reads by the plan\n%s\nwant the range of due times in followups_due", plan)
		}
	}
}
