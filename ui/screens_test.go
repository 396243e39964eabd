package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
)

func allPurchases(t *testing.T, st *store.Store) []shop.Purchase {
	t.Helper()
	ps, err := st.RecentPurchases(context.Background(), time.Unix(0, 0), 100000)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func customerNamed(t *testing.T, st *store.Store, name string) shop.Customer {
	t.Helper()
	cs, err := st.Customers(context.Background(), name)
	if err != nil || len(cs) != 1 {
		t.Fatalf("customer %q: found %d (%v)", name, len(cs), err)
	}
	return cs[0]
}

func TestLogSaleWithABadAmountNamesAmountAndStoresNothing(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSales)
	u.wait()
	before := len(allPurchases(t, st))
	s := u.salesTab()
	s.customer.set(customerNamed(t, st, "Grace Liu"))
	s.amount.SetText("12,50x")
	test.Tap(s.save)
	u.wait()

	msg := overlayText(t, u.win)
	if !strings.Contains(msg, "Amount") || !strings.Contains(msg, "12,50x") {
		t.Errorf("error dialog says %q; want it to name the Amount field and the input", msg)
	}
	if after := len(allPurchases(t, st)); after != before {
		t.Errorf("%d sales after a refused one, want %d", after, before)
	}
}

func TestLogSaleStoresItInTheShopsZone(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSales)
	u.wait()
	before := len(allPurchases(t, st))
	grace := customerNamed(t, st, "Grace Liu")
	s := u.salesTab()
	s.customer.set(grace)
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	s.when.date.SetDate(&day)
	s.when.clock.SetText("16:45")
	s.amount.SetText("1,234.50")
	s.items.SetText("Two bags of house blend")
	s.channel.SetSelected("Web")
	test.Tap(s.save)
	u.wait()

	ps := allPurchases(t, st)
	if len(ps) != before+1 {
		t.Fatalf("%d sales after saving one, want %d", len(ps), before+1)
	}
	ny, _ := time.LoadLocation("America/New_York")
	var got *shop.Purchase
	for i := range ps {
		if ps[i].CustomerID == grace.ID && ps[i].Items == "Two bags of house blend" {
			got = &ps[i]
		}
	}
	if got == nil {
		t.Fatal("the new sale is not stored")
	}
	if got.AmountCents != 123450 || got.Channel != shop.ChannelWeb || !got.At.Equal(time.Date(2026, 11, 20, 16, 45, 0, 0, ny)) {
		t.Errorf("stored sale = %d cents, %s, at %v; want 123450, web, 16:45 New York time", got.AmountCents, got.Channel, got.At)
	}
	if !strings.Contains(s.status.Text, "1,234.50") {
		t.Errorf("status after saving = %q", s.status.Text)
	}
	if s.amount.Text != "" {
		t.Errorf("the form should be ready for the next sale, amount shows %q", s.amount.Text)
	}
}

func TestSaleWithoutACustomerNamesTheField(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSales)
	u.wait()
	before := len(allPurchases(t, st))
	u.salesTab().customer.entry.SetText("Nobody We Know")
	u.salesTab().amount.SetText("10")
	test.Tap(u.salesTab().save)
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Customer") || !strings.Contains(msg, "Nobody We Know") {
		t.Errorf("error dialog says %q; want it to name the Customer field", msg)
	}
	if after := len(allPurchases(t, st)); after != before {
		t.Errorf("%d sales after a refused one, want %d", after, before)
	}
}

func TestSavingACustomerWithABadEmailShowsTheErrorAndChangesNothing(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabCustomers)
	u.wait()
	s := u.customersTab()
	alicia := customerNamed(t, st, "Alicia Rivera")
	for i, id := range s.result.IDs {
		if id == alicia.ID {
			s.list.Select(i)
		}
	}
	u.wait()
	if s.form.name.Text != "Alicia Rivera" {
		t.Fatalf("form shows %q after selecting Alicia Rivera", s.form.name.Text)
	}
	s.form.email.SetText("alicia at example")
	s.form.city.SetText("Brooklyn")
	test.Tap(s.save)
	u.wait()

	if msg := overlayText(t, u.win); !strings.Contains(msg, "Email") || !strings.Contains(msg, "alicia at example") {
		t.Errorf("error dialog says %q; want it to name the Email field", msg)
	}
	got := customerNamed(t, st, "Alicia Rivera")
	if got.Email != alicia.Email || got.City != alicia.City {
		t.Errorf("stored customer changed to email %q, city %q; want %q, %q untouched", got.Email, got.City, alicia.Email, alicia.City)
	}
}

