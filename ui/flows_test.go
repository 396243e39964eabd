package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

func TestSaleForANewCustomerFromThePickerPlansTheirThankYou(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSales)
	u.wait()
	s := u.salesTab()
	s.customer.entry.SetText("Dana Whitfield")
	u.wait() // the search runs off the UI goroutine
	newOpt := newCustomerPrefix + "Dana Whitfield…"
	if !slices.Contains(s.customer.options, newOpt) {
		t.Fatalf("picker offers %q, want %q among them", s.customer.options, newOpt)
	}
	s.customer.entry.SetText(newOpt) // what picking the option does
	if name := entryIn(t, u.win, "Name"); name.Text != "Dana Whitfield" {
		t.Fatalf("picking \"New customer\" opened the new customer dialog with %q, not the name typed", name.Text)
	}
	entryIn(t, u.win, "Phone").SetText("212 555 01x")
	tapDialogButton(t, u.win, "Add")
	u.wait()
	// Refused: the error names the field and the dialog is back with what was typed.
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Phone") {
		t.Fatalf("a bad phone says %q; want it to name Phone", msg)
	}
	tapDialogButton(t, u.win, "OK")
	if phone, name := entryIn(t, u.win, "Phone"), entryIn(t, u.win, "Name"); phone.Text != "212 555 01x" || name.Text != "Dana Whitfield" {
		t.Fatalf("the dialog lost what was typed: %q, %q", name.Text, phone.Text)
	}
	entryIn(t, u.win, "Phone").SetText("(212) 555-0199")
	tapDialogButton(t, u.win, "Add")
	u.wait()

	dana := customerNamed(t, st, "Dana Whitfield")
	if dana.Phone != "+1 212-555-0199" || dana.TimeZone != "America/New_York" {
		t.Errorf("new customer stored with phone %q, zone %q", dana.Phone, dana.TimeZone)
	}
	if c, err := s.customer.selected("Customer"); err != nil || c.ID != dana.ID {
		t.Fatalf("the picker holds %v (%v), want the new customer", c, err)
	}
	s.amount.SetText("42.00")
	s.amount.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter saves
	u.wait()
	if !strings.Contains(s.status.Text, "Dana Whitfield") {
		t.Errorf("status after Enter = %q", s.status.Text)
	}
	if !s.thanks.Visible() || !strings.Contains(s.thanks.Text, "Dana Whitfield") {
		t.Errorf("no thank-you letter offered after the sale: %q", s.thanks.Text)
	}
	test.Tap(s.thanks)
	u.wait()
	if msg := overlayText(t, u.win); strings.Contains(msg, "Please check") || strings.Contains(msg, "thank-you letter can") {
		t.Errorf("the thank-you letter was not offered for saving: %q", msg)
	}
	hist, err := st.History(context.Background(), dana.ID)
	if err != nil {
		t.Fatal(err)
	}
	thanks := false
	for _, it := range hist {
		for _, r := range it.Reasons {
			thanks = thanks || r.Rule == shop.RuleThankYou
		}
	}
	if !thanks {
		t.Errorf("the sale planned no thank-you: %d follow-ups", len(hist))
	}
	// The Customers screen shows it among their follow-ups.
	u.showCustomer(dana.ID)
	u.wait()
	if u.customersTab().current.ID != dana.ID || len(u.customersTab().activity.history) == 0 {
		t.Errorf("Customers shows %q with %d follow-ups", u.customersTab().current.Name, len(u.customersTab().activity.history))
	}
}

func TestCustomersListReadsPagesAsItScrollsAndShortcutsReachIt(t *testing.T) {
	u, st := newTestUI(t)
	ctx := context.Background()
	// Enough customers for several pages.
	for i := 0; i < 2*customersPage+10; i++ {
		c := shop.Customer{Name: "Zed Test " + string(rune('A'+i/26)) + string(rune('a'+i%26)), PreferredCallMinute: -1}
		if err := st.SaveCustomer(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	// Ctrl+F opens the list with the search field ready.
	u.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
	u.wait()
	s := u.customersTab()
	if u.tabs.SelectedIndex() != tabCustomers || u.win.Canvas().Focused() != s.search {
		t.Errorf("Ctrl+F shows tab %d with %v focused", u.tabs.SelectedIndex(), u.win.Canvas().Focused())
	}
	total, _ := st.Customers(ctx, "")
	if s.result.Len() != len(total) || len(s.pages) != 1 {
		t.Fatalf("list holds %d rows in %d pages; want %d rows, one page read", s.result.Len(), len(s.pages), len(total))
	}
	s.list.ScrollToBottom()
	u.wait()
	last := s.result.Len() - 1
	if _, ok := s.pages[last/customersPage]; !ok {
		t.Fatalf("scrolling to the end did not read the last page (pages read: %d)", len(s.pages))
	}
	if c, ok := s.customerAt(last); !ok || c.ID != total[last].ID {
		t.Errorf("last row shows %q, want %q", c.Name, total[last].Name)
	}
	// Search as you type, by phone digits spaced otherwise.
	s.search.SetText("312-555")
	u.wait()
	want, _ := st.Customers(ctx, "312 555")
	if s.result.Len() != len(want) || len(want) == 0 {
		t.Errorf("search by phone found %d, the store %d", s.result.Len(), len(want))
	}
	// Ctrl+N starts a new sale with the customer field ready.
	u.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault})
	u.wait()
	if u.tabs.SelectedIndex() != tabSales || u.win.Canvas().Focused() != u.salesTab().customer.entry {
		t.Errorf("Ctrl+N shows tab %d with %v focused", u.tabs.SelectedIndex(), u.win.Canvas().Focused())
	}
}

