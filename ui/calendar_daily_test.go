package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
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

func TestTheCalendarsRescheduleOffersOnlyTimesItAccepts(t *testing.T) {
	u, _ := newTestUI(t)
	s := u.calendarTab()
	u.goTo(tabCalendar)
	u.wait()
	moved := 0
	// Today and the next two days: calls in four zones, an evening-only customer
	// with a promise outside his hours, emails and letters.
	for d := 0; d < 3; d++ {
		day := time.Date(2026, 11, 23+d, 0, 0, 0, 0, u.shopZone())
		s.onPickDay(day)
		u.wait()
		names := make([]string, len(s.views))
		for i, v := range s.views {
			names[i] = v.item.Customer.Name
		}
		for i := range names {
			s.onPickDay(day)
			u.wait()
			if i >= len(s.views) || s.views[i].item.Customer.Name != names[i] {
				continue // an earlier move changed the day's list
			}
			s.list.Select(i)
			u.wait()
			s.onReschedule()
			tapDialogButton(t, u.win, "Reschedule")
			u.wait()
			if top := u.win.Canvas().Overlays().Top(); top != nil {
				t.Errorf("%s on %s: the time Reschedule… offered was refused: %q", names[i], day.Format("Mon"), texts(top))
				pressKey(u.win, fyne.KeyEscape)
				pressKey(u.win, fyne.KeyEscape)
				continue
			}
			moved++
		}
	}
	if moved < 5 {
		t.Errorf("only %d follow-ups were moved", moved)
	}
}

func TestTheCalendarsFollowUpTalksAboutTheOpenProblemFirstAsTodayDoes(t *testing.T) {
	u, _ := newTestUI(t)
	s := u.calendarTab()
	u.goTo(tabCalendar)
	u.wait()
	s.onPickDay(time.Date(2026, 11, 23, 0, 0, 0, 0, u.shopZone()))
	u.wait()
	for i, v := range s.views {
		if v.item.Customer.Name != "Samuel Adeyemi" {
			continue
		}
		s.list.Select(i)
		u.wait()
		lines := strings.Split(s.detail.Text, "\n")
		if len(lines) < 3 || !strings.HasPrefix(lines[1], "• Open problem: ") || !strings.Contains(lines[1], "R-00246") {
			t.Errorf("the calendar says of Samuel's call\n%s\nwant his open problem first, with its reference", s.detail.Text)
		}
		return
	}
	t.Fatal("Samuel Adeyemi is not on Monday's list")
}