func TestSavingACustomerStoresTheForm(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabCustomers)
	u.wait()
	s := u.customersTab()
	test.Tap(u.customersTab().newBtn)
	test.Tap(s.save) // a blank new customer
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Name") {
		t.Errorf("saving a blank customer says %q; want it to name the Name field", msg)
	}
	s.form.name.SetText("Ada Quist")
	s.form.email.SetText("ada@example.com")
	s.form.zone.SetText("Europe/Stockholm")
	s.form.callTime.SetText("14:30")
	s.form.kind.SetSelected(kindBusiness)
	s.form.channel.SetSelected("Email")
	test.Tap(s.save)
	u.wait()

	c := customerNamed(t, st, "Ada Quist")
	if c.Email != "ada@example.com" || c.TimeZone != "Europe/Stockholm" || c.PreferredCallMinute != 14*60+30 ||
		c.Kind != shop.KindBusiness || c.PreferredChannel != shop.ChannelEmail {
		t.Errorf("stored %+v", c)
	}
	if s.current.ID != c.ID || s.title.Text != "Ada Quist" {
		t.Errorf("the form shows customer %d %q after saving, want %d", s.current.ID, s.title.Text, c.ID)
	}
}

func TestBadCallTimeNamesTheField(t *testing.T) {
	u, _ := newTestUI(t)
	u.goTo(tabCustomers)
	u.wait()
	s := u.customersTab()
	test.Tap(s.newBtn)
	s.form.name.SetText("Bo Lind")
	s.form.callTime.SetText("half past two")
	test.Tap(s.save)
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Preferred call time") {
		t.Errorf("error dialog says %q; want it to name Preferred call time", msg)
	}
}

func TestLogContactAddsToTheLog(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabCustomers)
	u.wait()
	s := u.customersTab()
	grace := customerNamed(t, st, "Grace Liu")
	u.showCustomer(grace.ID)
	u.wait()
	before, err := st.Contacts(context.Background(), grace.ID)
	if err != nil {
		t.Fatal(err)
	}
	test.Tap(s.logContact)
	entryIn(t, u.win, "Summary").SetText("Asked about the cleaning tablets")
	formItem(t, u.win, "Who started it").(*widget.RadioGroup).SetSelected(dirOut)
	tapDialogButton(t, u.win, "Log")
	u.wait()
	after, err := st.Contacts(context.Background(), grace.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 || after[0].Summary != "Asked about the cleaning tablets" || after[0].Direction != shop.Outbound {
		t.Fatalf("contact log after logging one: %+v", after)
	}
	if len(s.activity.contacts) != len(after) {
		t.Errorf("the Contacts tab lists %d, the store %d", len(s.activity.contacts), len(after))
	}
}

func TestSettingsRuleEditRoundTrips(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSettings)
	u.wait()
	s := u.settingsTab()
	if got := s.ruleEntries["big_ticket_first_days"].Text; got != "7" {
		t.Fatalf("Big-ticket first call shows %q, want the default 7", got)
	}
	s.ruleEntries["big_ticket_first_days"].SetText("10")
	s.ruleEntries["call_earliest"].SetText("9:30")
	s.ruleChecks["call_sundays"].SetChecked(true)
	test.Tap(s.saveRules)
	u.wait()

	r, err := st.Rules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.BigTicketWeekDays != 10 || r.CallEarliest != 9*60+30 || !r.CallSundays {
		t.Errorf("stored rules: big-ticket first call %d, calls not before %s, Sundays %v; want 10, 09:30, true",
			r.BigTicketWeekDays, shop.FormatClock(r.CallEarliest), r.CallSundays)
	}
	s.ruleEntries["call_earliest"].SetText("junk")
	s.reload()
	u.wait()
	if got := s.ruleEntries["call_earliest"].Text; got != "09:30" {
		t.Errorf("after a reload Calls not before shows %q, want 09:30", got)
	}
}

