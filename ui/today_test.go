package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/demo/demotest"
	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

// needToday returns the store's call list, skipping the test when there is none to
// act on (the demo shop always leaves follow-ups due today once the planner plans).
func needToday(t *testing.T, st *store.Store) []shop.AgendaItem {
	t.Helper()
	items, err := st.Today(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(items) == 0 {
		t.Fatal("the demo shop has no follow-up due today; it is made to have some")
	}
	return items
}

func TestTodayListsTheStoresCallListInItsOrder(t *testing.T) {
	u, st := newTestUI(t)
	items, err := st.Today(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s := u.todayTab()
	if got, want := s.counts.Text, dayLine(planner.CountDay(items, u.now())); got != want {
		t.Errorf("header counts = %q, want %q", got, want)
	}
	if got, want := s.date.Text, "Monday, November 23, 2026"; got != want {
		t.Errorf("header date = %q, want %q", got, want)
	}
	if len(items) == 0 {
		if !s.empty.Visible() || s.list.Visible() {
			t.Error("with nothing due, the friendly empty state should show instead of the list")
		}
		if txt := strings.Join(texts(s.empty), " "); !strings.Contains(txt, "Nothing to follow up today") {
			t.Errorf("empty state says %q", txt)
		}
		return
	}
	if len(s.views) != len(items) {
		t.Fatalf("the list has %d rows, the store %d follow-ups", len(s.views), len(items))
	}
	for i, it := range items {
		if s.views[i].item.ID != it.ID {
			t.Errorf("row %d is follow-up %d, want %d (the store's ranked order)", i, s.views[i].item.ID, it.ID)
		}
	}
	// What a row shows: the customer's name, the purpose line, the due time at the
	// shop and, when it is another, in the customer's zone.
	row := newAgendaRow()
	row.set(s.views[0])
	w := test.NewTempWindow(t, row)
	w.Resize(w.Content().MinSize().AddWidthHeight(400, 0))
	shown := strings.Join(texts(row), "\n")
	first := items[0]
	loc, _ := time.LoadLocation(first.TimeZone)
	wants := []string{first.Customer.Name, first.Summary(), first.Due.In(u.shopZone()).Format("15:04")}
	if _, off := first.Due.In(loc).Zone(); off != -5*3600 {
		wants = append(wants, first.Due.In(loc).Format("15:04 MST"))
	}
	for _, want := range wants {
		if !strings.Contains(shown, want) {
			t.Errorf("first row shows %q, which lacks %q", shown, want)
		}
	}
	// The most urgent follow-up is open in the call screen.
	if s.selected != first.ID {
		t.Errorf("selected follow-up = %d, want the first, %d", s.selected, first.ID)
	}
}

func TestDoneWithAScoreCompletesTheFollowUp(t *testing.T) {
	u, st := newTestUI(t)
	items := needToday(t, st)
	s := u.todayTab()
	s.list.Select(0)
	u.wait()
	id := items[0].ID

	test.Tap(s.done)
	entryIn(t, u.win, "Notes").SetText("Loves the machine; wants the descaling manual")
	formItem(t, u.win, "Score").(*widget.RadioGroup).SetSelected("4")
	tapDialogButton(t, u.win, "Record")
	u.wait()

	fu, err := st.FollowUp(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if fu.Status != shop.StatusDone || fu.Score != 4 || fu.Notes != "Loves the machine; wants the descaling manual" {
		t.Errorf("follow-up after Done = status %q, score %d, notes %q; want done, 4 and the notes", fu.Status, fu.Score, fu.Notes)
	}
	for _, v := range s.views {
		if v.item.ID == id {
			t.Errorf("follow-up %d is still on the list after Done", id)
		}
	}
	// The next call to the customer starts from what this one said.
	br, err := st.Brief(context.Background(), items[0].CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	brief := strings.Join(texts(briefForm(br, u.shopZone(), testNow, u.money)), "\n")
	if br.Scores == 0 {
		t.Fatal("the brief counts no survey after a score of 4")
	}
	avg := fmt.Sprintf("%.1f out of 5 from %d survey", float64(br.ScoreSum)/float64(br.Scores), br.Scores)
	for _, want := range []string{"Done, scored 4/5 — Loves the machine", avg} {
		if !strings.Contains(brief, want) {
			t.Errorf("the brief does not say %q:\n%s", want, brief)
		}
	}
}

func TestRescheduleMovesTheFollowUpInTheCustomersZone(t *testing.T) {
	u, st := newTestUI(t)
	items := needToday(t, st)
	s := u.todayTab()
	s.list.Select(0)
	u.wait()
	it := items[0]
	loc, err := time.LoadLocation(it.TimeZone)
	if err != nil {
		t.Fatal(err)
	}

	test.Tap(s.reschedule)
	// The date entry gives back UTC midnight; the time is read in the customer's zone.
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	date, clock := dateTimeIn(t, u.win, "New time")
	date.SetDate(&day)
	clock.SetText("11:15")
	tapDialogButton(t, u.win, "Reschedule")
	u.wait()

	fu, err := st.FollowUp(context.Background(), it.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fu.Status != shop.StatusRescheduled {
		t.Errorf("status = %q, want rescheduled", fu.Status)
	}
	hist, err := st.History(context.Background(), it.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 11, 25, 11, 15, 0, 0, loc)
	found := false
	for _, h := range hist {
		if h.Status == shop.StatusPending && h.Due.Equal(want) {
			found = true
		}
	}
	if !found {
		t.Errorf("no pending follow-up at %v (their time) after rescheduling; history: %v", want, hist)
	}
}

func TestRescheduleWithoutATimeNamesTheFieldAndChangesNothing(t *testing.T) {
	u, st := newTestUI(t)
	items := needToday(t, st)
	s := u.todayTab()
	s.list.Select(0)
	u.wait()

	test.Tap(s.reschedule)
	_, clock := dateTimeIn(t, u.win, "New time")
	clock.SetText("25:99")
	tapDialogButton(t, u.win, "Reschedule")
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "New time (time)") {
		t.Errorf("error dialog says %q; want it to name the New time (time) field", msg)
	}
	fu, err := st.FollowUp(context.Background(), items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if fu.Status != shop.StatusPending {
		t.Errorf("status = %q after a refused reschedule, want pending", fu.Status)
	}
}

func TestCountsLineSumsUpTheDay(t *testing.T) {
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	items := []shop.AgendaItem{
		{FollowUp: shop.FollowUp{Channel: shop.ChannelPhone, Promised: true, Due: later, Status: shop.StatusPending}},
		{FollowUp: shop.FollowUp{Channel: shop.ChannelPhone, Due: later, Status: shop.StatusPending}},
		{FollowUp: shop.FollowUp{Channel: shop.ChannelEmail, Overdue: true, Due: earlier, Status: shop.StatusPending}},
		{FollowUp: shop.FollowUp{Channel: shop.ChannelPhone, Promised: true, Overdue: true, Due: earlier, Status: shop.StatusPending}},
	}
	if got, want := dayLine(planner.CountDay(items, now)), "4 follow-ups · 3 calls · 1 email · 2 promises · 2 overdue · 1 broken promise"; got != want {
		t.Errorf("the day's line = %q, want %q", got, want)
	}
	if got, want := dayLine(planner.CountDay(nil, now)), "0 follow-ups"; got != want {
		t.Errorf("the line of an empty day = %q, want %q", got, want)
	}
}

func TestAgendaViewSaysWhenNotToCall(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	c := shop.Customer{Name: "Tom Becker", TimeZone: "America/Chicago", PreferredCallMinute: -1}
	r := shop.DefaultRules()
	// 02:00 in Chicago: the golden rule says don't bother anyone.
	night := time.Date(2026, 11, 24, 2, 0, 0, 0, chicago)
	it := shop.AgendaItem{FollowUp: shop.FollowUp{Due: time.Date(2026, 11, 24, 10, 30, 0, 0, chicago), TimeZone: "America/Chicago",
		Channel: shop.ChannelPhone}, Customer: c}
	v := newAgendaView(it, night, r, time.UTC)
	if planner.CallAllowed(r, c, chicago, night) {
		t.Fatal("planner.CallAllowed allows a call at 02:00 their time")
	}
	if !v.warn || !strings.HasPrefix(v.hint, "Not now — call ") || !strings.HasSuffix(v.hint, " their time") {
		t.Errorf("hint at 02:00 their time = %q (warn %v); want a warning with the next good time", v.hint, v.warn)
	}
	if v.when != "16:30" || v.their != "10:30 CST" {
		t.Errorf("due shows %q and %q, want 16:30 at the (UTC) shop and 10:30 CST", v.when, v.their)
	}
}

func TestCalendarDaysCountsDatesNotHours(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	for _, tc := range []struct {
		a, b time.Time
		want int
	}{
		{time.Date(2026, 11, 22, 23, 30, 0, 0, ny), time.Date(2026, 11, 23, 0, 30, 0, 0, ny), 1},
		{time.Date(2026, 11, 23, 0, 5, 0, 0, ny), time.Date(2026, 11, 23, 23, 55, 0, 0, ny), 0},
		{time.Date(2026, 3, 7, 12, 0, 0, 0, ny), time.Date(2026, 3, 9, 1, 0, 0, 0, ny), 2}, // across the spring change
	} {
		if got := calendarDays(tc.a, tc.b, ny); got != tc.want {
			t.Errorf("calendarDays(%v, %v) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// A long day's first screen is its head, in the order of the whole list and with
// the whole day's counts; the whole list follows behind it, and a follow-up
// picked meanwhile stays picked, even when the list is read again meanwhile.
func TestALongDayShowsItsHeadWhileTheRestIsRead(t *testing.T) {
	st := demotest.Sized(t, testNow, 3_000, 30_000, 6_000)
	day, err := st.Today(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(day) <= headRows {
		t.Fatalf("the shop's day has %d follow-ups; want more than a first screen's %d", len(day), headRows)
	}
	u := buildTestUI(test.NewTempApp(t), st)
	u.win.Resize(fyne.NewSize(defaultWidth, defaultHeight))
	u.win.Show()
	t.Cleanup(u.win.Close)
	s := u.todayTab()
	for len(s.views) == 0 {
		u.pending.Wait()
		for _, f := range u.q.take() {
			f()
		}
	}
	if len(s.views) != headRows {
		t.Fatalf("the first screen lists %d follow-ups, want the day's first %d", len(s.views), headRows)
	}
	for i, v := range s.views {
		if v.item.ID != day[i].ID {
			t.Fatalf("row %d of the first screen is follow-up %d, the day's list has %d there", i, v.item.ID, day[i].ID)
		}
	}
	if got, want := s.counts.Text, dayLine(planner.CountDay(day, testNow)); got != want {
		t.Errorf("the first screen counts %q, want the whole day's %q", got, want)
	}
	s.list.Select(5)
	picked := s.views[5].item.ID
	s.reload() // a change heard meanwhile, say
	u.wait()
	if len(s.views) != len(day) {
		t.Fatalf("after the rest is read the list has %d follow-ups, want %d", len(s.views), len(day))
	}
	for i, v := range s.views {
		if v.item.ID != day[i].ID {
			t.Fatalf("row %d is follow-up %d, the day's list has %d there", i, v.item.ID, day[i].ID)
		}
	}
	if s.selected != picked || s.counts.Text != dayLine(planner.CountDay(day, testNow)) {
		t.Errorf("after the rest is read follow-up %d is picked (counts %q); want %d still", s.selected, s.counts.Text, picked)
	}
}