func TestStartUpReplanRunsBehindTheOpenWindow(t *testing.T) {
	u, _ := newTestUI(t)
	u.replanInBackground()
	if !u.todayTab().planning.Visible() || !u.todayTab().replan.Disabled() {
		t.Error("while re-planning, Today should say so and Re-plan should wait")
	}
	u.wait()
	if u.todayTab().planning.Visible() || u.todayTab().replan.Disabled() {
		t.Error("after re-planning, the note should be gone and Re-plan back")
	}
	if len(u.todayTab().views) == 0 {
		t.Error("the call list is empty after the re-plan")
	}
}

func TestCalendarWeekShowsTheItemsAndRescheduleChecksTheCallHours(t *testing.T) {
	u, st := newTestUI(t)
	ctx := context.Background()
	u.goTo(tabCalendar)
	u.wait()
	s := u.calendarTab()
	test.Tap(s.weekBtn)
	u.wait()
	start := weekStart(s.day)
	week, err := st.Agenda(ctx, start, start.AddDate(0, 0, 7))
	if err != nil {
		t.Fatal(err)
	}
	shown := 0
	var call *weekItem
	var callItem shop.AgendaItem
	for _, col := range s.weekCols {
		for _, o := range col.Objects {
			shown++
			w := o.(*weekItem)
			for _, it := range week {
				if call == nil && it.Channel == shop.ChannelPhone && strings.HasSuffix(w.Text, " "+it.Customer.Name) && it.Due.After(testNow) {
					call, callItem = w, it
				}
			}
		}
	}
	if shown != len(week) || shown == 0 {
		t.Fatalf("the week shows %d follow-ups, the agenda has %d", shown, len(week))
	}
	if s.title.Text != "Nov 23 – 29, 2026" && s.title.Text != "Nov 22 – 28, 2026" {
		t.Errorf("week title %q", s.title.Text)
	}
	if call == nil {
		t.Fatal("no future call in the demo week to reschedule")
	}

	// Dragging a tile one column on moves it a day on, at the same time of theirs.
	var alicia *weekItem
	for _, col := range s.weekCols {
		for _, o := range col.Objects {
			if strings.HasSuffix(o.(*weekItem).Text, " Alicia Rivera") {
				alicia = o.(*weekItem)
			}
		}
	}
	if alicia == nil {
		t.Fatal("Alicia Rivera's call is not in the week")
	}
	aliciaID := customerNamed(t, st, "Alicia Rivera").ID
	before := pendingOf(t, st, aliciaID)
	step := s.weekView.Size().Width / 7
	alicia.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: step * 0.6}})
	alicia.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: step * 0.5}})
	alicia.DragEnd()
	u.wait()
	ny, _ := time.LoadLocation("America/New_York")
	moved := false
	for _, it := range pendingOf(t, st, aliciaID) {
		for _, b := range before {
			if b.Channel == shop.ChannelPhone && sameDay(b.Due, testNow, ny) && it.Due.Equal(b.Due.AddDate(0, 0, 1)) {
				moved = true
			}
		}
	}
	if !moved {
		t.Errorf("dragging Alicia Rivera's call a column on did not move it a day on: %v", pendingOf(t, st, aliciaID))
	}

	test.Tap(call)
	u.wait()
	if s.pickedItem.ID != callItem.ID || !s.footer.Visible() {
		t.Fatalf("tapping %q picked follow-up %d", call.Text, s.pickedItem.ID)
	}

	test.Tap(s.move)
	loc := zoneOf(callItem.TimeZone, time.UTC)
	sunday := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	date, clock := dateTimeIn(t, u.win, "New time")
	date.SetDate(&sunday)
	clock.SetText("14:00")
	if shopTime := formItem(t, u.win, "Shop time").(*widget.Label); !strings.Contains(shopTime.Text, "at the shop") {
		t.Errorf("shop time shows %q", shopTime.Text)
	}
	tapDialogButton(t, u.win, "Reschedule")
	u.wait()
	msg := overlayText(t, u.win)
	if !strings.Contains(msg, "New time") || !strings.Contains(msg, "call hours") || !strings.Contains(msg, "next good time") {
		t.Fatalf("a Sunday call says %q", msg)
	}
	tapDialogButton(t, u.win, "OK")
	date, clock = dateTimeIn(t, u.win, "New time")
	if clock.Text != "14:00" {
		t.Errorf("the reopened dialog lost the time typed: %q", clock.Text)
	}
	wed := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	date.SetDate(&wed)
	clock.SetText("15:30")
	tapDialogButton(t, u.win, "Reschedule")
	u.wait()
	got, err := st.FollowUp(ctx, callItem.ID)
	want := time.Date(2026, 12, 2, 15, 30, 0, 0, loc)
	if err != nil || !got.Due.Equal(want) {
		// Re-planning may merge it into another follow-up of the same customer.
		found := false
		for _, it := range pendingOf(t, st, callItem.CustomerID) {
			found = found || it.Due.Equal(want)
		}
		if !found {
			t.Fatalf("after rescheduling nothing of %s is due %v", callItem.Customer.Name, want)
		}
	}
	if s.day.Format(time.DateOnly) != "2026-12-02" {
		t.Errorf("the calendar shows %v after the move, want the new day", s.day)
	}
}