func TestSettingsBadRuleNamesItAndStoresNothing(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSettings)
	u.wait()
	s := u.settingsTab()
	s.ruleEntries["thank_you_days"].SetText("two")
	s.ruleEntries["minutes_per_call"].SetText("9")
	test.Tap(s.saveRules)
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Thank-you after a purchase (days)") || !strings.Contains(msg, "two") {
		t.Errorf("error dialog says %q; want it to name the rule", msg)
	}
	r, err := st.Rules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r != shop.DefaultRules() {
		t.Errorf("rules changed after a refused save: %+v", r)
	}
}

func TestSettingsShopProfileSaves(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabSettings)
	u.wait()
	s := u.settingsTab()
	s.shopName.SetText("Harbor & Pine Roasters")
	s.bigTicket.SetText("750")
	s.onSaveShop()
	u.wait()
	b, err := st.Business(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if b.Name != "Harbor & Pine Roasters" || b.BigTicketCents != 75000 {
		t.Errorf("stored shop %q, big-ticket %d", b.Name, b.BigTicketCents)
	}
	if got := u.win.Title(); got != "Rapport — Harbor & Pine Roasters" {
		t.Errorf("window title = %q", got)
	}
	s.bigTicket.SetText("lots")
	s.onSaveShop()
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Big-ticket amount") {
		t.Errorf("error dialog says %q; want it to name Big-ticket amount", msg)
	}
}

func TestCalendarCountsEachDaysFollowUps(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabCalendar)
	u.wait()
	counts, err := st.DueDays(context.Background(), "2026-11-01", "2026-12-01")
	if err != nil {
		t.Fatal(err)
	}
	s := u.calendarTab()
	if s.title.Text != "November 2026" {
		t.Errorf("calendar shows %q, want November 2026", s.title.Text)
	}
	seen := 0
	for _, c := range s.cells {
		if c.state.day.IsZero() {
			continue
		}
		seen++
		key := c.state.day.Format(time.DateOnly)
		if c.state.count != counts[key] {
			t.Errorf("%s shows %d follow-ups, the store has %d", key, c.state.count, counts[key])
		}
		if c.state.today != (key == "2026-11-23") {
			t.Errorf("%s today = %v", key, c.state.today)
		}
	}
	if seen != 30 {
		t.Errorf("%d days shown for November, want 30", seen)
	}
	// The picked day lists that day's agenda.
	ny, _ := time.LoadLocation("America/New_York")
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, ny)
	day, err := st.Agenda(context.Background(), start, start.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.views) != len(day) {
		t.Errorf("the day's list has %d rows, the agenda %d", len(s.views), len(day))
	}
	test.Tap(s.cells[0]) // a blank or the first day: either way no panic
	s.onNext()
	u.wait()
	if s.title.Text != "December 2026" {
		t.Errorf("after next the calendar shows %q", s.title.Text)
	}
}

func TestResolvingAnIssueFromTheIssuesScreen(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabIssues)
	u.wait()
	s := u.issuesTab()
	open, err := st.OpenIssues(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.open) != len(open) || len(open) == 0 {
		t.Fatalf("the screen lists %d open issues, the store %d", len(s.open), len(open))
	}
	counts, err := st.IssueCounts(context.Background(), testNow.AddDate(0, 0, -chartDays))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range s.chart.bars {
		found := false
		for typ, n := range counts {
			if typ.Label() == b.label {
				found = true
				if b.value != n {
					t.Errorf("chart bar %s = %d, store counts %d", b.label, b.value, n)
				}
			}
		}
		if !found && b.value != 0 {
			t.Errorf("chart bar %s = %d, store has none", b.label, b.value)
		}
	}

	s.list.Select(0)
	target := open[0]
	if !s.resolve.Visible() || s.reopen.Visible() {
		t.Error("an open issue should offer Resolve, not Reopen")
	}
	test.Tap(s.resolve)
	u.wait()
	is := issueByID(t, st, target)
	if is.ResolvedAt == nil || !is.ResolvedAt.Equal(testNow) {
		t.Fatalf("issue %s resolved at %v, want %v", target.Reference, is.ResolvedAt, testNow)
	}
	if len(s.open) != len(open)-1 {
		t.Errorf("%d open issues listed after resolving one of %d", len(s.open), len(open))
	}
	test.Tap(s.reopen)
	u.wait()
	if is := issueByID(t, st, target); is.ResolvedAt != nil {
		t.Errorf("issue still resolved at %v after Reopen", is.ResolvedAt)
	}
}

