package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/rapport-app/rapport/data/shop"
)

func TestThePromisesScreenListsBrokenPromisesFirst(t *testing.T) {
	rs := newReminderShop(t)
	ctx := context.Background()
	// A second promise to Emily, kept on time in the morning.
	kept := shop.Promise{CustomerID: rs.emily.ID, Due: nyTime(t, "10:00"), Channel: shop.ChannelPhone, AssigneeID: rs.maya.ID, Note: "Send the café price list"}
	if err := rs.st.AddPromise(ctx, &kept); err != nil {
		t.Fatal(err)
	}
	u, _ := rs.openAs(t, rs.priya.ID)
	today, err := rs.st.Agenda(ctx, nyTime(t, "00:00"), nyTime(t, "Tue 00:00"))
	if err != nil {
		t.Fatal(err)
	}
	rs.at(t, "13:15")
	for _, it := range today {
		for _, r := range it.Reasons {
			if r.PromiseID == kept.ID {
				if err := rs.st.Complete(ctx, it.ID, shop.Outcome{Status: shop.StatusDone}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// Tom's promise is broken by 16:30, and goes to Maya in the reminders' round.
	rs.at(t, "16:30")
	u.round()
	u.goTo(tabPromises)
	u.wait()
	s := u.built[tabPromises].(*promisesScreen)
	if len(s.recs) != 2 || s.recs[0].CustomerID != rs.tom.ID || s.recs[1].CustomerID != rs.emily.ID {
		t.Fatalf("the ledger lists %d promises; want Tom's (broken) first, then Emily's", len(s.recs))
	}
	if got := s.counts.Text; got != "1 broken · 1 kept late" {
		// Emily's was kept at 13:15, more than an hour after 10:00.
		t.Errorf("counts %q, want 1 broken · 1 kept late", got)
	}
	row := newPromiseRow()
	row.set(s.recs[0], nyZone)
	w := test.NewTempWindow(t, row)
	w.Resize(fyne.NewSize(900, row.MinSize().Height))
	shown := strings.Join(texts(row), "\n")
	for _, want := range []string{"Tom Becker", "Due Mon Nov 23 14:00 CST · made by Priya Nair on Mon Nov 23",
		"Broken: not kept yet · escalated to Maya Chen · Call back with the supplier's answer"} {
		if !strings.Contains(shown, want) {
			t.Errorf("Tom's row shows %q, which lacks %q", shown, want)
		}
	}
	s.list.Select(0)
	detail := strings.Join(texts(s.detail), "\n")
	for _, want := range []string{"Priya Nair", "Broken: not kept yet", "To Maya Chen on Mon Nov 23 16:30 EST", "Show on Today"} {
		if !strings.Contains(detail, want) {
			t.Errorf("the promise's detail lacks %q:\n%s", want, detail)
		}
	}
	// Show on Today brings up the promise's call.
	for _, o := range test.LaidOutObjects(s.detail) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Show on Today" {
			test.Tap(b)
		}
	}
	u.wait()
	// It is Maya's now: Priya's Today shows everyone's calls to show it.
	if v, ok := u.todayTab().current(); !ok || v.item.CustomerID != rs.tom.ID || u.tabs.SelectedIndex() != tabToday {
		t.Errorf("Show on Today shows tab %d with %q", u.tabs.SelectedIndex(), v.item.Customer.Name)
	}
	if got := u.todayTab().whose.Selected; got != everyonesCalls {
		t.Errorf("Today shows %q, want everyone's calls for Maya's follow-up", got)
	}
}

func TestTheDigestShowsTheDayForThisComputersUser(t *testing.T) {
	rs := newReminderShop(t)
	rs.digestShown = false
	rs.at(t, "09:05")
	// The day's first round shows it in the window, which opens in front.
	u, _ := rs.openAs(t, rs.priya.ID)
	msg := overlayText(t, u.win)
	for _, want := range []string{"Monday, November 23", "Today: 2 follow-ups for you: 2 calls · 1 promise due today.", "Calls by person",
		"Priya Nair — 2 calls", "Emily Tran — Your inquiry", "Promises due today", "Tom Becker (Priya Nair) — Call back with the supplier's answer",
		"Broken promises not kept yet", "None: every promise still open is on time.", "No emails are due today."} {
		if !strings.Contains(msg, want) {
			t.Errorf("the digest lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "Alicia Rivera") {
		t.Errorf("Priya's digest lists Maya's call to Alicia Rivera:\n%s", msg)
	}
	tapDialogButton(t, u.win, "Close")
	// Once a day: the next rounds neither show it nor send it.
	notifies(t, u, rs, "09:30", nil)
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("the digest showed twice in a day: %q", texts(top))
	}
	// With the window away, the next day's digest comes as a notification. By
	// then Tom's promise has gone to Maya; Emily's call is still Priya's.
	u.tray.onBackground()
	notifies(t, u, rs, "Tue 09:01", &fyne.Notification{Title: "Today: 1 follow-up for you", Content: "1 call"})
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("the digest showed in a window in the background: %q", texts(top))
	}
}

func TestTheFirstStartAsksWhoUsesThisComputer(t *testing.T) {
	rs := newReminderShop(t)
	a := &trayApp{App: test.NewTempApp(t)}
	a.Preferences().SetString(prefDigestDay, "2026-11-23") // this test is not about the digest
	u := buildTestUI(a, rs.st)
	u.win.Resize(fyne.NewSize(defaultWidth, defaultHeight))
	u.win.Show()
	t.Cleanup(u.win.Close)
	u.wait()
	u.setUpDesktop()
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Who uses this computer?") {
		t.Fatalf("the first start shows %q", msg)
	}
	// The tray is there before the question is answered: Fyne starts a tray only
	// before the app runs (one set up later never shows, and the app fails as it
	// quits). The reminders wait for the answer.
	if a.menu == nil || u.reminders.running() {
		t.Fatalf("while the question waits: tray menu %v, reminders running %v; want the tray and no reminders yet", a.menu != nil, u.reminders.running())
	}
	pick := formItem(t, u.win, "This is").(*widget.Select)
	if got := pick.Options; len(got) != 3 || got[0] != "Maya Chen" || got[2] != everyoneLabel {
		t.Errorf("the choices are %q", got)
	}
	pick.SetSelected("Priya Nair")
	tapDialogButton(t, u.win, "OK")
	u.wait()
	if !u.reminders.running() || u.me() != rs.priya.ID || !a.Preferences().Bool(prefMeAsked) {
		t.Fatalf("after choosing Priya: reminders running %v, me %d, asked %v", u.reminders.running(), u.me(), a.Preferences().Bool(prefMeAsked))
	}
	s := u.todayTab()
	if !s.whose.Visible() || s.whose.Selected != myCalls {
		t.Error("Today does not show My calls after the choice")
	}
	for _, v := range s.views {
		if v.item.AssigneeID != rs.priya.ID {
			t.Errorf("My calls shows %s's call with %s", v.item.Assignee, v.item.Customer.Name)
		}
	}
	if !u.reminders.running() {
		t.Error("the reminders did not start after the question")
	}
	// Asked once: the next start does not ask again.
	asked := false
	u.askWho(func() { asked = true })
	if !asked || u.win.Canvas().Overlays().Top() != nil {
		t.Error("the question came again")
	}

	// Settings → This computer changes it.
	u.goTo(tabSettings)
	u.wait()
	c := u.settingsTab().computer
	if c.who.Selected != "Priya Nair" {
		t.Errorf("This computer shows %q, want Priya Nair", c.who.Selected)
	}
	c.who.SetSelected(everyoneLabel)
	u.wait()
	if u.me() != 0 || s.whose.Visible() {
		t.Errorf("after choosing everyone: me %d, Today's choice visible %v", u.me(), s.whose.Visible())
	}
	if !c.keep.Checked || c.keep.Disabled() {
		t.Error("with a tray, keeping Rapport running in it is offered and on")
	}
}

// Closing the window while "Who uses this computer?" waits leaves Rapport in the
// tray with its reminders on, as the notice of the first close says: the question
// counts as answered "Later".
func TestClosingTheWindowBeforeTheFirstQuestionKeepsTheReminders(t *testing.T) {
	rs := newReminderShop(t)
	a := &trayApp{App: test.NewTempApp(t)}
	a.Preferences().SetString(prefDigestDay, "2026-11-23")
	u := buildTestUI(a, rs.st)
	u.win.Show()
	t.Cleanup(u.win.Close)
	u.wait()
	u.setUpDesktop()
	t.Cleanup(u.reminders.halt)
	if msg := overlayText(t, u.win); !strings.Contains(msg, "Who uses this computer?") {
		t.Fatalf("the first start shows %q", msg)
	}
	u.onCloseRequested()
	if !u.reminders.running() {
		t.Error("the window was closed to the tray with the question open, and the reminders are off")
	}
	if a.Preferences().Bool(prefMeAsked) {
		t.Error("closing the window answered the question for good; it should come again at the next start")
	}
}
