package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/rapport-app/rapport/data/planner"
	"github.com/rapport-app/rapport/data/shop"
	"github.com/rapport-app/rapport/data/store"
	"github.com/rapport-app/rapport/data/store/storetest"
)

// reminderShop is the shop of the reminder tests: Harbor & Pine in New York with
// its owner Maya (senior) and Priya (sales); Emily Tran in Los Angeles, whose
// grinder inquiry Priya answered a week ago, so Priya's call is due at 10:00
// there today; Tom Becker in Chicago, to whom Priya promised a call at 15:00 New
// York time; and Alicia Rivera, whose espresso machine Maya sold a week ago. The
// clock is Monday 23 November 2026, moved by the tests.
type reminderShop struct {
	st          *store.Store
	now         *time.Time
	maya, priya shop.Staff
	emily, tom  shop.Customer
	promise     shop.Promise
	// digestShown opens the windows as if today's digest had been seen, so that
	// its dialog does not cover them.
	digestShown bool
}

var nyZone, _ = time.LoadLocation("America/New_York")

// nyTime is a New York wall clock on the tests' Monday ("13:00") or the next day
// ("Tue 09:00").
func nyTime(t *testing.T, s string) time.Time {
	t.Helper()
	day := "2026-11-23 "
	if strings.HasPrefix(s, "Tue ") {
		day, s = "2026-11-24 ", s[4:]
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", day+s, nyZone)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func newReminderShop(t *testing.T) *reminderShop {
	t.Helper()
	st := storetest.Open(t)
	now := nyTime(t, "09:00")
	st.Now = func() time.Time { return now }
	rs := &reminderShop{st: st, now: &now, digestShown: true,
		maya:  shop.Staff{Name: "Maya Chen", Title: "Owner", Senior: true, Active: true},
		priya: shop.Staff{Name: "Priya Nair", Title: "Sales associate", Active: true}}
	ctx := context.Background()
	if err := st.SaveBusiness(ctx, shop.Business{Name: "Harbor & Pine Coffee Roasters", TimeZone: "America/New_York", BigTicketCents: 50_000}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*shop.Staff{&rs.maya, &rs.priya} {
		if err := st.SaveStaff(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	la, _ := time.LoadLocation("America/Los_Angeles")
	rs.emily = storetest.Customer(t, st, shop.Customer{Name: "Emily Tran", City: "Los Angeles", Country: "US", Phone: "+1 323 555 0126",
		TimeZone: "America/Los_Angeles", Address: "2400 Sunset Blvd"})
	rs.tom = storetest.Customer(t, st, shop.Customer{Name: "Tom Becker", City: "Chicago", Country: "US", Phone: "+1 312 555 0107",
		TimeZone: "America/Chicago", Address: "1520 N Damen Ave"})
	alicia := storetest.Customer(t, st, shop.Customer{Name: "Alicia Rivera", City: "New York", Country: "US", Phone: "+1 212 555 0142",
		TimeZone: "America/New_York", Address: "41 Orchard St", Email: "alicia.rivera@example.com"})
	opened := time.Date(2026, 11, 15, 10, 0, 0, 0, la)
	resolved := time.Date(2026, 11, 16, 10, 30, 0, 0, la)
	inquiry := shop.Issue{CustomerID: rs.emily.ID, Type: shop.IssueSalesInquiry, Channel: shop.ChannelPhone, OpenedAt: opened, RepliedAt: &resolved,
		ResolvedAt: &resolved, HandledBy: rs.priya.ID, Summary: "Asked about a grinder for a small café"}
	if err := st.SaveIssue(ctx, &inquiry); err != nil {
		t.Fatal(err)
	}
	sale := shop.Purchase{CustomerID: alicia.ID, At: time.Date(2026, 11, 16, 11, 0, 0, 0, nyZone), Items: "Espresso machine", AmountCents: 429_000,
		Channel: shop.ChannelVisit, SoldBy: rs.maya.ID}
	if err := st.SavePurchase(ctx, &sale); err != nil {
		t.Fatal(err)
	}
	rs.promise = shop.Promise{CustomerID: rs.tom.ID, Due: nyTime(t, "15:00"), Channel: shop.ChannelPhone, AssigneeID: rs.priya.ID,
		Note: "Call back with the supplier's answer"}
	if err := st.AddPromise(ctx, &rs.promise); err != nil {
		t.Fatal(err)
	}
	return rs
}

// at moves the shop's clock.
func (rs *reminderShop) at(t *testing.T, clock string) { *rs.now = nyTime(t, clock) }

// trayApp is the test app with a system tray, as the desktop app has: it keeps
// the menu, the icon and the window given to it, and whether Quit was called.
type trayApp struct {
	fyne.App
	menu   *fyne.Menu
	icon   fyne.Resource
	window fyne.Window
	quit   bool
}

func (a *trayApp) SetSystemTrayMenu(m *fyne.Menu)    { a.menu = m }
func (a *trayApp) SetSystemTrayIcon(r fyne.Resource) { a.icon = r }
func (a *trayApp) SetSystemTrayWindow(w fyne.Window) { a.window = w }
func (a *trayApp) Quit()                             { a.quit = true }
func (a *trayApp) labels() (out []string) {
	for _, it := range a.menu.Items {
		out = append(out, it.Label)
	}
	return out
}

// item is the tray menu's item whose label starts with prefix.
func (a *trayApp) item(t *testing.T, prefix string) *fyne.MenuItem {
	t.Helper()
	for _, it := range a.menu.Items {
		if strings.HasPrefix(it.Label, prefix) {
			return it
		}
	}
	t.Fatalf("the tray menu has no %q: %q", prefix, a.labels())
	return nil
}

// openAs opens the window on the shop as the desktop app does (tray, reminders)
// on the computer of me (0: a shared one), on a tray app, with every background
// job done.
func (rs *reminderShop) openAs(t *testing.T, me shop.ID) (testUI, *trayApp) {
	t.Helper()
	a := &trayApp{App: test.NewTempApp(t)}
	a.Preferences().SetInt(prefMe, int(me))
	a.Preferences().SetBool(prefMeAsked, true)
	if rs.digestShown {
		a.Preferences().SetString(prefDigestDay, "2026-11-23") // today's digest was seen
	}
	u := buildTestUI(a, rs.st)
	u.win.Resize(fyne.NewSize(defaultWidth, defaultHeight))
	u.win.Show()
	t.Cleanup(u.win.Close)
	u.setUpDesktop()
	u.wait()
	return u, a
}

// round runs one round of the reminders at the clock, with everything it starts.
func (u testUI) round() {
	u.reminders.round()
	u.wait()
}

// notifies asserts that one round of the reminders at clock sends want as its
// most urgent, which it sends last (nil: sends nothing).
func notifies(t *testing.T, u testUI, rs *reminderShop, clock string, want *fyne.Notification) {
	t.Helper()
	rs.at(t, clock)
	assertNotified(t, u, want, u.round)
}

// assertNotified is test.AssertNotificationSent on u's own app, which need not
// be the test app made last (a test may open two computers' windows).
func assertNotified(t *testing.T, u testUI, want *fyne.Notification, f func()) {
	t.Helper()
	fyne.SetCurrentApp(u.app.(*trayApp).App)
	test.AssertNotificationSent(t, want, f)
}

func TestACallThatBecomesCallableIsNotifiedToItsAssigneeOnly(t *testing.T) {
	rs := newReminderShop(t)
	u, _ := rs.openAs(t, rs.priya.ID)
	call := &fyne.Notification{Title: "Call Emily Tran now — 10:00 in Los Angeles",
		Content: `Your inquiry "Asked about a grinder for a small café": any questions left before you decide? (ref R-00001)`}
	notifies(t, u, rs, "12:59", nil) // 09:59 there: not yet
	notifies(t, u, rs, "13:00", call)
	notifies(t, u, rs, "13:30", nil) // told once

	// Maya's computer is not told of Priya's call; a computer the shop shares is.
	rs.at(t, "12:00")
	maya, _ := rs.openAs(t, rs.maya.ID)
	shared, _ := rs.openAs(t, 0)
	notifies(t, maya, rs, "13:01", nil)
	notifies(t, shared, rs, "13:02", &fyne.Notification{Title: "Call Emily Tran now — 10:02 in Los Angeles", Content: call.Content})
}

func TestAPromiseIsNotifiedFifteenMinutesBeforeItsTime(t *testing.T) {
	rs := newReminderShop(t)
	u, _ := rs.openAs(t, rs.priya.ID)
	// Emily's call is told while the user works in the window: it does not move.
	u.goTo(tabPromises)
	u.wait()
	rs.at(t, "13:00")
	u.round()
	u.tray.onForeground()
	u.wait()
	if u.tabs.SelectedIndex() != tabPromises {
		t.Errorf("a reminder told while the window was in front moved it to tab %d", u.tabs.SelectedIndex())
	}
	u.tray.onBackground() // the user is in another window now
	notifies(t, u, rs, "14:44", nil)
	notifies(t, u, rs, "14:46", &fyne.Notification{Title: "Promise in 14 minutes: call Tom Becker",
		Content: "Promised for 14:00 in Chicago (15:00 here): Call back with the supplier's answer"})
	// The window comes to the front on that promise's call.
	u.tray.onForeground()
	u.wait()
	if v, ok := u.todayTab().current(); !ok || v.item.CustomerID != rs.tom.ID || u.tabs.SelectedIndex() != tabToday {
		t.Errorf("after the reminder the window shows tab %d with %q selected, want Today with Tom Becker's call", u.tabs.SelectedIndex(), v.item.Customer.Name)
	}
}

func TestABrokenPromiseIsNotifiedThenEscalatedToASenior(t *testing.T) {
	rs := newReminderShop(t)
	priya, _ := rs.openAs(t, rs.priya.ID)
	maya, _ := rs.openAs(t, rs.maya.ID)
	notifies(t, priya, rs, "15:05", &fyne.Notification{Title: "Promise overdue: call Tom Becker",
		Content: "Promised for 14:00 in Chicago (15:00 here), 5 minutes ago: Call back with the supplier's answer"})

	// An hour after its time the promise goes to Maya, the senior: the round on
	// Priya's computer records it, and tells Priya nothing more.
	notifies(t, priya, rs, "16:01", nil)
	recs, err := rs.st.PromisesToKeep(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Promise.EscalatedTo != rs.maya.ID || recs[0].AssigneeName != "Maya Chen" {
		t.Fatalf("after 16:01 the promise is %+v; want it escalated to Maya Chen", recs)
	}
	// Maya's computer tells her, once; her Today shows the call and its brief says so.
	notifies(t, maya, rs, "16:03", &fyne.Notification{Title: "Escalated to you: call Tom Becker",
		Content: "Priya Nair promised 14:00 in Chicago (15:00 here), 1 hour 3 minutes ago: Call back with the supplier's answer"})
	notifies(t, maya, rs, "16:30", nil)
	maya.todayTab().reload()
	maya.wait()
	var found bool
	for _, v := range maya.todayTab().views {
		if v.item.CustomerID == rs.tom.ID {
			found = true
			if v.item.AssigneeID != rs.maya.ID || !v.broken {
				t.Errorf("Tom's call on Maya's Today is %q's, broken %v; want hers, broken", v.item.Assignee, v.broken)
			}
		}
	}
	if !found {
		t.Fatal("Tom's call is not on Maya's Today (My calls)")
	}
	br, err := rs.st.Brief(context.Background(), rs.tom.ID)
	if err != nil {
		t.Fatal(err)
	}
	brief := strings.Join(texts(briefForm(br, nyZone, rs.st.Now(), maya.money)), "\n")
	if !strings.Contains(brief, "Broken — Mon Nov 23 14:00 CST   Tom Becker (Maya Chen) — Call back with the supplier's answer — escalated to Maya Chen Mon Nov 23 16:01 EST") {
		t.Errorf("Tom's brief does not say the promise went to Maya:\n%s", brief)
	}
}

func TestOneReminderPerCustomerAnHour(t *testing.T) {
	rs := newReminderShop(t)
	u, _ := rs.openAs(t, rs.priya.ID)
	rs.at(t, "13:00")
	u.round() // Emily's call is told
	notifies(t, u, rs, "14:50", &fyne.Notification{Title: "Promise in 10 minutes: call Tom Becker",
		Content: "Promised for 14:00 in Chicago (15:00 here): Call back with the supplier's answer"})
	// Broken at 15:00, but Tom was the subject of a reminder ten minutes ago.
	notifies(t, u, rs, "15:01", nil)
	notifies(t, u, rs, "15:49", nil)
	// Held back, not dropped: once the hour is over, it comes.
	notifies(t, u, rs, "15:50", &fyne.Notification{Title: "Promise overdue: call Tom Becker",
		Content: "Promised for 14:00 in Chicago (15:00 here), 50 minutes ago: Call back with the supplier's answer"})
}

func TestRemindersAreQuietOutsideTheShopsOpeningHours(t *testing.T) {
	rs := newReminderShop(t)
	u, _ := rs.openAs(t, rs.priya.ID)
	u.goTo(tabSettings)
	u.wait()
	s := u.settingsTab()
	setHours := func(h string) {
		t.Helper()
		s.hours.SetText(h)
		s.onSaveShop()
		u.wait()
		if b, _ := rs.st.Business(context.Background()); b.Hours.String() != h {
			t.Fatalf("stored hours %q, want %q", b.Hours, h)
		}
	}
	setHours("Mon-Sat 09:00-12:00")
	rs.at(t, "13:00")
	notifies(t, u, rs, "13:00", nil) // Emily may be called, but the shop is closed
	setHours("Mon-Sat 09:00-18:00")
	notifies(t, u, rs, "13:01", &fyne.Notification{Title: "Call Emily Tran now — 10:01 in Los Angeles",
		Content: `Your inquiry "Asked about a grinder for a small café": any questions left before you decide? (ref R-00001)`})
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("saving the hours showed %q", texts(top))
	}
}

func TestTodayShowsMyCallsWithEveryoneOneClickAway(t *testing.T) {
	rs := newReminderShop(t)
	u, a := rs.openAs(t, rs.priya.ID)
	s := u.todayTab()
	if !s.whose.Visible() || s.whose.Selected != myCalls {
		t.Fatalf("Today's choice shows %v with %q, want My calls", s.whose.Visible(), s.whose.Selected)
	}
	all, err := rs.st.Today(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var mine []string
	for _, it := range all {
		if it.AssigneeID == rs.priya.ID {
			mine = append(mine, it.Customer.Name)
		}
	}
	shown := func() (names []string) {
		for _, v := range s.views {
			names = append(names, v.item.Customer.Name)
		}
		return names
	}
	if len(mine) == 0 || len(mine) == len(all) {
		t.Fatalf("the shop's day has %d follow-ups, %d Priya's; the test needs some of someone else's", len(all), len(mine))
	}
	if got := shown(); !slices.Equal(got, mine) {
		t.Errorf("My calls shows %q, want Priya's %q", got, mine)
	}
	if want := "Today's calls (" + strconv.Itoa(len(mine)) + ")"; a.item(t, "Today's calls").Label != want {
		t.Errorf("the tray says %q, want %q (mine)", a.item(t, "Today's calls").Label, want)
	}
	s.whose.SetSelected(everyonesCalls)
	if got := shown(); len(got) != len(all) || !slices.Contains(got, "Alicia Rivera") {
		t.Errorf("Everyone shows %q, want all %d follow-ups", got, len(all))
	}
	if got := s.counts.Text; got != dayLine(planner.CountDay(all, u.now())) {
		t.Errorf("Everyone's counts %q, want %q", got, dayLine(planner.CountDay(all, u.now())))
	}
	// The tray's "Today's calls" is mine again.
	a.item(t, "Today's calls").Action()
	u.wait()
	if got := shown(); !slices.Equal(got, mine) || s.whose.Selected != myCalls {
		t.Errorf("the tray's Today's calls shows %q (%s), want Priya's", got, s.whose.Selected)
	}

	// A computer the shop shares has no choice to make: everyone's calls.
	shared, _ := rs.openAs(t, 0)
	if st := shared.todayTab(); st.whose.Visible() || len(st.views) != len(all) {
		t.Errorf("on a shared computer Today shows %d of %d, with the choice visible %v", len(st.views), len(all), st.whose.Visible())
	}
}

func TestClosingTheWindowLeavesTheTrayAndRemindersRunningAndQuitEndsThem(t *testing.T) {
	rs := newReminderShop(t)
	u, a := rs.openAs(t, rs.priya.ID)
	if a.menu == nil || a.icon == nil || a.window != u.win {
		t.Fatalf("the tray has menu %v, icon %v, window %v", a.menu, a.icon, a.window)
	}
	if got := a.labels(); !slices.Equal(got, []string{"Open Rapport", "Today's calls (2)", "Pause reminders for an hour", "", "Quit"}) {
		t.Errorf("the tray menu is %q", got)
	}

	assertNotified(t, u, &fyne.Notification{Title: "Rapport keeps running in the tray",
		Content: "Reminders stay on while the window is closed. Quit from the tray icon's menu."}, u.onCloseRequested)
	if !slices.Contains(a.Driver().AllWindows(), u.win) {
		t.Fatal("closing the window closed it; it should only hide")
	}
	if !u.reminders.running() {
		t.Fatal("the reminders stopped when the window was closed")
	}
	// The reminders go on with the window closed.
	rs.at(t, "13:00")
	u.round() // Emily's call is told
	notifies(t, u, rs, "14:46", &fyne.Notification{Title: "Promise in 14 minutes: call Tom Becker",
		Content: "Promised for 14:00 in Chicago (15:00 here): Call back with the supplier's answer"})
	// The second close says nothing more.
	assertNotified(t, u, nil, u.onCloseRequested)

	// Open brings the window up on what the reminder was about.
	a.item(t, "Open Rapport").Action()
	u.wait()
	if v, ok := u.todayTab().current(); !ok || v.item.CustomerID != rs.tom.ID || u.tabs.SelectedIndex() != tabToday {
		t.Errorf("Open shows tab %d with %q selected, want Today with Tom Becker", u.tabs.SelectedIndex(), v.item.Customer.Name)
	}

	// Pause for an hour: nothing until it is over.
	a.item(t, "Pause reminders").Action()
	if got := a.item(t, "Reminders paused").Label; got != "Reminders paused until 15:46 (resume)" {
		t.Errorf("paused, the tray says %q", got)
	}
	notifies(t, u, rs, "15:30", nil)
	notifies(t, u, rs, "15:46", &fyne.Notification{Title: "Promise overdue: call Tom Becker",
		Content: "Promised for 14:00 in Chicago (15:00 here), 46 minutes ago: Call back with the supplier's answer"})

	// Quit ends the reminders and quits.
	a.item(t, "Quit").Action()
	if !a.quit || u.reminders.running() {
		t.Fatalf("after Quit: app quit %v, reminders running %v", a.quit, u.reminders.running())
	}
	notifies(t, u, rs, "Tue 09:30", nil)
}