func issueByID(t *testing.T, st *store.Store, want shop.Issue) shop.Issue {
	t.Helper()
	all, err := st.Issues(context.Background(), want.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	for _, is := range all {
		if is.ID == want.ID {
			return is
		}
	}
	t.Fatalf("issue %d is gone", want.ID)
	return shop.Issue{}
}

func TestTheLastTabIsRememberedAndTheWindowTitled(t *testing.T) {
	u, st := newTestUI(t)
	if got := u.win.Title(); got != "Rapport — Harbor & Pine Coffee Roasters" {
		t.Errorf("window title = %q", got)
	}
	u.tabs.SelectIndex(tabIssues)
	u.wait()
	again := buildTestUI(u.app, st)
	again.wait()
	if got := again.tabs.SelectedIndex(); got != tabIssues {
		t.Errorf("a new window opens on tab %d, want the last one used, %d", got, tabIssues)
	}
	again.win.Close()
}

func TestDateTimeFieldReadsTheDayInTheGivenZone(t *testing.T) {
	test.NewTempApp(t)
	f := newDateTimeField()
	test.NewTempWindow(t, f.box)
	chicago, _ := time.LoadLocation("America/Chicago")
	day := time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC) // typed dates come back as UTC midnight
	f.date.SetDate(&day)
	f.clock.SetText("14:30")
	got, err := f.value("When", chicago, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 8, 14, 30, 0, 0, chicago); !got.Equal(want) {
		t.Errorf("value = %v, want %v", got, want)
	}
	f.set(time.Time{}, chicago)
	if got, err := f.value("Replied", chicago, true); got != nil || err != nil {
		t.Errorf("a blank optional field = %v, %v; want nil, nil", got, err)
	}
	if _, err := f.value("Opened", chicago, false); err == nil || !strings.HasPrefix(err.Error(), "Opened:") {
		t.Errorf("a blank required field gives %v; want an error naming Opened", err)
	}
}

func TestReferredByIsPickedSavedAndShownInTheBrief(t *testing.T) {
	u, st := newTestUI(t)
	u.goTo(tabCustomers)
	u.wait()
	s := u.customersTab()
	test.Tap(u.customersTab().newBtn)
	s.form.name.SetText("Ada Quist")
	s.form.referrer.entry.SetText("Nobody We Know")
	test.Tap(s.save)
	u.wait()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Referred by") {
		t.Errorf("an unknown referrer says %q; want it to name the Referred by field", msg)
	}
	if cs, _ := st.Customers(context.Background(), "Ada Quist"); len(cs) != 0 {
		t.Fatalf("a customer with an unknown referrer was stored: %+v", cs)
	}

	s.form.referrer.entry.SetText("Alicia Rivera") // typed in full: one customer of that name
	test.Tap(s.save)
	u.wait()
	alicia := customerNamed(t, st, "Alicia Rivera")
	if ada := customerNamed(t, st, "Ada Quist"); ada.ReferredBy != alicia.ID {
		t.Fatalf("Ada is referred by %d; want Alicia Rivera, %d", ada.ReferredBy, alicia.ID)
	}
	br, err := st.Brief(context.Background(), alicia.ID)
	if err != nil {
		t.Fatal(err)
	}
	form := briefForm(br, time.UTC, testNow)
	if text := strings.Join(texts(form), " "); !strings.Contains(text, "Ada Quist") || !strings.Contains(text, "Sent 3 customers") {
		t.Errorf("Alicia's brief says %q; want her 3 referrals, Ada Quist among them", text)
	}
}

func TestAFailedExportLeavesNoFileBehind(t *testing.T) {
	u, st := newTestUI(t)
	path := filepath.Join(t.TempDir(), "customers.csv")
	if err := os.WriteFile(path, nil, 0o600); err != nil { // as the save dialog leaves it
		t.Fatal(err)
	}
	st.Close() // every query now fails
	u.settingsTab().exporter.exportTo("customers", path)
	u.wait()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("after a failed export the file is still there (%v)", err)
	}
	if msg := overlayText(t, u.win); !strings.Contains(msg, "closed") {
		t.Errorf("the error shown is %q", msg)
	}
}