func pendingOf(t *testing.T, st *store.Store, id shop.ID) []shop.AgendaItem {
	t.Helper()
	all, err := st.History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []shop.AgendaItem
	for _, it := range all {
		if it.Status == shop.StatusPending {
			out = append(out, it)
		}
	}
	return out
}

func TestABrokenPromiseShowsOneRedBadge(t *testing.T) {
	test.NewTempApp(t)
	r := newAgendaRow()
	test.NewTempWindow(t, r)
	for _, tc := range []struct {
		promised, overdue, past     bool
		wantPromised, wantOver, brk bool
	}{
		{true, true, true, false, false, true},
		{true, false, false, true, false, false},
		{false, true, true, false, true, false},
	} {
		due := testNow.Add(time.Hour)
		if tc.past {
			due = testNow.Add(-time.Hour)
		}
		it := shop.AgendaItem{FollowUp: shop.FollowUp{Channel: shop.ChannelPhone, Promised: tc.promised, Overdue: tc.overdue, Due: due,
			Status: shop.StatusPending}}
		r.set(newAgendaView(it, testNow, shop.DefaultRules(), time.UTC))
		if r.promised.Visible() != tc.wantPromised || r.overdue.Visible() != tc.wantOver || r.broken.Visible() != tc.brk {
			t.Errorf("promised %v, overdue %v: badges promised %v, overdue %v, broken %v", tc.promised, tc.overdue,
				r.promised.Visible(), r.overdue.Visible(), r.broken.Visible())
		}
	}
}

func TestComplaintWithAnAcceptedFollowUpLandsOnTheCalendar(t *testing.T) {
	u, st := newTestUI(t)
	ctx := context.Background()
	u.goTo(tabIssues)
	u.wait()
	s := u.issuesTab()
	grace := customerNamed(t, st, "Grace Liu")
	before, _ := st.Issues(ctx, grace.ID)
	s.customer.set(grace)
	s.typ.SetSelected(shop.IssueComplaint.Label())
	s.summary.SetText("The grinder is too loud")
	s.accepted.SetText("soon")
	test.Tap(s.save)
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Follow-up accepted in") {
		t.Fatalf("a bad number of days says %q", msg)
	}
	if after, _ := st.Issues(ctx, grace.ID); len(after) != len(before) {
		t.Fatal("a refused save stored the issue")
	}
	if s.summary.Text != "The grinder is too loud" {
		t.Error("the form lost the summary after a refused save")
	}
	s.accepted.SetText("3")
	test.Tap(s.save)
	u.wait()
	var promised shop.AgendaItem
	for _, it := range pendingOf(t, st, grace.ID) {
		if it.Promised {
			promised = it
		}
	}
	chicago, _ := time.LoadLocation("America/Chicago")
	if promised.ID == 0 || promised.Due.In(chicago).Format(time.DateOnly) != "2026-11-26" {
		t.Fatalf("no promised follow-up three days on (Thu 26 Nov): %+v", promised.FollowUp)
	}
	// The complaint's own follow-ups and the promise are on the calendar.
	u.goTo(tabCalendar)
	u.wait()
	c := u.calendarTab()
	shopLoc := u.shopZone()
	d := promised.Due.In(shopLoc)
	c.onPickDay(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, shopLoc))
	u.wait()
	found := false
	for _, v := range c.views {
		found = found || v.item.ID == promised.ID
	}
	if !found {
		t.Errorf("the calendar's %s does not list the promised follow-up", d.Format(time.DateOnly))
	}
	for _, cell := range c.cells {
		if cell.state.day.Format(time.DateOnly) == d.Format(time.DateOnly) && (cell.state.count == 0 || cell.state.mark == markNone) {
			t.Errorf("%s shows %d due, mark %d", d.Format(time.DateOnly), cell.state.count, cell.state.mark)
		}
	}

	// Escalate hands the issue in the form to a senior.
	u.goTo(tabIssues)
	u.wait()
	saved := s.editing
	if saved.ID == 0 || saved.Escalated {
		t.Fatalf("the form holds issue %d (escalated %v) after saving", saved.ID, saved.Escalated)
	}
	test.Tap(s.escalate)
	u.wait()
	if got := issueByID(t, st, saved); !got.Escalated {
		t.Error("Escalate did not mark the issue escalated")
	}
	if !s.escalated.Checked || !s.escalate.Disabled() {
		t.Error("the form does not show the issue escalated")
	}
}

