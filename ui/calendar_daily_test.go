package ui

import (
	"strings"
	"testing"
	"time"
)

func TestTheCalendarMarksOverdueOnlyWhereItWasMissedAndListsADayInTheShopsTime(t *testing.T) {
	u, _ := newTestUI(t)
	s := u.calendarTab()
	u.goTo(tabCalendar)
	u.wait()
	today := u.now().Format(time.DateOnly)
	for d, m := range s.marks {
		if m == markOverdue && d > today {
			t.Errorf("the calendar marks %s, a day to come, overdue", d)
		}
	}
	// Tuesday's list: customers in four zones, in the shop's order, each row with
	// the shop's time first and theirs beside it.
	s.onPickDay(time.Date(2026, 11, 24, 0, 0, 0, 0, u.shopZone()))
	u.wait()
	if len(s.views) < 3 {
		t.Fatalf("Tuesday lists %d follow-ups", len(s.views))
	}
	prev := ""
	zones := map[string]bool{}
	for _, v := range s.views {
		if v.when < prev {
			t.Errorf("the day lists %q after %q", v.when, prev)
		}
		prev = v.when
		row := newAgendaRow()
		row.set(v)
		shown := strings.Join(texts(row), " ")
		loc := zoneOf(v.item.TimeZone, u.shopZone())
		if !strings.Contains(shown, v.item.Due.In(u.shopZone()).Format("15:04")) {
			t.Errorf("%s's row %q lacks the shop's time", v.item.Customer.Name, shown)
		}
		if otherZone(v.item.Due, loc, u.shopZone()) {
			zones[loc.String()] = true
			if !strings.Contains(shown, v.item.Due.In(loc).Format("15:04 MST")) {
				t.Errorf("%s's row %q lacks their time", v.item.Customer.Name, shown)
			}
		}
	}
	if len(zones) < 2 {
		t.Errorf("Tuesday's customers are in %d zones besides the shop's; the demo has more", len(zones))
	}
}