func TestNewCustomerPhoneSuggestsTheZoneAndIsWrittenTheOneWay(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabCustomers)
	u.wait()
	s := u.customersTab()
	test.Tap(s.newBtn)
	s.form.name.SetText("Rosa Diaz")
	s.form.phone.SetText("312.555.01")
	test.Tap(s.save)
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Phone") {
		t.Fatalf("a short phone number says %q", msg)
	}
	if s.form.name.Text != "Rosa Diaz" || s.form.phone.Text != "312.555.01" {
		t.Errorf("the form lost what was typed: %q, %q", s.form.name.Text, s.form.phone.Text)
	}
	if cs, _ := st.Customers(context.Background(), "Rosa Diaz"); len(cs) != 0 {
		t.Fatal("a refused customer was stored")
	}
	s.form.phone.SetText("(312) 555-0199")
	if !strings.Contains(s.form.zone.PlaceHolder, "America/Chicago") {
		t.Errorf("zone field suggests %q for a Chicago number", s.form.zone.PlaceHolder)
	}
	test.Tap(s.save)
	u.wait()
	rosa := customerNamed(t, st, "Rosa Diaz")
	if rosa.Phone != "+1 312-555-0199" || rosa.TimeZone != "America/Chicago" {
		t.Errorf("stored phone %q, zone %q", rosa.Phone, rosa.TimeZone)
	}
	if s.form.phone.Text != rosa.Phone {
		t.Errorf("the form shows %q after saving, the store %q", s.form.phone.Text, rosa.Phone)
	}
}

func TestEveryScreenFitsAWindowOf1024By640(t *testing.T) {
	u, _ := newTestUI(t)
	u.calendarTab().setWeek(true) // the wider of the calendar's two views
	u.wait()
	// The tab bar takes about 45 of the 640; AppTabs adds a little padding.
	for i := range tabCount {
		if m := u.screenAt(i).content().MinSize(); m.Width > 1000 || m.Height > 580 {
			t.Errorf("tab %d needs %v; it would push the window past 1024×640", i, m)
		}
	}
	if m := u.tabs.MinSize(); m.Width > 1024 || m.Height > 640 {
		t.Errorf("the window needs %v", m)
	}
}

// The picker searches off the UI goroutine; a search that answers after a newer
// one (the user typed on) must not replace the newer one's options.
func TestPickerShowsOnlyTheNewestSearch(t *testing.T) {
	u, _ := newTestUI(t)
	p := u.newCustomerPicker()
	var answers []func()
	p.async = func(work func() error, then func(error)) {
		err := work()
		answers = append(answers, func() { then(err) })
	}
	p.entry.SetText("Alicia")
	p.entry.SetText("Emily")
	if len(answers) != 2 {
		t.Fatalf("%d searches ran; want one per keystroke", len(answers))
	}
	answers[1]() // the newer search answers first …
	answers[0]() // … the older one late
	if len(p.options) == 0 || !strings.Contains(p.options[0], "Emily") {
		t.Errorf("options %q; want Emily's, the newest search's", p.options)
	}
	for _, o := range p.options {
		if strings.Contains(o, "Alicia") {
			t.Errorf("options %q hold the older search's answer", p.options)
		}
	}
}
